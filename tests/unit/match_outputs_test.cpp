#include <catch2/catch.hpp>

#include "core/utf8.hpp"
#include "http/match_outputs.hpp"

using namespace reonomy::mock;

namespace {
constexpr const char* kJobId = "fe9f0c8f-717d-48f7-9974-50430094236c";
}

TEST_CASE("a match output is named <job id>_<uploaded name>", "[sftp_names]") {
  CHECK(match_output_name(kJobId, "small.csv") == std::string(kJobId) + "_small.csv");
  CHECK(match_output_name(kJobId, "Small.CSV") == std::string(kJobId) + "_Small.CSV");
  CHECK(match_output_name(kJobId, "addresses") == std::string(kJobId) + "_addresses.csv");
  CHECK(match_output_name(kJobId, "my file (1).txt") ==
        std::string(kJobId) + "_my_file__1_.txt.csv");
  CHECK(match_output_name(kJobId, "../../etc/passwd") ==
        std::string(kJobId) + "_.._.._etc_passwd.csv");
  // Well-formed UTF-8 is kept; bytes that are not UTF-8, and C1 controls, become '_'.
  CHECK(match_output_name(kJobId, "Møller.csv") == std::string(kJobId) + "_Møller.csv");
  CHECK(match_output_name(kJobId, "a\xFF\xC2\x85z.csv") == std::string(kJobId) + "_a___z.csv");
}

TEST_CASE("a match output name is at most 255 bytes, cut in the uploaded name", "[sftp_names]") {
  const std::string prefix = std::string(kJobId) + "_";
  const std::string fits = std::string(255 - prefix.size() - 4, 'a') + ".csv";
  CHECK(match_output_name(kJobId, fits) == prefix + fits);

  const std::string name = match_output_name(kJobId, std::string(1000, 'b') + ".csv");
  CHECK(name.size() == kMaxMatchOutputNameBytes);
  CHECK(name == prefix + std::string(255 - prefix.size() - 4, 'b') + ".csv");

  // Without an extension, ".csv" is still added and kept.
  const std::string bare = match_output_name(kJobId, std::string(300, 'c'));
  CHECK(bare.size() == 255);
  CHECK(bare.starts_with(prefix + "ccc"));
  CHECK(bare.ends_with("c.csv"));
}

TEST_CASE("a cut match output name stays UTF-8", "[sftp_names]") {
  const std::string prefix = std::string(kJobId) + "_";
  // 3-byte characters (U+00E9 is 2 bytes, U+20AC is 3): 214 bytes of room is not a multiple of 3.
  std::string euros;
  for (int i = 0; i < 200; ++i)
    euros += "\xE2\x82\xAC";
  const std::string name = match_output_name(kJobId, euros + ".csv");
  CHECK(name.size() <= 255);
  CHECK(name.size() > 255 - 3);
  CHECK(is_valid_utf8(name));
  CHECK(name.starts_with(prefix + "\xE2\x82\xAC"));
  CHECK(name.ends_with("\xE2\x82\xAC.csv"));
  std::string mixed = "x";
  for (int i = 0; i < 200; ++i)
    mixed += "\xC3\xA9";
  const std::string cut = match_output_name(kJobId, mixed);
  CHECK(cut.size() <= 255);
  CHECK(is_valid_utf8(cut));
  CHECK(cut.ends_with(".csv"));
}
