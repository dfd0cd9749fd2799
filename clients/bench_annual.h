// jiamei-bench's `annual_report` phase: one GetAnnualReport of the bench's
// village over the current year, timed as one call per round, after the
// market's setup (every household awarded once) and whatever the other
// phases of the run logged before it.
#ifndef JIAMEI_CLIENTS_BENCH_ANNUAL_H_
#define JIAMEI_CLIENTS_BENCH_ANNUAL_H_

#include <string>

#include "clients/bench_report.h"
#include "jiamei/v1/reports.grpc.pb.h"

namespace jiamei::bench {

// The row's items are the entries the report counted (its redemption events
// and awards); its p50 and p99 the call's wall time. Sets `failed` if the
// call is refused.
Row TimeAnnualReport(jiamei::v1::ReportService::Stub* stub,
                     const std::string& unit, int round, bool* failed);

}  // namespace jiamei::bench

#endif  // JIAMEI_CLIENTS_BENCH_ANNUAL_H_
