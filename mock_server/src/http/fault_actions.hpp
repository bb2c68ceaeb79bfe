#pragma once

#include <memory>

#include <httplib.h>

#include "faults/fault_rules.hpp"
#include "http/context.hpp"
#include "results/object_store.hpp"

namespace reonomy::mock {

class Connection;

// What a request-time fault left for the route to do.
struct PendingFault {
  std::shared_ptr<const FaultRule> rule; // null: nothing (no rule fired, or a delay that is over)
  Connection* connection = nullptr;      // for an RST after some bytes of a download
};

// Fires the first fault rule for this request (`facts` says what is known of it) and does what
// it can do at once: waits its delay, answers with its response, or ends the connection; the
// note for the log and journal is filled in. Returns true when the request is answered (or its
// connection ended) and the route must not go on. Otherwise `pending` holds a download fault
// (reset after bytes, truncate, cut_line, expire_url, missing_object) for the route to apply.
bool apply_request_fault(ServiceContext& ctx, httplib::Response& res, const FaultFacts& facts,
                         PendingFault& pending);

// The body of an object answer: bytes [first, first + length) of `object`, for cpp-httplib's
// length-known content provider (so the answer carries Content-Length). The pending fault
// (truncate or reset after bytes, cut_line) ends the connection part way: the client sees fewer
// bytes than Content-Length, as from S3 when a download breaks off. `sent` hears the body's
// size when it ends or breaks off (for the journal and the log).
httplib::ContentProvider object_body(std::shared_ptr<ObjectReader> object, std::uint64_t first,
                                     std::uint64_t length, PendingFault pending,
                                     std::function<void(std::uint64_t)> sent);

// Every submission rule that fires for this job marks it (fail, hold, late SFTP delivery).
void apply_submission_faults(ServiceContext& ctx, Job& job);

} // namespace reonomy::mock
