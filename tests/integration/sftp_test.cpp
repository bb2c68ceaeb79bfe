#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include "sftp_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;
using Catch::Contains;
using std::chrono::steady_clock;

namespace {

constexpr std::int64_t kMtime = 1700000100;
const std::string kSmall = "Address1,City,State,Zip,property_id\n767 3rd Ave,New York,NY,10017,"
                           "19cd94b6-0b51-543d-bfc1-3ed3205d13ae\n";

std::shared_ptr<SftpTestFiles> standard_files() {
  auto files = std::make_shared<SftpTestFiles>();
  files->add(kSftpKey, "small.csv", kSmall, kMtime);
  files->add(kSftpOtherKey, "theirs.csv", "only,for,the,other,account\n", kMtime);
  return files;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

// The host key a client sees, as `ssh-keyscan` prints it: "ssh-ed25519 AAAA...".
std::string scanned_host_key(int port) {
  const std::string command =
      "ssh-keyscan -T 5 -t ed25519 -p " + std::to_string(port) + " 127.0.0.1 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buf[4096];
  while (const std::size_t n = std::fread(buf, 1, sizeof buf, pipe))
    out.append(buf, n);
  ::pclose(pipe);
  // "[127.0.0.1]:PORT ssh-ed25519 AAAA...\n"
  const auto space = out.find(' ');
  REQUIRE(space != std::string::npos);
  std::string key = out.substr(space + 1);
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r'))
    key.pop_back();
  return key;
}

// Waits until `path` holds at least `bytes` (a transfer in progress), at most 10 s.
bool wait_for_size(const std::filesystem::path& path, std::uintmax_t bytes) {
  const auto deadline = steady_clock::now() + std::chrono::seconds(10);
  while (steady_clock::now() < deadline) {
    std::error_code ec;
    if (std::filesystem::file_size(path, ec) >= bytes && !ec)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

} // namespace

TEST_CASE("an account logs in at / and gets its file from jobs/match byte for byte", "[sftp]") {
  SftpFixture sftp(standard_files());
  TempDir dir;
  const auto local = dir.path() / "small.csv";
  const auto run = run_sftp(
      sftp.port(), kSftpKey, kSftpSecret,
      "pwd\nls\nls jobs/match\ncd jobs/match\nget small.csv " + local.string() + "\n", dir.path());
  INFO(run.output);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.output, Contains("Remote working directory: /\n"));
  CHECK_THAT(run.output, Contains("sftp> ls\njobs"));
  CHECK_THAT(run.output, Contains("sftp> ls jobs/match\njobs/match/small.csv"));
  CHECK(read_file(local) == kSmall);
}

TEST_CASE("the listing shows read-only modes, sizes and the tree's times", "[sftp]") {
  SftpFixture sftp(standard_files());
  TempDir dir;
  const auto run = run_sftp(sftp.port(), kSftpKey, kSftpSecret, "ls -l /jobs/match\n", dir.path());
  INFO(run.output);
  REQUIRE(run.status == 0);
  // 1700000100 is 2023-11-14 22:15 UTC.
  CHECK_THAT(run.output, Contains("-r--r--r--    1 reonomy  reonomy         " +
                                  std::to_string(kSmall.size()) + " 2023-11-14 22:15 small.csv"));
}

TEST_CASE("a wrong secret and an unknown access key are refused alike", "[sftp]") {
  SftpFixture sftp(standard_files());
  TempDir dir;
  const auto wrong_secret = run_sftp(sftp.port(), kSftpKey, "not-the-secret", "ls /\n", dir.path());
  const auto unknown_key = run_sftp(sftp.port(), "nobody", kSftpSecret, "ls /\n", dir.path());
  INFO(wrong_secret.output << "\n---\n" << unknown_key.output);
  // sshpass exits 5 when the password it typed was refused and a prompt came again.
  CHECK(wrong_secret.status == 5);
  CHECK(unknown_key.status == 5);
  // How many prompts ssh prints before sshpass gives up is a race; the refusal itself reads
  // the same either way, and says nothing about which half was wrong.
  const std::string refusal = "Permission denied, please try again.";
  CHECK(wrong_secret.output.rfind(refusal, 0) == 0);
  CHECK(unknown_key.output.rfind(refusal, 0) == 0);
  CHECK_THAT(wrong_secret.output, !Contains("jobs"));
  // The right pair still works afterwards.
  CHECK(run_sftp(sftp.port(), kSftpKey, kSftpSecret, "ls /\n", dir.path()).status == 0);
}

TEST_CASE("every change to the tree is refused with permission denied", "[sftp]") {
  SftpFixture sftp(standard_files());
  TempDir dir;
  const auto upload = dir.path() / "upload.csv";
  { std::ofstream(upload) << "x\n"; }
  // A leading '-' lets the batch go on after a failed command.
  const std::vector<std::string> refused = {
      "put " + upload.string() + " /jobs/match/new.csv",
      "put " + upload.string() + " /jobs/match/small.csv",
      "rm /jobs/match/small.csv",
      "rename /jobs/match/small.csv /jobs/match/moved.csv",
      "rename -l /jobs/match/small.csv /jobs/match/moved.csv",
      "mkdir /jobs/new",
      "rmdir /jobs/match",
      "chmod 666 /jobs/match/small.csv",
      "ln -s /jobs/match/small.csv /link.csv",
      "ln /jobs/match/small.csv /link.csv",
  };
  std::string batch;
  for (const auto& command : refused)
    batch += "-" + command + "\n";
  batch += "ls -l /jobs/match\n";
  const auto run = run_sftp(sftp.port(), kSftpKey, kSftpSecret, batch, dir.path());
  INFO(run.output);
  REQUIRE(run.status == 0);
  // (OpenSSH ends its error lines with "\r\n".)
  CHECK(count(run.output, ": Permission denied") == refused.size());
  // Nothing changed: the directory still holds the one file, with its size and mode.
  CHECK_THAT(run.output, Contains("-r--r--r--"));
  CHECK_THAT(run.output, Contains(" " + std::to_string(kSmall.size()) + " "));
  CHECK_THAT(run.output, !Contains("new.csv ") && !Contains("moved.csv "));
}

TEST_CASE("cd .. beyond the root stays at the root and no path leaves the tree", "[sftp]") {
  SftpFixture sftp(standard_files());
  TempDir dir;
  const auto local = dir.path() / "via-dotdot.csv";
  const auto run = run_sftp(sftp.port(), kSftpKey, kSftpSecret,
                            "cd ..\npwd\n"
                            "cd jobs/match/../../../../..\npwd\n"
                            "cd //jobs///./match/\npwd\n"
                            "-get ../../../../etc/passwd " +
                                (dir.path() / "passwd").string() +
                                "\n"
                                "-get /etc/hostname " +
                                (dir.path() / "hostname").string() +
                                "\n"
                                "-ls %2e%2e/%2e%2e\n"
                                "-ls ..%2f..%2fetc\n"
                                "cd /\n"
                                "get /../jobs/match/../../jobs/./match/small.csv " +
                                local.string() + "\n",
                            dir.path());
  INFO(run.output);
  REQUIRE(run.status == 0);
  CHECK(count(run.output, "Remote working directory: /\n") == 2);
  CHECK_THAT(run.output, Contains("Remote working directory: /jobs/match\n"));
  CHECK_THAT(run.output, Contains("\"/jobs/match/../../../../etc/passwd\" not found"));
  CHECK_THAT(run.output, Contains("\"/etc/hostname\" not found"));
  CHECK_THAT(run.output, Contains("\"/jobs/match/%2e%2e/%2e%2e\" not found"));
  CHECK_THAT(run.output, Contains("\"/jobs/match/..%2f..%2fetc\" not found"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "passwd"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "hostname"));
  CHECK(read_file(local) == kSmall);
}

TEST_CASE("an account never sees another account's files", "[sftp]") {
  SftpFixture sftp(standard_files());
  TempDir dir;
  const auto run = run_sftp(sftp.port(), kSftpOtherKey, kSftpOtherSecret,
                            "ls /jobs/match\n-get /jobs/match/small.csv " +
                                (dir.path() / "stolen.csv").string() + "\n",
                            dir.path());
  INFO(run.output);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.output, Contains("/jobs/match/theirs.csv"));
  CHECK_THAT(run.output, Contains("\"/jobs/match/small.csv\" not found"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "stolen.csv"));

  const auto mine = run_sftp(sftp.port(), kSftpKey, kSftpSecret, "ls /jobs/match\n", dir.path());
  CHECK_THAT(mine.output, Contains("/jobs/match/small.csv"));
  CHECK_THAT(mine.output, !Contains("theirs.csv"));
}

TEST_CASE("jobs/match exists before an account has any output", "[sftp]") {
  SftpFixture sftp(std::make_shared<SftpTestFiles>());
  TempDir dir;
  const auto run =
      run_sftp(sftp.port(), kSftpKey, kSftpSecret, "cd jobs/match\npwd\nls -la\n", dir.path());
  INFO(run.output);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.output, Contains("Remote working directory: /jobs/match\n"));
}

