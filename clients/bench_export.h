// jiamei-bench's `export` phase: the points ledger (积分登记台账) of the
// bench's village for this year as one .xlsx (ExportService.ExportLedger),
// timed as one call per round; the setup's awards (one line a household,
// in AwardBatch calls of 10,000) are the ledger's lines. With --server_pid
// it also prints the server's resident memory: its growth during the
// export (VmRSS sampled every 5 ms, less VmRSS before) and its peak
// (VmHWM).
//
// Alone with --export_lines=10000,100000 (RunExportSizes), it grows the
// ledger to each size in turn through the real write path (more AwardBatch
// calls going round the households), exports it --rounds times at each
// size and prints the median time and the largest growth of the server's
// memory per size.
#ifndef JIAMEI_CLIENTS_BENCH_EXPORT_H_
#define JIAMEI_CLIENTS_BENCH_EXPORT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "clients/bench_common.h"
#include "clients/bench_report.h"
#include "grpcpp/grpcpp.h"

namespace jiamei::bench {

// Exports into a temporary file (removed after); `lines` is what the row
// reports as items. Sets `failed` when the export is refused.
Row TimeExport(const std::shared_ptr<grpc::Channel>& channel,
               const std::string& village, double lines, int server_pid,
               int round, bool* failed);

// The sizes phase: `households` already hold one line each of `rule`.
// False on failure (the server's refusal printed).
bool RunExportSizes(const std::shared_ptr<grpc::Channel>& channel,
                    RequestIds* ids, const std::string& village,
                    const std::string& rule,
                    const std::vector<std::string>& households,
                    const std::vector<int64_t>& sizes, int rounds,
                    int server_pid);

}  // namespace jiamei::bench

#endif  // JIAMEI_CLIENTS_BENCH_EXPORT_H_
