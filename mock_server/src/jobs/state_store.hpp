#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "jobs/job_store.hpp"
#include "results/presigner.hpp"

namespace reonomy::mock {

// The settings besides a job's spec that decide its results. A state directory is tied to the
// values it was made with: with others, stored jobs would silently change their results.
struct ResultSettings {
  std::uint64_t seed = 0;
  std::size_t corpus_size = 0;
  std::size_t chunk_size = 0;
};

// The mock's state on disk (--state-dir), so a restarted mock carries on where it stopped:
//   settings                           ResultSettings the directory was made with
//   presigner                          the URL-signing identity (URLs stay valid across restarts)
//   clock                              a manual clock's time, rewritten at each advance
//   sftp_host_key                      the SFTP host key (unless --sftp-host-key names a file)
//   jobs/<hex of access key>/<id>.job  one file per accepted job, with its upload as sent
//   lock                               flock'ed while a mock uses the directory
//   quarantine/                        damaged files moved aside by Config::quarantine
// Every file is written whole or not at all (temporary file, fsync, rename, fsync of the
// directory) and carries a SHA-256 of its content. As a JobJournal, a job's file is durable
// before the JobStore keeps it, so before its 201 is sent.
//
// Opening verifies every file. A truncated, damaged or unknown file throws
// state::StateFileError naming it; with Config::quarantine it is moved to quarantine/ (and
// `note` says so) and the mock starts without it. Leftover temporary files are writes a crash
// interrupted before they were acknowledged: they are removed.
class StateStore final : public JobJournal {
public:
  struct Config {
    std::filesystem::path dir;
    ResultSettings settings;
    bool quarantine = false;
    // Receives one line per file moved aside or taken on trust.
    std::function<void(const std::string&)> note = [](const std::string&) {};
  };

  // Creates the directory on first use. Throws std::runtime_error when another mock holds it,
  // when its settings differ from `config.settings` (naming both), or when it cannot be read or
  // written; state::StateFileError for a bad file without quarantine.
  explicit StateStore(Config config);
  ~StateStore() override;
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  // The presigner identity kept in the directory (made and saved on first start).
  const Presigner::Identity& presigner_identity() const { return identity_; }
  // The manual clock's time when it was last saved, if ever.
  std::optional<TimePoint> manual_clock() const { return manual_clock_; }
  // Saves clock.now() (read under this store's lock, so the last save holds the latest time).
  void save_clock(const Clock& clock);
  // The jobs found at opening, each account's in acceptance order; empties the store's copy.
  std::vector<Job> take_jobs();
  std::filesystem::path host_key_path() const { return dir_ / "sftp_host_key"; }
  const std::filesystem::path& dir() const { return dir_; }

  // JobJournal: throw ApiError 500 StateWriteFailed when the disk refuses.
  void record(const Job& job, const Upload& upload) override;
  void forget(std::optional<std::string_view> access_key) override;

private:
  void lock_directory();
  void open_settings(const ResultSettings& settings);
  void open_presigner();
  void open_clock();
  void open_jobs();
  void load_account(const std::filesystem::path& account_dir, const std::string& access_key);
  // A file that cannot be used: throws, or moves it to quarantine/ and notes it.
  void reject(const std::filesystem::path& path, const std::string& problem);
  void forget_account_files(const std::filesystem::path& account_dir);

  std::filesystem::path dir_;
  bool quarantine_;
  std::function<void(const std::string&)> note_;
  int lock_fd_ = -1;
  Presigner::Identity identity_;
  std::optional<TimePoint> manual_clock_;
  std::vector<std::pair<std::uint64_t, Job>> loaded_;
  std::mutex mutex_;
  std::uint64_t next_seq_ = 1;
  std::set<std::string> account_dirs_; // made already
};

// A file name for an access key that any access key maps to one-to-one: lowercase hex.
std::string account_directory_name(std::string_view access_key);

} // namespace reonomy::mock
