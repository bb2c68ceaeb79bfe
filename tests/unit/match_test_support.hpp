#pragma once

// Shared by the match tests: matchers built once per test process, and corpus addresses as a
// client would write them.

#include <string>

#include "data/corpus.hpp"
#include "data_test_support.hpp"
#include "match/matcher.hpp"
#include "reonomy_mock/options.hpp"

namespace reonomy::mock::test {

inline const Uuid k767ThirdAve = *parse_uuid("19cd94b6-0b51-543d-bfc1-3ed3205d13ae");
inline const Uuid k20West34th = *parse_uuid("66258e65-0022-5af5-831e-22443f6dd854");

// Over small_corpus() (seed 7, 20,000 entries).
inline const Matcher& small_matcher() {
  static const Matcher matcher(small_corpus());
  return matcher;
}

// The corpus a server started without flags serves (seed 1, 200,000 entries; about half a
// second to build), which the fixtures under fixtures/match/ were written against.
inline const Corpus& default_corpus() {
  static const Corpus corpus = Corpus::generate(Options{}.seed, Options{}.corpus_size);
  return corpus;
}

inline const Matcher& default_matcher() {
  static const Matcher matcher(default_corpus());
  return matcher;
}

// "94 W 12TH ST": the address line of a corpus property, as its record spells it.
inline std::string line_of(const AddressView& a) {
  std::string line = std::to_string(a.house_number);
  for (const auto part : {a.direction_left, a.street, a.mode, a.direction_right}) {
    if (!part.empty()) {
      line += ' ';
      line += part;
    }
  }
  return line;
}

} // namespace reonomy::mock::test
