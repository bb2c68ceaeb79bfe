#include "http/access_log.hpp"

#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/basic_auth.hpp"
#include "core/hex.hpp"
#include "core/time_format.hpp"
#include "http/connection.hpp"

namespace reonomy::mock {

namespace {
thread_local std::chrono::steady_clock::time_point request_start;
thread_local RequestNote note;

// The access key of a Basic header when it names a known account; the secret is dropped here.
std::string access_key_of(const Accounts& accounts, const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  // Stricter than authentication, which also takes "basic" in other cases and extra spaces before
  // the token: kept as it was, so the log names the same keys as before (see issue 15).
  if (!header.starts_with("Basic ") || header.starts_with("Basic  "))
    return "";
  const auto parsed = parse_basic_authorization(header);
  const auto* credentials = std::get_if<BasicCredentials>(&parsed);
  return credentials && accounts.find(credentials->access_key) ? credentials->access_key : "";
}

std::string printable(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\') {
      out += "\\x";
      append_hex(out, u);
    } else {
      out += c;
    }
  }
  return out;
}

// The text between <tag> and </tag> in an S3 XML error body.
std::string xml_field(const std::string& body, const std::string& tag) {
  const auto open = body.find("<" + tag + ">");
  if (open == std::string::npos)
    return "";
  const auto from = open + tag.size() + 2;
  const auto close = body.find("</" + tag + ">", from);
  return close == std::string::npos ? "" : body.substr(from, close - from);
}

// The body's bytes as they came off the connection (what a route read itself included), else
// what cpp-httplib kept of it.
std::uint64_t request_bytes(const httplib::Request& req) {
  if (const Connection* conn = current_connection(); conn && conn->body_bytes_read() > 0)
    return conn->body_bytes_read();
  if (!req.body.empty())
    return req.body.size();
  std::uint64_t n = 0;
  for (const auto& [name, part] : req.files)
    n += part.content.size();
  return n;
}
} // namespace

void note_request_start() {
  request_start = std::chrono::steady_clock::now();
  note = RequestNote{};
}

RequestNote& request_note() {
  return note;
}

JournalEntry summarize_request(const httplib::Request& req, const httplib::Response& res,
                               TimePoint now, const Accounts& accounts) {
  JournalEntry e;
  e.seq = note.seq;
  e.time = now;
  e.access_key = note.account.empty() ? access_key_of(accounts, req) : note.account;
  e.method = req.method;
  e.path = req.path;
  e.status = note.connection_ended ? 0 : res.status;
  if (res.status >= 400 && !note.connection_ended && !note.error_type.empty()) {
    e.error_type = note.error_type;
    e.reason = note.error_message;
  } else if (res.status >= 400 && !note.connection_ended) {
    const auto body = nlohmann::json::parse(res.body, nullptr, false);
    if (body.is_object() && body.contains("type") && body["type"].is_string()) {
      e.error_type = body["type"].get<std::string>();
      if (body.contains("message") && body["message"].is_string())
        e.reason = body["message"].get<std::string>();
    } else if (res.body.rfind("<?xml", 0) == 0) {
      e.error_type = xml_field(res.body, "Code");
      e.reason = xml_field(res.body, "Message");
    }
  }
  if (!note.fault_reason.empty())
    e.reason = e.reason.empty() ? note.fault_reason : note.fault_reason + "; " + e.reason;
  e.job_id = note.job_id;
  e.fault_id = note.fault_id;
  e.request_bytes = request_bytes(req);
  e.response_bytes = note.connection_ended ? 0 : res.body.size() + note.streamed_bytes;
  e.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - request_start)
          .count();
  e.remote = req.remote_addr;
  return e;
}

void log_request(LogFormat format, const JournalEntry& e) {
  if (format == LogFormat::off)
    return;
  const std::string time =
      isoformat(std::chrono::time_point_cast<Micros>(std::chrono::system_clock::now()));
  std::string line;
  if (format == LogFormat::json) {
    nlohmann::json j = {{"time", time},
                        {"method", e.method},
                        {"path", e.path},
                        {"status", e.status},
                        {"access_key", e.access_key},
                        {"error", e.error_type},
                        {"duration_ms", e.duration_ms},
                        {"remote", e.remote}};
    if (!e.fault_id.empty())
      j["fault"] = e.fault_id;
    line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    char buf[64];
    std::snprintf(buf, sizeof buf, " %.1fms", e.duration_ms);
    line = time + " " + printable(e.method) + " " + printable(e.path) + " " +
           std::to_string(e.status) + (e.access_key.empty() ? "" : " key=" + e.access_key) +
           (e.error_type.empty() ? "" : " error=" + e.error_type) +
           (e.fault_id.empty() ? "" : " fault=" + e.fault_id) + buf;
  }
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace reonomy::mock
