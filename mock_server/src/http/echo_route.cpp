#include "http/echo_route.hpp"

#include <optional>

#include <nlohmann/json.hpp>

#include "core/basic_auth.hpp"
#include "core/utf8.hpp"
#include "http/arrived_body.hpp"
#include "http/responses.hpp"
#include "http/submission.hpp"
#include "specs/upload.hpp"

namespace reonomy::mock {

namespace {

// ours: enough of a part to recognise it (a JSON spec's opening, a CSV's header row).
constexpr std::size_t kFirstBytes = 64;
// ours: form fields are short (job_type, metadata); longer values are cut here.
constexpr std::size_t kFieldBytes = 2048;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// Credentials never leave the server: Basic shows the access key only, anything else the scheme.
std::string redacted_authorization(std::string_view value) {
  const std::size_t space = value.find(' ');
  const std::string_view scheme = value.substr(0, space);
  if (space == std::string_view::npos)
    return "<redacted>";
  if (iequals(scheme, "basic")) {
    const auto parsed = parse_basic_authorization(value);
    const auto* credentials = std::get_if<BasicCredentials>(&parsed);
    if (!credentials)
      return std::string(scheme) + " <redacted: not base64 of access_key:secret_key>";
    return std::string(scheme) + " <redacted: access key " +
           printable_utf8(credentials->access_key) + ">";
  }
  return std::string(scheme) + " <redacted>";
}

bool is_secret_header(std::string_view name) {
  return iequals(name, "Authorization") || iequals(name, "Proxy-Authorization") ||
         iequals(name, "X-Mock-Admin-Token") || iequals(name, "Cookie");
}

nlohmann::json headers_json(const httplib::Headers& headers) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : headers) {
    // cpp-httplib adds these itself; they are not what the client sent.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT")
      continue;
    std::string shown = iequals(name, "Authorization") ? redacted_authorization(value)
                        : is_secret_header(name)       ? "<redacted>"
                                                       : printable_utf8(value);
    auto& slot = out[printable_utf8(name)];
    slot = slot.is_null() ? nlohmann::json(shown)
                          : nlohmann::json(slot.get<std::string>() + ", " + shown);
  }
  return out;
}

std::string cut(std::string_view bytes, std::size_t n) {
  return printable_utf8(bytes.substr(0, n));
}

nlohmann::json verdict_json(const ServiceContext& ctx, const httplib::Request& req,
                            const ArrivedBody& body) {
  try {
    const Account& account = identify_caller(ctx, req);
    if (body.refusal)
      throw *body.refusal;
    auto parts = body.parts; // the verdict may take the file's bytes; echo still shows them
    const Submission submission = read_submission(req, parts);
    return {{"accepted", true},
            {"status", 201},
            {"job_type", to_string(submission.type)},
            {"access_key", account.access_key},
            {"filename", printable_utf8(submission.filename)},
            {"message", "POST /v2/jobs/file would accept this request (unless the account "
                        "already has a job in progress, or it exceeds the rate limit)."}};
  } catch (const ApiError& e) {
    return {{"accepted", false},
            {"status", e.status()},
            {"type", e.type()},
            {"message", printable_utf8(e.what())}};
  }
}

nlohmann::json echo_json(const ServiceContext& ctx, const httplib::Request& req,
                         const ArrivedBody& body) {
  const std::string content_type = req.get_header_value("Content-Type");
  const bool chunked = req.has_header("Transfer-Encoding");
  nlohmann::json transfer = {
      {"framing", chunked                            ? "chunked"
                  : req.has_header("Content-Length") ? "content-length"
                                                     : "none"},
      {"content_length", req.has_header("Content-Length")
                             ? nlohmann::json(req.get_header_value("Content-Length"))
                             : nlohmann::json(nullptr)},
      {"multipart", body.multipart},
      {"boundary", body.multipart || !multipart_boundary(content_type).empty()
                       ? nlohmann::json(printable_utf8(multipart_boundary(content_type)))
                       : nlohmann::json(nullptr)},
      {"body_read", body.read}};
  if (!body.multipart && body.read) {
    transfer["body_size"] = body.raw_size;
    transfer["body_first_bytes"] = cut(body.raw, kFirstBytes);
  }
  nlohmann::json form = nlohmann::json::object(), files = nlohmann::json::array();
  for (const auto& [name, part] : body.parts) {
    if (part.filename.empty()) {
      form[printable_utf8(name)] = cut(part.content, kFieldBytes);
    } else {
      files.push_back({{"name", printable_utf8(name)},
                       {"filename", printable_utf8(part.filename)},
                       {"content_type", printable_utf8(part.content_type)},
                       {"size", part.content.size()},
                       {"first_bytes", cut(part.content, kFirstBytes)}});
    }
  }
  return {{"method", req.method},
          {"path", req.path},
          {"headers", headers_json(req.headers)},
          {"transfer", std::move(transfer)},
          {"form", std::move(form)},
          {"files", std::move(files)},
          {"verdict", verdict_json(ctx, req, body)}};
}

} // namespace

void add_echo_route(Routes& http, ServiceContext& ctx) {
  http.PostReadingBody(
      "/_mock/echo", guarded([&ctx](const httplib::Request& req, httplib::Response& res) {
        const ArrivedBody body = read_arrived_body(req, ctx.options.max_upload_bytes, kFirstBytes);
        render_json(res, 200, echo_json(ctx, req, body));
      }));
}

} // namespace reonomy::mock
