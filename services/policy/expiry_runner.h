// Runs the expiry of a unit's villages as a chain of commands: one chunk of
// at most kExpiryChunk households at a time, the next submitted only when
// the one before is durable, so that desk work queued meanwhile goes
// between them and never waits for a whole run. Used by
// PolicyService.RunExpiry and by the daily schedule.
#ifndef JIAMEI_SERVICES_POLICY_EXPIRY_RUNNER_H_
#define JIAMEI_SERVICES_POLICY_EXPIRY_RUNNER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "jiamei/v1/policy.pb.h"
#include "services/common/handler.h"

namespace jiamei::services {

inline constexpr int kExpiryChunk = 200;

// Expires the points of every village of `unit` as of `as_of`, as `actor`,
// with request ids made from `request_id`, and calls `done` with what each
// village's run did. EXPIRY_NOT_SET when no village's points expire;
// EXPIRY_ALREADY_RUN when every village already ran for its period.
void RunExpiry(
    const Core& core, uint64_t unit, absl::CivilDay as_of,
    const std::string& request_id, uint64_t actor,
    std::function<void(absl::StatusOr<jiamei::v1::RunExpiryResponse>)> done);

// Runs the expiry of every county once a day at `time_of_day` (China
// Standard Time), as the system (actor 0), until destroyed.
class ExpirySchedule {
 public:
  ExpirySchedule(const Core& core, absl::Duration time_of_day);
  ~ExpirySchedule();

 private:
  void Loop();
  void RunDay(absl::CivilDay today);

  const Core core_;
  const absl::Duration time_of_day_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_POLICY_EXPIRY_RUNNER_H_
