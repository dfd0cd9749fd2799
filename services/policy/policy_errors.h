// The refusals only the policy service gives: requests that do not
// validate. What the rules refuse is in storage/policy.
#ifndef JIAMEI_SERVICES_POLICY_POLICY_ERRORS_H_
#define JIAMEI_SERVICES_POLICY_POLICY_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jiamei::errors {

// INVALID_ARGUMENT: a unit's expiry setting is not one a rule can run.
inline constexpr char kInvalidExpiry[] = "INVALID_EXPIRY";
absl::Status InvalidExpiryMode();
absl::Status InvalidExpiryDays(int32_t max_days, int32_t days);
absl::Status InvalidExpiryDaysUnused();
absl::Status InvalidExpiryResetDate();
absl::Status InvalidExpiryResetDateUnused();
absl::Status InvalidExpiryWithoutMode();

// INVALID_ARGUMENT: star levels are not 1 to N strictly rising hours.
inline constexpr char kInvalidStarLevels[] = "INVALID_STAR_LEVELS";
absl::Status InvalidStarLevels(int max_levels, int levels);
absl::Status InvalidStarLevelHours(int32_t max_hours, int32_t hours,
                                   int32_t before);

// INVALID_ARGUMENT: recording_deadline_days is out of range.
inline constexpr char kInvalidDeadline[] = "INVALID_DEADLINE";
absl::Status InvalidDeadline(int32_t max_days, int32_t days);

// INVALID_ARGUMENT: backfill_years is out of range.
inline constexpr char kInvalidBackfillYears[] = "INVALID_BACKFILL_YEARS";
absl::Status InvalidBackfillYears(int32_t max_years, int32_t years);

// INVALID_ARGUMENT: an expiry run's or preview's as_of is after the latest.
inline constexpr char kInvalidAsOf[] = "INVALID_AS_OF";
absl::Status InvalidAsOf(absl::string_view latest, absl::string_view as_of);

// INVALID_ARGUMENT: a ranking's subject is not HOUSEHOLDS or VOLUNTEERS.
inline constexpr char kInvalidSubject[] = "INVALID_SUBJECT";
absl::Status InvalidSubject();

// INVALID_ARGUMENT: a ranking's measure does not fit its subject.
inline constexpr char kInvalidMeasure[] = "INVALID_MEASURE";
absl::Status InvalidMeasure();

// INVALID_ARGUMENT: a ranking's limit is out of range.
inline constexpr char kInvalidLimit[] = "INVALID_LIMIT";
absl::Status InvalidLimit(int max_limit);

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_POLICY_POLICY_ERRORS_H_
