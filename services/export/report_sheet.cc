// ReportRows and TeamReportRows (services/export/ledgers.h): the annual
// report's rows as a sheet. The figures are services/report's
// ComputeAnnualReport, the very counting GetAnnualReport answers with, and
// the 合计 row is the report's own total (its distinct counts are not the
// rows' sum), so the sheet says what the report says.
#include <vector>

#include "jiamei/v1/reports.pb.h"
#include "services/export/ledgers.h"
#include "services/report/report_tally.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

// The data columns of ledgers.cc's ReportLayout, in order.
std::vector<Cell> FiguresCells(const jiamei::v1::ReportFigures& f) {
  int64_t by_rules = 0;
  for (const jiamei::v1::CategoryPoints& c : f.issued_by_category()) {
    by_rules += c.points();
  }
  return {Cell::Text(f.display_name()),
          Cell::Number(f.activities_held()),
          Cell::Number(f.person_times()),
          Cell::Number(f.distinct_volunteers()),
          Cell::Number(f.service_minutes()),
          Cell::Number(f.households_credited()),
          Cell::Number(f.people_credited()),
          Cell::Number(by_rules),
          Cell::Number(f.points_service()),
          Cell::Number(f.points_cards()),
          Cell::Number(f.points_adjusted()),
          Cell::Number(f.points_issued()),
          Cell::Number(f.points_deducted()),
          Cell::Number(f.points_expired()),
          Cell::Number(f.points_redeemed()),
          Cell::Number(f.redemption_events()),
          Cell::Number(f.redemption_person_times()),
          Cell::Number(f.households_redeemed()),
          Cell::Number(f.people_redeemed())};
}

// Writes `rows` and `total` as the 合计.
absl::Status WriteReport(
    const google::protobuf::RepeatedPtrField<jiamei::v1::ReportFigures>& rows,
    const jiamei::v1::ReportFigures& total, LedgerSheet* sheet) {
  for (const jiamei::v1::ReportFigures& row : rows) {
    RETURN_IF_ERROR(sheet->Add(FiguresCells(row)));
  }
  std::vector<Cell> cells = FiguresCells(total);
  cells[0] = Cell::Text("");
  for (size_t i = 0; i < cells.size(); ++i) {
    sheet->SetTotal(i, std::move(cells[i]));
  }
  return absl::OkStatus();
}

absl::StatusOr<jiamei::v1::AnnualReport> Report(const ExportScope& scope) {
  jiamei::v1::AnnualReport report;
  RETURN_IF_ERROR(ComputeAnnualReport(scope.store, *scope.access, scope.unit,
                                      scope.from, scope.to, &report));
  return report;
}

}  // namespace

absl::Status ReportRows(const ExportScope& scope, LedgerSheet* sheet) {
  ASSIGN_OR_RETURN(jiamei::v1::AnnualReport report, Report(scope));
  if (report.units().empty()) {
    // A village: its one row is the total.
    ASSIGN_OR_RETURN(const storage::UnitRecord unit,
                     storage::RegistryReader(scope.store, scope.snapshot->get())
                         .GetUnit(scope.unit));
    jiamei::v1::ReportFigures* row = report.add_units();
    *row = report.total();
    row->set_display_name(unit.unit().display_name());
  }
  return WriteReport(report.units(), report.total(), sheet);
}

absl::Status TeamReportRows(const ExportScope& scope, LedgerSheet* sheet) {
  ASSIGN_OR_RETURN(const jiamei::v1::AnnualReport report, Report(scope));
  return WriteReport(report.teams(), report.teams_total(), sheet);
}

}  // namespace jiamei::services
