// The multipart extractor: the Content-Type header, then parts as cpp-httplib hands them over.
// Input: Content-Type NUL part NUL part ..., each part `name LF filename LF content`.
#include "specs/upload.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reonomy;
  const auto pieces = fuzz::split_nul(fuzz::as_text(data, size));
  const std::string_view content_type = pieces.front();
  httplib::MultipartFormDataMap parts;
  for (std::size_t i = 1; i < pieces.size(); ++i) {
    const std::string_view piece = pieces[i];
    const std::size_t name_end = std::min(piece.find('\n'), piece.size());
    const std::string_view rest = piece.substr(std::min(name_end + 1, piece.size()));
    const std::size_t filename_end = std::min(rest.find('\n'), rest.size());
    httplib::MultipartFormData part;
    part.name = piece.substr(0, name_end);
    part.filename = rest.substr(0, filename_end);
    part.content = rest.substr(std::min(filename_end + 1, rest.size()));
    parts.emplace(part.name, std::move(part));
  }
  fuzz::refuses_only_with_400([&] {
    const auto upload = mock::extract_upload(content_type, parts);
    fuzz::expect(!upload.filename.empty(), "accepted a file part without a filename");
    (void)mock::require_job_type(upload.job_type);
  });
  const mock::ApiError unparsable = mock::unparsable_multipart_error(content_type);
  fuzz::expect(unparsable.status() == 400 && *unparsable.what() != '\0',
               "the error for an unparsable multipart body is not a 400 with a message");
  return 0;
}
