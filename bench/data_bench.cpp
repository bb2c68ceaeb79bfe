// Measures the data layer on one core: corpus build time, bytes per entry, and records written
// per second (basic only, all seven types, all types with filter_pii, search lines). As a
// reference measured in the same run it also times nlohmann::json serialising the same records
// from a DOM, the way a writer without direct output would work, and prints the ratio.
//
//   build/bench/data_bench [corpus_size] [records]
//
// Each figure is the median of five runs.

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/corpus.hpp"
#include "data/property_record.hpp"
#include "data/search_match.hpp"
#include "median.hpp"

using namespace reonomy::mock;
using reonomy::mock::bench::median_seconds;
using Clock = std::chrono::steady_clock;

namespace {
// Ids as a job sends them: mostly corpus members, one in ten unknown to the corpus.
std::vector<Uuid> job_ids(const Corpus& corpus, std::size_t n) {
  std::vector<Uuid> ids;
  ids.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    ids.push_back(i % 10 == 9 ? uuid_v5(mock_namespace(), "bench/" + std::to_string(i))
                              : corpus.at((i * 7919) % corpus.size()).id);
  }
  return ids;
}

double records_per_second(const Corpus& corpus, const std::vector<Uuid>& ids,
                          std::span<const DetailType> types, bool filter_pii, std::size_t& bytes) {
  std::string out;
  const double seconds = median_seconds([&] {
    out.clear();
    for (const auto& id : ids) {
      // Flushed in 1 MiB pieces as a streaming download would.
      if (out.size() > (1u << 20))
        out.clear();
      write_record(out, corpus, id, types, filter_pii);
      out.push_back('\n');
    }
  });
  std::string sample;
  write_record(sample, corpus, ids.front(), types, filter_pii);
  bytes = sample.size();
  return static_cast<double>(ids.size()) / seconds;
}
} // namespace

int main(int argc, char** argv) {
  const std::size_t corpus_size = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200'000;
  const std::size_t n = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 50'000;
  std::printf("command: %s %zu %zu (one thread, median of 5)\n", argv[0], corpus_size, n);

  (void)Gazetteer::shared_default(); // fixtures are read once per process, not per corpus
  std::size_t size = 0;
  const double build = median_seconds([&] { size = Corpus::generate(42, corpus_size).size(); });
  const Corpus corpus = Corpus::generate(42, corpus_size);
  const double index_bytes = static_cast<double>(
      (corpus_size * 2 > 16 ? std::bit_ceil(corpus_size * 2) : 16) * 4 // id hash table
      + corpus_size * 4 + corpus.gazetteer().zips().size() * 4         // ZIP index
      + corpus_size * 8);                                              // spatial index
  std::printf("corpus: %zu entries built in %.3f s; %zu bytes per entry + %.1f bytes of indexes\n",
              size, build, sizeof(PropertyEntry), index_bytes / static_cast<double>(corpus_size));

  const auto ids = job_ids(corpus, n);
  const std::vector<DetailType> basic = {DetailType::basic};
  const std::vector<DetailType> all = {
      DetailType::basic, DetailType::mortgages, DetailType::ownership, DetailType::reported_owner,
      DetailType::sales, DetailType::taxes,     DetailType::tenants};
  std::size_t bytes = 0;
  const double basic_rate = records_per_second(corpus, ids, basic, false, bytes);
  std::printf("basic:                 %10.0f records/s (%zu bytes a record)\n", basic_rate, bytes);
  const double all_rate = records_per_second(corpus, ids, all, false, bytes);
  std::printf("all types:             %10.0f records/s (%zu bytes a record)\n", all_rate, bytes);
  const double pii_rate = records_per_second(corpus, ids, all, true, bytes);
  std::printf("all types, filter_pii: %10.0f records/s (%zu bytes a record)\n", pii_rate, bytes);

  std::string out;
  const double search = median_seconds([&] {
    out.clear();
    const SearchFilter filter(corpus, SearchSpec{});
    for (const auto& e : corpus.entries()) {
      if (out.size() > (1u << 20))
        out.clear();
      if (filter.matches(e)) {
        write_search_line(out, corpus, e);
        out.push_back('\n');
      }
    }
  });
  std::printf("search (match all):    %10.0f entries/s\n",
              static_cast<double>(corpus.size()) / search);

  // Reference: the same all-types records serialised by nlohmann::json from a DOM.
  std::vector<nlohmann::json> doms;
  const std::size_t m = std::min<std::size_t>(n, 5'000);
  for (std::size_t i = 0; i < m; ++i) {
    std::string line;
    write_record(line, corpus, ids[i], all, false);
    doms.push_back(nlohmann::json::parse(line));
  }
  const double dump = median_seconds([&] {
    out.clear();
    for (const auto& d : doms) {
      if (out.size() > (1u << 20))
        out.clear();
      out += d.dump();
      out.push_back('\n');
    }
  });
  const double dump_rate = static_cast<double>(m) / dump;
  std::printf("reference, nlohmann dump of a ready DOM: %10.0f records/s; direct writer "
              "(generating too) / reference = %.2f\n",
              dump_rate, all_rate / dump_rate);
  return 0;
}
