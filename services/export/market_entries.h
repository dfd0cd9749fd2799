// The supermarket entries a ledger export lists: those of the households
// of a unit's villages whose effective day (storage/policy/effective_day.h)
// falls in the period, read one at a time from one snapshot, never
// gathered whole.
#ifndef JIAMEI_SERVICES_EXPORT_MARKET_ENTRIES_H_
#define JIAMEI_SERVICES_EXPORT_MARKET_ENTRIES_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "services/export/export_scope.h"
#include "storage/core/records.pb.h"
#include "storage/core/snapshot.h"
#include "storage/core/store.h"

namespace jiamei::services {

// A household as a ledger names it: its number and its head's name.
struct HouseholdLabel {
  std::string number;
  std::string head;
};

// Calls `visit(village, change, entry)` for each award or redemption entry
// of the households of `scope.unit`'s villages (services/market's
// VillagesOf) whose effective day is in the period, village by village, in
// the order they were logged; a batch that touches several villages is
// visited once for each, and `visit` keeps the lines of that village.
// Stops at the first error `visit` returns.
using MarketVisit = std::function<absl::Status(
    uint64_t village, const storage::MarketChange& change,
    const storage::EntryRecord& entry)>;
absl::Status ForEachMarketEntry(const ExportScope& scope,
                                const MarketVisit& visit);

// The label of `household` read at `scope`'s snapshot; also its village.
absl::StatusOr<HouseholdLabel> LabelOf(const ExportScope& scope,
                                       uint64_t household, uint64_t* village);

// "YYYY-MM-DD".
std::string DayText(absl::CivilDay day);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_EXPORT_MARKET_ENTRIES_H_
