#include "services/auth/attempt_throttle.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/core/refusal.h"

namespace jiamei::services {

absl::Status ThrottledRefusal(absl::string_view reason, absl::string_view what,
                              absl::Duration wait) {
  return Refusal(
      absl::StatusCode::kResourceExhausted, reason,
      absl::StrCat("too many ", what, "; try again in ",
                   absl::FormatDuration(absl::Ceil(wait, absl::Seconds(1)))));
}

absl::Duration AttemptThrottle::DelayAfter(int failures) const {
  if (failures < options_.free_attempts) return absl::ZeroDuration();
  const int doublings = failures - options_.free_attempts;
  // Capped before the shift could overflow.
  if (doublings > 30) return options_.max_delay;
  return std::min(options_.first_delay * (int64_t{1} << doublings),
                  options_.max_delay);
}

absl::Duration AttemptThrottle::WaitBefore(absl::string_view key,
                                           absl::Time now) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = records_.find(key);
  if (it == records_.end()) return absl::ZeroDuration();
  const Record& r = it->second;
  if (now - r.last_failure >= options_.forget_after) {
    return absl::ZeroDuration();
  }
  return std::max(absl::ZeroDuration(),
                  r.last_failure + DelayAfter(r.failures) - now);
}

absl::Status AttemptThrottle::Admit(absl::string_view key, absl::Time now,
                                    absl::string_view reason,
                                    absl::string_view what) const {
  const absl::Duration wait = WaitBefore(key, now);
  if (wait <= absl::ZeroDuration()) return absl::OkStatus();
  return ThrottledRefusal(reason, what, wait);
}

void AttemptThrottle::RecordFailure(absl::string_view key, absl::Time now) {
  absl::MutexLock lock(&mu_);
  auto it = records_.find(key);
  if (it == records_.end()) {
    if (records_.size() >= options_.max_tracked) DropStale(now);
    it = records_.emplace(std::string(key), Record{}).first;
  } else if (now - it->second.last_failure >= options_.forget_after) {
    it->second.failures = 0;
  }
  ++it->second.failures;
  it->second.last_failure = now;
}

void AttemptThrottle::RecordSuccess(absl::string_view key) {
  {
    // The usual case, a key without failures, under the shared lock only.
    absl::ReaderMutexLock lock(&mu_);
    if (!records_.contains(key)) return;
  }
  absl::MutexLock lock(&mu_);
  records_.erase(key);
}

size_t AttemptThrottle::tracked() const {
  absl::ReaderMutexLock lock(&mu_);
  return records_.size();
}

// Forgets expired records; if that is not enough, the oldest half.
void AttemptThrottle::DropStale(absl::Time now) {
  absl::erase_if(records_, [&](const auto& entry) {
    return now - entry.second.last_failure >= options_.forget_after;
  });
  if (records_.size() < options_.max_tracked) return;
  std::vector<absl::Time> times;
  times.reserve(records_.size());
  for (const auto& [key, record] : records_)
    times.push_back(record.last_failure);
  auto middle = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
  std::nth_element(times.begin(), middle, times.end());
  const absl::Time cutoff = *middle;
  absl::erase_if(records_, [&](const auto& entry) {
    return entry.second.last_failure <= cutoff;
  });
}

}  // namespace jiamei::services
