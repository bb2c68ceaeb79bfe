#include <catch2/catch.hpp>

#include "sftp/sftp_path.hpp"

using reonomy::mock::detail::normalize_sftp_path;
using reonomy::mock::detail::parent_sftp_path;

TEST_CASE("relative paths are taken against the home directory /", "[sftp_path]") {
  CHECK(normalize_sftp_path("") == "/");
  CHECK(normalize_sftp_path(".") == "/");
  CHECK(normalize_sftp_path("jobs") == "/jobs");
  CHECK(normalize_sftp_path("jobs/match/a.csv") == "/jobs/match/a.csv");
}

TEST_CASE("dot components, repeated and trailing slashes vanish", "[sftp_path]") {
  CHECK(normalize_sftp_path("//jobs///match/") == "/jobs/match");
  CHECK(normalize_sftp_path("/./jobs/./match/.") == "/jobs/match");
  CHECK(normalize_sftp_path("/jobs/match/../match/a.csv") == "/jobs/match/a.csv");
}

TEST_CASE(".. never climbs above the root", "[sftp_path]") {
  CHECK(normalize_sftp_path("..") == "/");
  CHECK(normalize_sftp_path("/..") == "/");
  CHECK(normalize_sftp_path("../../../../etc/passwd") == "/etc/passwd");
  CHECK(normalize_sftp_path("/jobs/../../..") == "/");
  CHECK(normalize_sftp_path("/jobs/match/../../../jobs") == "/jobs");
}

TEST_CASE("encoded and look-alike names are literal names", "[sftp_path]") {
  CHECK(normalize_sftp_path("%2e%2e/%2e%2e/etc") == "/%2e%2e/%2e%2e/etc");
  CHECK(normalize_sftp_path("..%2f..%2fetc") == "/..%2f..%2fetc");
  CHECK(normalize_sftp_path("...") == "/...");
  CHECK(normalize_sftp_path("..\\..\\etc") == "/..\\..\\etc");
  CHECK(normalize_sftp_path("~/jobs") == "/~/jobs");
}

TEST_CASE("the parent of a normalised path", "[sftp_path]") {
  CHECK(parent_sftp_path("/") == "/");
  CHECK(parent_sftp_path("/jobs") == "/");
  CHECK(parent_sftp_path("/jobs/match") == "/jobs");
  CHECK(parent_sftp_path("/jobs/match/a.csv") == "/jobs/match");
}
