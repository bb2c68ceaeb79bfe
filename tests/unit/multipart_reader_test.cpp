#include <catch2/catch.hpp>

#include <compare>
#include <string>
#include <vector>

#include "specs/multipart_reader.hpp"
#include "specs/upload.hpp"

using namespace reonomy::mock;

namespace {

struct Part {
  std::string name, content, filename, content_type;
  auto operator<=>(const Part&) const = default;
};

// What reading one body gave: the parts in map order, or the refusal.
struct Outcome {
  std::vector<Part> parts;
  int status = 0;
  std::string type, error;
  bool operator==(const Outcome&) const = default;
};

Outcome read_in_pieces(std::string_view content_type, std::string_view body, std::size_t piece,
                       MultipartLimits limits) {
  Outcome out;
  try {
    MultipartReader reader(content_type, limits);
    for (std::size_t at = 0; at < body.size(); at += piece)
      reader.feed(body.data() + at, std::min(piece, body.size() - at));
    reader.finish();
    for (auto& [name, part] : reader.take_parts())
      out.parts.push_back({part.name, part.content, part.filename, part.content_type});
  } catch (const ApiError& e) {
    out.status = e.status();
    out.type = e.type();
    out.error = e.what();
  }
  return out;
}

// Reads the body whole, then in pieces of 1, 2, 3, 7 and 64 bytes: every cut gives the same result.
Outcome read(std::string_view content_type, std::string_view body, MultipartLimits limits = {}) {
  const Outcome whole = read_in_pieces(content_type, body, body.size() + 1, limits);
  for (const std::size_t piece : {1, 2, 3, 7, 64}) {
    INFO("fed in pieces of " << piece << " bytes");
    CHECK(read_in_pieces(content_type, body, piece, limits) == whole);
  }
  return whole;
}

std::vector<Part> parts_of(std::string_view content_type, std::string_view body,
                           MultipartLimits limits = {}) {
  const Outcome out = read(content_type, body, limits);
  INFO("refused: " << out.error);
  REQUIRE(out.error.empty());
  return out.parts;
}

std::string refusal(std::string_view content_type, std::string_view body,
                    MultipartLimits limits = {}) {
  const Outcome out = read(content_type, body, limits);
  REQUIRE_FALSE(out.error.empty());
  CHECK(out.status == 400);
  CHECK(out.type == "FileNotFoundAtPathError");
  return out.error;
}

std::string constructor_refusal(std::string_view content_type) {
  try {
    MultipartReader reader(content_type);
  } catch (const ApiError& e) {
    CHECK(e.status() == 400);
    CHECK(e.type() == "FileNotFoundAtPathError");
    return e.what();
  }
  FAIL("the reader accepted the Content-Type " << content_type);
  return {};
}

const std::string kSpec = R"({"detail_type": ["basic"], "property_ids": []})";
const std::string kCt = "multipart/form-data; boundary=b";

// A body with boundary `b` whose parts are `headers` blocks (without the blank line) and contents.
std::string body_of(std::vector<std::pair<std::string, std::string>> parts) {
  std::string body;
  for (const auto& [headers, content] : parts)
    body += "--b\r\n" + headers + "\r\n\r\n" + content + "\r\n";
  return body + "--b--\r\n";
}

std::string field_headers(const std::string& name) {
  return "Content-Disposition: form-data; name=\"" + name + "\"";
}

const std::vector<Part> kJobAndSpec = {
    {"file", kSpec, "spec.json", "application/json"},
    {"job_type", "property-details", "", ""},
};

} // namespace

TEST_CASE(".NET MultipartFormDataContent's body reads byte for byte", "[multipart_reader]") {
  // new MultipartFormDataContent { { new StringContent("property-details"), "job_type" },
  //   { new StreamContent(file) { Headers = { ContentType = application/json } }, "file",
  //   "spec.json" } }: a quoted GUID boundary, unquoted name, filename and filename*.
  const std::string b = "3f2b9c4e-8d1a-4f6b-9e2c-7a5d1b0c8e34";
  const std::string body = "--" + b +
                           "\r\n"
                           "Content-Type: text/plain; charset=utf-8\r\n"
                           "Content-Disposition: form-data; name=job_type\r\n"
                           "\r\n"
                           "property-details\r\n"
                           "--" +
                           b +
                           "\r\n"
                           "Content-Type: application/json\r\n"
                           "Content-Disposition: form-data; name=file; filename=spec.json; "
                           "filename*=utf-8''spec.json\r\n"
                           "\r\n" +
                           kSpec + "\r\n--" + b + "--\r\n";
  const auto parts = parts_of("multipart/form-data; boundary=\"" + b + "\"", body);
  CHECK(parts ==
        std::vector<Part>{{"file", kSpec, "spec.json", "application/json"},
                          {"job_type", "property-details", "", "text/plain; charset=utf-8"}});
}

