#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <httplib.h>

#include "core/api_error.hpp"
#include "specs/job_type.hpp"

namespace reonomy::mock {

// What a well-framed POST /v2/jobs/file carried. Views into the request: valid while it lives.
struct UploadView {
  std::string_view job_type;                // raw form field, validated by the caller
  std::optional<std::string_view> metadata; // raw form field (match jobs)
  std::string_view filename;                // the file part's filename
  std::string_view content;                 // the file part's bytes
};

// Checks the multipart framing the documentation insists on and finds the parts.
// `content_type` is the request's Content-Type header ("" when absent); `parts` is every part
// cpp-httplib parsed (plain fields have an empty filename).
// Throws ApiError 400 FileNotFoundAtPathError naming the likely cause when: the body is not
// multipart/form-data (JSON, urlencoded, none); there is no part named `file`; `file` was sent as a
// plain form field (no filename); more than one part is named `file`. Throws 400 ValidationError
// (`job_type: ...`, `metadata: ...`) when `job_type` is missing, or when job_type or metadata comes
// more than once or as a file part. The value of job_type is not checked (see require_job_type).
UploadView extract_upload(std::string_view content_type,
                          const httplib::MultipartFormDataMap& parts);

// The same checks on the request as received, plus its framing: a multipart body sent with
// `Transfer-Encoding: chunked` (no Content-Length) is refused with 400 FileNotFoundAtPathError,
// as the documentation warns Node's form-data objects may be (see require_sized_multipart).
// POST /v2/jobs/file calls this one (through read_submission) with `parts` = req.files; POST
// /_mock/echo with the parts it read itself. Anything that must give the same verdict should too.
UploadView extract_upload(const httplib::Request& req, const httplib::MultipartFormDataMap& parts);

// Throws 400 FileNotFoundAtPathError when a multipart body (by `content_type`) came with a
// `transfer_encoding` that includes chunked: the API finds no parts in such a body. Other bodies
// pass, whatever their framing (extract_upload names what is wrong with them).
void require_sized_multipart(std::string_view content_type, std::string_view transfer_encoding);

// The error for a multipart body cpp-httplib refused to parse before any handler ran: a
// Content-Type without a boundary (typically set by hand), a boundary that does not match the body,
// or a truncated body. `content_type` is the header as sent.
ApiError unparsable_multipart_error(std::string_view content_type);

// Whether a Content-Type header names multipart/form-data (any case, parameters ignored).
bool is_multipart_form_data(std::string_view content_type);

// The boundary parameter of a Content-Type header (unquoted), "" when it has none.
std::string_view multipart_boundary(std::string_view content_type);

// The job_type form field's value as a JobType; throws 400 ValidationError `job_type: ...` listing
// the allowed values when it is not one of them.
JobType require_job_type(std::string_view value);

} // namespace reonomy::mock
