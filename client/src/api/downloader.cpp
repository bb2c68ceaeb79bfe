#include "api/downloader.hpp"

#include <charconv>
#include <cmath>
#include <fstream>

#include "api/result_files.hpp"
#include "http/etag.hpp"
#include "http/url.hpp"
#include "http/xml_text.hpp"

namespace reonomy::client::detail {

namespace fs = std::filesystem;

namespace {

// Without a known size, reports progress every this many bytes, so observers are not called per
// TCP segment (with one, whenever the whole percentage changes).
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
  std::string restart;       // why the answer cannot continue the .part: start over
  bool write_failed = false; // the disk refused: stop the transfer, report after
  std::uint64_t written = 0;
  std::optional<std::uint64_t> total;
  std::string error_body;
};

// Time left at the rate this attempt has moved so far; nullopt until a second has passed.
std::optional<std::chrono::seconds> time_left(std::uint64_t moved,
                                              std::optional<std::uint64_t> total,
                                              std::uint64_t bytes, Clock::Duration elapsed) {
  if (!total || moved == 0 || elapsed < std::chrono::seconds(1) || bytes > *total)
    return std::nullopt;
  const double seconds = std::chrono::duration<double>(elapsed).count() *
                         static_cast<double>(*total - bytes) / static_cast<double>(moved);
  return std::chrono::seconds(static_cast<std::int64_t>(std::ceil(seconds)));
}

// The object's size a 416 states: Content-Range "bytes */SIZE" (RFC 9110), or S3's
// <ActualObjectSize> in the InvalidRange body.
std::optional<std::uint64_t> unsatisfiable_size(const Headers& headers, const std::string& body) {
  const std::string range = header_value(headers, "Content-Range").value_or("");
  if (range.starts_with("bytes */"))
    if (const auto size = number(std::string_view(range).substr(8)))
      return size;
  if (const auto text = xml_element_text(body, "ActualObjectSize"))
    return number(*text);
  return std::nullopt;
}

// The length and MD5 checks of a finished transfer, before the file gets its final name. A file
// whose bytes do not match its ETag's MD5 is removed: resuming it could only keep the damage.
void verify(DownloadedFile& file, const fs::path& part, const std::optional<std::uint64_t>& size,
            const std::optional<std::string>& etag, Md5& md5) {
  file.bytes = fs::file_size(part);
  if (size && file.bytes != *size)
    throw VerificationError(file.name + ": " + std::to_string(file.bytes) +
                            " bytes on disk, but the server announced " + std::to_string(*size) +
                            " (Content-Length); " + part.string() + " is kept");
  file.etag = etag.value_or("");
  const auto expected = etag ? etag_md5(*etag) : std::nullopt;
  if (!expected)
    return; // no ETag, or a multipart upload's ("<md5 of md5s>-N"), which is no MD5 of the bytes
  if (md5.bytes() != file.bytes) {
    md5.reset();
    md5.update_from_file(part, file.bytes);
  }
  const std::string actual = md5.hex();
  if (actual != *expected) {
    fs::remove(part);
    throw VerificationError(file.name + ": the MD5 of its " + std::to_string(file.bytes) +
                            " bytes is " + actual + ", but the ETag says " + *expected +
                            "; the download is corrupt and was removed, run it again");
  }
  file.md5_verified = true;
}

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
  auto& clock = session.clock();
  std::string url = job.result_urls().at(index);
  DownloadedFile file;
  file.name = checked_object_name(url);
  file.path = dir / file.name;
  const fs::path part = dir / (file.name + ".part");
  DownloadProgress progress;
  progress.object = file.name;
  progress.part = index + 1;
  progress.parts = job.result_urls().size();
  // The object as the first answer of this run described it; every later answer must describe
  // the same one, or the pieces on disk belong to two different objects.
  std::optional<std::string> etag;
  std::optional<std::uint64_t> size;
  // The MD5 of what the .part holds, fed as bytes arrive and kept across attempts.
  Md5 md5;
  bool gave_back_last_byte = false;
  std::uint64_t furthest = fs::exists(part) ? fs::file_size(part) : 0;
  int failures = 0;
  int limited = 0;
  // Backs off before another attempt. When the attempts run out while the server keeps sending
  // fewer bytes than it announced, say so with the file and both sizes.
  const auto retry = [&](RetryReason reason, const std::string& what) {
    try {
      requester_.back_off(reason, what, ++failures);
    } catch (const ServiceUnavailable&) {
      const std::uint64_t on_disk = fs::exists(part) ? fs::file_size(part) : 0;
      if (reason != RetryReason::connection || !size || on_disk >= *size)
        throw;
      throw DownloadError(file.name + ": " + std::to_string(on_disk) + " of its " +
                          std::to_string(*size) + " bytes (the size the server announced) after " +
                          std::to_string(failures) + " tries that ended short (the last: " + what +
                          "); " + part.string() + " is kept, a later run resumes from it");
    }
  };
  for (;;) {
    std::uint64_t offset = fs::exists(part) ? fs::file_size(part) : 0;
    if (offset > 0 && md5.bytes() != offset) { // a .part from an earlier run, or a short write
      md5.reset();
      if (!md5.update_from_file(part, offset)) {
        fs::remove(part);
        md5.reset();
        offset = 0;
      }
    }
    // Everything arrived but the connection broke after the last byte: nothing left to ask for.
    if (size && etag && offset == *size)
      break;
    HttpRequest request{"GET", url, {{"Accept-Encoding", "identity"}}, "", {}};
    if (offset > 0) {
      request.headers.emplace_back("Range", "bytes=" + std::to_string(offset) + "-");
      // A server that honours If-Range answers 200 with the whole new object when it changed.
      if (etag)
        request.headers.emplace_back("If-Range", *etag);
      ++file.resumes;
    }
    Attempt attempt;
    std::ofstream out;
    Clock::TimePoint started{};
    std::uint64_t reported = 0;
    int shown_percent = -1;
    StreamHandlers handlers;
    handlers.on_head = [&](int status, const Headers& headers) {
      attempt.status = status;
      attempt.headers = headers;
      const auto answered_etag = header_value(headers, "ETag");
      if (status == 206) {
        const auto range = parse_content_range(header_value(headers, "Content-Range").value_or(""));
        if (!range || range->first != offset) {
          attempt.restart = "HTTP 206 for another range than asked";
        } else if (etag && answered_etag && *answered_etag != *etag) {
          attempt.restart = "the object changed (ETag " + *answered_etag + ", was " + *etag + ")";
        } else if (size && range->total && *range->total != *size) {
          attempt.restart = "the object is now " + std::to_string(*range->total) + " bytes, was " +
                            std::to_string(*size);
        }
        if (!attempt.restart.empty())
          return false;
        attempt.total = range->total ? range->total : size;
        attempt.written = offset;
        out.open(part, std::ios::binary | std::ios::app);
      } else if (status == 200) {
        // A whole body: any partial file is replaced (also when a Range or If-Range said so).
        if (const auto length = header_value(headers, "Content-Length"))
          attempt.total = number(*length);
        out.open(part, std::ios::binary | std::ios::trunc);
        md5.reset();
        etag.reset();
      } else {
        return true;
      }
      // Exceptions must not unwind through the HTTP library: stop it and report afterwards.
      if (!out) {
        attempt.write_failed = true;
        return false;
      }
      if (!etag)
        etag = answered_etag;
      size = attempt.total;
      attempt.writing = true;
      started = clock.now();
      progress.bytes = attempt.written;
      progress.total = attempt.total;
      progress.eta.reset();
      reported = attempt.written;
      shown_percent = progress.percent().value_or(-1);
      observer.on_download_start(progress);
      return true;
    };
    handlers.on_body = [&](const char* data, std::size_t size_of_piece) {
      if (!attempt.writing) {
        if (attempt.error_body.size() < kMaxErrorBody)
          attempt.error_body.append(data, size_of_piece);
        return true;
      }
      out.write(data, static_cast<std::streamsize>(size_of_piece));
      if (!out) {
        attempt.write_failed = true;
        return false;
      }
      md5.update(data, size_of_piece);
      attempt.written += size_of_piece;
      progress.bytes = attempt.written;
      // The last report (100%) comes once the file is verified.
      const auto percent = progress.percent();
      const bool due = percent ? *percent != shown_percent && *percent < 100
                               : attempt.written - reported >= kProgressStep;
      if (!due)
        return true;
      reported = attempt.written;
      shown_percent = percent.value_or(-1);
      progress.eta = time_left(attempt.written - offset, attempt.total, attempt.written,
                               clock.now() - started);
      observer.on_download_progress(progress);
      return true;
    };
    const std::string what = "GET " + file.name;
    try {
      session.stream(request, Audience::result, handlers);
    } catch (const TransportError& e) {
      out.close();
      // The attempts bound failures in a row: a transfer that keeps moving forward between
      // breaks is worth resuming for as long as it takes. Forward means past the furthest point
      // of this run, so a server that makes us start over and then breaks at the same place
      // again runs out of attempts instead of looping.
      const std::uint64_t on_disk = fs::exists(part) ? fs::file_size(part) : 0;
      if (on_disk > furthest) {
        furthest = on_disk;
        failures = 0;
      }
      retry(RetryReason::connection,
            what + ": " + e.what() +
                (size ? " at " + std::to_string(on_disk) + " of " + std::to_string(*size) + " bytes"
                      : ""));
      continue;
    }
    out.close();
    if (attempt.write_failed)
      throw DownloadError("cannot write " + part.string() + " (disk full?)");
    if (!attempt.restart.empty()) { // not the bytes that continue the .part: start over
      fs::remove(part);
      md5.reset();
      etag.reset();
      size.reset();
      retry(RetryReason::server_error, what + ": " + attempt.restart + "; starting over");
      continue;
    }
    const int status = attempt.status;
    if (status == 200 || status == 206) {
      if (attempt.total && attempt.written != *attempt.total) {
        retry(RetryReason::connection, what + ": the body ended at " +
                                           std::to_string(attempt.written) + " of " +
                                           std::to_string(*attempt.total) + " bytes");
        continue;
      }
      break;
    }
    if (status == 416) {
      const auto object_size = unsatisfiable_size(attempt.headers, attempt.error_body);
      if (object_size && *object_size == offset && offset > 0) {
        // The .part already holds the whole object (a run that stopped before renaming it).
        // Verify it when this run knows the ETag; otherwise give back its last byte and fetch
        // that again, which costs one byte and brings the ETag and the size with it.
        size = object_size;
        if (!etag)
          etag = header_value(attempt.headers, "ETag");
        if (etag)
          break;
        if (!gave_back_last_byte) {
          gave_back_last_byte = true;
          fs::resize_file(part, offset - 1);
          md5.reset();
          continue;
        }
      }
      // The .part is longer than the object, or the object's size is not known: start over.
      fs::remove(part);
      md5.reset();
      etag.reset();
      size.reset();
      retry(RetryReason::server_error,
            what + ": HTTP 416 for bytes=" + std::to_string(offset) + "-; starting over");
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
      retry(RetryReason::server_error, what + ": HTTP " + std::to_string(status));
      continue;
    }
    throw DownloadError(
        what + ": HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code) +
        (message.empty() ? " " + attempt.error_body.substr(0, 300) : ": " + message));
  }
  verify(file, part, size, etag, md5);
  progress.bytes = file.bytes;
  progress.total = file.bytes;
  progress.eta = std::chrono::seconds(0);
  observer.on_download_progress(progress);
  file.records = format_of(file.name) == ResultFormat::csv ? check_csv(part, file.name)
                                                           : check_ndjson(part, file.name);
  fs::rename(part, file.path);
  observer.on_download_done(file);
  return file;
}

} // namespace reonomy::client::detail
