#include "http/request_journal.hpp"

#include <algorithm>

#include "core/time_format.hpp"
#include "faults/fault_rule.hpp"

namespace reonomy::mock {

namespace {

// ours: caps that keep an entry a few KiB whatever a client sends.
constexpr std::size_t kMaxPath = 1024;
constexpr std::size_t kMaxShort = 256;
constexpr std::size_t kMaxReason = 1024;

void cap(std::string& s, std::size_t max) {
  if (s.size() > max) {
    s.resize(max);
    s += "...";
  }
}

bool matches(const JournalEntry& e, const JournalFilter& f) {
  if (f.access_key && e.access_key != *f.access_key)
    return false;
  if (f.path && !glob_match(*f.path, e.path))
    return false;
  if (f.status && e.status != *f.status)
    return false;
  if (f.status_class && e.status / 100 != *f.status_class)
    return false;
  return true;
}

nlohmann::json to_json(const JournalEntry& e) {
  const auto optional = [](const std::string& s) {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
  };
  return {{"seq", e.seq},
          {"time", isoformat(e.time)},
          {"access_key", optional(e.access_key)},
          {"method", e.method},
          {"path", e.path},
          {"status", e.status},
          {"error_type", optional(e.error_type)},
          {"reason", optional(e.reason)},
          {"job_id", optional(e.job_id)},
          {"fault_id", optional(e.fault_id)},
          {"request_bytes", e.request_bytes},
          {"response_bytes", e.response_bytes},
          {"duration_ms", e.duration_ms},
          {"remote", e.remote}};
}

} // namespace

RequestJournal::RequestJournal(std::size_t capacity) : capacity_(capacity) {
  ring_.reserve(std::min<std::size_t>(capacity, 4096));
}

void RequestJournal::record(JournalEntry entry) {
  if (capacity_ == 0)
    return;
  cap(entry.access_key, kMaxShort);
  cap(entry.method, kMaxShort);
  cap(entry.path, kMaxPath);
  cap(entry.error_type, kMaxShort);
  cap(entry.reason, kMaxReason);
  cap(entry.remote, kMaxShort);
  if (entry.seq == 0)
    entry.seq = next_seq();
  const std::lock_guard lock(mutex_);
  ++recorded_;
  if (ring_.size() < capacity_) {
    ring_.push_back(std::move(entry));
  } else {
    ring_[next_] = std::move(entry);
    next_ = (next_ + 1) % capacity_;
  }
}

std::uint64_t RequestJournal::next_seq() {
  return ++seq_;
}

void RequestJournal::set_response_bytes(std::uint64_t seq, std::uint64_t bytes) {
  const std::lock_guard lock(mutex_);
  for (JournalEntry& e : ring_)
    if (e.seq == seq)
      e.response_bytes = bytes;
}

nlohmann::json RequestJournal::query(const JournalFilter& filter) const {
  std::vector<const JournalEntry*> found;
  const std::lock_guard lock(mutex_);
  for (const JournalEntry& e : ring_)
    if (matches(e, filter))
      found.push_back(&e);
  // Newest first by arrival (entries are kept in the order they finished).
  std::sort(found.begin(), found.end(),
            [](const JournalEntry* a, const JournalEntry* b) { return a->seq > b->seq; });
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < found.size() && i < filter.limit; ++i)
    items.push_back(to_json(*found[i]));
  return {{"capacity", capacity_}, {"recorded", recorded_}, {"items", std::move(items)}};
}

void RequestJournal::clear() {
  const std::lock_guard lock(mutex_);
  ring_.clear();
  next_ = 0;
  recorded_ = 0;
  seq_ = 0;
}

} // namespace reonomy::mock
