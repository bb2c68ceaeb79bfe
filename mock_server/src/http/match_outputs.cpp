#include "http/match_outputs.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstring>

#include "core/utf8.hpp"
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
                                        *ctx.corpus(), *ctx.matcher());
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

std::string match_output_name(std::string_view job_id, std::string_view uploaded_name) {
  std::string part;
  for (std::size_t i = 0; i < uploaded_name.size();) {
    const auto c = static_cast<unsigned char>(uploaded_name[i]);
    const std::size_t n = utf8_char_length(uploaded_name, i);
    // ours: a well-formed non-ASCII character is kept (SFTP clients show names as UTF-8), except
    // the C1 controls U+0080..U+009F; a byte that is not UTF-8 becomes '_' like other symbols.
    if (n > 1 && !(c == 0xC2 && static_cast<unsigned char>(uploaded_name[i + 1]) < 0xA0)) {
      part.append(uploaded_name.substr(i, n));
      i += n;
      continue;
    }
    part += std::isalnum(c) || c == '.' || c == '-' || c == '_' ? static_cast<char>(c) : '_';
    ++i;
  }
  std::string lower = part;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool has_csv = lower.ends_with(".csv");
  const std::string extension = has_csv ? part.substr(part.size() - 4) : std::string(".csv");
  if (has_csv)
    part.resize(part.size() - 4);
  // ours: names are capped at 255 bytes (NAME_MAX of common file systems, so a client can save
  // the file under its name); the uploaded name gives way, never the job id or the extension,
  // and it is cut between characters so the name stays UTF-8.
  const std::size_t room = kMaxMatchOutputNameBytes - job_id.size() - 1 - extension.size();
  if (part.size() > room) {
    std::size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(part[cut]) & 0xC0) == 0x80)
      --cut;
    part.resize(cut);
  }
  return std::string(job_id) + "_" + part + extension;
}

std::string match_output_name(const Job& job) {
  return match_output_name(to_string(job.id), job.filename);
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
