// RedemptionRows (services/export/ledgers.h): the 积分兑换台账's rows.
#include "services/export/ledgers.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_reader.h"
#include "storage/policy/effective_day.h"

namespace jiamei::services {

absl::Status RedemptionRows(const ExportScope& scope, LedgerSheet* sheet) {
  const storage::MarketReader market(scope.store, scope.snapshot->get());
  return ForEachMarketEntry(
      scope,
      [&](uint64_t village, const storage::MarketChange& change,
          const storage::EntryRecord& entry) -> absl::Status {
        if (!change.has_redeemed()) return absl::OkStatus();
        ASSIGN_OR_RETURN(
            const storage::RedemptionRecord record,
            market.GetRedemption(change.redeemed().redemption_id()));
        if (record.void_sequence() != 0) return absl::OkStatus();
        uint64_t home = 0;
        ASSIGN_OR_RETURN(
            const HouseholdLabel label,
            LabelOf(scope, record.redemption().household(), &home));
        if (home != village) return absl::OkStatus();
        const std::string day = DayText(storage::EffectiveDay(entry));
        for (const storage::RedeemedLine& line : record.redemption().lines()) {
          RETURN_IF_ERROR(sheet->Add(
              {Cell::Text(day), Cell::Text(label.number),
               Cell::Text(label.head), Cell::Text(line.display_name()),
               Cell::Text(line.measure()), Cell::Number(line.quantity()),
               Cell::Number(line.price()),
               Cell::Number(line.price() * line.quantity())}));
        }
        return absl::OkStatus();
      });
}

}  // namespace jiamei::services
