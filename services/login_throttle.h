// Slows down repeated failed logins: after a few free attempts, each further
// failure for the same login name doubles the wait before the next attempt
// is even checked, up to a maximum. A success clears the record; so does
// enough quiet time. Thread-safe.
#ifndef JIAMEI_SERVICES_LOGIN_THROTTLE_H_
#define JIAMEI_SERVICES_LOGIN_THROTTLE_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace jiamei::services {

struct LoginThrottleOptions {
  int free_attempts = 3;
  absl::Duration first_delay = absl::Seconds(1);
  absl::Duration max_delay = absl::Minutes(5);
  // Failures older than this (counted from the last one) are forgotten.
  absl::Duration forget_after = absl::Minutes(15);
  // Most login names tracked; beyond it the stalest records are dropped, so
  // that a flood of made-up names cannot exhaust memory.
  size_t max_tracked = 100000;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleOptions options = {})
      : options_(options) {}

  // How long `login` must still wait before an attempt is checked; zero
  // when it may try now.
  absl::Duration WaitBefore(absl::string_view login, absl::Time now) const;
  void RecordFailure(absl::string_view login, absl::Time now);
  void RecordSuccess(absl::string_view login);
  // How many login names have a record now.
  size_t tracked() const;

 private:
  struct Record {
    int failures = 0;
    absl::Time last_failure;
  };
  absl::Duration DelayAfter(int failures) const;
  void DropStale(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const LoginThrottleOptions options_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Record> records_ ABSL_GUARDED_BY(mu_);
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_LOGIN_THROTTLE_H_
