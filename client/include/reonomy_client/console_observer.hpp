#pragma once

#include <chrono>
#include <iosfwd>
#include <string>

#include "reonomy_client/observer.hpp"

namespace reonomy::client {

// Shows what the client does to a person: status changes, retries and waits, URL refreshes, and
// download progress (percent, bytes and ETA) as a redrawn bar on a terminal at most ten times a
// second, or as plain lines when the output is a file or a pipe: start, every quarter, done, so
// a log gets at most five lines per file and attempt.
class ConsoleObserver : public ClientObserver {
public:
  ConsoleObserver(std::ostream& out, bool terminal);

  void on_retry(const RetryEvent& event) override;
  void on_waiting_for_job(const std::string& job_id) override;
  void on_status(const Job& job) override;
  void on_url_refresh(const std::string& object, const std::string& reason) override;
  void on_download_start(const DownloadProgress& progress) override;
  void on_download_progress(const DownloadProgress& progress) override;
  void on_download_done(const DownloadedFile& file) override;

private:
  void draw_bar(const DownloadProgress& progress);
  void end_bar();

  std::ostream& out_;
  bool terminal_;
  bool bar_open_ = false;
  int quarters_shown_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
};

// "12.3 MB", "512 B".
std::string human_bytes(std::uint64_t bytes);
// "part 3/40".
std::string part_text(const DownloadProgress& progress);
// "3 s", "2 min 5 s", "1 h 4 min".
std::string duration_text(std::chrono::seconds left);
// "part 3/40: 45% 12.1 MB/27.0 MB, ETA 3 s" (no ETA until one can be told; the object name and
// the bytes when the size is unknown).
std::string progress_text(const DownloadProgress& progress);

} // namespace reonomy::client
