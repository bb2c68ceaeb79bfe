// Load on a running reonomy-mock: one thread per account, each submitting property-details
// jobs, polling them and downloading every result file, for a fixed time, on loopback.
//
//   build/bench/load_bench --base-url URL --accounts 64 --seconds 60 --server-pid PID
//                          [--rate-limit 5] [--poll-ms 100] [--job-seconds 2] [--seed 1]
//                          [--corpus-size 200000] [--chunk-size 25000]
//
// Accounts are load-<i>:secret-<i> (bench/load starts the mock with them). Polls are sent every
// --poll-ms, faster than the rate limit allows, so the limiter is exercised, and each job is
// followed by one early second submission, which the one-job rule must refuse.
// Checked, and the exit status is 1 when any fails: no 5xx and no transport error; every
// downloaded file equal (length and FNV-1a 64) to a fresh generation by the data layer with the
// server's seed; no account admitted more than --rate-limit requests in any one-second window.
// Reported: requests/s and p50/p99 latency per endpoint, 429s by cause, the server's peak RSS and
// most open file descriptors (sampled from /proc every 100 ms).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "core/ids.hpp"
#include "data/corpus.hpp"
#include "results/object_stream.hpp"
#include "results/result_plan.hpp"
#include "specs/property_details_spec.hpp"

using namespace reonomy::mock;
using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

namespace {

struct Settings {
  std::string base_url;
  int accounts = 64;
  double seconds = 60;
  long server_pid = 0;
  unsigned rate_limit = 5;
  int poll_ms = 100;
  double job_seconds = 2; // the mock's --pending-seconds + --started-seconds
  std::uint64_t seed = 1;
  std::size_t corpus_size = 200'000;
  std::size_t chunk_size = 25'000;
};

Settings parse_args(int argc, char** argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i], value = argv[i + 1];
    if (name == "--base-url")
      s.base_url = value;
    else if (name == "--accounts")
      s.accounts = std::stoi(value);
    else if (name == "--seconds")
      s.seconds = std::stod(value);
    else if (name == "--server-pid")
      s.server_pid = std::stol(value);
    else if (name == "--rate-limit")
      s.rate_limit = static_cast<unsigned>(std::stoul(value));
    else if (name == "--poll-ms")
      s.poll_ms = std::stoi(value);
    else if (name == "--job-seconds")
      s.job_seconds = std::stod(value);
    else if (name == "--seed")
      s.seed = std::stoull(value);
    else if (name == "--corpus-size")
      s.corpus_size = std::stoull(value);
    else if (name == "--chunk-size")
      s.chunk_size = std::stoull(value);
    else
      throw std::invalid_argument("unknown option " + name);
  }
  if (argc % 2 == 0)
    throw std::invalid_argument(std::string("no value for ") + argv[argc - 1]);
  if (s.base_url.empty())
    throw std::invalid_argument("--base-url is required");
  return s;
}

struct Digest {
  std::uint64_t bytes = 0;
  std::uint64_t hash = 14695981039346656037ull; // FNV-1a 64
  void add(const char* data, std::size_t n) {
    bytes += n;
    for (std::size_t i = 0; i < n; ++i)
      hash = (hash ^ static_cast<unsigned char>(data[i])) * 1099511628211ull;
  }
  bool operator==(const Digest&) const = default;
};

