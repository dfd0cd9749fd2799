#include "services/report/report_service.h"

#include "services/common/validation.h"
#include "services/report/report_errors.h"
#include "services/report/report_tally.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

// A period covers at most a leap year.
constexpr absl::civil_diff_t kMaxReportDays = 366;

}  // namespace

absl::StatusOr<ReportPeriod> ReportPeriodOf(
    const jiamei::v1::GetAnnualReportRequest& request) {
  const bool days = !request.from_day().empty() || !request.to_day().empty();
  if (request.year() != 0) {
    if (days || request.year() < 2000 || request.year() > 2099) {
      return errors::InvalidReportPeriod();
    }
    return ReportPeriod{absl::CivilDay(request.year(), 1, 1),
                        absl::CivilDay(request.year(), 12, 31)};
  }
  absl::CivilDay from, to;
  if (!absl::ParseCivilTime(request.from_day(), &from) ||
      !absl::ParseCivilTime(request.to_day(), &to) ||
      absl::FormatCivilTime(from) != request.from_day() ||
      absl::FormatCivilTime(to) != request.to_day() || to < from ||
      to - from >= kMaxReportDays || from.year() < 2000 || to.year() > 2099) {
    return errors::InvalidReportPeriod();
  }
  return ReportPeriod{from, to};
}

grpc::ServerUnaryReactor* ReportService::GetAnnualReport(
    Context* context, const jiamei::v1::GetAnnualReportRequest* request,
    jiamei::v1::AnnualReport* response) {
  const Permission& permission = kReportPermissions.Of("GetAnnualReport");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(const uint64_t unit,
                     ParseName(request->unit(), "units", "unit"));
    ASSIGN_OR_RETURN(const ReportPeriod period, ReportPeriodOf(*request));
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
    ASSIGN_OR_RETURN(const storage::UnitRecord record,
                     storage::RegistryReader(core_.store).GetUnit(unit));
    response->set_unit(request->unit());
    response->set_display_name(record.unit().display_name());
    response->set_from_day(absl::FormatCivilTime(period.from));
    response->set_to_day(absl::FormatCivilTime(period.to));
    return ComputeAnnualReport(core_.store, *core_.access, unit, period.from,
                               period.to, response);
  });
}

}  // namespace jiamei::services
