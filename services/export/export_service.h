// jiamei.v1.ExportService: the 台账 officers print and keep in Excel, as
// .xlsx (services/export/xlsx_output.h) or CSV (csv_output.h). The file is
// made from one snapshot on a worker thread into <data dir>/export-tmp,
// streamed in chunks of at most 64 KiB, then deleted: memory stays flat
// however long the ledger.
#ifndef JIAMEI_SERVICES_EXPORT_EXPORT_SERVICE_H_
#define JIAMEI_SERVICES_EXPORT_EXPORT_SERVICE_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "jiamei/v1/exports.grpc.pb.h"
#include "services/common/blocking_stream.h"
#include "services/common/handler.h"
#include "services/export/ledgers.h"

namespace jiamei::services {

// The longest period one export covers, in days from from_date.
inline constexpr int64_t kMaxExportDays = 366;
// The largest data chunk of an ExportChunk.
inline constexpr size_t kExportChunkBytes = 64 * 1024;

class ExportService final : public jiamei::v1::ExportService::CallbackService {
 public:
  // Removes what a crash left in <data dir>/export-tmp.
  explicit ExportService(const Core& core);

  grpc::ServerWriteReactor<jiamei::v1::ExportChunk>* ExportLedger(
      grpc::CallbackServerContext* context,
      const jiamei::v1::ExportLedgerRequest* request) override;

 private:
  // What a valid request asks for.
  struct Job {
    LedgerSpec spec;
    ExportScope scope;
    int32_t format;
    std::string unit_name;  // the unit's, or for the stock ledger the site's
  };
  absl::StatusOr<Job> Plan(
      const Principal& caller,
      const jiamei::v1::ExportLedgerRequest& request) const;
  // Makes the file of `job` from one snapshot and streams it: its name and
  // type first, then its bytes.
  absl::Status Run(const Job& job,
                   BlockingStream<jiamei::v1::ExportChunk>* stream) const;

  const Core core_;
  const std::string tmpdir_;
  // Exports at a time (two), none waiting: a third caller is refused.
  WorkerPool workers_{2, 0};
};

// Who may call each method of jiamei.v1.ExportService
// (services/common/permissions.h); each ledger narrows ExportLedger's staff
// to its LedgerSpec::roles.
inline constexpr auto kExportPermissions =
    PermissionsOf<jiamei::v1::ExportService>({
        Rpc("ExportLedger", kStaff),
    });

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_EXPORT_EXPORT_SERVICE_H_
