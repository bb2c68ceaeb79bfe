#pragma once

#include <memory>

#include <httplib.h>

#include "faults/fault_rules.hpp"
#include "http/context.hpp"

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

// Wraps a download's chunked content provider so the pending fault (truncate, reset after
// bytes, cut_line) happens in the body. `fill` appends the object's next piece to the buffer and
// returns false at the end. `sent` hears the body's size when it ends or breaks off (for the
// journal and the log).
httplib::ContentProviderWithoutLength faulty_download(std::function<bool(std::string&)> fill,
                                                      PendingFault pending,
                                                      std::function<void(std::uint64_t)> sent);

// Every submission rule that fires for this job marks it (fail, hold, late SFTP delivery).
void apply_submission_faults(ServiceContext& ctx, Job& job);

} // namespace reonomy::mock
