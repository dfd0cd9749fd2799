#include "services/export/ledgers.h"

#include "absl/strings/str_cat.h"
#include "services/export/export_errors.h"

namespace jiamei::services {
namespace {

constexpr char kMarket[] = "巾帼家美积分超市";

// The columns of both report sheets (report_sheet.cc fills them in this
// order): every figure of jiamei.v1.ReportFigures but the goods.
SheetLayout ReportLayout(const char* row_label) {
  SheetLayout layout{
      "",
      "",
      {row_label, "开展活动", "参与人次", "志愿者人数", "服务时长（分钟）",
       "积分户数", "积分人数", "细则积分", "服务积分", "积分卡积分", "调整积分",
       "发放积分", "扣分", "清零积分", "兑换积分", "兑换次数", "受益人次",
       "兑换户数", "受益人数"},
      {},
      "备注",
      {}};
  layout.summed.assign(layout.columns.size(), true);
  layout.summed[0] = false;
  layout.widths.assign(layout.columns.size(), 8);
  layout.widths[0] = 16;
  return layout;
}

}  // namespace

absl::StatusOr<LedgerSpec> LedgerSpecOf(int32_t kind) {
  switch (kind) {
    case jiamei::v1::LEDGER_KIND_POINTS:
      return LedgerSpec{"积分登记台账",
                        absl::StrCat(kMarket, "积分登记台账"),
                        kStaff,
                        false,
                        {"",
                         "",
                         {"日期", "户号", "户主", "积分项目", "积分", "备注"},
                         {false, false, false, false, true, false},
                         "经办人签字",
                         {12, 10, 10, 24, 8, 24}},
                        &PointsRows};
    case jiamei::v1::LEDGER_KIND_REDEMPTIONS:
      return LedgerSpec{"积分兑换台账",
                        absl::StrCat(kMarket, "积分兑换台账"),
                        kStaff,
                        false,
                        {"",
                         "",
                         {"日期", "户号", "户主", "兑换物品", "单位", "数量",
                          "单价（积分）", "积分"},
                         {false, false, false, false, false, true, false, true},
                         "领取人签字",
                         {12, 10, 10, 20, 6, 6, 12, 8}},
                        &RedemptionRows};
    case jiamei::v1::LEDGER_KIND_ACTIVITIES:
      return LedgerSpec{
          "活动记录",
          "巾帼志愿服务活动记录",
          kRecordReaders,
          false,
          {"",
           "",
           {"日期", "组织单位", "活动名称", "地点", "志愿者", "签到", "签退",
            "人次", "服务时长（分钟）"},
           {false, false, false, false, false, false, false, true, true},
           "组织者签字",
           {12, 12, 20, 16, 10, 8, 8, 6, 10}},
          &ActivityRows};
    case jiamei::v1::LEDGER_KIND_ROSTER:
      return LedgerSpec{
          "农户花名册",
          "农户花名册",
          kStaff,
          false,
          {"",
           "",
           {"户号", "姓名", "户主", "性别", "出生年份", "身份证号", "联系电话",
            "地址", "关爱类别"},
           {false, false, false, false, false, false, false, false, false},
           "核对人签字",
           {10, 10, 6, 6, 8, 20, 14, 24, 16}},
          &RosterRows};
    case jiamei::v1::LEDGER_KIND_STOCK:
      return LedgerSpec{
          "库存台账",
          "库存台账",
          kBookkeepers,
          true,
          {"",
           "",
           {"日期", "物品", "单位", "摘要", "入库", "出库", "结存", "备注"},
           {false, false, false, false, true, true, false, false},
           "经办人签字",
           {12, 20, 6, 12, 8, 8, 8, 24}},
          &StockRows};
    case jiamei::v1::LEDGER_KIND_REPORT:
      return LedgerSpec{"年度工作报表", "妇联年度工作报表",   kBookkeepers,
                        false,          ReportLayout("单位"), &ReportRows};
    case jiamei::v1::LEDGER_KIND_TEAM_REPORT:
      return LedgerSpec{"志愿服务队年度工作报表",
                        "志愿服务队年度工作报表",
                        kBookkeepers,
                        false,
                        ReportLayout("志愿服务队"),
                        &TeamReportRows};
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

std::string LedgerTitle(const std::string& unit, const std::string& heading,
                        absl::CivilDay from, absl::CivilDay to) {
  return absl::StrCat(unit, heading, "（", PeriodText(from, to), "）");
}

std::string LedgerCaption(const std::string& unit, absl::CivilDay from,
                          absl::CivilDay to) {
  return absl::StrCat("单位：", unit, "　　期间：", DayText(from), " 至 ",
                      DayText(to));
}

}  // namespace jiamei::services
