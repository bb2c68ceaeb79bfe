#include "jobs/state_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/api_error.hpp"
#include "core/hex.hpp"
#include "jobs/job_spec.hpp"
#include "jobs/state_file.hpp"

namespace reonomy::mock {

namespace fs = std::filesystem;
using state::Record;

namespace {

constexpr std::string_view kJobSuffix = ".job";

std::string hint(const fs::path& dir) {
  return ". The mock does not guess at damaged state: restore or remove the file, or start with "
         "--state-quarantine to move damaged files to " +
         (dir / "quarantine").string() + " and go on without them";
}

// What is wrong with a file, without its name (reject() adds it).
std::string problem_of(const std::exception& e) {
  if (const auto* file_error = dynamic_cast<const state::StateFileError*>(&e))
    return file_error->problem();
  return e.what();
}

bool is_temporary(const fs::path& path) {
  return path.filename().string().ends_with(state::kTemporarySuffix);
}

Micros micros_field(const Record& record, std::string_view name) {
  return Micros(record.integer(name));
}

ApiError write_failed(const std::string& what, const std::exception& e) {
  // ours: a mock that cannot keep its promise of durability says so rather than answer 201.
  return ApiError(500, "StateWriteFailed",
                  what + " could not be written to the state directory (" + e.what() +
                      "); nothing was changed. Free space or fix the permissions of --state-dir.");
}

} // namespace

std::string account_directory_name(std::string_view access_key) {
  return hex_encode(access_key);
}

StateStore::StateStore(Config config)
    : dir_(std::move(config.dir)), quarantine_(config.quarantine), note_(std::move(config.note)) {
  state::make_directory_durably(dir_);
  lock_directory();
  try {
    for (const auto& entry : fs::directory_iterator(dir_))
      if (entry.is_regular_file() && is_temporary(entry.path()))
        fs::remove(entry.path());
    open_settings(config.settings);
    open_presigner();
    open_clock();
    open_jobs();
  } catch (...) {
    ::close(lock_fd_);
    throw;
  }
}

StateStore::~StateStore() {
  if (lock_fd_ >= 0)
    ::close(lock_fd_);
}

void StateStore::lock_directory() {
  const fs::path path = dir_ / "lock";
  lock_fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0)
    throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno));
  // The kernel drops the lock when the process dies, even by SIGKILL: no stale locks.
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw std::runtime_error("another reonomy-mock is using the state directory " + dir_.string() +
                             " (it holds " + path.string() +
                             "); stop it or use another --state-dir");
  }
}

void StateStore::reject(const fs::path& path, const std::string& problem) {
  if (!quarantine_)
    throw state::StateFileError(path, problem + hint(dir_));
  const fs::path aside_dir = dir_ / "quarantine";
  state::make_directory_durably(aside_dir);
  std::string name = fs::relative(path, dir_).string();
  std::replace(name.begin(), name.end(), '/', '_');
  fs::path aside = aside_dir / name;
  for (int n = 1; fs::exists(aside); ++n)
    aside = aside_dir / (name + "." + std::to_string(n));
  fs::rename(path, aside);
  state::sync_directory(path.parent_path());
  state::sync_directory(aside_dir);
  note_("state file " + path.string() + ": " + problem + "; moved to " + aside.string());
}

