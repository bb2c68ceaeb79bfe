#include "http/access_log.hpp"

#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "core/time_format.hpp"

namespace reonomy::mock {

namespace {
thread_local std::chrono::steady_clock::time_point request_start;

// The access key of a Basic header when it names a known account; the secret is dropped here.
std::string access_key_of(const Accounts& accounts, const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  if (header.size() < 6) return "";
  const auto decoded = base64_decode(header.substr(6));
  if (!decoded) return "";
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return "";
  const std::string key = decoded->substr(0, colon);
  return accounts.find(key) ? key : "";
}

std::string printable(const std::string& text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\') {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

std::string error_type_of(const httplib::Response& res) {
  if (res.status < 400) return "";
  const auto body = nlohmann::json::parse(res.body, nullptr, false);
  if (body.is_object() && body.contains("type") && body["type"].is_string())
    return body["type"].get<std::string>();
  return "";
}
} // namespace

void note_request_start() { request_start = std::chrono::steady_clock::now(); }

void log_request(LogFormat format, const Accounts& accounts, const httplib::Request& req,
                 const httplib::Response& res) {
  if (format == LogFormat::off) return;
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - request_start)
          .count();
  const std::string time =
      isoformat(std::chrono::time_point_cast<Micros>(std::chrono::system_clock::now()));
  const std::string key = access_key_of(accounts, req), error = error_type_of(res);
  std::string line;
  if (format == LogFormat::json) {
    nlohmann::json j = {{"time", time},          {"method", req.method}, {"path", req.path},
                        {"status", res.status},  {"access_key", key},    {"error", error},
                        {"duration_ms", ms},     {"remote", req.remote_addr}};
    line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    char buf[64];
    std::snprintf(buf, sizeof buf, " %.1fms", ms);
    line = time + " " + printable(req.method) + " " + printable(req.path) + " " + std::to_string(res.status) +
           (key.empty() ? "" : " key=" + key) + (error.empty() ? "" : " error=" + error) + buf;
  }
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace reonomy::mock
