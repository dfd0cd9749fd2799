// Slows down guessing: of a password (by login at a client address, and by
// client address), of a paper card's code (by operator), of a check-in code
// (by volunteer and activity). A key's first `free_attempts` failures cost
// nothing; after that many, the next attempt waits `first_delay` from the
// last failure, and each further failure doubles the wait, up to
// `max_delay`. With the defaults: 3 failures are free, the 4th attempt
// waits 1 s, the 5th 2 s, then 4 s ... 5 minutes. A throttled attempt is
// refused before it is checked and is not counted. A success clears the
// key's record; so do `forget_after` of quiet since its last failure.
// Thread-safe; an attempt that is not throttled costs a shared lock and one
// hash lookup.
#ifndef JIAMEI_SERVICES_AUTH_ATTEMPT_THROTTLE_H_
#define JIAMEI_SERVICES_AUTH_ATTEMPT_THROTTLE_H_

#include <cstddef>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace jiamei::services {

struct AttemptThrottleOptions {
  int free_attempts = 3;
  absl::Duration first_delay = absl::Seconds(1);
  absl::Duration max_delay = absl::Minutes(5);
  // Failures older than this (counted from the last one) are forgotten.
  absl::Duration forget_after = absl::Minutes(15);
  // Most keys tracked; beyond it the stalest records are dropped, so that a
  // flood of made-up keys cannot exhaust memory.
  size_t max_tracked = 100000;
};

// RESOURCE_EXHAUSTED with `reason` and "too many <what>; try again in <wait
// rounded up to the second>".
absl::Status ThrottledRefusal(absl::string_view reason, absl::string_view what,
                              absl::Duration wait);

class AttemptThrottle {
 public:
  explicit AttemptThrottle(AttemptThrottleOptions options = {})
      : options_(options) {}

  // How long `key` must still wait before an attempt is checked; zero when
  // it may try now.
  absl::Duration WaitBefore(absl::string_view key, absl::Time now) const;
  // OK when `key` may try now, else ThrottledRefusal(reason, what, wait).
  absl::Status Admit(absl::string_view key, absl::Time now,
                     absl::string_view reason, absl::string_view what) const;
  void RecordFailure(absl::string_view key, absl::Time now);
  void RecordSuccess(absl::string_view key);
  // How many keys have a record now.
  size_t tracked() const;

 private:
  struct Record {
    int failures = 0;
    absl::Time last_failure;
  };
  absl::Duration DelayAfter(int failures) const;
  void DropStale(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const AttemptThrottleOptions options_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Record> records_ ABSL_GUARDED_BY(mu_);
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_AUTH_ATTEMPT_THROTTLE_H_
