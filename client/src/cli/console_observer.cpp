#include "reonomy_client/console_observer.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <ostream>

#include "reonomy_client/download.hpp"

namespace reonomy::client {

namespace {

constexpr int kBarWidth = 30;
// A terminal redraw at most this often; faster only burns the terminal.
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

std::string clock_time() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof text, "%H:%M:%S", &local);
  return text;
}

std::string seconds_text(std::chrono::milliseconds delay) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(delay.count()) / 1000.0);
  return text;
}

// "45% 12.1 MB/27.0 MB, ETA 3 s", or the object and its bytes when the size is unknown.
std::string amount_text(const DownloadProgress& progress) {
  const auto percent = progress.percent();
  if (!percent)
    return progress.object + " " + human_bytes(progress.bytes);
  std::string text = std::to_string(*percent) + "% " + human_bytes(progress.bytes) + "/" +
                     human_bytes(*progress.total);
  if (progress.eta)
    text += ", ETA " + duration_text(*progress.eta);
  return text;
}

} // namespace

std::string part_text(const DownloadProgress& progress) {
  return "part " + std::to_string(progress.part) + "/" + std::to_string(progress.parts);
}

std::string duration_text(std::chrono::seconds left) {
  const auto s = left.count();
  if (s < 60)
    return std::to_string(s) + " s";
  if (s < 3600)
    return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
  return std::to_string(s / 3600) + " h " + std::to_string(s % 3600 / 60) + " min";
}

std::string progress_text(const DownloadProgress& progress) {
  return part_text(progress) + ": " + amount_text(progress);
}

std::string human_bytes(std::uint64_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000 && unit < 4) {
    value /= 1000;
    ++unit;
  }
  char text[32];
  if (unit == 0)
    std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
  else
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  return text;
}

ConsoleObserver::ConsoleObserver(std::ostream& out, bool terminal)
    : out_(out), terminal_(terminal) {}

void ConsoleObserver::end_bar() {
  if (bar_open_)
    out_ << "\n";
  bar_open_ = false;
}

void ConsoleObserver::on_retry(const RetryEvent& event) {
  end_bar();
  switch (event.reason) {
  case RetryReason::rate_limited:
    out_ << clock_time() << " rate limited (" << event.what << "); waiting "
         << seconds_text(event.delay) << " as Retry-After asks\n";
    break;
  case RetryReason::server_error:
  case RetryReason::connection:
    out_ << clock_time() << " " << event.what << "; retry " << event.attempt << " in "
         << seconds_text(event.delay) << "\n";
    break;
  }
  out_.flush();
}

void ConsoleObserver::on_waiting_for_job(const std::string& job_id) {
  end_bar();
  out_ << clock_time() << " another job (" << job_id
       << ") is running and the API runs one at a time; waiting for it before submitting\n";
  out_.flush();
}

void ConsoleObserver::on_status(const Job& job) {
  end_bar();
  out_ << clock_time() << " job " << job.id() << ": " << job.status_text() << "\n";
  out_.flush();
}

void ConsoleObserver::on_url_refresh(const std::string& object, const std::string& reason) {
  end_bar();
  out_ << clock_time() << " " << object << ": the URL no longer works (" << reason
       << "); fetching the job again for a fresh one\n";
  out_.flush();
}

void ConsoleObserver::on_download_start(const DownloadProgress& progress) {
  quarters_shown_ = progress.total && *progress.total > 0
                        ? static_cast<int>(progress.bytes * 4 / *progress.total)
                        : 0;
  if (terminal_) {
    draw_bar(progress);
    return;
  }
  out_ << clock_time() << " " << part_text(progress) << ": "
       << (progress.bytes ? "resuming " : "downloading ") << progress.object;
  if (progress.bytes)
    out_ << " at " << human_bytes(progress.bytes);
  if (progress.total)
    out_ << (progress.bytes ? " of " : " (") << human_bytes(*progress.total)
         << (progress.bytes ? "" : ")");
  out_ << "\n";
  out_.flush();
}

void ConsoleObserver::on_download_progress(const DownloadProgress& progress) {
  const auto percent = progress.percent();
  if (terminal_) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < kRedrawEvery && percent != 100)
      return;
    last_draw_ = now;
    draw_bar(progress);
    return;
  }
  // A file or a pipe gets a line at each quarter, not a line per redraw; "saved" says 100%.
  if (!percent || !progress.total || *progress.total == 0)
    return;
  const int quarter = static_cast<int>(progress.bytes * 4 / *progress.total);
  if (quarter <= quarters_shown_ || quarter >= 4)
    return;
  quarters_shown_ = quarter;
  out_ << clock_time() << " " << progress_text(progress) << "\n";
  out_.flush();
}

void ConsoleObserver::draw_bar(const DownloadProgress& progress) {
  out_ << "\r  ";
  if (progress.total && *progress.total > 0) {
    const auto filled =
        static_cast<int>(std::min(progress.bytes, *progress.total) * kBarWidth / *progress.total);
    out_ << part_text(progress) << " [" << std::string(static_cast<std::size_t>(filled), '#')
         << std::string(static_cast<std::size_t>(kBarWidth - filled), '.') << "] "
         << amount_text(progress);
  } else {
    out_ << progress_text(progress);
  }
  out_ << "   " << std::flush;
  bar_open_ = true;
}

void ConsoleObserver::on_download_done(const DownloadedFile& file) {
  end_bar();
  out_ << clock_time() << " saved " << file.path.string() << ": " << human_bytes(file.bytes) << ", "
       << file.records << " records";
  if (file.md5_verified)
    out_ << ", MD5 verified";
  if (file.resumes)
    out_ << ", resumed " << file.resumes << "x";
  if (file.refreshes)
    out_ << ", " << file.refreshes << " fresh URL(s)";
  out_ << "\n";
  out_.flush();
}

} // namespace reonomy::client
