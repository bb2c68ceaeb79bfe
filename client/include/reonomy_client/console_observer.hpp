#pragma once

#include <chrono>
#include <iosfwd>
#include <string>

#include "reonomy_client/observer.hpp"

namespace reonomy::client {

// Shows what the client does to a person: status changes, retries and waits, URL refreshes, and
// download progress as a redrawn bar on a terminal or as plain lines (start, every quarter,
// done) when the output is a file or a pipe.
class ConsoleObserver : public ClientObserver {
public:
  ConsoleObserver(std::ostream& out, bool terminal);

  void on_retry(const RetryEvent& event) override;
  void on_waiting_for_job(const std::string& job_id) override;
  void on_status(const Job& job) override;
  void on_url_refresh(const std::string& object, const std::string& reason) override;
  void on_download_start(const std::string& object, std::uint64_t offset,
                         std::optional<std::uint64_t> total) override;
  void on_download_progress(const std::string& object, std::uint64_t bytes,
                            std::optional<std::uint64_t> total) override;
  void on_download_done(const DownloadedFile& file) override;

private:
  void draw_bar(const std::string& object, std::uint64_t bytes, std::optional<std::uint64_t> total);
  void end_bar();

  std::ostream& out_;
  bool terminal_;
  bool bar_open_ = false;
  int quarters_shown_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
};

// "12.3 MB", "512 B".
std::string human_bytes(std::uint64_t bytes);

} // namespace reonomy::client