// The jobs the accounts submit, in turn: sizes from one file to two, each detail type, PII
// filtering and an `updated` filter (which drops records, so the plan is exercised too).
std::vector<std::string> job_specs() {
  struct Shape {
    std::vector<std::string> types;
    std::size_t ids;
    std::string extra;
  };
  const std::vector<Shape> shapes = {
      {{"basic"}, 10'000, ""},
      {{"basic", "mortgages", "ownership", "reported_owner", "sales", "taxes", "tenants"},
       2'000,
       ""},
      {{"basic", "ownership"}, 5'000, R"(,"filters":{"filter_pii":true})"},
      {{"basic", "sales", "taxes"},
       4'000,
       R"(,"updated":{"sales":"2022-01-01","taxes":"2023-06-01"})"},
      {{"basic"}, 500, ""},
      {{"tenants", "mortgages"}, 3'000, ""},
      {{"basic"}, 25'001, ""},
      {{"reported_owner"}, 4'000, R"(,"updated":"2021-03-15")"},
  };
  std::vector<std::string> specs;
  for (std::size_t k = 0; k < shapes.size(); ++k) {
    nlohmann::json ids = nlohmann::json::array();
    for (std::size_t i = 0; i < shapes[k].ids; ++i)
      ids.push_back(to_string(
          uuid_v5(mock_namespace(), "load/" + std::to_string(k) + "/" + std::to_string(i))));
    const nlohmann::json types = shapes[k].types;
    specs.push_back(R"({"detail_type":)" + types.dump() + R"(,"property_ids":)" + ids.dump() +
                    shapes[k].extra + "}");
  }
  return specs;
}

// Expected digests of each spec's result files, generated once per spec by the data layer.
class Expected {
public:
  Expected(const Settings& s, std::vector<std::string> specs)
      : corpus_(Corpus::generate(s.seed, s.corpus_size)), chunk_size_(s.chunk_size),
        specs_(std::move(specs)), digests_(specs_.size()), once_(specs_.size()) {}

  const std::vector<Digest>& of(std::size_t k) {
    std::call_once(once_[k], [&] {
      const PropertyDetailsSpec spec = parse_property_details_spec(specs_[k]);
      const ResultPlan plan = ResultPlan::for_property_details(spec, corpus_, chunk_size_);
      std::string buffer;
      for (std::size_t n = 0; n < plan.object_count(); ++n) {
        ObjectStream stream(spec, plan, corpus_, n);
        Digest d;
        while (buffer.clear(), stream.fill(buffer, 1 << 20))
          d.add(buffer.data(), buffer.size());
        digests_[k].push_back(d);
      }
    });
    return digests_[k];
  }
  const std::string& spec(std::size_t k) const { return specs_[k]; }
  std::size_t size() const { return specs_.size(); }

private:
  Corpus corpus_;
  std::size_t chunk_size_;
  std::vector<std::string> specs_;
  std::vector<std::vector<Digest>> digests_;
  std::vector<std::once_flag> once_;
};

enum Endpoint { kSubmit, kPoll, kDownload, kEndpoints };
constexpr const char* kEndpointNames[] = {"POST /v2/jobs/file", "GET /v2/jobs/file/{id}",
                                          "GET result object"};

// What one account saw; merged after the run.
struct Tally {
  std::vector<double> latency_ms[kEndpoints];
  std::map<int, long> status[kEndpoints];
  std::map<std::string, long> refusals; // 429s by error type
  long transport_errors = 0, jobs_done = 0, files_ok = 0, files_bad = 0, jobs_unfinished = 0;
  long late_seconds = 0; // second submissions accepted because the first job may have ended
  std::uint64_t bytes = 0;
  // Send and receive times of the requests the rate limiter admitted, in order.
  std::vector<std::pair<Clock::time_point, Clock::time_point>> admitted;
  std::vector<std::string> problems;
};

class Account {
public:
  Account(const Settings& s, int index, Expected& expected, Clock::time_point deadline)
      : s_(s), expected_(expected), deadline_(deadline), index_(index), http_(s.base_url) {
    const std::string user = "load-" + std::to_string(index) + ":secret-" + std::to_string(index);
    headers_ = {{"Authorization", "Basic " + base64_encode(user)}, {"User-Agent", "reonomy-load"}};
    http_.set_keep_alive(true);
    http_.set_tcp_nodelay(true);
    http_.set_read_timeout(120, 0);
  }

  void run() {
    for (std::size_t n = 0; Clock::now() < deadline_; ++n) {
      const std::size_t k = (static_cast<std::size_t>(index_) + n) % expected_.size();
      const auto id = submit(k);
      if (!id)
        continue;
      if (const auto urls = wait(*id))
        download(k, *urls);
    }
  }
  Tally tally;

private:
  // One API request; `rejected` is set when the rate limiter refused it.
  httplib::Result call(Endpoint e, const std::function<httplib::Result()>& send, bool& limited) {
    const auto t0 = Clock::now();
    auto res = send();
    const auto t1 = Clock::now();
    limited = false;
    if (!res) {
      ++tally.transport_errors;
      tally.problems.push_back(std::string(kEndpointNames[e]) + ": " +
                               httplib::to_string(res.error()));
      return res;
    }
    tally.latency_ms[e].push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    ++tally.status[e][res->status];
    if (res->status == 429) {
      const auto type = nlohmann::json::parse(res->body, nullptr, false).value("type", "?");
      ++tally.refusals[type];
      limited = type == "RateLimitExceeded";
    }
    if (e != kDownload && !limited)
      tally.admitted.emplace_back(t0, t1);
    return res;
  }

  std::optional<std::string> submit(std::size_t k) {
    const httplib::MultipartFormDataItems form = {
        {"job_type", "property-details", "", ""},
        {"file", expected_.spec(k), "spec.json", "application/json"}};
    bool limited = false;
    while (Clock::now() < deadline_) {
      const auto sent = Clock::now();
      auto res = call(
          kSubmit, [&] { return http_.Post("/v2/jobs/file", headers_, form); }, limited);
      if (res && res->status == 201) {
        const std::string id = nlohmann::json::parse(res->body).at("id");
        // A second submission at once: the one-job rule must refuse it if it reached the server
        // while the first job certainly ran (the job was accepted after `sent`).
        bool second_limited = false;
        auto again = call(
            kSubmit, [&] { return http_.Post("/v2/jobs/file", headers_, form); }, second_limited);
        if (again && again->status == 201) {
          if (Seconds(Clock::now() - sent).count() < s_.job_seconds)
            tally.problems.push_back("a second job was accepted while " + id + " ran");
          ++tally.late_seconds; // a slow server: allowed, and its results are not fetched
        }
        return id;
      }
      if (res && res->status != 429) {
        tally.problems.push_back("submit: HTTP " + std::to_string(res->status) + " " + res->body);
        return std::nullopt;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(s_.poll_ms));
    }
    return std::nullopt;
  }

  // Polls until SUCCESS; nullopt when the job did not finish within 60 s after the deadline.
  std::optional<std::vector<std::string>> wait(const std::string& id) {
    bool limited = false;
    while (Clock::now() < deadline_ + std::chrono::seconds(60)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(s_.poll_ms));
      auto res = call(
          kPoll, [&] { return http_.Get("/v2/jobs/file/" + id, headers_); }, limited);
      if (!res || res->status != 200)
        continue;
      const auto job = nlohmann::json::parse(res->body);
      if (job.at("status").is_string() && job.at("status") == "SUCCESS")
        return job.at("result_urls").get<std::vector<std::string>>();
    }
    ++tally.jobs_unfinished;
    return std::nullopt;
  }

  void download(std::size_t k, const std::vector<std::string>& urls) {
    const auto& want = expected_.of(k);
    bool ok = urls.size() == want.size();
    if (!ok)
      tally.problems.push_back("spec " + std::to_string(k) + ": " + std::to_string(urls.size()) +
                               " result URLs, expected " + std::to_string(want.size()));
    for (std::size_t n = 0; n < urls.size() && n < want.size(); ++n) {
      const std::string path = urls[n].substr(urls[n].find('/', urls[n].find("//") + 2));
      Digest got;
      bool limited = false;
      auto res = call(
          kDownload,
          [&] {
            return http_.Get(path, [&](const char* data, std::size_t size) {
              got.add(data, size);
              return true;
            });
          },
          limited);
      tally.bytes += got.bytes;
      if (res && res->status == 200 && got == want[n]) {
        ++tally.files_ok;
      } else {
        ++tally.files_bad;
        ok = false;
        tally.problems.push_back("spec " + std::to_string(k) + " file " + std::to_string(n) + ": " +
                                 (res ? "HTTP " + std::to_string(res->status) : "no response") +
                                 ", " + std::to_string(got.bytes) + " bytes, expected " +
                                 std::to_string(want[n].bytes) + " with another checksum");
      }
    }
    if (ok)
      ++tally.jobs_done;
  }

  const Settings& s_;
  Expected& expected_;
  Clock::time_point deadline_;
  int index_;
  httplib::Client http_;
  httplib::Headers headers_;
};

// The server's resident set and open descriptors, sampled until stopped.
class ServerSampler {
public:
  explicit ServerSampler(long pid) : pid_(pid) {
    if (pid_ > 0)
      thread_ = std::thread([this] { loop(); });
  }
  ~ServerSampler() { stop(); }
  void stop() {
    done_ = true;
    if (thread_.joinable())
      thread_.join();
  }
  long max_fds = 0;
  long peak_rss_kb() const { return status_kb("VmHWM:"); }

private:
  long status_kb(const std::string& key) const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    for (std::string word; in >> word;)
      if (word == key)
        return in >> word ? std::stol(word) : 0;
    return 0;
  }
  void loop() {
    const std::filesystem::path fd_dir = "/proc/" + std::to_string(pid_) + "/fd";
    while (!done_) {
      std::error_code ec;
      long n = 0;
      for (auto it = std::filesystem::directory_iterator(fd_dir, ec);
           !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        ++n;
      max_fds = std::max(max_fds, n);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  long pid_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty())
    return 0;
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
  return v[i];
}

} // namespace

int main(int argc, char** argv) {
  Settings s;
  try {
    s = parse_args(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "load_bench: %s\n", e.what());
    return 2;
  }
  std::printf("command:");
  for (int i = 0; i < argc; ++i)
    std::printf(" %s", argv[i]);
  std::printf("\n");
  Expected expected(s, job_specs());

  ServerSampler sampler(s.server_pid);
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(Seconds(s.seconds));
  std::vector<std::unique_ptr<Account>> accounts;
  std::vector<std::thread> threads;
  for (int i = 0; i < s.accounts; ++i)
    accounts.push_back(std::make_unique<Account>(s, i, expected, deadline));
  for (auto& a : accounts)
    threads.emplace_back([&a] { a->run(); });
  for (auto& t : threads)
    t.join();
  const double elapsed = Seconds(Clock::now() - start).count();
  sampler.stop();

  Tally all;
  long definite = 0;
  double tightest = 1e9;
  const std::size_t limit = s.rate_limit;
  for (auto& a : accounts) {
    Tally& t = a->tally;
    for (int e = 0; e < kEndpoints; ++e) {
      all.latency_ms[e].insert(all.latency_ms[e].end(), t.latency_ms[e].begin(),
                               t.latency_ms[e].end());
      for (const auto& [code, n] : t.status[e])
        all.status[e][code] += n;
    }
    for (const auto& [type, n] : t.refusals)
      all.refusals[type] += n;
    all.transport_errors += t.transport_errors;
    all.jobs_done += t.jobs_done;
    all.jobs_unfinished += t.jobs_unfinished;
    all.late_seconds += t.late_seconds;
    all.files_ok += t.files_ok;
    all.files_bad += t.files_bad;
    all.bytes += t.bytes;
    all.problems.insert(all.problems.end(), t.problems.begin(), t.problems.end());
    // The server admitted request i at some instant in [send_i, receive_i]. So limit+1
    // consecutive admissions whose span receive(last) - send(first) is under 1 s certainly fell
    // in one second: a breach. The smallest such span shows how tight the limiter runs (just
    // over 1 s: exact; well over: stricter than the limit).
    const auto& adm = t.admitted;
    for (std::size_t i = 0; limit > 0 && i + limit < adm.size(); ++i) {
      const double span = Seconds(adm[i + limit].second - adm[i].first).count();
      tightest = std::min(tightest, span);
      definite += span < 1.0;
    }
  }

  std::printf("\n%d accounts, %.1f s, poll every %d ms, rate limit %u/s per account\n\n",
              s.accounts, elapsed, s.poll_ms, s.rate_limit);
  std::printf("| endpoint | requests | requests/s | p50 ms | p99 ms | statuses |\n");
  std::printf("|---|---|---|---|---|---|\n");
  long five_xx = 0;
  for (int e = 0; e < kEndpoints; ++e) {
    std::string statuses;
    for (const auto& [code, n] : all.status[e]) {
      statuses += (statuses.empty() ? "" : ", ") + std::to_string(code) + ": " + std::to_string(n);
      if (code >= 500)
        five_xx += n;
    }
    auto& v = all.latency_ms[e];
    std::printf("| %s | %zu | %.0f | %.2f | %.2f | %s |\n", kEndpointNames[e], v.size(),
                static_cast<double>(v.size()) / elapsed, percentile(v, 0.5), percentile(v, 0.99),
                statuses.c_str());
  }
  std::printf("\n429 by cause:");
  for (const auto& [type, n] : all.refusals)
    std::printf(" %s %ld;", type.c_str(), n);
  std::printf("\njobs completed and verified: %ld (%ld files, %.1f MB, every one equal to a fresh "
              "generation: %s); unfinished at the end: %ld\n",
              all.jobs_done, all.files_ok, static_cast<double>(all.bytes) / 1e6,
              all.files_bad == 0 ? "yes" : "NO", all.jobs_unfinished);
  std::printf("second submissions accepted more than %.1f s after the first (its job may have "
              "ended; results not fetched): %ld\n",
              s.job_seconds, all.late_seconds);
  std::printf("errors: %ld 5xx, %ld transport errors, %ld corrupted or missing files\n", five_xx,
              all.transport_errors, all.files_bad);
  std::printf("rate limiter: %zu admitted requests of one account certainly within 1 s: %ld "
              "times; shortest span (first send to last receive) of %zu admitted: %.3f s\n",
              limit + 1, definite, limit + 1, tightest);
  if (s.server_pid > 0)
    std::printf("server: peak RSS %.0f MB, at most %ld open file descriptors\n",
                static_cast<double>(sampler.peak_rss_kb()) / 1024, sampler.max_fds);
  for (std::size_t i = 0; i < all.problems.size() && i < 20; ++i)
    std::printf("problem: %s\n", all.problems[i].c_str());
  const bool failed =
      five_xx || all.transport_errors || all.files_bad || definite || !all.problems.empty();
  return failed ? 1 : 0;
}
