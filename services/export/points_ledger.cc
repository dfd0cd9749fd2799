// PointsRows (services/export/ledgers.h): the 积分登记台账's rows.
#include "services/export/ledgers.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_reader.h"
#include "storage/policy/effective_day.h"

namespace jiamei::services {

absl::Status PointsRows(const ExportScope& scope, LedgerSheet* sheet) {
  const storage::MarketReader market(scope.store, scope.snapshot->get());
  return ForEachMarketEntry(
      scope,
      [&](uint64_t village, const storage::MarketChange& change,
          const storage::EntryRecord& entry) -> absl::Status {
        if (!change.has_awards_made()) return absl::OkStatus();
        const std::string day = DayText(storage::EffectiveDay(entry));
        for (const storage::AwardLine& line : change.awards_made().lines()) {
          if (!line.refusal_reason().empty()) continue;
          uint64_t home = 0;
          ASSIGN_OR_RETURN(const HouseholdLabel label,
                           LabelOf(scope, line.household(), &home));
          if (home != village) continue;
          ASSIGN_OR_RETURN(const storage::RuleRecord rule,
                           market.GetRule(line.rule()));
          const int index = line.rule_version() - 1;
          const std::string rule_name =
              index >= 0 && index < rule.versions_size()
                  ? rule.versions(index).rule().display_name()
                  : "";
          RETURN_IF_ERROR(sheet->Add(
              {Cell::Text(day), Cell::Text(label.number),
               Cell::Text(label.head), Cell::Text(rule_name),
               Cell::Number(line.points()), Cell::Text(line.note())}));
        }
        return absl::OkStatus();
      });
}

}  // namespace jiamei::services
