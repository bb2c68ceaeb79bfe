#include "specs/multipart_reader.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "core/hex.hpp"
#include "core/ows.hpp"
#include "specs/spec_text.hpp"
#include "specs/upload.hpp"

namespace reonomy::mock {

namespace {

// RFC 2046 §5.1.1.
constexpr std::size_t kMaxBoundary = 70;
// ours: RFC 2046 puts no bound on transport padding; 256 keeps the buffer bounded and no sender
// pads at all. Past it, `CRLF--boundary` is content like any other bytes.
constexpr std::size_t kMaxPadding = 256;
// How much of the input one feed call copies at a time.
constexpr std::size_t kSlice = 16384;
// How much of the body's start is kept to explain a boundary mismatch.
constexpr std::size_t kHeadBytes = 80;

constexpr std::string_view kLetLibrarySet =
    "Usually the Content-Type header was set by hand (or copied from another request) while the "
    "HTTP library generated the body with its own boundary: remove the header and let the library "
    "set it (requests: files={'file': open('spec.json', 'rb')}; curl: -F file=@spec.json).";

ApiError file_error(std::string message) {
  return ApiError(400, error_type::kFileNotFoundAtPath, std::move(message));
}

// RFC 9110 §5.6.2 tchar.
bool is_tchar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'))
    return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// A syntax problem in a header value; the caller says which header.
struct SyntaxError {
  std::string reason;
};

// `;`-separated parameters (RFC 9110 §5.6.6 / RFC 6266), starting at a `;` or the end of `text`.
// Names are lowercased; a value is a token or a quoted-string (unquoted here).
std::map<std::string, std::string> parse_parameters(std::string_view text) {
  std::map<std::string, std::string> params;
  std::size_t i = 0;
  const auto skip_ows = [&] {
    while (i < text.size() && is_ows(text[i]))
      ++i;
  };
  while (true) {
    skip_ows();
    if (i == text.size())
      return params;
    if (text[i] != ';')
      throw SyntaxError{"expected `;` before " + detail::quoted_value(text.substr(i), 30)};
    ++i;
    skip_ows();
    if (i == text.size()) // ours: a trailing `;` is harmless, as every Python parser reads it
      return params;
    const std::size_t name_start = i;
    while (i < text.size() && is_tchar(text[i]))
      ++i;
    const std::string name = lower(text.substr(name_start, i - name_start));
    if (name.empty())
      throw SyntaxError{"expected a parameter name at " + detail::quoted_value(text.substr(i), 30)};
    skip_ows();
    if (i == text.size() || text[i] != '=')
      throw SyntaxError{"parameter `" + name + "` has no `=value`"};
    ++i;
    skip_ows();
    std::string value;
    if (i < text.size() && text[i] == '"') {
      for (++i;; ++i) {
        if (i == text.size())
          throw SyntaxError{"the quoted value of `" + name + "` has no closing quote"};
        if (text[i] == '"')
          break;
        if (text[i] == '\\' && i + 1 < text.size())
          ++i; // RFC 9110 quoted-pair: the next character, whatever it is
        value += text[i];
      }
      ++i;
    } else {
      // ours: an unquoted value runs to the next `;` (tolerating characters a token forbids, as
      // Werkzeug does), so `filename=spec.json` and .NET's `name=file` read as sent.
      const std::size_t end = std::min(text.find(';', i), text.size());
      value = trim_ows(text.substr(i, end - i));
      i = end;
    }
    if (!params.emplace(name, std::move(value)).second)
      throw SyntaxError{"parameter `" + name + "` is given twice"};
  }
}

// An RFC 8187 ext-value (`UTF-8''sp%C3%A9c.json`) as UTF-8.
std::string decode_ext_value(const std::string& name, std::string_view value) {
  const std::size_t q1 = value.find('\'');
  const std::size_t q2 = q1 == std::string_view::npos ? q1 : value.find('\'', q1 + 1);
  if (q2 == std::string_view::npos)
    throw SyntaxError{"`" + name + "` is not charset'language'percent-encoded-value (RFC 8187)"};
  const std::string charset = lower(value.substr(0, q1));
  const bool latin1 = charset == "iso-8859-1";
  if (charset != "utf-8" && !latin1)
    throw SyntaxError{"`" + name + "` uses the charset " + detail::quoted_value(charset) +
                      "; RFC 8187 values are read in UTF-8 or ISO-8859-1"};
  std::string out;
  for (std::size_t i = q2 + 1; i < value.size(); ++i) {
    unsigned char byte = static_cast<unsigned char>(value[i]);
    if (byte == '%') {
      const int hi = i + 2 < value.size() ? hex_digit_value(value[i + 1]) : -1;
      const int lo = hi < 0 ? -1 : hex_digit_value(value[i + 2]);
      if (lo < 0)
        throw SyntaxError{"`" + name + "` has a `%` not followed by two hex digits"};
      byte = static_cast<unsigned char>(hi * 16 + lo);
      i += 2;
    }
    if (latin1 && byte >= 0x80) {
      out += static_cast<char>(0xC0 | (byte >> 6));
      out += static_cast<char>(0x80 | (byte & 0x3F));
    } else {
      out += static_cast<char>(byte);
    }
  }
  return out;
}

// `name*` when present (decoded), else `name`.
std::optional<std::string> extended_or_plain(const std::map<std::string, std::string>& params,
                                             const std::string& name) {
  if (const auto ext = params.find(name + "*"); ext != params.end())
    return decode_ext_value(name + "*", ext->second);
  if (const auto plain = params.find(name); plain != params.end())
    return plain->second;
  return std::nullopt;
}

// The boundary of a multipart/form-data Content-Type, or the error that says why there is none.
std::string read_boundary(std::string_view content_type) {
  const std::size_t semi = std::min(content_type.find(';'), content_type.size());
  if (lower(trim_ows(content_type.substr(0, semi))) != "multipart/form-data")
    throw unparsable_multipart_error(content_type);
  std::map<std::string, std::string> params;
  try {
    params = parse_parameters(content_type.substr(semi));
  } catch (const SyntaxError& e) {
    throw file_error("The Content-Type header " + detail::quoted_value(content_type) +
                     " is malformed: " + e.reason + ", so the boundary cannot be read. " +
                     std::string(kLetLibrarySet));
  }
  const auto found = params.find("boundary");
  if (found == params.end() || found->second.empty()) {
    // The existing wording, when upload.cpp's own reading of the header agrees there is none.
    if (multipart_boundary(content_type).empty())
      throw unparsable_multipart_error(content_type);
    throw file_error("The Content-Type header " + detail::quoted_value(content_type) +
                     " has no usable boundary parameter, so the parts cannot be found. " +
                     std::string(kLetLibrarySet));
  }
  const std::string& boundary = found->second;
  if (boundary.size() > kMaxBoundary)
    throw file_error(
        "The boundary in the Content-Type header is " + std::to_string(boundary.size()) +
        " characters long; RFC 2046 allows 1 to 70 characters. " + std::string(kLetLibrarySet));
  const bool printable =
      std::all_of(boundary.begin(), boundary.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
  if (!printable || boundary.back() == ' ')
    throw file_error("The boundary " + detail::quoted_value(boundary) +
                     " in the Content-Type header breaks RFC 2046's rule: printable ASCII "
                     "characters, not ending in a space. " +
                     std::string(kLetLibrarySet));
  return boundary;
}

} // namespace

MultipartReader::MultipartReader(std::string_view content_type, MultipartLimits limits)
    : limits_(limits), boundary_(read_boundary(content_type)), delimiter_("\r\n--" + boundary_),
      // The first delimiter may open the body without a CRLF before it: supply one, so the
      // preamble is scanned like content that is thrown away.
      buf_("\r\n") {}

void MultipartReader::fail(ApiError error) {
  failed_ = error;
  throw error;
}

void MultipartReader::feed(const char* data, std::size_t n) {
  if (failed_)
    throw *failed_;
  while (n > 0 && state_ != State::kEpilogue) {
    const std::size_t take = std::min(n, kSlice);
    if (body_bytes_ < kHeadBytes)
      preamble_head_.append(data, std::min(take, kHeadBytes - body_bytes_));
    body_bytes_ += take;
    buf_.append(data, take);
    data += take;
    n -= take;
    process();
  }
}

void MultipartReader::process() {
  bool more = true;
  while (more) {
    switch (state_) {
    case State::kPreamble:
    case State::kContent:
      more = scan_content();
      break;
    case State::kHeaders:
      more = scan_headers();
      break;
    case State::kEpilogue:
      pos_ = buf_.size();
      more = false;
      break;
    }
  }
  buf_.erase(0, pos_);
  scanned_ -= std::min(scanned_, pos_);
  pos_ = 0;
}

void MultipartReader::emit(std::string_view bytes) {
  if (state_ == State::kContent)
    part_.content.append(bytes);
}

bool MultipartReader::scan_content() {
  const std::string_view view(buf_);
  const std::size_t at = view.find(delimiter_, pos_);
  if (at == std::string_view::npos) {
    // Only a tail shorter than the delimiter can be the start of one.
    const std::size_t keep = std::min(view.size() - pos_, delimiter_.size() - 1);
    emit(view.substr(pos_, view.size() - keep - pos_));
    pos_ = view.size() - keep;
    return false;
  }
  emit(view.substr(pos_, at - pos_));
  pos_ = at;
  // RFC 2046: a delimiter is followed by transport padding and CRLF, a close delimiter by `--`.
  const std::size_t after = at + delimiter_.size();
  std::size_t end = after;
  bool close = false;
  if (after < view.size() && view[after] == '-') {
    if (after + 1 == view.size())
      return false;
    close = view[after + 1] == '-';
    end = close ? after + 2 : std::string_view::npos;
  } else {
    while (end < view.size() && is_ows(view[end]) && end - after <= kMaxPadding)
      ++end;
    if (end - after > kMaxPadding) {
      end = std::string_view::npos;
    } else {
      if (end + 1 >= view.size())
        return false;
      end = view[end] == '\r' && view[end + 1] == '\n' ? end + 2 : std::string_view::npos;
    }
  }
  if (end == std::string_view::npos) {
    // Not a delimiter: its first byte is content, and the search goes on after it.
    emit(view.substr(at, 1));
    pos_ = at + 1;
    return true;
  }
  pos_ = end;
  on_delimiter(close);
  return true;
}

void MultipartReader::on_delimiter(bool close) {
  if (state_ == State::kContent)
    parts_.emplace(part_.name, std::move(part_));
  if (close) {
    state_ = State::kEpilogue;
    return;
  }
  if (part_count_ == limits_.max_parts)
    fail(file_error("The multipart body has more than " + std::to_string(limits_.max_parts) +
                    " parts, the part limit. POST /v2/jobs/file needs three at most (job_type, "
                    "metadata, file): send only those."));
  ++part_count_;
  part_ = {};
  disposition_.reset();
  part_type_.reset();
  header_bytes_ = 0;
  scanned_ = pos_;
  state_ = State::kHeaders;
}

std::string MultipartReader::part_label() const {
  return "part " + std::to_string(part_count_);
}

bool MultipartReader::scan_headers() {
  const std::string_view view(buf_);
  const std::size_t lf = view.find('\n', std::max(scanned_, pos_));
  // Checked before the line is complete (a header too long is refused without buffering it) and
  // again on the complete line, so the verdict does not depend on how the body was cut.
  const std::size_t pending = (lf == std::string_view::npos ? view.size() : lf) - pos_;
  const bool maybe_blank = pending == 1 && view[pos_] == '\r';
  if (pending > 0 && !maybe_blank && header_bytes_ + pending > limits_.max_part_header_bytes)
    fail(header_limit_error());
  if (lf == std::string_view::npos) {
    scanned_ = view.size();
    return false;
  }
  if (lf == pos_ || view[lf - 1] != '\r')
    fail(file_error("A header line of " + part_label() +
                    " of the multipart body ends in a bare LF; multipart/form-data lines end in "
                    "CRLF (RFC 2046). Let the HTTP library build the body."));
  const std::string_view line = view.substr(pos_, lf - 1 - pos_);
  pos_ = lf + 1;
  scanned_ = pos_;
  if (line.empty()) {
    end_headers();
    return true;
  }
  header_bytes_ += line.size() + 2;
  if (header_bytes_ > limits_.max_part_header_bytes)
    fail(header_limit_error());
  header_line(line);
  return true;
}

ApiError MultipartReader::header_limit_error() const {
  return file_error("The headers of " + part_label() +
                    " of the multipart body are over the part header limit of " +
                    std::to_string(limits_.max_part_header_bytes) +
                    " bytes. A form part needs only Content-Disposition and Content-Type: send "
                    "shorter headers (a shorter filename).");
}

void MultipartReader::header_line(std::string_view line) {
  const auto malformed = [&](const std::string& why) {
    fail(file_error("The multipart body's " + part_label() + " has a malformed header line " +
                    detail::quoted_value(line) + ": " + why +
                    ". Let the HTTP library build the body."));
  };
  if (is_ows(line.front()))
    // ours: obsolete line folding (RFC 9112 §5.2, RFC 5322 §3.2.2) is refused rather than
    // unfolded: no form client folds, and a refusal says exactly what was sent.
    malformed("it starts with whitespace, which continues the previous header (obsolete line "
              "folding); put each header on one line");
  if (line.find_first_of(std::string_view("\r\0", 2)) != std::string_view::npos)
    malformed("it holds a bare CR or a NUL byte");
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos)
    malformed("it has no `:` between the header's name and value");
  // ours: whitespace before the colon is tolerated (RFC 5322's obsolete syntax, Werkzeug strips
  // it).
  const std::string_view name = trim_ows(line.substr(0, colon));
  if (name.empty() || !std::all_of(name.begin(), name.end(), is_tchar))
    malformed("the header's name is not a token");
  const std::string key = lower(name);
  std::optional<std::string>* slot = key == "content-disposition" ? &disposition_
                                     : key == "content-type"      ? &part_type_
                                                                  : nullptr;
  if (slot == nullptr)
    return; // RFC 7578 §4.7/§4.8: other headers (Content-Transfer-Encoding...) are ignored
  if (slot->has_value())
    malformed("the part already has a " + std::string(name) + " header");
  *slot = std::string(trim_ows(line.substr(colon + 1)));
}

void MultipartReader::end_headers() {
  if (!disposition_)
    fail(file_error("The multipart body's " + part_label() +
                    " has no Content-Disposition header; every part of a multipart/form-data "
                    "body needs `Content-Disposition: form-data; name=\"...\"` (RFC 7578). Let "
                    "the HTTP library build the body."));
  const std::string_view value = *disposition_;
  const std::size_t semi = std::min(value.find(';'), value.size());
  const std::string_view type = trim_ows(value.substr(0, semi));
  const auto bad = [&](const std::string& why) {
    fail(file_error("The Content-Disposition header of the multipart body's " + part_label() +
                    ", " + detail::quoted_value(value) + ", " + why + "."));
  };
  if (lower(type) != "form-data")
    bad("has the type " + detail::quoted_value(type) +
        "; a multipart/form-data part's is `form-data` (RFC 7578)");
  std::optional<std::string> name;
  std::optional<std::string> filename;
  try {
    const auto params = parse_parameters(value.substr(semi));
    name = extended_or_plain(params, "name");
    filename = extended_or_plain(params, "filename");
  } catch (const SyntaxError& e) {
    bad("is malformed: " + e.reason);
  }
  if (!name)
    bad("has no name parameter; every form part is named (RFC 7578)");
  part_.name = std::move(*name);
  // ours: `filename=""` is kept as an empty filename. Werkzeug makes such a part a FileStorage with
  // filename "" (what a browser sends for a file input left empty) and Django drops it; in the map
  // cpp-httplib defines, an empty filename is how a plain field looks, and extract_upload then
  // says the part has no filename, which is true. Inventing a name would put one the client never
  // sent into the job's `filename`.
  part_.filename = filename.value_or("");
  part_.content_type = part_type_.value_or("");
  state_ = State::kContent;
  // What is left of the body from here on: the bytes not fed yet and those fed but not consumed.
  const std::size_t consumed = body_bytes_ - std::min(body_bytes_, buf_.size() - pos_);
  if (!part_.filename.empty() && limits_.expected_body_bytes > consumed)
    part_.content.reserve(limits_.expected_body_bytes - consumed);
}

void MultipartReader::finish() {
  if (failed_)
    throw *failed_;
  switch (state_) {
  case State::kEpilogue:
    return;
  case State::kPreamble:
    fail(mismatch_error());
  case State::kHeaders:
  case State::kContent:
    fail(file_error(
        "The multipart body ended before its close delimiter `--" + boundary_ + "--`, in the " +
        (state_ == State::kHeaders
             ? "headers of " + part_label()
             : "content of " + part_label() + " (" + detail::quoted_value(part_.name) + ")") +
        ": it was truncated. Check that the whole body was sent and that Content-Length counts "
        "all of it."));
  }
}

ApiError MultipartReader::mismatch_error() const {
  const std::string declared = detail::quoted_value(boundary_);
  std::string message = "The multipart body never contains the boundary " + declared +
                        " that the Content-Type header declares (no line `--" + boundary_ + "`). ";
  const std::string_view head = preamble_head_;
  const std::string opening = "--" + boundary_;
  if (body_bytes_ == 0) {
    message = "The multipart body is empty: it has none of the parts the Content-Type header "
              "announces. Send the form as the body. ";
  } else if (head.substr(0, opening.size()) == opening &&
             head.substr(opening.size()).find('\n') < head.substr(opening.size()).find('\r')) {
    message += "Its lines end in a bare LF; multipart/form-data lines end in CRLF (RFC 2046). "
               "Let the HTTP library build the body. ";
  } else if (head.substr(0, 2) == "--") {
    const std::string_view line = head.substr(2, head.find_first_of("\r\n") - 2);
    message += "The body's first line is `--" + std::string(line) +
               "`: it was built with the boundary " + detail::quoted_value(trim_ows(line)) + ". " +
               std::string(kLetLibrarySet);
    return file_error(message);
  }
  return file_error(message + std::string(kLetLibrarySet));
}

httplib::MultipartFormDataMap MultipartReader::take_parts() {
  httplib::MultipartFormDataMap parts = std::move(parts_);
  parts_.clear();
  return parts;
}

} // namespace reonomy::mock
