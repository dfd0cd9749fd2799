#include "clients/bench_annual.h"

#include <chrono>
#include <iostream>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/bench_common.h"
#include "clients/bench_load.h"

namespace jiamei::bench {

Row TimeAnnualReport(jiamei::v1::ReportService::Stub* stub,
                     const std::string& unit, int round, bool* failed) {
  jiamei::v1::GetAnnualReportRequest request;
  request.set_unit(unit);
  request.set_year(static_cast<int32_t>(
      absl::ToCivilYear(absl::Now(), absl::FixedTimeZone(8 * 3600)).year()));
  jiamei::v1::AnnualReport response;
  const Clock::time_point start = Clock::now();
  grpc::Status status =
      stub->GetAnnualReport(NewContext().get(), request, &response);
  const double ms =
      std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!status.ok()) {
    std::cerr << "annual_report #" << round << ": " << status.error_message()
              << "\n";
    *failed = true;
  }
  int64_t entries = response.total().redemption_events();
  for (const jiamei::v1::CategoryPoints& c :
       response.total().issued_by_category()) {
    entries += c.awards();
  }
  return OneCallRow("annual_report", round, static_cast<double>(entries), ms);
}

}  // namespace jiamei::bench