TEST_CASE(".NET's encoded-word filename gives way to filename*", "[multipart_reader]") {
  // .NET writes a non-ASCII name as a MIME encoded-word in filename and percent-encoded in
  // filename*.
  const std::string body =
      body_of({{"Content-Disposition: form-data; name=file; "
                "filename=\"=?utf-8?B?c3DDqWMuanNvbg==?=\"; filename*=utf-8''sp%C3%A9c.json",
                kSpec}});
  const auto parts = parts_of(kCt, body);
  REQUIRE(parts.size() == 1);
  CHECK(parts[0].filename == "sp\xC3\xA9"
                             "c.json");
}

TEST_CASE("Python requests' body reads byte for byte", "[multipart_reader]") {
  // requests.post(url, data={'job_type': 'property-details'},
  //               files={'file': ('spec.json', f, 'application/json')})
  const std::string b = "7b4c3a9e0f2d4e6a8b1c5d7f9e3a2b10";
  const std::string body =
      "--" + b +
      "\r\n"
      "Content-Disposition: form-data; name=\"job_type\"\r\n"
      "\r\n"
      "property-details\r\n"
      "--" +
      b +
      "\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"spec.json\"\r\n"
      "Content-Type: application/json\r\n"
      "\r\n" +
      kSpec + "\r\n--" + b + "--\r\n";
  CHECK(parts_of("multipart/form-data; boundary=" + b, body) == kJobAndSpec);
}

TEST_CASE("curl -F's body reads byte for byte", "[multipart_reader]") {
  // curl -F job_type=property-details -F file=@spec.json (curl 7.88)
  const std::string b = "------------------------3c1e9a7b5d2f4e60";
  const std::string body =
      "--" + b +
      "\r\n"
      "Content-Disposition: form-data; name=\"job_type\"\r\n"
      "\r\n"
      "property-details\r\n"
      "--" +
      b +
      "\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"spec.json\"\r\n"
      "Content-Type: application/octet-stream\r\n"
      "\r\n" +
      kSpec + "\r\n--" + b + "--\r\n";
  const auto parts = parts_of("multipart/form-data; boundary=" + b, body);
  CHECK(parts == std::vector<Part>{{"file", kSpec, "spec.json", "application/octet-stream"},
                                   {"job_type", "property-details", "", ""}});
  // The parts go to the upload checks as cpp-httplib's would.
  httplib::MultipartFormDataMap map;
  for (const auto& p : parts)
    map.emplace(p.name, httplib::MultipartFormData{p.name, p.content, p.filename, p.content_type});
  const UploadView upload = extract_upload("multipart/form-data; boundary=" + b, map);
  CHECK(upload.job_type == "property-details");
  CHECK(upload.filename == "spec.json");
  CHECK(upload.content == kSpec);
}

TEST_CASE("Node form-data's body reads byte for byte", "[multipart_reader]") {
  // form.append('job_type', 'property-details'); form.append('file', buffer, 'spec.json')
  const std::string b = "--------------------------515890814546601021194782";
  const std::string body =
      "--" + b +
      "\r\n"
      "Content-Disposition: form-data; name=\"job_type\"\r\n"
      "\r\n"
      "property-details\r\n"
      "--" +
      b +
      "\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"spec.json\"\r\n"
      "Content-Type: application/json\r\n"
      "\r\n" +
      kSpec + "\r\n--" + b + "--\r\n";
  CHECK(parts_of("multipart/form-data; boundary=" + b, body) == kJobAndSpec);
}

TEST_CASE("a browser's form reads, its parts come out under their names", "[multipart_reader]") {
  const std::string b = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  const std::string body =
      "--" + b + "\r\nContent-Disposition: form-data; name=\"job_type\"\r\n\r\nsearch\r\n--" + b +
      "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.json\"\r\nContent-Type: "
      "application/json\r\n\r\n{}\r\n--" +
      b + "--\r\n";
  CHECK(parts_of("multipart/form-data; boundary=" + b, body) ==
        std::vector<Part>{{"file", "{}", "s.json", "application/json"},
                          {"job_type", "search", "", ""}});
}

