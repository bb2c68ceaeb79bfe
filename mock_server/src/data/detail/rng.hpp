#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "core/ids.hpp"

namespace reonomy::mock::detail {

// The splitmix64 finaliser: a bijective 64-bit mixer with full avalanche.
inline constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// What a random stream is for. Each part of a record draws from its own stream keyed by
// (seed, id, purpose), so no part depends on which other parts were written.
enum class Stream : std::uint64_t {
  entry = 1,    // the corpus entry's attributes
  timeline = 2, // update dates and the dates of sales and mortgages
  owner = 3,    // the current owner, shared by ownership, reported_owner, sales and mortgages
  basic = 16,   // 16 + DetailType: one stream per detail type
};

inline std::uint64_t stream_key(std::uint64_t seed, const Uuid& id, std::uint64_t purpose) {
  std::uint64_t hi = 0, lo = 0;
  std::memcpy(&hi, id.data(), 8);
  std::memcpy(&lo, id.data() + 8, 8);
  return mix64(mix64(mix64(seed + 0x9e3779b97f4a7c15ULL * (purpose + 1)) ^ hi) ^ lo);
}

// splitmix64: tiny state, fast, and good enough statistically for generated data.
class Rng {
public:
  explicit Rng(std::uint64_t key) : state_(key) {}
  Rng(std::uint64_t seed, const Uuid& id, Stream purpose, std::uint64_t sub = 0)
      : state_(stream_key(seed, id, static_cast<std::uint64_t>(purpose) + sub)) {}

  std::uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n); n > 0. The modulo bias is below 2^-40 for the sizes used here.
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  // Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  bool chance(double p) { return uniform() < p; }
  // Standard normal (Box-Muller, one value per call).
  double normal() {
    const double u1 = 1.0 - uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Log-normal with the given median and log-space sigma, clamped to +-3 sigma.
  double lognormal(double median, double sigma) {
    return median * std::exp(sigma * std::clamp(normal(), -3.0, 3.0));
  }
  template <class T> const T& pick(std::span<const T> items) { return items[below(items.size())]; }
  template <class T> const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }
  // Index drawn by weight from cumulative weights (ascending, last = total > 0).
  std::size_t weighted(std::span<const double> cumulative) {
    const double x = uniform() * cumulative.back();
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
    return std::min(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
  }

private:
  std::uint64_t state_;
};

} // namespace reonomy::mock::detail
