// The first stage of every request: finding where a head ends (also when it arrives in pieces)
// and judging it by RFC 9112's framing rules. A refusal is 400, 431, 501 or 505 with a message; a
// head that passes is handed on normalized, and judging that again changes nothing.
#include <optional>
#include <string>

#include "fuzz_support.hpp"
#include "http/request_framing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reonomy::mock;
  const std::string bytes(reonomy::fuzz::as_text(data, size));
  const std::size_t skip = leading_empty_lines(bytes);
  reonomy::fuzz::expect(skip <= bytes.size(), "skipped past the end");
  const std::string_view rest = std::string_view(bytes).substr(skip);
  const auto end = head_end(rest);
  // Searching again from any point the search had already passed finds the same end.
  for (std::size_t from = 0; from <= rest.size(); from += 1 + from / 3) {
    if (end && from > *end)
      break;
    if (!end || !head_end(rest.substr(0, from)))
      reonomy::fuzz::expect(head_end(rest, from) == end, "a resumed search found another end");
  }
  if (!end)
    return 0;
  const FramedRequest framed = frame_request(rest.substr(0, *end));
  if (framed.error) {
    const int s = framed.error->status;
    reonomy::fuzz::expect(s == 400 || s == 431 || s == 501 || s == 505, "an unexpected status");
    reonomy::fuzz::expect(!framed.error->message.empty(), "a refusal without a message");
    reonomy::fuzz::expect(framed.head.empty(), "a refused head was handed on");
    return 0;
  }
  reonomy::fuzz::expect(framed.head.size() >= 4 &&
                            framed.head.compare(framed.head.size() - 4, 4, "\r\n\r\n") == 0,
                        "the head handed on does not end with a blank line");
  reonomy::fuzz::expect(head_end(framed.head) == framed.head.size(),
                        "the head handed on ends somewhere else");
  const FramedRequest again = frame_request(framed.head);
  reonomy::fuzz::expect(!again.error && again.head == framed.head && again.body == framed.body &&
                            again.length == framed.length,
                        "judging the normalized head again changed it");
  return 0;
}
