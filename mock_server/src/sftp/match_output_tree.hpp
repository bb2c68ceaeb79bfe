#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "sftp/sftp_tree.hpp"

namespace reonomy::mock {

// Where the match jobs' output files come from: the finished outputs of one account. Both
// functions are called concurrently from SFTP session threads and must be thread-safe.
struct MatchOutputFiles {
  // The files to show in /jobs/match for `account`, e.g. one per job that reached SUCCESS, with
  // the size of its output and its completion time on the mock clock. Entries that are
  // directories, have an empty name, a name containing '/', or the name "." or ".." are left out.
  std::function<std::vector<SftpEntry>(std::string_view account)> list;

  // A reader over file `name` (as listed) of `account`, or nullptr when it no longer exists.
  std::function<std::unique_ptr<SftpReader>(std::string_view account, std::string_view name)> open;
};

// The layout Reonomy delivers match outputs in, as every account sees it over SFTP:
//
//   /                   the home directory
//   /jobs
//   /jobs/match/<file>  one entry per file MatchOutputFiles::list gives for the account
//
// `jobs` and `jobs/match` always exist, even before an account has any output, so a client can
// `cd jobs/match` right after its first login. Directory times: "/" and "/jobs" have
// `dirs_mtime`; "/jobs/match" has the newest of `dirs_mtime` and its files' times, as a real
// directory changes when a file appears in it.
class MatchOutputTree final : public SftpTree {
public:
  MatchOutputTree(MatchOutputFiles files, std::int64_t dirs_mtime);

  std::optional<SftpEntry> stat(std::string_view account, std::string_view path) override;
  std::vector<SftpEntry> list(std::string_view account, std::string_view dir) override;
  std::unique_ptr<SftpReader> open(std::string_view account, std::string_view path) override;

private:
  std::vector<SftpEntry> match_files(std::string_view account) const;

  MatchOutputFiles files_;
  std::int64_t dirs_mtime_;
};

} // namespace reonomy::mock