void StateStore::open_settings(const ResultSettings& settings) {
  const fs::path path = dir_ / "settings";
  const auto save = [&] {
    Record record{"settings", {}};
    record.add("seed", std::to_string(settings.seed))
        .add("corpus_size", std::to_string(settings.corpus_size))
        .add("chunk_size", std::to_string(settings.chunk_size));
    state::write_durably(path, state::encode(record));
  };
  if (!fs::exists(path)) {
    // A directory with jobs but no settings lost its settings file: the jobs' results cannot be
    // vouched for.
    if (fs::exists(dir_ / "jobs") && !fs::is_empty(dir_ / "jobs")) {
      if (!quarantine_)
        throw state::StateFileError(path, "missing, but the directory holds jobs" + hint(dir_));
      note_("state file " + path.string() +
            ": missing; the stored jobs are taken to have been "
            "made with this start's --seed, --corpus-size and --chunk-size");
    }
    return save();
  }
  ResultSettings stored;
  try {
    const Record record = state::read_record(path);
    if (record.kind != "settings")
      throw std::runtime_error("not a settings file");
    stored = {static_cast<std::uint64_t>(record.integer("seed")),
              static_cast<std::size_t>(record.integer("corpus_size")),
              static_cast<std::size_t>(record.integer("chunk_size"))};
  } catch (const std::runtime_error& e) {
    reject(path, problem_of(e));
    return save();
  }
  std::string differ;
  const auto compare = [&](const char* flag, auto was, auto now) {
    if (was != now)
      differ += std::string(differ.empty() ? "" : ", ") + flag + " " + std::to_string(was) +
                " (this start: " + std::to_string(now) + ")";
  };
  compare("--seed", stored.seed, settings.seed);
  compare("--corpus-size", stored.corpus_size, settings.corpus_size);
  compare("--chunk-size", stored.chunk_size, settings.chunk_size);
  if (!differ.empty())
    throw std::runtime_error("the state directory " + dir_.string() + " was made with " + differ +
                             ": its jobs' results would change. Start with the same values, or "
                             "use another --state-dir");
}

void StateStore::open_presigner() {
  const fs::path path = dir_ / "presigner";
  if (fs::exists(path)) {
    try {
      const Record record = state::read_record(path);
      if (record.kind != "presigner")
        throw std::runtime_error("not a presigner file");
      identity_ = {record.at("access_key_id"), record.at("secret"), record.at("security_token")};
      return;
    } catch (const std::runtime_error& e) {
      reject(path, problem_of(e) + " (URLs signed before are no longer valid)");
    }
  }
  identity_ = Presigner::random_identity();
  Record record{"presigner", {}};
  record.add("access_key_id", identity_.access_key_id)
      .add("secret", identity_.secret)
      .add("security_token", identity_.security_token);
  state::write_durably(path, state::encode(record));
}

void StateStore::open_clock() {
  const fs::path path = dir_ / "clock";
  if (!fs::exists(path))
    return;
  try {
    const Record record = state::read_record(path);
    if (record.kind != "clock")
      throw std::runtime_error("not a clock file");
    const TimePoint now(micros_field(record, "now_us"));
    if (now < kEarliestTime || now > kLatestTime)
      throw std::runtime_error("now_us is outside the years 1 to 9999");
    manual_clock_ = now;
  } catch (const std::runtime_error& e) {
    reject(path, problem_of(e) + " (a manual clock starts at the current time)");
  }
}

void StateStore::save_clock(const Clock& clock) {
  std::lock_guard lock(mutex_);
  Record record{"clock", {}};
  record.add("now_us", std::to_string(clock.now().time_since_epoch().count()));
  try {
    state::write_durably(dir_ / "clock", state::encode(record));
  } catch (const std::runtime_error& e) {
    throw write_failed("The clock", e);
  }
}

