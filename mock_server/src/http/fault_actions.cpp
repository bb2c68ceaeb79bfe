#include "http/fault_actions.hpp"

#include <algorithm>
#include <thread>

#include "http/access_log.hpp"
#include "http/connection.hpp"

namespace reonomy::mock {

namespace {

std::string words(const FaultRule& rule) {
  std::string what = "fault rule " + rule.id + " (" + std::string(to_string(rule.action));
  switch (rule.action) {
  case FaultAction::respond:
    what += " " + std::to_string(rule.status);
    break;
  case FaultAction::delay:
    what += " " + std::to_string(rule.delay.count()) + " ms";
    break;
  case FaultAction::reset:
  case FaultAction::truncate:
    what += " after " + std::to_string(rule.after_bytes) + " bytes";
    break;
  case FaultAction::cut_line:
    what += " at line " + std::to_string(rule.line);
    break;
  default:
    break;
  }
  return what + ")";
}

} // namespace

bool apply_request_fault(ServiceContext& ctx, httplib::Response& res, const FaultFacts& facts,
                         PendingFault& pending) {
  pending = {};
  const auto rule = ctx.faults.fire(facts);
  if (!rule)
    return false;
  RequestNote& note = request_note();
  note.fault_id = rule->id;
  note.fault_reason = words(*rule);
  if (rule->delay.count() > 0)
    std::this_thread::sleep_for(rule->delay);
  switch (rule->action) {
  case FaultAction::delay:
    return false;
  case FaultAction::respond:
    res.status = rule->status;
    for (const auto& [name, value] : rule->headers)
      res.set_header(name, value);
    res.set_content(rule->body, rule->content_type);
    return true;
  case FaultAction::close:
  case FaultAction::reset:
    if (rule->action == FaultAction::reset && facts.site == FaultSite::download &&
        rule->after_bytes > 0) {
      pending = {rule, current_connection()};
      return false;
    }
    note.connection_ended = true;
    if (Connection* conn = current_connection())
      conn->end_now(rule->action == FaultAction::reset);
    // Nothing is sent: the connection is gone and later writes fail. A body keeps cpp-httplib's
    // error handler away.
    res.status = 200;
    res.set_content("", "text/plain");
    return true;
  case FaultAction::truncate:
  case FaultAction::cut_line:
  case FaultAction::expire_url:
  case FaultAction::missing_object:
    pending = {rule, rule->action == FaultAction::truncate ? current_connection() : nullptr};
    return false;
  default:
    return false; // submission and SFTP rules are never fired here
  }
}

httplib::ContentProviderWithoutLength faulty_download(std::function<bool(std::string&)> fill,
                                                      PendingFault pending,
                                                      std::function<void(std::uint64_t)> sent) {
  struct State {
    std::function<bool(std::string&)> fill;
    PendingFault pending;
    std::function<void(std::uint64_t)> report;
    std::string buffer;
    std::uint64_t sent = 0;
    std::uint64_t lines = 0; // complete lines sent
    bool reported = false;
    void end() {
      request_note().streamed_bytes = sent;
      if (!reported && report)
        report(sent);
      reported = true;
    }
    // cpp-httplib drops the provider when the connection ends however it ends: the size
    // reaches the journal even when the client went away mid-body.
    ~State() { end(); }
  };
  auto state = std::make_shared<State>();
  state->fill = std::move(fill);
  state->pending = std::move(pending);
  state->report = std::move(sent);
  return [state](std::size_t, httplib::DataSink& sink) {
    State& s = *state;
    s.buffer.clear();
    if (!s.fill(s.buffer)) {
      s.end();
      sink.done();
      return true;
    }
    const FaultRule* rule = s.pending.rule.get();
    const auto action = rule ? rule->action : FaultAction::delay;
    if (action == FaultAction::truncate || action == FaultAction::reset) {
      const std::uint64_t room = rule->after_bytes - std::min(rule->after_bytes, s.sent);
      if (s.buffer.size() >= room) {
        // Send exactly after_bytes, then end the connection mid-body: no final chunk.
        const bool ok = room == 0 || sink.write(s.buffer.data(), room);
        s.sent += ok ? room : 0;
        s.end();
        if (action == FaultAction::reset && s.pending.connection)
          s.pending.connection->reset_on_close();
        return false; // cpp-httplib closes the connection
      }
    } else if (action == FaultAction::cut_line) {
      // Find where line `rule->line` starts and ends in this piece, if it does.
      std::size_t start = 0;
      for (;;) {
        if (s.lines + 1 == rule->line) {
          const std::size_t end = s.buffer.find('\n', start);
          const std::size_t line_end = end == std::string::npos ? s.buffer.size() : end;
          if (end != std::string::npos || line_end > start) {
            const std::size_t cut = start + (line_end - start) / 2;
            const bool ok = cut == 0 || sink.write(s.buffer.data(), cut);
            s.sent += ok ? cut : 0;
            s.end();
            if (ok)
              sink.done(); // a well-formed response with half a line at its end
            return ok;
          }
          break;
        }
        const std::size_t nl = s.buffer.find('\n', start);
        if (nl == std::string::npos)
          break;
        ++s.lines;
        start = nl + 1;
      }
    }
    const bool ok = sink.write(s.buffer.data(), s.buffer.size());
    if (ok)
      s.sent += s.buffer.size();
    return ok;
  };
}

void apply_submission_faults(ServiceContext& ctx, Job& job) {
  const std::string method = "POST", path = "/v2/jobs/file";
  FaultFacts facts{FaultSite::submission, method, path, job.access_key, job.type};
  // Every submission rule that fires acts: a job can be held, then fail, and deliver late.
  for (const auto& rule : ctx.faults.fire_all(facts)) {
    request_note().fault_id += (request_note().fault_id.empty() ? "" : ",") + rule->id;
    switch (rule->action) {
    case FaultAction::fail_job:
      job.faults.fail_after =
          rule->phase == FailPhase::pending ? JobStatus::pending : JobStatus::started;
      job.faults.failure_message = rule->message.empty()
                                       ? "The job failed (mock fault rule " + rule->id + ")."
                                       : rule->message;
      job.faults.fail_rule = rule->id;
      break;
    case FaultAction::hold_job:
      job.faults.held = true;
      break;
    case FaultAction::sftp_late:
      job.faults.sftp_delay = micros_from_seconds(rule->delay_seconds);
      break;
    default:
      break;
    }
  }
}

} // namespace reonomy::mock
