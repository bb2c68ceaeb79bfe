#include "reonomy_client/console_observer.hpp"

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

} // namespace

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

void ConsoleObserver::on_download_start(const std::string& object, std::uint64_t offset,
                                        std::optional<std::uint64_t> total) {
  quarters_shown_ = 0;
  if (terminal_) {
    draw_bar(object, offset, total);
    return;
  }
  out_ << clock_time() << (offset ? " resuming " : " downloading ") << object;
  if (offset)
    out_ << " at " << human_bytes(offset);
  if (total)
    out_ << " (" << human_bytes(*total) << ")";
  out_ << "\n";
  out_.flush();
}

void ConsoleObserver::on_download_progress(const std::string& object, std::uint64_t bytes,
                                           std::optional<std::uint64_t> total) {
  if (terminal_) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < kRedrawEvery && !(total && bytes == *total))
      return;
    last_draw_ = now;
    draw_bar(object, bytes, total);
    return;
  }
  if (!total || *total == 0)
    return;
  const int quarter = static_cast<int>(bytes * 4 / *total);
  if (quarter <= quarters_shown_ || quarter >= 4)
    return;
  quarters_shown_ = quarter;
  out_ << clock_time() << " " << object << ": " << quarter * 25 << "% (" << human_bytes(bytes)
       << " of " << human_bytes(*total) << ")\n";
  out_.flush();
}

void ConsoleObserver::draw_bar(const std::string& object, std::uint64_t bytes,
                               std::optional<std::uint64_t> total) {
  out_ << "\r  " << object << "  ";
  if (total && *total > 0) {
    const auto filled = static_cast<int>(bytes * kBarWidth / *total);
    out_ << "[" << std::string(static_cast<std::size_t>(filled), '#')
         << std::string(static_cast<std::size_t>(kBarWidth - filled), '.') << "] "
         << bytes * 100 / *total << "%  " << human_bytes(bytes) << " / " << human_bytes(*total);
  } else {
    out_ << human_bytes(bytes);
  }
  out_ << "   " << std::flush;
  bar_open_ = true;
}

void ConsoleObserver::on_download_done(const DownloadedFile& file) {
  end_bar();
  out_ << clock_time() << " saved " << file.path.string() << ": " << human_bytes(file.bytes) << ", "
       << file.records << " records";
  if (file.resumes)
    out_ << ", resumed " << file.resumes << "x";
  if (file.refreshes)
    out_ << ", " << file.refreshes << " fresh URL(s)";
  out_ << "\n";
  out_.flush();
}

} // namespace reonomy::client
