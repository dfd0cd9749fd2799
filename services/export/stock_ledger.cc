// StockRows (services/export/ledgers.h): the 库存台账's rows, good by good
// of the site (in id order), each good's stock lines in the order they
// were logged, those whose entry's effective day is in the period. 结存 is
// the stock the line left, so the column runs on from the stock before
// the period.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "jiamei/v1/supermarket.pb.h"
#include "services/export/indexed_ids.h"
#include "services/export/ledgers.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/market/market_reader.h"
#include "storage/policy/effective_day.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

// 摘要: what kind of movement a stock line is.
std::string KindText(int32_t kind) {
  switch (kind) {
    case jiamei::v1::STOCK_MOVEMENT_KIND_DONATION:
      return "捐赠入库";
    case jiamei::v1::STOCK_MOVEMENT_KIND_PURCHASE:
      return "采购入库";
    case jiamei::v1::STOCK_MOVEMENT_KIND_LOSS:
      return "报损";
    case jiamei::v1::STOCK_MOVEMENT_KIND_DAMAGE:
      return "损坏";
    case jiamei::v1::STOCK_MOVEMENT_KIND_CORRECTION:
      return "更正";
    case jiamei::v1::STOCK_MOVEMENT_KIND_REDEMPTION:
      return "兑换出库";
    case jiamei::v1::STOCK_MOVEMENT_KIND_VOID:
      return "兑换作废退回";
    case jiamei::v1::STOCK_MOVEMENT_KIND_STOCKTAKE:
      return "盘点差异";
    default:
      break;
  }
  return "";
}

// A quantity cell: the number, or blank for none.
Cell Quantity(int64_t quantity) {
  return quantity != 0 ? Cell::Number(quantity) : Cell::Text("");
}

}  // namespace

absl::Status StockRows(const ExportScope& scope, LedgerSheet* sheet) {
  const storage::RegistryReader registry(scope.store, scope.snapshot->get());
  const storage::MarketReader market(scope.store, scope.snapshot->get());
  const storage::LedgerReader ledger(scope.store, scope.snapshot->get());
  ASSIGN_OR_RETURN(const std::vector<storage::GoodRecord> goods,
                   market.ListGoods(scope.site));
  for (const storage::GoodRecord& good : goods) {
    const storage::GoodFields& fields = good.versions().rbegin()->good();
    RETURN_IF_ERROR(ForEachIndexed(
        registry, storage::Index::kStockLine, good.id(),
        [&](uint64_t sequence) -> absl::Status {
          ASSIGN_OR_RETURN(const storage::EntryRecord entry,
                           ledger.GetEntry(sequence));
          const absl::CivilDay day = storage::EffectiveDay(entry);
          if (day < scope.from || day > scope.to) return absl::OkStatus();
          ASSIGN_OR_RETURN(const storage::StockLine line,
                           market.GetStockLine(good.id(), sequence));
          std::string note = line.note();
          if (note.empty() && line.redemption() != 0) {
            ASSIGN_OR_RETURN(const storage::RedemptionRecord redemption,
                             market.GetRedemption(line.redemption()));
            uint64_t village = 0;
            ASSIGN_OR_RETURN(
                const HouseholdLabel label,
                LabelOf(scope, redemption.redemption().household(), &village));
            note = absl::StrCat("户号 ", label.number, " ", label.head);
          }
          return sheet->Add(
              {Cell::Text(DayText(day)), Cell::Text(fields.display_name()),
               Cell::Text(fields.measure()), Cell::Text(KindText(line.kind())),
               Quantity(line.change() > 0 ? line.change() : 0),
               Quantity(line.change() < 0 ? -line.change() : 0),
               Cell::Number(line.stock_after()), Cell::Text(note)});
        }));
  }
  return absl::OkStatus();
}

}  // namespace jiamei::services
