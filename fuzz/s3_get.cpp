// A GetObject's conditional and Range headers as the object route judges them (decide_get) and
// the HTTP dates in them. Input: the object's size on the first line, then header lines
// `Name: value` (Range, If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since).
// Invariants: a part lies inside the object and is not empty; a whole answer is the object;
// a 304 or 412 only when the matching header was sent; a date that parses prints back the same.
#include <charconv>
#include <map>
#include <string>

#include "core/time_format.hpp"
#include "fuzz_support.hpp"
#include "results/s3_get.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reonomy;
  using Kind = mock::GetDecision::Kind;
  const std::string text(fuzz::as_text(data, size));
  std::size_t line_end = text.find('\n');
  const std::string first = text.substr(0, line_end);
  mock::ObjectVersion object{0, "\"0123456789abcdef0123456789abcdef\"", 1'700'000'000};
  std::from_chars(first.data(), first.data() + first.size(), object.size);
  std::map<std::string, std::string> headers;
  while (line_end != std::string::npos) {
    const std::size_t start = line_end + 1;
    line_end = text.find('\n', start);
    const std::string line =
        text.substr(start, line_end == std::string::npos ? line_end : line_end - start);
    const std::size_t colon = line.find(": ");
    if (colon != std::string::npos)
      headers[line.substr(0, colon)] = line.substr(colon + 2);
  }
  const auto decision = mock::decide_get(
      [&](std::string_view name) -> std::optional<std::string> {
        const auto it = headers.find(std::string(name));
        if (it == headers.end())
          return std::nullopt;
        return it->second;
      },
      object, 1'800'000'000);
  switch (decision.kind) {
  case Kind::whole:
    fuzz::expect(decision.first == 0 && decision.length == object.size, "whole is not the object");
    break;
  case Kind::part:
    fuzz::expect(headers.count("Range") == 1, "a part without a Range");
    fuzz::expect(decision.length > 0, "an empty part");
    fuzz::expect(decision.first < object.size && decision.length <= object.size - decision.first,
                 "a part outside the object");
    break;
  case Kind::unsatisfiable:
    fuzz::expect(headers.count("Range") == 1, "416 without a Range");
    break;
  case Kind::not_modified:
    fuzz::expect(headers.count("If-None-Match") + headers.count("If-Modified-Since") > 0,
                 "304 without If-None-Match or If-Modified-Since");
    break;
  case Kind::precondition_failed:
    fuzz::expect(headers.count(decision.condition) == 1, "412 naming a header not sent");
    break;
  }
  for (const auto& [name, value] : headers)
    if (const auto seconds = mock::parse_http_date(value))
      fuzz::expect(mock::parse_http_date(mock::http_date(*seconds)) == *seconds,
                   "an HTTP date does not survive printing");
  return 0;
}
