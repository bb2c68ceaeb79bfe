#include "sftp/match_output_tree.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace reonomy::mock {

namespace {

constexpr std::string_view kJobs = "/jobs";
constexpr std::string_view kMatch = "/jobs/match";

SftpEntry directory(std::string name, std::int64_t mtime) {
  return SftpEntry{std::move(name), 0, mtime, true};
}

bool valid_file(const SftpEntry& entry) {
  return !entry.is_dir && !entry.name.empty() && entry.name != "." && entry.name != ".." &&
         entry.name.find('/') == std::string::npos;
}

// The file name when `path` is directly inside /jobs/match, else empty.
std::string_view match_file_name(std::string_view path) {
  if (path.size() <= kMatch.size() + 1 || !path.starts_with(kMatch) || path[kMatch.size()] != '/')
    return {};
  const std::string_view name = path.substr(kMatch.size() + 1);
  return name.find('/') == std::string_view::npos ? name : std::string_view{};
}

} // namespace

MatchOutputTree::MatchOutputTree(MatchOutputFiles files, std::int64_t dirs_mtime)
    : files_(std::move(files)), dirs_mtime_(dirs_mtime) {
  if (!files_.list || !files_.open)
    throw std::invalid_argument("MatchOutputTree needs both a list and an open function");
}

std::vector<SftpEntry> MatchOutputTree::match_files(std::string_view account) const {
  std::vector<SftpEntry> files = files_.list(account);
  std::erase_if(files, [](const SftpEntry& entry) { return !valid_file(entry); });
  // ours: a stable, sorted listing; SFTP servers list in directory order, which for a virtual
  // directory is whatever we say, and sorted is what people expect to read.
  std::sort(files.begin(), files.end(),
            [](const SftpEntry& a, const SftpEntry& b) { return a.name < b.name; });
  files.erase(std::unique(files.begin(), files.end(),
                          [](const SftpEntry& a, const SftpEntry& b) { return a.name == b.name; }),
              files.end());
  return files;
}

std::optional<SftpEntry> MatchOutputTree::stat(std::string_view account, std::string_view path) {
  if (path == "/")
    return directory("/", dirs_mtime_);
  if (path == kJobs)
    return directory("jobs", dirs_mtime_);
  if (path == kMatch) {
    std::int64_t mtime = dirs_mtime_;
    for (const SftpEntry& file : match_files(account))
      mtime = std::max(mtime, file.mtime);
    return directory("match", mtime);
  }
  const std::string_view name = match_file_name(path);
  if (name.empty())
    return std::nullopt;
  for (SftpEntry& file : match_files(account))
    if (file.name == name)
      return std::move(file);
  return std::nullopt;
}

std::vector<SftpEntry> MatchOutputTree::list(std::string_view account, std::string_view dir) {
  if (dir == "/")
    return {*stat(account, kJobs)};
  if (dir == kJobs)
    return {*stat(account, kMatch)};
  if (dir == kMatch)
    return match_files(account);
  return {};
}

std::unique_ptr<SftpReader> MatchOutputTree::open(std::string_view account, std::string_view path) {
  const std::string_view name = match_file_name(path);
  if (name.empty())
    return nullptr;
  return files_.open(account, name);
}

} // namespace reonomy::mock
