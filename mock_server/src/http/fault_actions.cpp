#include "http/fault_actions.hpp"

#include <algorithm>
#include <thread>

#include "http/access_log.hpp"
#include "http/connection.hpp"
#include "results/object_stream.hpp"

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
    pending = {rule, current_connection()};
    return false;
  default:
    return false; // submission and SFTP rules are never fired here
  }
}

httplib::ContentProvider object_body(std::shared_ptr<ObjectReader> object, std::uint64_t first,
                                     std::uint64_t length, PendingFault pending,
                                     std::function<void(std::uint64_t)> sent) {
  struct State {
    std::shared_ptr<ObjectReader> object;
    std::uint64_t first = 0, length = 0;
    PendingFault pending;
    std::function<void(std::uint64_t)> report;
    std::string buffer;
    std::uint64_t sent = 0;
    std::uint64_t lines = 0; // complete lines sent
    bool reported = false;
    void report_bytes(std::uint64_t bytes) {
      request_note().streamed_bytes = bytes;
      if (report)
        report(bytes);
      reported = true;
    }
    void end() {
      if (!reported)
        report_bytes(sent);
    }
    // Sends `n` bytes with `write`. The size is reported before the last piece goes out: once
    // the client has every byte it may ask the journal at once, before this thread goes on.
    bool send(std::size_t n, const std::function<bool()>& write) {
      const bool last = sent + n >= length;
      if (last)
        report_bytes(sent + n);
      if (n > 0 && !write()) {
        report_bytes(sent);
        return false;
      }
      sent += n;
      return true;
    }
    // cpp-httplib drops the provider when the connection ends however it ends: the size
    // reaches the journal even when the client went away mid-body.
    ~State() { end(); }
    // Where this piece must end for the fault, or npos when it goes out whole.
    std::size_t fault_cut(std::size_t n) {
      const FaultRule* rule = pending.rule.get();
      if (!rule)
        return std::string::npos;
      if (rule->action == FaultAction::truncate || rule->action == FaultAction::reset) {
        const std::uint64_t room = rule->after_bytes - std::min(rule->after_bytes, sent);
        return n >= room ? std::size_t(room) : std::string::npos;
      }
      if (rule->action != FaultAction::cut_line)
        return std::string::npos;
      // Line `rule->line` (1-based) starts after `rule->line - 1` newlines: half of it is sent.
      std::size_t start = 0;
      std::uint64_t seen = lines;
      while (seen + 1 < rule->line) {
        const std::size_t nl = buffer.find('\n', start);
        if (nl == std::string::npos || nl >= n) {
          lines += std::count(buffer.begin(), buffer.begin() + std::ptrdiff_t(n), '\n');
          return std::string::npos;
        }
        ++seen;
        start = nl + 1;
      }
      if (start >= n) { // the line starts in the next piece
        lines = seen;
        return std::string::npos;
      }
      std::size_t line_end = buffer.find('\n', start);
      if (line_end == std::string::npos || line_end > n)
        line_end = n;
      return start + (line_end - start) / 2;
    }
  };
  auto state = std::make_shared<State>();
  state->object = std::move(object);
  state->first = first;
  state->length = length;
  state->pending = std::move(pending);
  state->report = std::move(sent);
  return [state](std::size_t offset, std::size_t left, httplib::DataSink& sink) {
    State& s = *state;
    // A spooled object, no fault: straight from the page cache to the socket.
    Connection* conn = current_connection();
    if (!s.pending.rule && s.object->file_descriptor() >= 0 && conn && conn->can_send_file()) {
      const std::size_t n = std::min<std::size_t>(left, 8 * kPieceBytes);
      const int file = s.object->file_descriptor();
      return s.send(n, [&] {
        return conn->send_file(file, s.first + offset, n) &&
               sink.write(Connection::kAlreadySent, n);
      });
    }
    s.object->read(s.first + offset, std::min<std::size_t>(left, kPieceBytes), s.buffer);
    if (s.buffer.empty()) { // the spool file could not be read: the download breaks off
      s.end();
      return false;
    }
    const std::size_t cut = s.fault_cut(s.buffer.size());
    const std::size_t n = std::min(cut, s.buffer.size());
    if (!s.send(n, [&] { return sink.write(s.buffer.data(), n); }))
      return false;
    if (cut != std::string::npos) {
      // Fewer bytes than Content-Length, then the connection ends (with an RST for reset).
      s.end();
      if (s.pending.rule->action == FaultAction::reset && s.pending.connection)
        s.pending.connection->reset_on_close();
      return false;
    }
    return true;
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
