#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "reonomy_client/job.hpp"
#include "reonomy_client/submission.hpp"

namespace reonomy::client {

struct DownloadOptions {
  std::filesystem::path out_dir;
  // Property-details: the number of records the job must return in total.
  std::optional<RecordRange> expected_records;
};

// One result file saved by Client::download. A file under its final name is always whole:
// - its size equals the object's as the server announced it (Content-Length, or the total of a
//   206's Content-Range), when the server announced one;
// - when the ETag is one S3 gives a single-part upload (32 hex digits, quoted), the MD5 of its
//   bytes equals it (md5_verified); a multipart ETag ("...-N") states no MD5 and is not checked;
// - its lines (NDJSON) or rows (CSV) parsed.
// Until then the bytes live in <name>.part; a transfer that breaks goes on from there with a
// Range (in this run or the next), fetching only the bytes that are missing.
struct DownloadedFile {
  std::string name;           // the object name from the URL: <uuid>_<n>.ndjson, <uuid>.csv
  std::filesystem::path path; // out_dir / name
  std::uint64_t bytes = 0;
  std::size_t records = 0; // NDJSON lines, or CSV data rows
  int refreshes = 0;       // fresh URLs fetched for it (expired, NoSuchKey)
  int resumes = 0;         // times the transfer broke and went on from where it stopped
  std::string etag;        // as the server sent it, quotes included; empty when it sent none
  // The bytes' MD5 matched the ETag. False when the ETag states no MD5: none was sent, or the
  // object was uploaded in parts ("...-N"), whose ETag is an MD5 of the parts' MD5s.
  bool md5_verified = false;
};

struct DownloadReport {
  Job job; // as last fetched (a refresh fetches it again)
  std::vector<DownloadedFile> files;
  std::size_t records = 0;
};

} // namespace reonomy::client
