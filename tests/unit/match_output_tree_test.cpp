#include <catch2/catch.hpp>

#include <cstring>
#include <map>
#include <string>

#include "sftp/match_output_tree.hpp"

using namespace reonomy::mock;

namespace {

class StringReader final : public SftpReader {
public:
  explicit StringReader(std::string content) : content_(std::move(content)) {}
  std::size_t read(std::uint64_t offset, char* buf, std::size_t len) override {
    if (offset >= content_.size())
      return 0;
    const std::size_t n = std::min<std::uint64_t>(len, content_.size() - offset);
    std::memcpy(buf, content_.data() + offset, n);
    return n;
  }

private:
  std::string content_;
};

// Two accounts: "a" has two files (one listed twice, plus entries the layout must drop), "b"
// has none.
MatchOutputTree tree() {
  MatchOutputFiles files;
  files.list = [](std::string_view account) -> std::vector<SftpEntry> {
    if (account != "a")
      return {};
    return {{"z.csv", 3, 2000, false}, {"y.csv", 5, 3000, false},   {"z.csv", 3, 2000, false},
            {"dir", 0, 9000, true},    {"x/y.csv", 1, 9000, false}, {"..", 1, 9000, false},
            {"", 1, 9000, false}};
  };
  files.open = [](std::string_view account, std::string_view name) -> std::unique_ptr<SftpReader> {
    if (account == "a" && (name == "y.csv" || name == "z.csv"))
      return std::make_unique<StringReader>(std::string(name));
    return nullptr;
  };
  return MatchOutputTree(files, 1000);
}

std::vector<std::string> names(const std::vector<SftpEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& entry : entries)
    out.push_back(entry.name);
  return out;
}

} // namespace

TEST_CASE("jobs and jobs/match exist for every account", "[match_output_tree]") {
  auto t = tree();
  for (const char* account : {"a", "b", "unknown"}) {
    REQUIRE(t.stat(account, "/"));
    CHECK(t.stat(account, "/")->is_dir);
    REQUIRE(t.stat(account, "/jobs"));
    CHECK(t.stat(account, "/jobs")->is_dir);
    REQUIRE(t.stat(account, "/jobs/match"));
    CHECK(t.stat(account, "/jobs/match")->is_dir);
    CHECK(names(t.list(account, "/")) == std::vector<std::string>{"jobs"});
    CHECK(names(t.list(account, "/jobs")) == std::vector<std::string>{"match"});
  }
  CHECK_FALSE(t.stat("a", "/other"));
  CHECK_FALSE(t.stat("a", "/jobs/search"));
}

TEST_CASE("jobs/match lists an account's files sorted, once, and nothing malformed",
          "[match_output_tree]") {
  auto t = tree();
  CHECK(names(t.list("a", "/jobs/match")) == std::vector<std::string>{"y.csv", "z.csv"});
  CHECK(t.list("b", "/jobs/match").empty());
  const auto y = t.stat("a", "/jobs/match/y.csv");
  REQUIRE(y);
  CHECK(y->size == 5);
  CHECK(y->mtime == 3000);
  CHECK_FALSE(y->is_dir);
  CHECK_FALSE(t.stat("b", "/jobs/match/y.csv"));
  CHECK_FALSE(t.stat("a", "/jobs/match/dir"));
  CHECK_FALSE(t.stat("a", "/jobs/match/x/y.csv"));
  CHECK_FALSE(t.stat("a", "/jobs/y.csv"));
}

TEST_CASE("directory times: jobs/match follows its newest file", "[match_output_tree]") {
  auto t = tree();
  CHECK(t.stat("a", "/")->mtime == 1000);
  CHECK(t.stat("a", "/jobs")->mtime == 1000);
  CHECK(t.stat("a", "/jobs/match")->mtime == 3000);
  CHECK(t.stat("b", "/jobs/match")->mtime == 1000);
}

TEST_CASE("open reaches only files directly in jobs/match", "[match_output_tree]") {
  auto t = tree();
  auto reader = t.open("a", "/jobs/match/y.csv");
  REQUIRE(reader);
  char buf[16] = {};
  CHECK(reader->read(0, buf, sizeof buf) == 5);
  CHECK(std::string(buf, 5) == "y.csv");
  CHECK(t.open("b", "/jobs/match/y.csv") == nullptr);
  CHECK(t.open("a", "/jobs/y.csv") == nullptr);
  CHECK(t.open("a", "/jobs/match") == nullptr);
}

TEST_CASE("a tree needs both functions", "[match_output_tree]") {
  CHECK_THROWS_AS(MatchOutputTree(MatchOutputFiles{}, 0), std::invalid_argument);
}
