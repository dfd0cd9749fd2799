// jiamei.v1.ReportService: the year-end report in one call
// (proto/jiamei/v1/reports.proto, docs/report.md). Read-only; the figures
// are counted in report_tally.h.
#ifndef JIAMEI_SERVICES_REPORT_REPORT_SERVICE_H_
#define JIAMEI_SERVICES_REPORT_REPORT_SERVICE_H_

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "jiamei/v1/reports.grpc.pb.h"
#include "services/common/handler.h"

namespace jiamei::services {

// A report's period: days from `from` to `to`, inclusive.
struct ReportPeriod {
  absl::CivilDay from;
  absl::CivilDay to;
};

// The period `request` names: its year (2000 to 2099), or from_day to
// to_day (at most 366 days, to_day not before from_day), never both;
// INVALID_REPORT_PERIOD otherwise.
absl::StatusOr<ReportPeriod> ReportPeriodOf(
    const jiamei::v1::GetAnnualReportRequest& request);

class ReportService final : public jiamei::v1::ReportService::CallbackService {
 public:
  explicit ReportService(const Core& core) : core_(core) {}

  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  Reactor* GetAnnualReport(Context* context,
                           const jiamei::v1::GetAnnualReportRequest* request,
                           jiamei::v1::AnnualReport* response) override;

 private:
  const Core core_;
};

// Who may call each method of jiamei.v1.ReportService
// (services/common/permissions.h): admins and auditors see their scope, a
// village's desk operator their village (the handler checks the scope).
inline constexpr auto kReportPermissions =
    PermissionsOf<jiamei::v1::ReportService>({
        Rpc("GetAnnualReport", kBookkeepers),
    });

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_REPORT_REPORT_SERVICE_H_
