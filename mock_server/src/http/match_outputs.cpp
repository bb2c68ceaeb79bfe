#include "http/match_outputs.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>

#include "results/object_stream.hpp"

namespace reonomy::mock {

namespace {

// When the output lands on SFTP: at SUCCESS, or later when a fault rule (sftp_late) says so.
TimePoint delivered_at(const Job& job) {
  return job.finished_at() + job.faults.sftp_delay;
}

bool has_output(const Job& job, TimePoint now) {
  return job.type == JobType::match && job.status_at(now) == JobStatus::success &&
         now >= delivered_at(job);
}

std::unique_ptr<ObjectStream> stream_of(const ServiceContext& ctx, const Job& job) {
  return std::make_unique<ObjectStream>(std::get<MatchSpec>(*job.spec), ctx.plan_of(job),
                                        *ctx.corpus, *ctx.matcher);
}

std::uint64_t output_size(const ServiceContext& ctx, const Job& job) {
  return job.results->size([&] {
    const auto stream = stream_of(ctx, job);
    std::uint64_t size = 0;
    std::string piece;
    while (stream->fill(piece, kPieceBytes)) {
      size += piece.size();
      piece.clear();
    }
    return size;
  });
}

// Reads a match output by offset. SFTP clients read forward; a read behind the generated piece
// starts the generation over (the output is deterministic, so the bytes are the same).
class MatchOutputReader final : public SftpReader {
public:
  MatchOutputReader(const ServiceContext& ctx, std::shared_ptr<const Job> job)
      : ctx_(ctx), job_(std::move(job)), stream_(stream_of(ctx_, *job_)) {}

  std::size_t read(std::uint64_t offset, char* buf, std::size_t len) override {
    if (offset < piece_start_)
      restart();
    while (offset >= piece_start_ + piece_.size()) {
      piece_start_ += piece_.size();
      piece_.clear();
      if (!stream_->fill(piece_, kPieceBytes))
        return 0; // past the end
    }
    const std::size_t from = offset - piece_start_;
    const std::size_t n = std::min(len, piece_.size() - from);
    std::memcpy(buf, piece_.data() + from, n);
    return n;
  }

private:
  void restart() {
    stream_ = stream_of(ctx_, *job_);
    piece_.clear();
    piece_start_ = 0;
  }

  const ServiceContext& ctx_;
  std::shared_ptr<const Job> job_; // keeps the spec the stream reads alive
  std::unique_ptr<ObjectStream> stream_;
  std::string piece_;
  std::uint64_t piece_start_ = 0;
};

// A fault rule's (sftp_drop) reader: the first `after_bytes` bytes, then the connection drops.
class DroppingReader final : public SftpReader {
public:
  DroppingReader(std::unique_ptr<SftpReader> inner, std::uint64_t after_bytes)
      : inner_(std::move(inner)), after_bytes_(after_bytes) {}

  std::size_t read(std::uint64_t offset, char* buf, std::size_t len) override {
    if (offset >= after_bytes_)
      throw SftpDropConnection();
    return inner_->read(offset, buf, std::min<std::uint64_t>(len, after_bytes_ - offset));
  }

private:
  std::unique_ptr<SftpReader> inner_;
  std::uint64_t after_bytes_;
};

} // namespace

std::string match_output_name(const Job& job) {
  std::string name = to_string(job.id) + "_";
  for (const char c : job.filename)
    name +=
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ? c : '_';
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  if (!lower.ends_with(".csv"))
    name += ".csv";
  return name;
}

MatchOutputFiles match_output_files(ServiceContext& ctx) {
  MatchOutputFiles files;
  files.list = [&ctx](std::string_view account) {
    std::vector<SftpEntry> entries;
    const TimePoint now = ctx.clock.now();
    const auto page = ctx.jobs.list(account, SIZE_MAX, 0);
    for (const auto& job : page.items) {
      if (!has_output(*job, now))
        continue;
      const auto seconds = std::chrono::floor<std::chrono::seconds>(delivered_at(*job));
      entries.push_back({match_output_name(*job), output_size(ctx, *job),
                         seconds.time_since_epoch().count(), false});
    }
    return entries;
  };
  files.open = [&ctx](std::string_view account,
                      std::string_view name) -> std::unique_ptr<SftpReader> {
    const auto id = parse_uuid(name.substr(0, 36));
    const auto job = id ? ctx.jobs.find(account, *id) : nullptr;
    if (!job || !has_output(*job, ctx.clock.now()) || match_output_name(*job) != name)
      return nullptr;
    std::unique_ptr<SftpReader> reader = std::make_unique<MatchOutputReader>(ctx, job);
    const std::string path = "/jobs/match/" + std::string(name);
    if (const auto rule = ctx.faults.fire({FaultSite::sftp, "", path, account, job->type}))
      reader = std::make_unique<DroppingReader>(std::move(reader), rule->after_bytes);
    return reader;
  };
  return files;
}

} // namespace reonomy::mock
