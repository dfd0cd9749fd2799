// The ledgers an export can make: each one's name, columns and rows.
#ifndef JIAMEI_SERVICES_EXPORT_LEDGERS_H_
#define JIAMEI_SERVICES_EXPORT_LEDGERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "jiamei/v1/exports.pb.h"
#include "services/auth/access.h"
#include "services/export/export_scope.h"
#include "services/export/market_entries.h"
#include "services/export/sheet.h"

namespace jiamei::services {

using LedgerRows = absl::Status (*)(const ExportScope& scope,
                                    LedgerSheet* sheet);

struct LedgerSpec {
  std::string name;  // e.g. 积分兑换台账: the file's name
  std::string
      heading;  // the title after the unit: 巾帼家美积分超市积分兑换台账
  // Who may make it, of ExportLedger's staff: the roles of the read RPCs
  // whose records it lists (a static table of services/auth/access.h).
  Roles roles;
  bool of_site;        // the stock ledger: `site`, not `unit`
  SheetLayout layout;  // columns, sums, signature, widths (no title yet)
  LedgerRows rows;
};

// UNKNOWN_LEDGER for a kind the API does not define.
absl::StatusOr<LedgerSpec> LedgerSpecOf(int32_t kind);

// The sheet's title: "<unit><heading>（2026年度）" for a whole calendar
// year, else with the period's dates; and its caption.
std::string LedgerTitle(const std::string& unit, const std::string& heading,
                        absl::CivilDay from, absl::CivilDay to);
std::string LedgerCaption(const std::string& unit, absl::CivilDay from,
                          absl::CivilDay to);

// 积分登记台账: one row per award or deduction line (日期, 户号, 户主,
// 积分项目, 积分, 备注), 积分 summed.
absl::Status PointsRows(const ExportScope& scope, LedgerSheet* sheet);
// 积分兑换台账: one row per good of each redemption not voided (日期, 户号,
// 户主, 兑换物品, 单位, 数量, 单价, 积分), 数量 and 积分 summed.
absl::Status RedemptionRows(const ExportScope& scope, LedgerSheet* sheet);
// 志愿服务活动记录 (services/export/activity_ledger.cc): one row per
// attendance of the activities the report counts.
absl::Status ActivityRows(const ExportScope& scope, LedgerSheet* sheet);
// 农户花名册 (roster_ledger.cc): one row per person, masked as the
// register's reads mask them for the caller.
absl::Status RosterRows(const ExportScope& scope, LedgerSheet* sheet);
// 库存台账 (stock_ledger.cc): one row per stock movement of the site.
absl::Status StockRows(const ExportScope& scope, LedgerSheet* sheet);
// 年度工作报表 (report_sheet.cc): GetAnnualReport's unit rows and total;
// 志愿服务队年度工作报表: its team rows and teams_total.
absl::Status ReportRows(const ExportScope& scope, LedgerSheet* sheet);
absl::Status TeamReportRows(const ExportScope& scope, LedgerSheet* sheet);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_EXPORT_LEDGERS_H_
