#include "sftp_fixture.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace reonomy::mock::testing {

namespace {

class MemoryReader final : public SftpReader {
public:
  explicit MemoryReader(std::shared_ptr<const std::string> content)
      : content_(std::move(content)) {}
  std::size_t read(std::uint64_t offset, char* buf, std::size_t len) override {
    if (offset >= content_->size())
      return 0;
    const std::size_t n = std::min<std::uint64_t>(len, content_->size() - offset);
    std::memcpy(buf, content_->data() + offset, n);
    return n;
  }

private:
  std::shared_ptr<const std::string> content_;
};

class GeneratedReader final : public SftpReader {
public:
  GeneratedReader(std::uint64_t seed, std::uint64_t size) : seed_(seed), size_(size) {}
  std::size_t read(std::uint64_t offset, char* buf, std::size_t len) override {
    if (offset >= size_)
      return 0;
    const std::size_t n = std::min<std::uint64_t>(len, size_ - offset);
    const std::string bytes = generated_bytes(seed_, offset, n);
    std::memcpy(buf, bytes.data(), n);
    return n;
  }

private:
  std::uint64_t seed_;
  std::uint64_t size_;
};

} // namespace

std::string generated_bytes(std::uint64_t seed, std::uint64_t offset, std::size_t length) {
  std::string out(length, '\0');
  for (std::size_t i = 0; i < length; ++i) {
    const std::uint64_t at = offset + i;
    out[i] = at % 64 == 63 ? '\n' : static_cast<char>('a' + (at * 7 + at / 997 + seed) % 26);
  }
  return out;
}

void SftpTestFiles::add(const std::string& account, const std::string& name, std::string content,
                        std::int64_t mtime) {
  const std::lock_guard lock(mutex_);
  File& file = accounts_[account][name];
  file.entry = SftpEntry{name, content.size(), mtime, false};
  file.content = std::make_shared<const std::string>(std::move(content));
}

void SftpTestFiles::add_generated(const std::string& account, const std::string& name,
                                  std::uint64_t size, std::uint64_t seed, std::int64_t mtime) {
  const std::lock_guard lock(mutex_);
  File& file = accounts_[account][name];
  file.entry = SftpEntry{name, size, mtime, false};
  file.content = nullptr;
  file.seed = seed;
}

MatchOutputFiles SftpTestFiles::source() {
  MatchOutputFiles files;
  files.list = [self = shared_from_this()](std::string_view account) {
    const std::lock_guard lock(self->mutex_);
    std::vector<SftpEntry> entries;
    const auto it = self->accounts_.find(std::string(account));
    if (it != self->accounts_.end())
      for (const auto& [name, file] : it->second)
        entries.push_back(file.entry);
    return entries;
  };
  files.open = [self = shared_from_this()](std::string_view account,
                                           std::string_view name) -> std::unique_ptr<SftpReader> {
    const std::lock_guard lock(self->mutex_);
    const auto it = self->accounts_.find(std::string(account));
    if (it == self->accounts_.end())
      return nullptr;
    const auto file = it->second.find(std::string(name));
    if (file == it->second.end())
      return nullptr;
    if (file->second.content)
      return std::make_unique<MemoryReader>(file->second.content);
    return std::make_unique<GeneratedReader>(file->second.seed, file->second.entry.size);
  };
  return files;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("reonomy-sftp-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" +
           std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

namespace {

SftpServerOptions fixture_options(std::shared_ptr<SftpTestFiles> files,
                                  std::filesystem::path host_key_path) {
  SftpServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.host_key_path = std::move(host_key_path);
  options.authenticate = [](std::string_view user, std::string_view password) {
    return (user == kSftpKey && password == kSftpSecret) ||
           (user == kSftpOtherKey && password == kSftpOtherSecret);
  };
  options.tree = std::make_shared<MatchOutputTree>(files->source(), 1700000000);
  return options;
}

} // namespace

SftpFixture::SftpFixture(std::shared_ptr<SftpTestFiles> files, std::filesystem::path host_key_path)
    : server_(fixture_options(std::move(files), std::move(host_key_path))) {
  server_.start();
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, std::filesystem::path output)
    : output_(std::move(output)) {
  std::vector<char*> args;
  for (const std::string& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, output_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  const int rc = posix_spawnp(&pid_, args[0], &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0)
    throw std::runtime_error(argv[0] + ": cannot start: " + std::strerror(rc));
}

ChildProcess::~ChildProcess() {
  if (!status_) {
    kill_group();
    wait_for(std::chrono::seconds(5));
  }
}

std::optional<int> ChildProcess::wait_for(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!status_) {
    int raw = 0;
    const pid_t done = ::waitpid(pid_, &raw, WNOHANG);
    if (done == pid_) {
      status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
      // sftp's own ssh child may outlive it for a moment; never leave it behind.
      ::kill(-pid_, SIGKILL);
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status_;
}

void ChildProcess::kill_group() {
  if (!status_)
    ::kill(-pid_, SIGKILL);
}

std::string ChildProcess::output() const {
  return read_file(output_);
}

std::unique_ptr<ChildProcess> start_sftp(int port, const std::string& user,
                                         const std::string& password, const std::string& batch,
                                         const std::filesystem::path& workdir) {
  static std::atomic<int> counter{0};
  const std::string id = std::to_string(counter++);
  const auto batch_file = workdir / ("batch-" + id + ".txt");
  std::ofstream(batch_file) << batch;
  return std::make_unique<ChildProcess>(
      std::vector<std::string>{
          "sshpass", "-p", password, "sftp", "-o", "BatchMode=no", "-o", "StrictHostKeyChecking=no",
          "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5",
          "-P", std::to_string(port), "-b", batch_file.string(), user + "@127.0.0.1"},
      workdir / ("output-" + id + ".txt"));
}

SftpRun run_sftp(int port, const std::string& user, const std::string& password,
                 const std::string& batch, const std::filesystem::path& workdir) {
  const auto child = start_sftp(port, user, password, batch, workdir);
  SftpRun run;
  run.status = child->wait_for(std::chrono::seconds(30)).value_or(-1);
  run.output = child->output();
  return run;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

} // namespace reonomy::mock::testing
