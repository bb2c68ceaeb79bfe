#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <httplib.h>

#include "core/api_error.hpp"

namespace reonomy::mock {

struct MultipartLimits {
  // All header lines of one part together, each counted with its CRLF; the empty line that ends
  // the headers is not counted. A part whose header lines add up to exactly this is accepted.
  std::size_t max_part_header_bytes = 8192;
  // Parts in one body; exactly this many is accepted.
  std::size_t max_parts = 1024;
  // The body's length when it is known (Content-Length), else 0. A file part reserves what is
  // left of the body, so a large upload is held once instead of in a string grown by doubling.
  std::size_t expected_body_bytes = 0;
};

// A streaming multipart/form-data reader (RFC 7578 on RFC 2046 framing, header fields per RFC 9110,
// Content-Disposition per RFC 6266, extended parameters per RFC 8187) that knows nothing of the
// HTTP server: the connection layer feeds it the raw body bytes as they arrive.
//
//   MultipartReader reader(req_content_type);          // throws on a Content-Type it cannot use
//   while (auto piece = next_body_piece()) reader.feed(piece->data(), piece->size());
//   reader.finish();                                   // throws when the body was truncated
//   const auto upload = extract_upload(req_content_type, reader.take_parts());
//
// Every refusal is ApiError 400 FileNotFoundAtPathError whose message names what is wrong and what
// to change. After a refusal the reader stays failed: feed and finish throw the same error again.
//
// What it accepts (and where it is stricter than the RFCs allow it to be):
// - Framing: a preamble before the first `--boundary` line and an epilogue after the close
//   delimiter `--boundary--` are ignored; the CRLF before a delimiter belongs to the delimiter;
//   spaces and tabs after a boundary (transport padding) are skipped, up to 256 of them.
//   `CRLF--boundary` followed by anything but padding + CRLF or `--` is content, not a delimiter
//   (as Werkzeug and python-multipart read it). Line ends are CRLF: a body whose lines end in bare
//   LF has no delimiter, and a bare LF or CR in a part's headers is refused.
// - Part headers: field names case-insensitive, whitespace around the value (and before the
//   colon, RFC 5322's obsolete form) ignored. Obsolete line folding (a line starting with a space
//   or tab) is refused, naming it. Content-Disposition is required, its type `form-data` (any
//   case), and a `name` parameter is required (it may be empty); a second Content-Disposition or
//   Content-Type header in one part is refused. Other headers (Content-Transfer-Encoding...) are
//   ignored; a nested multipart/mixed part is kept as the part's bytes.
// - Parameters (of Content-Disposition and the request's Content-Type): any order, names
//   case-insensitive, optional whitespace around `;` and `=`, a trailing `;` allowed, values as
//   tokens or quoted strings (a backslash takes the next character literally, RFC 9110), a
//   parameter given twice is refused. `filename*` / `name*` (RFC 8187: UTF-8 or ISO-8859-1,
//   percent-encoded; ISO-8859-1 is converted to UTF-8) win over `filename` / `name`, as in
//   Werkzeug and Django.
// - Boundary: 1 to 70 characters (RFC 2046), printable ASCII, not ending in a space; quoted or not.
//
// Memory: between feeds the reader holds the parts read so far plus a buffer of at most
// max(boundary length + 262 bytes, the current part's headers <= max_part_header_bytes); within one
// feed call it copies at most 16 KiB of the input at a time. Time is linear in the body's length.
class MultipartReader {
public:
  // content_type: the request's Content-Type header as sent. Throws ApiError 400
  // FileNotFoundAtPathError when the media type is not multipart/form-data (case-insensitive) or
  // it has no usable boundary (none, empty, too long, characters outside the RFC's rule).
  explicit MultipartReader(std::string_view content_type, MultipartLimits limits = {});

  // Feeds body bytes in any pieces: one byte at a time gives the same parts or the same error as
  // the whole body at once. Throws when a part's headers exceed max_part_header_bytes, a body has
  // more than max_parts parts, or a part's headers are malformed.
  void feed(const char* data, std::size_t n);

  // The body ended. Throws when the body never contained the boundary (boundary mismatch: the
  // Content-Type header does not belong to this body) or ended before the close delimiter
  // (truncated).
  void finish();

  // The parts read (call after finish), as cpp-httplib hands them over so extract_upload takes
  // them unchanged: key = name, MultipartFormData{name, content, filename, content_type}. A part
  // is a file part exactly when its filename is non-empty; see the .cpp on `filename=""`.
  httplib::MultipartFormDataMap take_parts();

private:
  enum class State { kPreamble, kHeaders, kContent, kEpilogue };

  void process();
  bool scan_content();
  void emit(std::string_view bytes);
  void on_delimiter(bool close);
  bool scan_headers();
  void header_line(std::string_view line);
  void end_headers();
  std::string part_label() const;
  ApiError header_limit_error() const;
  ApiError mismatch_error() const;
  [[noreturn]] void fail(ApiError error);

  MultipartLimits limits_;
  std::string boundary_;
  std::string delimiter_; // CRLF "--" boundary
  State state_ = State::kPreamble;
  std::string buf_;         // bytes not yet consumed, from pos_ on
  std::size_t pos_ = 0;     // within one process() call
  std::size_t scanned_ = 0; // in kHeaders: bytes of buf_ known to hold no LF
  std::size_t body_bytes_ = 0;
  std::string preamble_head_; // the body's first bytes, to explain a boundary mismatch
  std::size_t part_count_ = 0;
  std::size_t header_bytes_ = 0;
  std::optional<std::string> disposition_;
  std::optional<std::string> part_type_;
  httplib::MultipartFormData part_;
  httplib::MultipartFormDataMap parts_;
  std::optional<ApiError> failed_;
};

} // namespace reonomy::mock
