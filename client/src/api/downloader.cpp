#include "api/downloader.hpp"

#include <charconv>
#include <fstream>

#include "api/result_files.hpp"
#include "http/url.hpp"
#include "http/xml_text.hpp"

namespace reonomy::client::detail {

namespace fs = std::filesystem;

namespace {

// Reports progress every this many bytes, so observers are not called per TCP segment.
constexpr std::uint64_t kProgressStep = 256 * 1024;
// Error bodies are small XML documents; keep no more than this of one.
constexpr std::size_t kMaxErrorBody = 64 * 1024;

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return n;
}

struct ContentRange {
  std::uint64_t first = 0;
  std::optional<std::uint64_t> total;
};

// "bytes 100-199/200" or "bytes 100-199/*".
std::optional<ContentRange> parse_content_range(const std::string& value) {
  if (!value.starts_with("bytes "))
    return std::nullopt;
  const auto dash = value.find('-');
  const auto slash = value.find('/');
  if (dash == std::string::npos || slash == std::string::npos || slash < dash)
    return std::nullopt;
  const auto first = number(std::string_view(value).substr(6, dash - 6));
  if (!first)
    return std::nullopt;
  return ContentRange{*first, number(std::string_view(value).substr(slash + 1))};
}

std::string checked_object_name(const std::string& url) {
  std::string name = object_name(url);
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
      name.find('\\') != std::string::npos)
    throw DownloadError("the result URL " + url.substr(0, url.find('?')) +
                        " names no file that can be saved");
  return name;
}

// What one attempt at a transfer produced.
struct Attempt {
  int status = 0;
  Headers headers;
  bool writing = false;
  bool restart = false;      // the server answered another range than asked: start over
  bool write_failed = false; // the disk refused: stop the transfer, report after
  std::uint64_t written = 0;
  std::optional<std::uint64_t> total;
  std::string error_body;
};

} // namespace

Downloader::Downloader(Requester& requester, Refetch refetch)
    : requester_(requester), refetch_(std::move(refetch)) {}

DownloadReport Downloader::run(const Job& job, const DownloadOptions& options) {
  if (job.status() != "SUCCESS")
    throw DownloadError("job " + job.id() + " is " + job.status_text() +
                        "; results exist once it is SUCCESS (wait for it first)");
  DownloadReport report{job, {}, 0};
  if (report.job.result_urls().empty())
    throw DownloadError("job " + job.id() + " is SUCCESS but lists no result_url(s)");
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec)
    throw DownloadError("cannot create " + options.out_dir.string() + ": " + ec.message());
  const std::size_t count = report.job.result_urls().size();
  for (std::size_t i = 0; i < count; ++i) {
    report.files.push_back(fetch(report.job, i, options.out_dir));
    report.records += report.files.back().records;
  }
  if (options.expected_records && !options.expected_records->contains(report.records)) {
    const auto& range = *options.expected_records;
    throw VerificationError("job " + job.id() + ": downloaded " + std::to_string(report.records) +
                            " records, expected " +
                            (range.min == range.max
                                 ? std::to_string(range.min)
                                 : std::to_string(range.min) + " to " + std::to_string(range.max)));
  }
  return report;
}

