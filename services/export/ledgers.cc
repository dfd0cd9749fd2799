#include "services/export/ledgers.h"

#include "absl/strings/str_cat.h"
#include "services/export/export_errors.h"

namespace jiamei::services {

absl::StatusOr<LedgerSpec> LedgerSpecOf(int32_t kind) {
  switch (kind) {
    case jiamei::v1::LEDGER_KIND_POINTS:
      return LedgerSpec{"积分登记台账",
                        {"",
                         "",
                         {"日期", "户号", "户主", "积分项目", "积分", "备注"},
                         {false, false, false, false, true, false},
                         "经办人签字",
                         {12, 10, 10, 24, 8, 24}},
                        &PointsRows};
    case jiamei::v1::LEDGER_KIND_REDEMPTIONS:
      return LedgerSpec{"积分兑换台账",
                        {"",
                         "",
                         {"日期", "户号", "户主", "兑换物品", "单位", "数量",
                          "单价（积分）", "积分"},
                         {false, false, false, false, false, true, false, true},
                         "领取人签字",
                         {12, 10, 10, 20, 6, 6, 12, 8}},
                        &RedemptionRows};
    default:
      break;
  }
  return errors::UnknownLedger(kind);
}

namespace {

std::string PeriodText(absl::CivilDay from, absl::CivilDay to) {
  if (from.year() == to.year() && from == absl::CivilDay(from.year(), 1, 1) &&
      to == absl::CivilDay(to.year(), 12, 31)) {
    return absl::StrCat(from.year(), "年度");
  }
  return absl::StrCat(DayText(from), "至", DayText(to));
}

}  // namespace

std::string LedgerTitle(const std::string& unit, const std::string& ledger,
                        absl::CivilDay from, absl::CivilDay to) {
  return absl::StrCat(unit, "巾帼家美积分超市", ledger, "（",
                      PeriodText(from, to), "）");
}

std::string LedgerCaption(const std::string& unit, absl::CivilDay from,
                          absl::CivilDay to) {
  return absl::StrCat("单位：", unit, "　　期间：", DayText(from), " 至 ",
                      DayText(to));
}

}  // namespace jiamei::services
