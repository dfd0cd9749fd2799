// Counting the annual report (jiamei.v1.AnnualReport) by scanning: the
// activities of the unit's subtree and of the units above it, and every
// logged entry, each counted on its effective day
// (storage/policy/effective_day.h). One snapshot of the store, so that the
// rows add up while desks keep working.
#ifndef JIAMEI_SERVICES_REPORT_REPORT_TALLY_H_
#define JIAMEI_SERVICES_REPORT_REPORT_TALLY_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "jiamei/v1/reports.pb.h"
#include "services/auth/access.h"
#include "storage/core/store.h"

namespace jiamei::services {

// Fills the rows of `out` (total, units, teams, teams_total) for `unit`
// from `from` to `to` (inclusive, China days). The caller has checked the
// unit exists and is in scope. UNAVAILABLE or DATA_LOSS from the store.
absl::Status ComputeAnnualReport(const storage::Store* store,
                                 const Access& access, uint64_t unit,
                                 absl::CivilDay from, absl::CivilDay to,
                                 jiamei::v1::AnnualReport* out);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_REPORT_REPORT_TALLY_H_
