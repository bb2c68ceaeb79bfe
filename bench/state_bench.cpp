// The cost of --state-dir: submissions per second with the state in memory and with every job
// written and fsync'ed before its 201, measured in the same run, and the time a restart takes to
// load the stored jobs.
//
//   build/bench/state_bench [submissions] [clients] [state parent dir]
//
// Each client is one account on its own keep-alive connection submitting a small
// property-details spec in a loop (zero phases, no rate limit). The state directory is made
// under `state parent dir` (default: the system's temporary directory): its file system decides
// what an fsync costs, so the figure is printed with it.

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "core/base64.hpp"
#include "median.hpp"
#include "reonomy_mock/server.hpp"

using namespace reonomy::mock;
using reonomy::mock::bench::median_seconds;
namespace fs = std::filesystem;

namespace {

constexpr const char* kSpec =
    R"({"detail_type": ["basic"], "property_ids": ["51e2200a-5160-5ab1-8f98-20a17fedbb87"]})";

Options bench_options(unsigned clients, const std::string& state_dir) {
  Options o;
  o.port = 0;
  o.sftp_port = -1;
  o.log_format = LogFormat::off;
  o.rate_limit = 0;
  o.pending_seconds = o.started_seconds = 0;
  o.corpus_size = 2000;
  o.state_dir = state_dir;
  o.users.clear();
  for (unsigned i = 0; i < clients; ++i)
    o.users.push_back({"bench-key-" + std::to_string(i), "bench-secret"});
  return o;
}

// Submits `total` jobs from `clients` threads; throws when one is not accepted.
void submit_all(const Server& server, unsigned clients, std::size_t total) {
  std::vector<std::thread> threads;
  std::vector<std::string> failures(clients);
  for (unsigned c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", server.port());
      const httplib::Headers headers = {
          {"Authorization",
           "Basic " + base64_encode("bench-key-" + std::to_string(c) + ":bench-secret")},
          {"User-Agent", "state_bench"}};
      const httplib::MultipartFormDataItems items = {
          {"job_type", "property-details", "", ""},
          {"file", kSpec, "spec.json", "application/json"}};
      for (std::size_t i = c; i < total; i += clients) {
        const auto res = client.Post("/v2/jobs/file", headers, items);
        if (!res || res->status != 201) {
          failures[c] = res ? std::to_string(res->status) + " " + res->body : "no response";
          return;
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  for (const auto& failure : failures)
    if (!failure.empty())
      throw std::runtime_error("a submission failed: " + failure);
}

std::string make_temp_dir(const fs::path& parent) {
  std::string pattern = (parent / "reonomy-state-bench-XXXXXX").string();
  if (!::mkdtemp(pattern.data()))
    throw std::runtime_error("cannot make a directory in " + parent.string());
  return pattern;
}

} // namespace

int main(int argc, char** argv) {
  const std::size_t total = argc > 1 ? std::stoul(argv[1]) : 1000;
  const unsigned clients = argc > 2 ? static_cast<unsigned>(std::stoul(argv[2])) : 4;
  const fs::path parent = argc > 3 ? fs::path(argv[3]) : fs::temp_directory_path();
  std::printf("state_bench %zu %u %s: %zu submissions from %u clients, median of 5 runs\n", total,
              clients, parent.c_str(), total, clients);

  // Five runs, each on a fresh server (and directory); only the submissions are timed.
  const auto rate = [&](const std::string& state_parent, std::vector<std::string>& dirs) {
    std::vector<double> times;
    for (int run = 0; run < 5; ++run) {
      const std::string dir = state_parent.empty() ? "" : make_temp_dir(state_parent);
      if (!dir.empty())
        dirs.push_back(dir);
      Server server(bench_options(clients, dir));
      server.start();
      const auto start = std::chrono::steady_clock::now();
      submit_all(server, clients, total);
      times.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return static_cast<double>(total) / times[2];
  };
  std::vector<std::string> dirs;
  const double memory = rate("", dirs);
  const std::string durable_parent = make_temp_dir(parent);
  const double durable = rate(durable_parent, dirs);
  std::printf("| state | submissions/s |\n|---|---|\n| memory only | %.0f |\n", memory);
  std::printf("| --state-dir (fsync before each 201) | %.0f |\n", durable);
  std::printf("durable/memory: %.2f\n", durable / memory);

  // A restart loads every stored job (reading, checking and re-parsing each upload).
  const double with_jobs =
      median_seconds([&] { Server server(bench_options(clients, dirs.back())); });
  const double empty = median_seconds([&] { Server server(bench_options(clients, "")); });
  std::printf("start with %zu stored jobs: %.3f s; without state: %.3f s; %.1f us per job\n", total,
              with_jobs, empty, (with_jobs - empty) / static_cast<double>(total) * 1e6);
  fs::remove_all(durable_parent);
  return 0;
}