TEST_CASE("odd but legal forms: filename before name, unquoted values, spaces, any case",
          "[multipart_reader]") {
  const std::string body = "--b\r\n"
                           "content-disposition:Form-Data;filename=spec.json;NAME=file\r\n"
                           "CONTENT-TYPE:   application/json   \r\n"
                           "\r\n" +
                           kSpec +
                           "\r\n--b\r\n"
                           "Content-Disposition :  form-data ;  name = \"job_type\" ; \r\n"
                           "\r\n"
                           "property-details\r\n"
                           "--b--\r\n";
  const std::vector<Part> expected = kJobAndSpec;
  CHECK(parts_of("Multipart/Form-Data; Boundary=b", body) == expected);
  CHECK(parts_of("MULTIPART/FORM-DATA;charset=utf-8;BOUNDARY=\"b\"", body) == expected);
  CHECK(parts_of(" multipart/form-data ; boundary = b ; charset=utf-8 ", body) == expected);
}

TEST_CASE("a quoted boundary may hold RFC 2046's specials and inner spaces", "[multipart_reader]") {
  const std::string b = "a'()+_,-./:=? z";
  const std::string body =
      "--" + b + "\r\n" + field_headers("job_type") + "\r\n\r\nmatch\r\n--" + b + "--";
  CHECK(parts_of("multipart/form-data; boundary=\"" + b + "\"", body) ==
        std::vector<Part>{{"job_type", "match", "", ""}});
}

TEST_CASE("quoted values take a backslash's next character literally", "[multipart_reader]") {
  const std::string body = body_of(
      {{R"(Content-Disposition: form-data; name="fi\le"; filename="a\"b\\c;d.json")", "x"}});
  CHECK(parts_of(kCt, body) == std::vector<Part>{{"file", "x", "a\"b\\c;d.json", ""}});
}

TEST_CASE("filename* and name* win over filename and name, in UTF-8 or ISO-8859-1",
          "[multipart_reader]") {
  const std::string body = body_of({
      {"Content-Disposition: form-data; filename*=UTF-8'en'na%C3%AFve%20spec.json; "
       "filename=\"naive spec.json\"; name=file",
       "1"},
      {"Content-Disposition: form-data; name*=iso-8859-1''caf%E9; name=cafe", "2"},
  });
  CHECK(parts_of(kCt, body) == std::vector<Part>{{"caf\xC3\xA9", "2", "", ""},
                                                 {"file", "1", "na\xC3\xAFve spec.json", ""}});
}

TEST_CASE("a malformed or foreign-charset filename* is refused, naming it", "[multipart_reader]") {
  CHECK_THAT(refusal(kCt, body_of({{field_headers("file") + "; filename*=spec.json", "x"}})),
             Catch::Contains("`filename*` is not charset'language'percent-encoded-value") &&
                 Catch::Contains("part 1"));
  CHECK_THAT(refusal(kCt, body_of({{field_headers("file") + "; filename*=utf-8''a%2", "x"}})),
             Catch::Contains("`%` not followed by two hex digits"));
  CHECK_THAT(
      refusal(kCt, body_of({{field_headers("file") + "; filename*=shift_jis''a.json", "x"}})),
      Catch::Contains("charset \"shift_jis\"") && Catch::Contains("UTF-8 or ISO-8859-1"));
}

TEST_CASE("filename=\"\" stays an empty filename, so the upload checks call it a field",
          "[multipart_reader]") {
  // What a browser sends for a file input left empty.
  const std::string body = body_of(
      {{field_headers("job_type"), "property-details"},
       {field_headers("file") + "; filename=\"\"\r\nContent-Type: application/octet-stream", ""}});
  const auto parts = parts_of(kCt, body);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0] == Part{"file", "", "", "application/octet-stream"});
  httplib::MultipartFormDataMap map;
  for (const auto& p : parts)
    map.emplace(p.name, httplib::MultipartFormData{p.name, p.content, p.filename, p.content_type});
  try {
    extract_upload(kCt, map);
    FAIL("extract_upload accepted a file part without a filename");
  } catch (const ApiError& e) {
    CHECK_THAT(e.what(), Catch::Contains("no filename"));
  }
}

