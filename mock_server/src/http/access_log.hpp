#pragma once

#include <cstdint>
#include <string>

#include <httplib.h>

#include "core/clock.hpp"
#include "http/request_journal.hpp"
#include "jobs/accounts.hpp"
#include "reonomy_mock/options.hpp"

namespace reonomy::mock {

// What the routes tell the log and the journal about the request they are serving. One per
// worker thread: cpp-httplib runs pre-routing, the route, the content provider and the logger of
// a request on the same thread.
struct RequestNote {
  std::uint64_t seq = 0; // the journal's number for the request, given when it starts
  std::string account;   // the account acted for, when the route knows it (a download's owner)
  std::string job_id;    // the job the request touched
  std::string fault_id;
  std::string fault_reason;      // what the fault rule did, in words
  bool connection_ended = false; // a fault ended the connection without a response
  std::uint64_t streamed_bytes = 0;
  // The error as rendered (render_error, render_s3_error), before cpp-httplib may compress the
  // body for a client that sends Accept-Encoding (a compressed body is not read back).
  std::string error_type;
  std::string error_message;
};

// Marks the start of a request on the worker thread that serves it (pre-routing) and clears its
// note.
void note_request_start();
RequestNote& request_note();

// The request summed up: the access key only when it names an account of `accounts` (what a
// client sent as a key may be a secret typed in the wrong place), never a secret; error type and
// message from the body.
JournalEntry summarize_request(const httplib::Request& req, const httplib::Response& res,
                               TimePoint now, const Accounts& accounts);

// One line per request on stderr: time, method, path, status, account, error type, fault,
// duration. Text or JSON lines; in text, bytes of the path that could forge or break a line
// (control characters, `\`) are written as \xNN.
void log_request(LogFormat format, const JournalEntry& entry);

} // namespace reonomy::mock
