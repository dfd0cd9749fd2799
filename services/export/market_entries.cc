#include "services/export/market_entries.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "services/market/market_figures.h"
#include "storage/core/china_time.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/market/market_reader.h"
#include "storage/policy/effective_day.h"
#include "storage/policy/policy_state.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::StatusOr<HouseholdLabel> LabelOf(const ExportScope& scope,
                                       uint64_t household, uint64_t* village) {
  const storage::RegistryReader registry(scope.store, scope.snapshot->get());
  ASSIGN_OR_RETURN(const storage::HouseholdRecord record,
                   registry.GetHousehold(household));
  *village = record.village();
  HouseholdLabel label{record.number(), ""};
  if (record.head() != 0) {
    ASSIGN_OR_RETURN(const storage::PersonRecord head,
                     registry.GetPerson(record.head()));
    label.head = head.fields().full_name();
  }
  return label;
}

absl::Status ForEachMarketEntry(const ExportScope& scope,
                                const MarketVisit& visit) {
  std::vector<uint64_t> villages;
  RETURN_IF_ERROR(
      VillagesOf(storage::RegistryReader(scope.store, scope.snapshot->get()),
                 scope.unit, 2, &villages));
  const storage::MarketReader market(scope.store, scope.snapshot->get());
  const storage::LedgerReader ledger(scope.store, scope.snapshot->get());
  // An entry is indexed on the day it was logged (or its desk's day), never
  // before its effective day: entries back-filled into the period after it
  // are found by reading on to today.
  const absl::CivilDay last =
      std::max(scope.to, storage::ChinaDay(absl::Now()));
  for (uint64_t village : villages) {
    ASSIGN_OR_RETURN(const std::vector<uint64_t> sequences,
                     market.ListEvents(village, scope.from, last));
    for (uint64_t sequence : sequences) {
      ASSIGN_OR_RETURN(const storage::EntryRecord entry,
                       ledger.GetEntry(sequence));
      const absl::CivilDay day = storage::EffectiveDay(entry);
      if (day < scope.from || day > scope.to) continue;
      const storage::MarketChange* change = storage::MarketOf(entry);
      if (change == nullptr) continue;
      RETURN_IF_ERROR(visit(village, *change, entry));
    }
  }
  return absl::OkStatus();
}

}  // namespace jiamei::services
