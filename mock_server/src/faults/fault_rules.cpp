#include "faults/fault_rules.hpp"

#include <algorithm>

namespace reonomy::mock {

namespace {

bool considers(const FaultRule& rule, const FaultFacts& facts) {
  const FaultSite site = site_of(rule.action);
  const bool site_ok =
      site == facts.site || (facts.site == FaultSite::download && site == FaultSite::request);
  if (!site_ok)
    return false;
  if (!rule.global && rule.access_key != facts.access_key)
    return false;
  if (!rule.method.empty() && rule.method != facts.method)
    return false;
  if (!rule.path.empty() && !glob_match(rule.path, facts.path))
    return false;
  if (rule.job_type && rule.job_type != facts.job_type)
    return false;
  return true;
}

} // namespace

nlohmann::json FaultRules::view_of(const Entry& entry) {
  nlohmann::json j = entry.rule->to_json();
  j["matched"] = entry.matched;
  j["fired"] = entry.fired;
  const auto& times = entry.rule->times;
  j["remaining"] = times ? nlohmann::json(*times - entry.fired) : nlohmann::json(nullptr);
  j["expired"] = times && entry.fired >= *times;
  return j;
}

nlohmann::json FaultRules::add(std::vector<FaultRule> rules) {
  const std::lock_guard lock(mutex_);
  nlohmann::json views = nlohmann::json::array();
  for (FaultRule& rule : rules) {
    rule.id = "f" + std::to_string(next_id_++);
    Entry entry{std::make_shared<const FaultRule>(std::move(rule)), 0, 0, {}};
    entry.random.seed(entry.rule->seed);
    views.push_back(view_of(entry));
    entries_.push_back(std::move(entry));
  }
  size_ = entries_.size();
  return views;
}

nlohmann::json FaultRules::list() const {
  const std::lock_guard lock(mutex_);
  nlohmann::json views = nlohmann::json::array();
  for (const Entry& entry : entries_)
    views.push_back(view_of(entry));
  return views;
}

nlohmann::json FaultRules::view(std::string_view id) const {
  const std::lock_guard lock(mutex_);
  for (const Entry& entry : entries_)
    if (entry.rule->id == id)
      return view_of(entry);
  return nullptr;
}

bool FaultRules::remove(std::string_view id) {
  const std::lock_guard lock(mutex_);
  const auto removed = std::erase_if(entries_, [id](const Entry& e) { return e.rule->id == id; });
  size_ = entries_.size();
  return removed > 0;
}

std::size_t FaultRules::clear() {
  const std::lock_guard lock(mutex_);
  const std::size_t removed = entries_.size();
  entries_.clear();
  size_ = 0;
  return removed;
}

std::size_t FaultRules::clear(std::string_view access_key) {
  const std::lock_guard lock(mutex_);
  const auto removed = std::erase_if(entries_, [access_key](const Entry& e) {
    return !e.rule->global && e.rule->access_key == access_key;
  });
  size_ = entries_.size();
  return removed;
}

bool FaultRules::fires(Entry& entry, const FaultFacts& facts) {
  const FaultRule& rule = *entry.rule;
  if (!considers(rule, facts))
    return false;
  if (rule.times && entry.fired >= *rule.times)
    return false; // expired: no longer counts
  if (++entry.matched < rule.nth)
    return false;
  // 53 random bits as a fraction in [0, 1): the same sequence on every standard library
  // (std::uniform_real_distribution's is implementation-defined).
  if (rule.probability < 1.0 &&
      static_cast<double>(entry.random() >> 11) * 0x1p-53 >= rule.probability)
    return false;
  ++entry.fired;
  return true;
}

std::shared_ptr<const FaultRule> FaultRules::fire(const FaultFacts& facts) {
  if (size_.load(std::memory_order_relaxed) == 0)
    return nullptr;
  const std::lock_guard lock(mutex_);
  for (Entry& entry : entries_)
    if (fires(entry, facts))
      return entry.rule;
  return nullptr;
}

std::vector<std::shared_ptr<const FaultRule>> FaultRules::fire_all(const FaultFacts& facts) {
  std::vector<std::shared_ptr<const FaultRule>> fired;
  if (size_.load(std::memory_order_relaxed) == 0)
    return fired;
  const std::lock_guard lock(mutex_);
  for (Entry& entry : entries_)
    if (fires(entry, facts))
      fired.push_back(entry.rule);
  return fired;
}

} // namespace reonomy::mock