DownloadedFile Downloader::fetch(Job& job, std::size_t index, const fs::path& dir) {
  auto& session = requester_.session();
  auto& observer = session.observer();
  std::string url = job.result_urls().at(index);
  DownloadedFile file;
  file.name = checked_object_name(url);
  file.path = dir / file.name;
  const fs::path part = dir / (file.name + ".part");
  int failures = 0;
  int limited = 0;
  for (;;) {
    const std::uint64_t offset = fs::exists(part) ? fs::file_size(part) : 0;
    HttpRequest request{"GET", url, {{"Accept-Encoding", "identity"}}, "", {}};
    if (offset > 0) {
      request.headers.emplace_back("Range", "bytes=" + std::to_string(offset) + "-");
      ++file.resumes;
    }
    Attempt attempt;
    std::ofstream out;
    std::uint64_t reported = 0;
    StreamHandlers handlers;
    handlers.on_head = [&](int status, const Headers& headers) {
      attempt.status = status;
      attempt.headers = headers;
      if (status == 206) {
        const auto range = parse_content_range(header_value(headers, "Content-Range").value_or(""));
        if (!range || range->first != offset) {
          attempt.restart = true;
          return false;
        }
        attempt.total = range->total;
        attempt.written = offset;
        out.open(part, std::ios::binary | std::ios::app);
      } else if (status == 200) {
        // A whole body: any partial file is replaced (also when a Range was ignored).
        if (const auto length = header_value(headers, "Content-Length"))
          attempt.total = number(*length);
        out.open(part, std::ios::binary | std::ios::trunc);
      } else {
        return true;
      }
      // Exceptions must not unwind through the HTTP library: stop it and report afterwards.
      if (!out) {
        attempt.write_failed = true;
        return false;
      }
      attempt.writing = true;
      observer.on_download_start(file.name, attempt.written, attempt.total);
      return true;
    };
    handlers.on_body = [&](const char* data, std::size_t size) {
      if (!attempt.writing) {
        if (attempt.error_body.size() < kMaxErrorBody)
          attempt.error_body.append(data, size);
        return true;
      }
      out.write(data, static_cast<std::streamsize>(size));
      if (!out) {
        attempt.write_failed = true;
        return false;
      }
      attempt.written += size;
      if (attempt.written - reported >= kProgressStep) {
        reported = attempt.written;
        observer.on_download_progress(file.name, attempt.written, attempt.total);
      }
      return true;
    };
    const std::string what = "GET " + file.name;
    try {
      session.stream(request, Audience::result, handlers);
    } catch (const TransportError& e) {
      out.close();
      // The attempts bound failures in a row: a transfer that keeps moving forward between
      // breaks is worth resuming for as long as it takes.
      if (fs::exists(part) && fs::file_size(part) > offset)
        failures = 0;
      requester_.back_off(RetryReason::connection, what + ": " + e.what(), ++failures);
      continue;
    }
    out.close();
    if (attempt.write_failed)
      throw DownloadError("cannot write " + part.string() + " (disk full?)");
    if (attempt.restart) { // another range than asked for: start over, but not forever
      fs::remove(part);
      requester_.back_off(RetryReason::server_error,
                          what + ": HTTP 206 for another range than asked; starting over",
                          ++failures);
      continue;
    }
    const int status = attempt.status;
    if (status == 200 || status == 206) {
      if (attempt.total && attempt.written != *attempt.total) {
        requester_.back_off(RetryReason::connection,
                            what + ": the body ended at " + std::to_string(attempt.written) +
                                " of " + std::to_string(*attempt.total) + " bytes",
                            ++failures);
        continue;
      }
      observer.on_download_progress(file.name, attempt.written, attempt.total);
      break;
    }
    if (status == 416) { // the partial file is longer than the object: start over
      fs::remove(part);
      requester_.back_off(RetryReason::server_error, what + ": HTTP 416", ++failures);
      continue;
    }
    const std::string code = xml_element_text(attempt.error_body, "Code").value_or("");
    const std::string message = xml_element_text(attempt.error_body, "Message").value_or("");
    const bool expired = status == 403 && message.find("Request has expired") != std::string::npos;
    const bool evicted =
        status == 404 && (code == "NoSuchKey" ||
                          message.find("The specified key does not exist") != std::string::npos);
    if (expired || evicted) {
      if (++file.refreshes > session.options().retry.max_url_refreshes)
        throw DownloadError(what + ": the URL kept failing (" + code + ": " + message + ") after " +
                            std::to_string(file.refreshes - 1) + " fresh URLs");
      observer.on_url_refresh(file.name, code + ": " + message);
      job = refetch_(job.id());
      const auto urls = job.result_urls();
      if (urls.size() <= index || checked_object_name(urls[index]) != file.name)
        throw DownloadError("job " + job.id() + " no longer lists " + file.name +
                            " among its result URLs");
      url = urls[index];
      continue;
    }
    if (status == 429) {
      requester_.wait_rate_limit({status, attempt.headers, attempt.error_body}, what + ": HTTP 429",
                                 ++limited);
      continue;
    }
    if (status >= 500) {
      requester_.back_off(RetryReason::server_error, what + ": HTTP " + std::to_string(status),
                          ++failures);
      continue;
    }
    throw DownloadError(
        what + ": HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code) +
        (message.empty() ? " " + attempt.error_body.substr(0, 300) : ": " + message));
  }
  file.bytes = fs::file_size(part);
  file.records = format_of(file.name) == ResultFormat::csv ? check_csv(part, file.name)
                                                           : check_ndjson(part, file.name);
  fs::rename(part, file.path);
  observer.on_download_done(file);
  return file;
}

} // namespace reonomy::client::detail
