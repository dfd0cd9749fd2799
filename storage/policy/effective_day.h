// The day an entry counts on: its effective day. A back-filled record
// (补录) or a desk's offline record is logged today but counts on the day it
// happened, in caps, expiry lots, honour, rankings and every figure; an
// entry that names no such day counts on the day it was logged. Days are
// China Standard Time (storage/core/china_time.h).
#ifndef JIAMEI_STORAGE_POLICY_EFFECTIVE_DAY_H_
#define JIAMEI_STORAGE_POLICY_EFFECTIVE_DAY_H_

#include "absl/time/civil_time.h"
#include "storage/core/records.pb.h"

namespace jiamei::storage {

// The effective day of `entry`: an award's event day (also when approved
// from a proposal), else its desk day, else the day the entry was logged.
absl::CivilDay EffectiveDay(const EntryRecord& entry);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_POLICY_EFFECTIVE_DAY_H_
