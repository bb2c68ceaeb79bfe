#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "faults/fault_rule.hpp"

namespace reonomy::mock {

// What is known of one event a rule may fire on.
struct FaultFacts {
  FaultSite site = FaultSite::request; // `download` also considers `request` rules
  std::string_view method;
  std::string_view path;       // the HTTP path, or the SFTP path for `sftp`
  std::string_view access_key; // the account (for downloads and SFTP: the job's owner)
  std::optional<JobType> job_type;
};

// The active fault rules, shared by every request thread. Rules are tried in the order they were
// added; an event counts for each rule it matches up to the first that fires, which alone acts.
// A rule with `times` expires once it fired that often; expired rules stay listed (with their
// counts) until deleted.
class FaultRules {
public:
  // Adds the rules, giving each an id ("f1", "f2", ...); returns their views.
  nlohmann::json add(std::vector<FaultRule> rules);
  // Every rule's view: the rule plus `matched`, `fired`, `remaining` and `expired`.
  nlohmann::json list() const;
  nlohmann::json view(std::string_view id) const; // null when absent
  bool remove(std::string_view id);
  std::size_t clear();
  std::size_t clear(std::string_view access_key); // that account's rules (not global ones)

  // The rule that fires for this event, if any (counting it).
  std::shared_ptr<const FaultRule> fire(const FaultFacts& facts);
  // Every rule that fires for this event (each counts it on its own): submissions, where one
  // job can be both held and made to fail.
  std::vector<std::shared_ptr<const FaultRule>> fire_all(const FaultFacts& facts);

private:
  struct Entry {
    std::shared_ptr<const FaultRule> rule;
    std::uint64_t matched = 0;
    std::uint64_t fired = 0;
    std::mt19937_64 random;
  };
  static nlohmann::json view_of(const Entry& entry);
  static bool fires(Entry& entry, const FaultFacts& facts);

  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  std::uint64_t next_id_ = 1;
  std::atomic<std::size_t> size_{0}; // lets fire() skip the lock when there are no rules
};

} // namespace reonomy::mock