void StateStore::open_jobs() {
  const fs::path jobs = dir_ / "jobs";
  state::make_directory_durably(jobs);
  for (const auto& entry : fs::directory_iterator(jobs)) {
    const auto key = hex_decode(entry.path().filename().string());
    if (!entry.is_directory() || !key) {
      reject(entry.path(), "not an account directory (expected jobs/<hex of access key>/)");
      continue;
    }
    account_dirs_.insert(entry.path().filename().string());
    load_account(entry.path(), *key);
  }
  std::sort(loaded_.begin(), loaded_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  if (!loaded_.empty())
    next_seq_ = loaded_.back().first + 1;
}

void StateStore::load_account(const fs::path& account_dir, const std::string& access_key) {
  for (const auto& entry : fs::directory_iterator(account_dir)) {
    const fs::path& path = entry.path();
    if (entry.is_regular_file() && is_temporary(path)) {
      // A write a crash interrupted before its rename: never acknowledged.
      fs::remove(path);
      continue;
    }
    const std::string name = path.filename().string();
    const auto id =
        name.ends_with(kJobSuffix)
            ? parse_uuid(std::string_view(name).substr(0, name.size() - kJobSuffix.size()))
            : std::nullopt;
    if (!entry.is_regular_file() || !id) {
      reject(path, "not a job file (expected <job id>.job)");
      continue;
    }
    try {
      const Record record = state::read_record(path);
      if (record.kind != "job")
        throw std::runtime_error("not a job file");
      if (parse_uuid(record.at("id")) != id)
        throw std::runtime_error("its id is not its name's");
      if (record.at("access_key") != access_key)
        throw std::runtime_error("its access key is not its directory's");
      const auto type = parse_job_type(record.at("job_type"));
      const auto result_id = parse_uuid(record.at("result_id"));
      if (!type || !result_id)
        throw std::runtime_error("bad job_type or result_id");
      const std::string* metadata = record.find("metadata");
      std::shared_ptr<const JobSpec> spec;
      try {
        spec = std::make_shared<const JobSpec>(
            parse_job_spec(*type, record.at("upload"),
                           metadata ? std::optional<std::string_view>(*metadata) : std::nullopt));
      } catch (const ApiError& e) {
        throw std::runtime_error(std::string("its upload is not a valid spec: ") + e.what());
      }
      const auto seq = record.integer("seq");
      if (seq <= 0)
        throw std::runtime_error("bad seq");
      // Field by field: GCC 12 warns falsely (-Wmaybe-uninitialized) on an aggregate Job{...}.
      Job job;
      job.id = *id;
      job.access_key = access_key;
      job.type = *type;
      job.filename = record.at("filename");
      job.created = TimePoint(micros_field(record, "created_us"));
      if (job.created < kEarliestTime || job.created > kLatestTime)
        throw std::runtime_error("created_us is outside the years 1 to 9999");
      job.phases = Phases{micros_field(record, "pending_us"), micros_field(record, "started_us")};
      for (const Micros phase : {job.phases.pending, job.phases.started})
        if (phase < Micros(0) || phase > kLongestDuration)
          throw std::runtime_error("a phase length is negative or longer than 10,000 years");
      job.spec = std::move(spec);
      job.result_id = *result_id;
      loaded_.emplace_back(static_cast<std::uint64_t>(seq), std::move(job));
    } catch (const std::runtime_error& e) {
      reject(path, problem_of(e));
    }
  }
}

std::vector<Job> StateStore::take_jobs() {
  std::vector<Job> jobs;
  jobs.reserve(loaded_.size());
  for (auto& [seq, job] : loaded_)
    jobs.push_back(std::move(job));
  loaded_.clear();
  return jobs;
}

void StateStore::record(const Job& job, const Upload& upload) {
  std::lock_guard lock(mutex_);
  Record record{"job", {}};
  record.add("seq", std::to_string(next_seq_))
      .add("id", to_string(job.id))
      .add("access_key", job.access_key)
      .add("job_type", std::string(to_string(job.type)))
      .add("filename", job.filename)
      .add("created_us", std::to_string(job.created.time_since_epoch().count()))
      .add("pending_us", std::to_string(job.phases.pending.count()))
      .add("started_us", std::to_string(job.phases.started.count()))
      .add("result_id", to_string(job.result_id))
      .add("upload", std::string(upload.content));
  if (upload.metadata)
    record.add("metadata", std::string(*upload.metadata));
  const std::string account = account_directory_name(job.access_key);
  const fs::path account_dir = dir_ / "jobs" / account;
  try {
    if (!account_dirs_.contains(account)) {
      state::make_directory_durably(account_dir);
      account_dirs_.insert(account);
    }
    state::write_durably(account_dir / (to_string(job.id) + std::string(kJobSuffix)),
                         state::encode(record));
  } catch (const std::runtime_error& e) {
    throw write_failed("Job " + to_string(job.id), e);
  }
  ++next_seq_;
}

void StateStore::forget_account_files(const fs::path& account_dir) {
  for (const auto& entry : fs::directory_iterator(account_dir))
    if (entry.is_regular_file())
      fs::remove(entry.path());
  state::sync_directory(account_dir);
}

void StateStore::forget(std::optional<std::string_view> access_key) {
  std::lock_guard lock(mutex_);
  try {
    if (access_key) {
      const fs::path account_dir = dir_ / "jobs" / account_directory_name(*access_key);
      if (fs::is_directory(account_dir))
        forget_account_files(account_dir);
      return;
    }
    for (const auto& entry : fs::directory_iterator(dir_ / "jobs"))
      if (entry.is_directory())
        forget_account_files(entry.path());
  } catch (const std::exception& e) {
    throw write_failed("The reset", e);
  }
}

} // namespace reonomy::mock