TEST_CASE("a Content-Type that is not multipart/form-data keeps upload.cpp's message",
          "[multipart_reader]") {
  for (const std::string ct : {"application/json", "", "application/x-www-form-urlencoded",
                               "multipart/mixed; boundary=b", "text/plain"}) {
    INFO(ct);
    CHECK(constructor_refusal(ct) == unparsable_multipart_error(ct).what());
  }
}

TEST_CASE("a Content-Type without a boundary keeps upload.cpp's message", "[multipart_reader]") {
  for (const std::string ct :
       {"multipart/form-data", "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"", "multipart/form-data; charset=utf-8"}) {
    INFO(ct);
    const std::string message = constructor_refusal(ct);
    CHECK(message == unparsable_multipart_error(ct).what());
    CHECK_THAT(message, Catch::Contains("has no boundary parameter"));
  }
}

TEST_CASE("a boundary of 70 characters is read and one of 71 is refused naming RFC 2046",
          "[multipart_reader]") {
  const std::string b70(70, 'q');
  CHECK(parts_of("multipart/form-data; boundary=" + b70,
                 "--" + b70 + "\r\n" + field_headers("a") + "\r\n\r\nv\r\n--" + b70 + "--") ==
        std::vector<Part>{{"a", "v", "", ""}});
  CHECK_THAT(constructor_refusal("multipart/form-data; boundary=" + std::string(71, 'q')),
             Catch::Contains("71 characters long") && Catch::Contains("RFC 2046 allows 1 to 70"));
}

TEST_CASE("a boundary with control characters or a malformed Content-Type is refused",
          "[multipart_reader]") {
  CHECK_THAT(constructor_refusal("multipart/form-data; boundary=\"a\tb\""),
             Catch::Contains("RFC 2046's rule"));
  CHECK_THAT(constructor_refusal("multipart/form-data; boundary=\"ab \""),
             Catch::Contains("not ending in a space"));
  CHECK_THAT(constructor_refusal("multipart/form-data; boundary=\"abc"),
             Catch::Contains("is malformed") && Catch::Contains("no closing quote"));
  CHECK_THAT(constructor_refusal("multipart/form-data; boundary=a; boundary=b"),
             Catch::Contains("`boundary` is given twice"));
}

TEST_CASE("part headers of exactly the limit are read and one byte more is refused",
          "[multipart_reader]") {
  const std::string headers =
      field_headers("file") + "; filename=\"spec.json\"\r\n" + "Content-Type: application/json";
  const std::size_t size = headers.size() + 2; // each line with its CRLF
  const std::string body = body_of({{field_headers("job_type"), "match"}, {headers, kSpec}});
  CHECK(parts_of(kCt, body, {size, 1024}).size() == 2);
  CHECK_THAT(refusal(kCt, body, {size - 1, 1024}),
             Catch::Contains("headers of part 2") &&
                 Catch::Contains("part header limit of " + std::to_string(size - 1) + " bytes"));
}

TEST_CASE("an endless part header is refused while it is fed, not buffered", "[multipart_reader]") {
  MultipartReader reader(kCt, {100, 1024});
  const std::string start = "--b\r\nContent-Disposition: form-data; name=\"";
  reader.feed(start.data(), start.size());
  // The header line so far is exactly 100 bytes: still within the limit.
  const std::string more(100 - (start.size() - 5), 'x');
  reader.feed(more.data(), more.size());
  try {
    reader.feed("xx", 2);
    FAIL("the reader buffered a header past its limit");
  } catch (const ApiError& e) {
    CHECK_THAT(e.what(), Catch::Contains("part header limit of 100 bytes"));
  }
  // A failed reader stays failed, with the same message.
  CHECK_THROWS_WITH(reader.feed("\r\n", 2), Catch::Contains("part header limit of 100 bytes"));
  CHECK_THROWS_WITH(reader.finish(), Catch::Contains("part header limit of 100 bytes"));
}

TEST_CASE("exactly max_parts parts are read and one more is refused naming the limit",
          "[multipart_reader]") {
  const std::string body =
      body_of({{field_headers("a"), "1"}, {field_headers("b"), "2"}, {field_headers("c"), "3"}});
  CHECK(parts_of(kCt, body, {8192, 3}).size() == 3);
  CHECK_THAT(refusal(kCt, body, {8192, 2}), Catch::Contains("more than 2 parts, the part limit"));
}

TEST_CASE("every truncation of a body is refused and the whole body is read",
          "[multipart_reader]") {
  const std::string body = body_of({{field_headers("job_type"), "property-details"},
                                    {field_headers("file") + "; filename=\"spec.json\"", kSpec}});
  const std::size_t complete = body.size() - 2; // the close delimiter, without its CRLF
  for (std::size_t n = 0; n < body.size(); ++n) {
    INFO("the first " << n << " bytes");
    const Outcome out = read_in_pieces(kCt, std::string_view(body).substr(0, n), 5, {});
    if (n < complete) {
      CHECK(out.status == 400);
      const bool named = out.error.find("truncated") != std::string::npos ||
                         out.error.find("never contains the boundary") != std::string::npos ||
                         out.error.find("is empty") != std::string::npos;
      CHECK(named);
    } else {
      CHECK(out.parts.size() == 2);
    }
  }
  CHECK_THAT(refusal(kCt, body.substr(0, 30)), Catch::Contains("headers of part 1") &&
                                                   Catch::Contains("truncated") &&
                                                   Catch::Contains("`--b--`"));
  CHECK_THAT(refusal(kCt, body.substr(0, 60)),
             Catch::Contains("content of part 1 (\"job_type\")") && Catch::Contains("truncated"));
}

TEST_CASE("the boundary inside content without a CRLF before it does not split the part",
          "[multipart_reader]") {
  const std::string content = "x--b\r\n--bb--b--\r\n-b\r\n--";
  CHECK(parts_of(kCt, body_of({{field_headers("a"), content}})) ==
        std::vector<Part>{{"a", content, "", ""}});
}

TEST_CASE("CRLF--boundary not followed by padding and CRLF or `--` is content",
          "[multipart_reader]") {
  // RFC 2046: a delimiter is `CRLF--boundary transport-padding CRLF`, a close one ends in `--`.
  for (const std::string content :
       {"a\r\n--bX", "a\r\n--b-x", "a\r\n--b \tX\r\n", "a\r\n--b\nx", "a\r\n--b\r", "\r\n--b-"}) {
    INFO(content);
    CHECK(parts_of(kCt, body_of({{field_headers("a"), content}})) ==
          std::vector<Part>{{"a", content, "", ""}});
  }
}

TEST_CASE("transport padding after a boundary is skipped, up to 256 bytes", "[multipart_reader]") {
  const std::string pad = std::string(255, ' ') + "\t";
  const std::string body = "--b" + pad + "\r\n" + field_headers("a") + "\r\n\r\n1\r\n--b \t\r\n" +
                           field_headers("c") + "\r\n\r\n2\r\n--b--  \r\n";
  CHECK(parts_of(kCt, body) == std::vector<Part>{{"a", "1", "", ""}, {"c", "2", "", ""}});
  // 257 bytes of padding: not a delimiter, so what follows stays in the part before.
  const std::string long_pad = "\r\n--b" + pad + " \r\n" + field_headers("c") + "\r\n\r\n2";
  CHECK(parts_of(kCt, "--b\r\n" + field_headers("a") + "\r\n\r\n1" + long_pad + "\r\n--b--") ==
        std::vector<Part>{{"a", "1" + long_pad, "", ""}});
}

TEST_CASE("empty parts, a body with no parts, preamble and epilogue", "[multipart_reader]") {
  CHECK(parts_of(kCt, body_of({{field_headers("a"), ""}, {field_headers("b"), ""}})) ==
        std::vector<Part>{{"a", "", "", ""}, {"b", "", "", ""}});
  CHECK(parts_of(kCt, "--b--").empty());
  CHECK(parts_of(kCt, "--b--\r\n").empty());
  const std::string preamble = "This is a preamble with --b inside and\r\n--bx and\r\n--c\r\n";
  const std::string epilogue = "\r\n--b\r\nContent-Disposition: form-data; name=\"z\"\r\n\r\nz";
  CHECK(parts_of(kCt, preamble + "\r\n" + body_of({{field_headers("a"), "1"}}) + epilogue) ==
        std::vector<Part>{{"a", "1", "", ""}});
}

TEST_CASE("a boundary that is not in the body names the one the body uses", "[multipart_reader]") {
  const std::string body = "--X7\r\n" + field_headers("a") + "\r\n\r\n1\r\n--X7--\r\n";
  CHECK_THAT(refusal(kCt, body), Catch::Contains("never contains the boundary \"b\"") &&
                                     Catch::Contains("built with the boundary \"X7\"") &&
                                     Catch::Contains("remove the header"));
  CHECK_THAT(refusal(kCt, ""), Catch::Contains("body is empty"));
}

TEST_CASE("a body whose lines end in bare LF is refused naming CRLF", "[multipart_reader]") {
  const std::string lf = "--b\n" + field_headers("a") + "\n\n1\n--b--\n";
  CHECK_THAT(refusal(kCt, lf), Catch::Contains("bare LF") && Catch::Contains("CRLF"));
  const std::string lf_header = "--b\r\n" + field_headers("a") + "\n\r\n1\r\n--b--";
  CHECK_THAT(refusal(kCt, lf_header),
             Catch::Contains("header line of part 1") && Catch::Contains("bare LF"));
}

TEST_CASE("malformed part headers are refused naming the part and the fault",
          "[multipart_reader]") {
  const auto refused = [](const std::string& headers) {
    return refusal(kCt, body_of({{field_headers("ok"), "1"}, {headers, "2"}}));
  };
  CHECK_THAT(refused(field_headers("a") + "\r\n  ; filename=x"),
             Catch::Contains("part 2") && Catch::Contains("obsolete line folding"));
  CHECK_THAT(refused("Content-Disposition form-data; name=a"), Catch::Contains("no `:`"));
  CHECK_THAT(refused(field_headers("a") + "\r\nX Y: z"), Catch::Contains("name is not a token"));
  CHECK_THAT(refused(field_headers("a") + "\r\nx: a\rb"), Catch::Contains("bare CR"));
  CHECK_THAT(refused("Content-Type: text/plain"), Catch::Contains("no Content-Disposition"));
  CHECK_THAT(refused("Content-Disposition: attachment; name=a"),
             Catch::Contains("type \"attachment\""));
  CHECK_THAT(refused("Content-Disposition: form-data; filename=a.json"),
             Catch::Contains("no name parameter"));
  CHECK_THAT(refused("Content-Disposition: form-data; name=a; NAME=b"),
             Catch::Contains("`name` is given twice"));
  CHECK_THAT(refused(field_headers("a") + "\r\n" + field_headers("b")),
             Catch::Contains("already has a Content-Disposition header"));
  CHECK_THAT(refused("Content-Disposition: form-data; name=\"a"),
             Catch::Contains("no closing quote"));
  CHECK_THAT(refused("Content-Disposition: form-data; name"), Catch::Contains("has no `=value`"));
  CHECK_THAT(refused("Content-Disposition: form-data; name=\"a\" x"),
             Catch::Contains("expected `;`"));
}

TEST_CASE("other part headers are ignored and a nested multipart part is kept as bytes",
          "[multipart_reader]") {
  const std::string nested = "--inner\r\nContent-Disposition: file; filename=\"a.txt\"\r\n\r\n"
                             "a\r\n--inner--";
  const std::string body =
      body_of({{field_headers("files") + "\r\nContent-Type: multipart/mixed; boundary=inner\r\n"
                                         "Content-Transfer-Encoding: binary\r\nX-Other: 1",
                nested}});
  CHECK(parts_of(kCt, body) ==
        std::vector<Part>{{"files", nested, "", "multipart/mixed; boundary=inner"}});
}

TEST_CASE("a large file part fed in 64 KiB pieces comes out whole", "[multipart_reader]") {
  // Content full of near-delimiters: each makes the scan look and go on, never split.
  std::string content;
  while (content.size() < (8u << 20))
    content += "\r\n--boundar\r\n--boundaryX\r\n-- some data that is not a boundary at all\r\n";
  const std::string head =
      "--boundary\r\n" + field_headers("file") + "; filename=\"big.csv\"\r\n\r\n";
  const std::string tail = "\r\n--boundary--\r\n";
  MultipartReader reader("multipart/form-data; boundary=boundary");
  reader.feed(head.data(), head.size());
  for (std::size_t at = 0; at < content.size(); at += 65536)
    reader.feed(content.data() + at, std::min<std::size_t>(65536, content.size() - at));
  reader.feed(tail.data(), tail.size());
  reader.finish();
  auto parts = reader.take_parts();
  REQUIRE(parts.size() == 1);
  CHECK(parts.begin()->second.filename == "big.csv");
  CHECK(parts.begin()->second.content == content);
}
