// Lifetime honour (荣誉积分) of households and volunteers: every point
// awarded or earned by service, less deductions, never reduced by
// redemption or expiry; volunteers' confirmed minutes and the star levels
// they reach. Also what each village earned per day, for rankings over a
// period. Written for the supermarket's awards and the volunteer service's
// confirmations and corrections by points policy's Observe (AddHonourOf),
// after their own domain applied them; the audit's replay checks it like
// any other view.
#ifndef JIAMEI_STORAGE_POLICY_HONOUR_H_
#define JIAMEI_STORAGE_POLICY_HONOUR_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "storage/core/records.pb.h"
#include "storage/core/views.h"

namespace jiamei::storage {

// Adds to honour what the logged `entry` earns: the accepted lines of an
// award (a deduction lowers it by all it asked, also what the balance
// lacked), the service of confirmed hours, the difference a correction
// makes; also when `entry` is a decision approving one of them. Nothing for
// other entries. Called after the entry's own domain applied it.
absl::Status AddHonourOf(const EntryRecord& entry, Views* views);

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
