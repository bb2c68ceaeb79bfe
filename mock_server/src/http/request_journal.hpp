#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace reonomy::mock {

// One request as GET /_mock/requests shows it. Bodies are never kept, only their sizes.
struct JournalEntry {
  std::uint64_t seq = 0; // given by the journal, from 1
  TimePoint time;        // on the mock clock, when the request ended
  std::string access_key;
  std::string method;
  std::string path;
  int status = 0; // 0: the connection was ended without a response (fault rule)
  std::string error_type;
  std::string reason; // in words, why it was refused (the error's message), or what a fault did
  std::string job_id;
  std::string fault_id;
  std::uint64_t request_bytes = 0;
  std::uint64_t response_bytes = 0;
  double duration_ms = 0;
  std::string remote;
};

struct JournalFilter {
  std::optional<std::string> access_key;
  std::optional<std::string> path; // glob, as fault rules use
  std::optional<int> status;       // exact (429) ...
  std::optional<int> status_class; // ... or a class (4 for "4xx"); 0 for "0" (no response)
  std::size_t limit = 100;
};

// A bounded ring of the most recent requests: memory stays flat however many come (strings are
// capped too). Thread-safe. Capacity 0 keeps nothing.
class RequestJournal {
public:
  explicit RequestJournal(std::size_t capacity);

  // Numbers a request when it starts, so the journal lists requests in the order they came
  // even when a slow one finishes after a later one.
  std::uint64_t next_seq();
  // Keeps `entry` (numbered now if it was not numbered at its start).
  void record(JournalEntry entry);
  // A streamed body's size, known only once it was sent (or broke off).
  void set_response_bytes(std::uint64_t seq, std::uint64_t bytes);
  // {"capacity", "recorded" (since start or clear), "items": newest first, at most filter.limit}
  nlohmann::json query(const JournalFilter& filter) const;
  void clear();
  std::size_t capacity() const noexcept { return capacity_; }

private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::vector<JournalEntry> ring_;
  std::size_t next_ = 0;       // where the next entry goes once the ring is full
  std::uint64_t recorded_ = 0; // entries recorded since start or clear
  std::atomic<std::uint64_t> seq_{0};
};

} // namespace reonomy::mock
