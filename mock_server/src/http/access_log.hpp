#pragma once

#include <httplib.h>

#include "reonomy_mock/options.hpp"

namespace reonomy::mock {

// Marks the start of a request on the worker thread that serves it (pre-routing).
void note_request_start();

// One line per request on stderr: time, method, path, status, account (access key only, never a
// secret), error type, duration. Text or JSON lines.
void log_request(LogFormat format, const httplib::Request& req, const httplib::Response& res);

} // namespace reonomy::mock
