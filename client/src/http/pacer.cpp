#include "http/pacer.hpp"

namespace reonomy::client::detail {

Pacer::Pacer(unsigned per_second, Clock& clock, Clock::Duration margin)
    : per_second_(per_second), clock_(clock), window_(std::chrono::seconds(1) + margin) {}

void Pacer::acquire() {
  if (per_second_ == 0)
    return;
  if (sent_.size() == per_second_) {
    // The oldest of the last per_second_ requests must have left the window.
    const auto ready = sent_.front() + window_;
    const auto now = clock_.now();
    if (ready > now)
      clock_.sleep_for(ready - now);
    sent_.pop_front();
  }
  sent_.push_back(clock_.now());
}

void Pacer::note() {
  if (per_second_ == 0)
    return;
  if (sent_.size() == per_second_)
    sent_.pop_front();
  sent_.push_back(clock_.now());
}

void Pacer::forget() {
  sent_.clear();
}

} // namespace reonomy::client::detail
