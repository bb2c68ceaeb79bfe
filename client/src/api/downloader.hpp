#pragma once

#include <functional>
#include <string>

#include "api/requester.hpp"
#include "reonomy_client/download.hpp"

namespace reonomy::client::detail {

// Fetches the result files of a SUCCESS job, one after the other:
// - each streams into <out>/<object>.part and is renamed to <out>/<object> only once complete
//   and verified, so a file under its final name is always whole;
// - a transfer that breaks goes on from the bytes already on disk (Range, and If-Range once the
//   ETag is known), or starts over when the server ignores the range or the object changed;
// - a finished file must be as long as the server announced and, when its ETag is a single-part
//   S3 ETag, have that MD5 (hashed as the bytes arrive, across resumes);
// - 403 "Request has expired" and 404 NoSuchKey fetch the job again for a fresh URL (doc: "call
//   GET /v2/jobs/file/{job_id} again to get a new URL");
// - 429, 5xx and broken connections wait as any other request does.
class Downloader {
public:
  using Refetch = std::function<Job(const std::string& job_id)>;
  Downloader(Requester& requester, Refetch refetch);

  DownloadReport run(const Job& job, const DownloadOptions& options);

private:
  DownloadedFile fetch(Job& job, std::size_t index, const std::filesystem::path& dir);

  Requester& requester_;
  Refetch refetch_;
};

} // namespace reonomy::client::detail
