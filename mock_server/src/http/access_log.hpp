#pragma once

#include <httplib.h>

#include "jobs/accounts.hpp"
#include "reonomy_mock/options.hpp"

namespace reonomy::mock {

// Marks the start of a request on the worker thread that serves it (pre-routing).
void note_request_start();

// One line per request on stderr: time, method, path, status, account, error type, duration.
// Text or JSON lines. The account is an access key of `accounts` or nothing: what a client sent
// as a key may be a secret typed in the wrong place, so an unknown one is never written. In the
// text format, bytes of the path that could forge or break a line (control characters, `\`)
// are written as \xNN.
void log_request(LogFormat format, const Accounts& accounts, const httplib::Request& req,
                 const httplib::Response& res);

} // namespace reonomy::mock
