// The streaming multipart reader on arbitrary Content-Types and bodies, fed in pieces of random
// sizes: it refuses only with a 400, and every way of cutting the body gives the same verdict.
// Input: one byte seeding the piece sizes, the Content-Type, NUL, the body (NULs allowed).
#include <algorithm>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "specs/multipart_reader.hpp"

namespace {

using namespace reonomy;

// Small limits, so mutations reach them; a real client's part headers stay under 256 bytes.
constexpr mock::MultipartLimits kLimits{256, 16};

struct Outcome {
  std::vector<std::string> parts; // name, filename, content type, content of each, in map order
  std::string error;
  bool operator==(const Outcome&) const = default;
};

// Feeds `body` whole (seed 0) or in pieces of 1 to 64 bytes, now and then up to 4 KiB, drawn from
// `seed`.
Outcome read(std::string_view content_type, std::string_view body, std::uint32_t seed) {
  Outcome out;
  std::size_t fed = 0;
  try {
    mock::MultipartReader reader(content_type, kLimits);
    while (fed < body.size()) {
      std::size_t piece = body.size();
      if (seed != 0) {
        seed = seed * 1103515245u + 12345u;
        piece = 1 + (seed >> 16) % ((seed & 0x100) != 0 ? 4096 : 64);
      }
      const std::size_t n = std::min(piece, body.size() - fed);
      reader.feed(body.data() + fed, n);
      fed += n;
    }
    reader.finish();
    std::size_t content_bytes = 0;
    for (auto& [name, part] : reader.take_parts()) {
      fuzz::expect(name == part.name, "a part is filed under another name than its own");
      content_bytes += part.content.size();
      for (const std::string* field :
           {&part.name, &part.filename, &part.content_type, &part.content})
        out.parts.push_back(*field);
    }
    fuzz::expect(out.parts.size() / 4 <= kLimits.max_parts, "more parts than the limit");
    fuzz::expect(content_bytes <= body.size(), "the parts hold more bytes than the body");
  } catch (const mock::ApiError& e) {
    fuzz::expect(e.status() == 400 && e.type() == mock::error_type::kFileNotFoundAtPath,
                 "the reader refused with something else than 400 FileNotFoundAtPathError");
    fuzz::expect(*e.what() != '\0', "the reader refused with an empty message");
    out.error = e.what();
  }
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::uint32_t seed = data[0];
  const std::string_view rest = fuzz::as_text(data + 1, size - 1);
  const std::size_t nul = std::min(rest.find('\0'), rest.size());
  const std::string_view content_type = rest.substr(0, nul);
  const std::string_view body = rest.substr(std::min(nul + 1, rest.size()));

  const Outcome whole = read(content_type, body, 0);
  fuzz::expect(read(content_type, body, seed + 1) == whole,
               "feeding the body in pieces changed the verdict");
  fuzz::expect(read(content_type, body, 0x9e3779b9u + seed) == whole,
               "feeding the body in other pieces changed the verdict");
  return 0;
}
