#include "specs/upload.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/ows.hpp"
#include "specs/spec_text.hpp"

namespace reonomy::mock {

namespace {

constexpr std::string_view kMultipart = "multipart/form-data";

constexpr std::string_view kHowToSend =
    "POST /v2/jobs/file takes a multipart/form-data body: job_type (and metadata for match jobs) "
    "as form fields and the job spec as a file part named `file`. Do not set the Content-Type "
    "header yourself: the HTTP library sets it, with the boundary, when you pass the spec as a "
    "file (requests: data={'job_type': ...}, files={'file': open('spec.json', 'rb')}; curl: "
    "-F job_type=property-details -F file=@spec.json).";

constexpr std::string_view kHowToSendFile =
    "Send the job spec as a file part named `file` (curl: -F file=@spec.json; requests: "
    "files={'file': open('spec.json', 'rb')}).";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "multipart/form-data" from "Multipart/Form-Data; boundary=x".
std::string media_type(std::string_view content_type) {
  return lower(trim_ows(content_type.substr(0, content_type.find(';'))));
}

ApiError file_error(std::string message) {
  return ApiError(400, error_type::kFileNotFoundAtPath, std::move(message));
}

ApiError not_multipart_error(std::string_view content_type) {
  const std::string type = media_type(content_type);
  std::string cause;
  if (type.empty())
    cause = "The request has no Content-Type header, so it carries no multipart form. ";
  else if (type == "application/json")
    cause = "The request body was sent as JSON (Content-Type: application/json), as requests' "
            "json= or a hand-set header sends it. ";
  else if (type == "application/x-www-form-urlencoded")
    cause = "The request body was sent as a urlencoded form (Content-Type: "
            "application/x-www-form-urlencoded): the spec went as form data, not as a file "
            "(requests: data= without files=; curl: -d instead of -F). ";
  else
    cause = "The request's Content-Type is " + detail::quoted_value(content_type) +
            ", not multipart/form-data. ";
  return file_error(cause + std::string(kHowToSend));
}

// ours: a form field (job_type, metadata) sent twice or as a file part is refused, not guessed at.
std::optional<std::string_view> form_field(const httplib::MultipartFormDataMap& parts,
                                           const std::string& name) {
  const auto [first, last] = parts.equal_range(name);
  if (first == last)
    return std::nullopt;
  if (std::next(first) != last)
    throw validation_error(name, "sent " + std::to_string(std::distance(first, last)) +
                                     " times; send the form field once");
  if (!first->second.filename.empty())
    throw validation_error(name, "sent as a file part (filename " +
                                     detail::quoted_value(first->second.filename) +
                                     "); send it as a plain form field (curl: -F " + name +
                                     "=...; requests: data={'" + name + "': ...})");
  return first->second.content;
}

} // namespace

bool is_multipart_form_data(std::string_view content_type) {
  return media_type(content_type) == kMultipart;
}

std::string_view multipart_boundary(std::string_view content_type) {
  std::size_t semi = content_type.find(';');
  while (semi != std::string_view::npos) {
    std::string_view rest = content_type.substr(semi + 1);
    const std::size_t next = rest.find(';');
    const std::string_view param = trim_ows(rest.substr(0, next));
    const std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && lower(trim_ows(param.substr(0, eq))) == "boundary") {
      std::string_view value = trim_ows(param.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
      return value;
    }
    semi = next == std::string_view::npos ? next : semi + 1 + next;
  }
  return {};
}

UploadView extract_upload(std::string_view content_type,
                          const httplib::MultipartFormDataMap& parts) {
  if (media_type(content_type) != kMultipart)
    throw not_multipart_error(content_type);

  const auto [first, last] = parts.equal_range("file");
  if (first == last) {
    if (parts.empty())
      throw file_error("The multipart body has no parts at all. " + std::string(kHowToSendFile));
    std::vector<std::string> names;
    std::string file_hint;
    for (const auto& [name, part] : parts) {
      if (names.empty() || names.back() != name)
        names.push_back(name);
      if (!part.filename.empty() && file_hint.empty())
        file_hint = " The part " + detail::quoted_value(name) + " carries a file (" +
                    detail::quoted_value(part.filename) + "): name that part `file`.";
    }
    throw file_error("The multipart body has no part named `file` (parts received: " +
                     detail::join(names, ", ", true) + ")." + file_hint + " " +
                     std::string(kHowToSendFile));
  }
  if (std::next(first) != last)
    // ours: two specs in one job is ambiguous; rejecting beats silently picking one.
    throw file_error("The multipart body has " + std::to_string(std::distance(first, last)) +
                     " parts named `file`; send exactly one.");
  const httplib::MultipartFormData& file = first->second;
  if (file.filename.empty())
    throw file_error(
        "The part `file` was sent as a plain form field (it has no filename), as curl "
        "-F 'file=<spec.json' or requests data={'file': ...} send it. Send it as a file: curl "
        "-F file=@spec.json, or requests files={'file': open('spec.json', 'rb')}.");

  const std::optional<std::string_view> job_type = form_field(parts, "job_type");
  if (!job_type)
    throw validation_error("job_type", "missing form field; send job_type as a plain form field "
                                       "with one of: " +
                                           std::string(job_type_names()));
  return UploadView{*job_type, form_field(parts, "metadata"), file.filename, file.content};
}

void require_sized_multipart(std::string_view content_type, std::string_view transfer_encoding) {
  if (media_type(content_type) != kMultipart ||
      lower(transfer_encoding).find("chunked") == std::string::npos)
    return;
  // doc: form-data "creates objects that are incompatible with the Reonomy API" and gets
  // FileNotFoundAtPathError. ours: the shape that fails is the chunked one. Today's axios and
  // form-data send Content-Length whenever the form's length is known (strings, Buffers, files)
  // and fall back to chunked for a stream of unknown length; a WSGI app behind a server that does
  // not de-chunk plausibly reads an empty body there (Werkzeug's input stream without a length is
  // empty), hence no `file`. tests/clients/node records what the clients send.
  throw file_error(
      "The multipart body was sent with Transfer-Encoding: chunked and no Content-Length; the "
      "API reads no parts from such a body, so it finds no `file`. Node's form-data sends a form "
      "chunked when a part is a stream of unknown length (a Readable, an HTTP response): append "
      "a Buffer, a string or an fs.createReadStream file instead, or give the stream's "
      "knownLength. curl: drop -H 'Transfer-Encoding: chunked'. " +
      std::string(kHowToSend));
}

UploadView extract_upload(const httplib::Request& req, const httplib::MultipartFormDataMap& parts) {
  const std::string content_type = req.get_header_value("Content-Type");
  require_sized_multipart(content_type, req.get_header_value("Transfer-Encoding"));
  return extract_upload(content_type, parts);
}

ApiError unparsable_multipart_error(std::string_view content_type) {
  if (media_type(content_type) != kMultipart)
    return not_multipart_error(content_type);
  const std::string_view boundary = multipart_boundary(content_type);
  if (boundary.empty())
    return file_error(
        "The Content-Type header " + detail::quoted_value(content_type) +
        " has no boundary parameter, so the parts cannot be found: the header was most likely "
        "set by hand. Remove it and let the HTTP library set Content-Type. " +
        std::string(kHowToSend));
  return file_error(
      "The multipart body does not match the boundary " + detail::quoted_value(boundary) +
      " declared in the Content-Type header, or it was truncated. Usually the header was set by "
      "hand (or copied from another request) while the library generated a different boundary: "
      "remove it and let the HTTP library set Content-Type. If the header is the library's own, "
      "check that the whole body was sent. " +
      std::string(kHowToSend));
}

JobType require_job_type(std::string_view value) {
  if (const auto type = parse_job_type(value))
    return *type;
  throw validation_error("job_type",
                         detail::quoted_value(value) +
                             " is not a job type; use one of: " + std::string(job_type_names()));
}

} // namespace reonomy::mock
