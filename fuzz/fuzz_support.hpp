#pragma once

// What every fuzz target shares: splitting one input into the pieces a parser takes, and the
// rule that a parser of untrusted input refuses it only with the API's own error.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/api_error.hpp"

namespace reonomy::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The input cut at NUL bytes: several strings from one input, so seeds stay readable text.
inline std::vector<std::string_view> split_nul(std::string_view text) {
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  for (std::size_t nul; (nul = text.find('\0', start)) != std::string_view::npos; start = nul + 1)
    pieces.push_back(text.substr(start, nul - start));
  pieces.push_back(text.substr(start));
  return pieces;
}

// Fails the run (libFuzzer saves the input) when `ok` is false.
inline void expect(bool ok, const char* what) {
  if (ok)
    return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

// Runs `parse`; a refusal must be a 400 ApiError with a message. Any other exception escapes
// and libFuzzer reports it as a crash: a parser must never leak a library's exception.
template <class Parse> void refuses_only_with_400(Parse&& parse) {
  try {
    parse();
  } catch (const mock::ApiError& e) {
    expect(e.status() == 400, "a parser refused input with a status other than 400");
    expect(*e.what() != '\0', "a parser refused input with an empty message");
  }
}

} // namespace reonomy::fuzz
