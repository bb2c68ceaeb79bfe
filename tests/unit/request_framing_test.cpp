#include <catch2/catch.hpp>

#include <limits>

#include "core/time_format.hpp"
#include "http/request_framing.hpp"

using namespace reonomy::mock;

TEST_CASE("framing: a head ends at its first blank line, CRLF or bare LF", "[framing]") {
  CHECK(head_end("GET / HTTP/1.1\r\nHost: x\r\n\r\nrest") == 27u);
  CHECK(head_end("GET / HTTP/1.1\nHost: x\n\nrest") == 24u);
  CHECK(head_end("GET / HTTP/1.1\r\nHost: x\n\r\n") == 26u);
  CHECK_FALSE(head_end("GET / HTTP/1.1\r\nHost: x\r\n"));
  CHECK_FALSE(head_end("GET / HTTP/1.1\r\nHost: x\r\n\r"));
  // Found the same when the search resumes where an earlier piece ended.
  const std::string head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  for (std::size_t from = 0; from <= head.size(); ++from)
    CHECK(head_end(head, from) == head.size());
  CHECK(leading_empty_lines("\r\n\n\r\nGET") == 5u);
  CHECK(leading_empty_lines("\rGET") == 0u);
}

TEST_CASE("framing: the head handed on is normalized", "[framing]") {
  const auto f = frame_request("GET http://h.test:8080/a?b=1 HTTP/1.3\nHost: old\nRange: "
                               "bytes=0-1\nREMOTE_ADDR: 1.2.3.4\nX-A:  v \n\n");
  REQUIRE_FALSE(f.error);
  CHECK(f.head == "GET /a?b=1 HTTP/1.1\r\nHost: h.test:8080\r\nX-A: v\r\n\r\n");
  CHECK(f.range == "bytes=0-1");
  CHECK(f.body == BodyFraming::none);
}

TEST_CASE("framing: body lengths", "[framing]") {
  const auto with = [](const std::string& fields) {
    return frame_request("POST / HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n");
  };
  CHECK(with("Content-Length: 12\r\n").length == 12u);
  CHECK(with("Content-Length: 12\r\n").body == BodyFraming::length);
  CHECK(with("Content-Length: 0\r\n").body == BodyFraming::none);
  CHECK(with("Content-Length: 7, 7\r\nContent-Length: 7\r\n").length == 7u);
  CHECK(with("Content-Length: 99999999999999999999999\r\n").length ==
        std::numeric_limits<std::uint64_t>::max());
  CHECK(with("Transfer-Encoding: Chunked\r\n").body == BodyFraming::chunked);
  CHECK(with("").body == BodyFraming::none);
  CHECK(with("Content-Length: 1, 2\r\n").error->status == 400);
  CHECK(with("Content-Length: \r\n").error->status == 400);
  CHECK(with("Content-Length: 1,\r\n").error->status == 400);
  CHECK(with("Transfer-Encoding: gzip\r\n").error->status == 501);
  CHECK(with("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n").error->status == 400);
  CHECK_THAT(with("Transfer-Encoding: br\r\n").error->message, Catch::Contains("\"br\""));
}

TEST_CASE("framing: request lines and versions", "[framing]") {
  CHECK(frame_request("GET / HTTP/2.0\r\n\r\n").error->status == 505);
  CHECK(frame_request("GET / HTTP/1.0\r\n\r\n").version == "HTTP/1.0");
  CHECK(frame_request("GET / HTTP/1.0\r\n\r\n").head == "GET / HTTP/1.0\r\n\r\n");
  CHECK(frame_request("GET / HTTP/1.1\r\n\r\n").error->status == 400); // no Host
  CHECK(frame_request("G(T / HTTP/1.1\r\nHost: x\r\n\r\n").error->status == 400);
  CHECK(frame_request("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").head ==
        "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string nul = "GET / HTTP/1.1\r\nHost: x\r\nX: a";
  nul += '\0';
  nul += "b\r\n\r\n";
  CHECK(frame_request(nul).error->status == 400);
}

TEST_CASE("framing: HTTP dates", "[framing]") {
  CHECK(http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
}
