// jiamei-bench's `export` phase: the points ledger (积分登记台账) of the
// bench's village for this year as one .xlsx (ExportService.ExportLedger),
// timed as one call per round. With --accounts=100000 the setup's awards
// alone make a 100,000-line ledger. With --server_pid it also prints the
// server's peak resident memory (VmHWM) after the export.
#ifndef JIAMEI_CLIENTS_BENCH_EXPORT_H_
#define JIAMEI_CLIENTS_BENCH_EXPORT_H_

#include <memory>
#include <string>

#include "clients/bench_report.h"
#include "grpcpp/grpcpp.h"

namespace jiamei::bench {

// Exports into a temporary file (removed after); `lines` is what the row
// reports as items. Sets `failed` when the export is refused.
Row TimeExport(const std::shared_ptr<grpc::Channel>& channel,
               const std::string& village, double lines, int server_pid,
               int round, bool* failed);

}  // namespace jiamei::bench

#endif  // JIAMEI_CLIENTS_BENCH_EXPORT_H_