TEST_CASE("the host key stays the same across restarts with the same key path", "[sftp]") {
  TempDir dir;
  const auto key_path = dir.path() / "keys" / "sftp_host_ed25519";
  std::string first;
  {
    SftpFixture sftp(standard_files(), key_path);
    first = scanned_host_key(sftp.port());
    CHECK(first == sftp.server().host_public_key());
    CHECK(first.rfind("ssh-ed25519 ", 0) == 0);
    CHECK(sftp.server().host_key_fingerprint().rfind("SHA256:", 0) == 0);
  }
  struct stat info {};
  REQUIRE(::stat(key_path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  {
    SftpFixture sftp(standard_files(), key_path);
    CHECK(scanned_host_key(sftp.port()) == first);
  }
  // Without a path every run has a key of its own.
  SftpFixture a(standard_files());
  SftpFixture b(standard_files());
  CHECK(a.server().host_public_key() != b.server().host_public_key());
  CHECK(a.server().host_public_key() != first);
}

TEST_CASE("eight clients download different files in parallel, each byte for byte", "[sftp]") {
  auto files = standard_files();
  constexpr int kClients = 8;
  constexpr std::uint64_t kSize = 3 * 1024 * 1024 + 17;
  for (int i = 0; i < kClients; ++i)
    files->add_generated(kSftpKey, "part-" + std::to_string(i) + ".csv", kSize, i, kMtime);
  SftpFixture sftp(files);
  TempDir dir;
  std::vector<std::unique_ptr<ChildProcess>> clients;
  for (int i = 0; i < kClients; ++i) {
    const std::string name = "part-" + std::to_string(i) + ".csv";
    clients.push_back(start_sftp(
        sftp.port(), kSftpKey, kSftpSecret,
        "get /jobs/match/" + name + " " + (dir.path() / name).string() + "\n", dir.path()));
  }
  for (int i = 0; i < kClients; ++i) {
    INFO("client " << i << ": " << clients[i]->output());
    CHECK(clients[i]->wait_for(std::chrono::seconds(30)) == 0);
    CHECK(read_file(dir.path() / ("part-" + std::to_string(i) + ".csv")) ==
          generated_bytes(i, 0, kSize));
  }
}

TEST_CASE("a client killed mid-transfer does not disturb another one", "[sftp]") {
  auto files = standard_files();
  constexpr std::uint64_t kHuge = 4ULL << 30; // generated on demand, never held
  constexpr std::uint64_t kBig = 20 * 1024 * 1024;
  files->add_generated(kSftpKey, "huge.csv", kHuge, 1, kMtime);
  files->add_generated(kSftpKey, "big.csv", kBig, 2, kMtime);
  SftpFixture sftp(files);
  TempDir dir;
  const auto partial = dir.path() / "huge.csv";
  const auto killed = start_sftp(sftp.port(), kSftpKey, kSftpSecret,
                                 "get /jobs/match/huge.csv " + partial.string() + "\n", dir.path());
  REQUIRE(wait_for_size(partial, 1 << 20));
  const auto survivor =
      start_sftp(sftp.port(), kSftpKey, kSftpSecret,
                 "get /jobs/match/big.csv " + (dir.path() / "big.csv").string() + "\n", dir.path());
  killed->kill_group();
  CHECK(killed->wait_for(std::chrono::seconds(5)) == 128 + SIGKILL);
  INFO(survivor->output());
  CHECK(survivor->wait_for(std::chrono::seconds(30)) == 0);
  CHECK(read_file(dir.path() / "big.csv") == generated_bytes(2, 0, kBig));
  // The server goes on taking new clients.
  CHECK(run_sftp(sftp.port(), kSftpKey, kSftpSecret, "ls /jobs/match\n", dir.path()).status == 0);
}

TEST_CASE("stop ends within a second while a client is in the middle of a transfer", "[sftp]") {
  auto files = standard_files();
  files->add_generated(kSftpKey, "huge.csv", 4ULL << 30, 3, kMtime);
  SftpFixture sftp(files);
  TempDir dir;
  const auto partial = dir.path() / "huge.csv";
  const auto client = start_sftp(sftp.port(), kSftpKey, kSftpSecret,
                                 "get /jobs/match/huge.csv " + partial.string() + "\n", dir.path());
  REQUIRE(wait_for_size(partial, 1 << 20));
  const auto start = steady_clock::now();
  sftp.server().stop();
  const auto took = steady_clock::now() - start;
  CHECK(took < std::chrono::milliseconds(1000));
  // The client sees its connection end and gives up with an error.
  const auto status = client->wait_for(std::chrono::seconds(5));
  REQUIRE(status.has_value());
  CHECK(*status != 0);
}

TEST_CASE("a 20 MB file downloads with OpenSSH sftp in well under a few seconds", "[sftp]") {
  auto files = standard_files();
  constexpr std::uint64_t kSize = 20 * 1024 * 1024;
  const std::string content = generated_bytes(7, 0, kSize);
  files->add(kSftpKey, "report.csv", content, kMtime);
  SftpFixture sftp(files);
  TempDir dir;
  const auto local = dir.path() / "report.csv";
  const auto start = steady_clock::now();
  const auto run = run_sftp(sftp.port(), kSftpKey, kSftpSecret,
                            "get /jobs/match/report.csv " + local.string() + "\n", dir.path());
  const std::chrono::duration<double> took = steady_clock::now() - start;
  INFO(run.output << "took " << took.count() << " s");
  REQUIRE(run.status == 0);
  CHECK(read_file(local) == content);
  // Login included. About 0.5 s on an idle 2-core machine; without TCP_NODELAY it takes tens of
  // seconds. The margin is for shared CI machines.
  CHECK(took.count() < 5.0);
}
