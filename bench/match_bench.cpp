// Measures match jobs on one core: a 100,000-row address upload made from corpus addresses in
// the spellings clients send (record spelling, words spelled out and lower case, ZIP+4, no ZIP,
// units, house-number suffixes, wrong numbers, garbage), matched and written as the server
// streams it (1 MiB pieces). As a reference measured in the same run it also times copying the
// same upload through the CSV reader and writer without matching, and prints the ratio.
//
//   build/bench/match_bench [rows] [corpus_size]
//
// Each figure is the median of five runs.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "data/corpus.hpp"
#include "match/match_writer.hpp"
#include "median.hpp"
#include "results/object_stream.hpp"
#include "specs/match_spec.hpp"

using namespace reonomy::mock;
using reonomy::mock::bench::median_seconds;
using Clock = std::chrono::steady_clock;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The upload: row i is corpus entry (i * 7919) % size, written in variant i % 10.
std::string make_upload(const Corpus& corpus, std::size_t rows) {
  std::unordered_map<std::string_view, std::string_view> full_suffix;
  for (const auto& s : corpus.gazetteer().suffixes())
    full_suffix.emplace(s.abbr, s.suffix);
  const std::map<std::string_view, std::string_view> full_direction = {
      {"N", "North"},      {"S", "South"},      {"E", "East"},       {"W", "West"},
      {"NE", "Northeast"}, {"NW", "Northwest"}, {"SE", "Southeast"}, {"SW", "Southwest"}};

  std::string csv = "Note,Address1,City,State,Zip\n";
  for (std::size_t i = 0; i < rows; ++i) {
    const PropertyEntry& e = corpus.at((i * 7919) % corpus.size());
    const AddressView a = corpus.address(e);
    const std::size_t variant = i % 10;
    std::string number = std::to_string(variant == 6 ? a.house_number + 2 : a.house_number);
    if (variant == 5)
      number += "A";
    std::string line = number;
    const auto add = [&](std::string_view part, bool spelled) {
      if (part.empty())
        return;
      line += ' ';
      if (spelled && full_direction.contains(part))
        line += lower(full_direction.at(part));
      else if (spelled && full_suffix.contains(part))
        line += lower(full_suffix.at(part));
      else
        line += part;
    };
    const bool spelled = variant == 1;
    add(a.direction_left, spelled);
    add(spelled ? lower(a.street) : std::string(a.street), false);
    add(a.mode, spelled);
    add(a.direction_right, spelled);
    if (variant == 4)
      line += ", Suite 200";
    if (variant == 9)
      line += " #5";
    if (variant == 8)
      line = "???";
    std::string zip(a.zip5);
    if (variant == 2 || variant == 9)
      zip += "-1234";
    if (variant == 3)
      zip.clear();
    if (variant == 7)
      zip = "00000";
    csv += "\"row " + std::to_string(i) + ", variant " + std::to_string(variant) + "\",";
    csv += line.find(',') != std::string::npos ? "\"" + line + "\"" : line;
    csv += "," + (spelled ? lower(a.city) : std::string(a.city)) + "," + std::string(a.state) +
           "," + zip + "\n";
  }
  return csv;
}

} // namespace

int main(int argc, char** argv) {
  const std::size_t rows = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : kMaxMatchRows;
  const std::size_t corpus_size = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 200'000;
  std::printf("command: %s %zu %zu (one thread, median of 5)\n", argv[0], rows, corpus_size);

  const Corpus corpus = Corpus::generate(1, corpus_size);
  const std::string csv = make_upload(corpus, rows);
  const std::string metadata =
      R"({"headers": ["Note", "Address1", "City", "State", "Zip"], "mapping": {"address_line_1":
      "Address1", "address_city": "City", "address_state": "State", "address_postal": "Zip"}})";

  const double validate = median_seconds([&] { (void)parse_match_spec(metadata, csv); });
  const MatchSpec spec = parse_match_spec(metadata, csv);
  const double build = median_seconds([&] { const Matcher m(corpus); });
  const Matcher matcher(corpus);
  std::printf("upload: %zu rows, %zu bytes; validated in %.3f s; matcher built in %.3f s\n",
              spec.count, csv.size(), validate, build);

  std::size_t result_bytes = 0;
  const double match = median_seconds([&] {
    MatchWriter writer(spec, matcher);
    std::string piece;
    result_bytes = 0;
    while (true) {
      piece.clear();
      if (!writer.fill(piece, kPieceBytes))
        break;
      result_bytes += piece.size();
    }
  });
  const double rate = static_cast<double>(spec.count) / match;
  std::printf("match and write:        %10.0f rows/s (%zu bytes of result)\n", rate, result_bytes);

  std::map<std::string, std::size_t> outcomes;
  const MatchColumns columns(spec.metadata);
  CsvReader reader(spec.csv);
  CsvRecord record;
  reader.next(record);
  while (reader.next(record)) {
    const MatchResult r = match_row(matcher, columns, record.fields);
    ++outcomes[std::string(to_string(r.status)) +
               (r.miss_reason == MissReason::none ? ""
                                                  : "/" + std::string(to_string(r.miss_reason)))];
  }
  for (const auto& [outcome, count] : outcomes)
    std::printf("  %-28s %6zu rows\n", outcome.c_str(), count);

  // Reference: the same upload read and written back without matching, the CSV floor.
  const double copy = median_seconds([&] {
    CsvReader copy_reader(spec.csv);
    CsvRecord row;
    std::string piece;
    while (copy_reader.next(row)) {
      if (piece.size() > kPieceBytes)
        piece.clear();
      for (const auto& field : row.fields) {
        write_csv_field(piece, field);
        piece.push_back(',');
      }
      piece.append("\r\n");
    }
  });
  const double copy_rate = static_cast<double>(spec.count) / copy;
  std::printf("reference, CSV copy without matching: %10.0f rows/s; match / reference = %.2f\n",
              copy_rate, rate / copy_rate);
  return 0;
}
