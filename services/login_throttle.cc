#include "services/login_throttle.h"

#include <algorithm>

namespace jiamei::services {

absl::Duration LoginThrottle::DelayAfter(int failures) const {
  const int excess = failures - options_.free_attempts;
  if (excess <= 0) return absl::ZeroDuration();
  // Doubling from first_delay; capped before the shift could overflow.
  if (excess > 30) return options_.max_delay;
  return std::min(options_.first_delay * (int64_t{1} << (excess - 1)),
                  options_.max_delay);
}

absl::Duration LoginThrottle::WaitBefore(absl::string_view login,
                                         absl::Time now) const {
  absl::MutexLock lock(&mu_);
  auto it = records_.find(login);
  if (it == records_.end()) return absl::ZeroDuration();
  const Record& r = it->second;
  if (now - r.last_failure >= options_.forget_after) {
    return absl::ZeroDuration();
  }
  return std::max(absl::ZeroDuration(),
                  r.last_failure + DelayAfter(r.failures) - now);
}

void LoginThrottle::RecordFailure(absl::string_view login, absl::Time now) {
  absl::MutexLock lock(&mu_);
  auto it = records_.find(login);
  if (it == records_.end()) {
    if (records_.size() >= options_.max_tracked) DropStale(now);
    it = records_.emplace(std::string(login), Record{}).first;
  } else if (now - it->second.last_failure >= options_.forget_after) {
    it->second.failures = 0;
  }
  ++it->second.failures;
  it->second.last_failure = now;
}

void LoginThrottle::RecordSuccess(absl::string_view login) {
  absl::MutexLock lock(&mu_);
  records_.erase(std::string(login));
}

size_t LoginThrottle::tracked() const {
  absl::MutexLock lock(&mu_);
  return records_.size();
}

// Forgets expired records; if that is not enough, the oldest half.
void LoginThrottle::DropStale(absl::Time now) {
  absl::erase_if(records_, [&](const auto& entry) {
    return now - entry.second.last_failure >= options_.forget_after;
  });
  if (records_.size() < options_.max_tracked) return;
  std::vector<absl::Time> times;
  times.reserve(records_.size());
  for (const auto& [login, record] : records_)
    times.push_back(record.last_failure);
  auto middle = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
  std::nth_element(times.begin(), middle, times.end());
  const absl::Time cutoff = *middle;
  absl::erase_if(records_, [&](const auto& entry) {
    return entry.second.last_failure <= cutoff;
  });
}

}  // namespace jiamei::services
