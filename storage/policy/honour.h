// Lifetime honour (荣誉积分) of households and volunteers: every point
// awarded or earned by service, less deductions, never reduced by
// redemption or expiry; volunteers' confirmed minutes and the star levels
// they reach. Also what each village earned per day, for rankings over a
// period. Written by the supermarket's awards and volunteer service's
// confirmations, so the audit's replay checks it like any other view.
#ifndef JIAMEI_STORAGE_POLICY_HONOUR_H_
#define JIAMEI_STORAGE_POLICY_HONOUR_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "storage/core/records.pb.h"
#include "storage/core/views.h"

namespace jiamei::storage {

// Days since 1970-01-01, as the day indexes key them.
uint64_t DayNumber(absl::CivilDay day);

// Adds `points` to the honour of `household`, earned on `day`.
absl::Status AddHouseholdHonour(Views* views, uint64_t household,
                                int64_t points, absl::CivilDay day);

// Adds `points` and `minutes` of service to `volunteer`, earned on `day` in
// the logged `entry`, and records each star level of the volunteer's
// village's policy the new total reaches.
absl::Status AddVolunteerHonour(Views* views, const EntryRecord& entry,
                                uint64_t volunteer, int64_t points,
                                int64_t minutes, absl::CivilDay day);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_POLICY_HONOUR_H_
