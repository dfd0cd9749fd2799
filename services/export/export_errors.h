// The refusals of the ledger exports (services/export). Reasons are
// declared once, each after one line naming its gRPC code, with a factory
// for each way it is raised.
#ifndef JIAMEI_SERVICES_EXPORT_EXPORT_ERRORS_H_
#define JIAMEI_SERVICES_EXPORT_EXPORT_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/common_errors.h"

namespace jiamei::errors {

// INVALID_ARGUMENT: to_date before from_date, or more than `max_days`
// days from from_date.
inline constexpr char kExportPeriodTooLong[] = "EXPORT_PERIOD_TOO_LONG";
absl::Status ExportPeriodTooLong(int64_t max_days);

// INVALID_ARGUMENT: a ledger kind the API does not define.
inline constexpr char kUnknownLedger[] = "UNKNOWN_LEDGER";
absl::Status UnknownLedger(int32_t kind);

// INVALID_ARGUMENT: `site` with a ledger other than the stock ledger, or
// `unit` with the stock ledger, which takes `site` instead.
inline constexpr char kExportTargetMismatch[] = "EXPORT_TARGET_MISMATCH";
absl::Status ExportTargetMismatch(bool stock);

// INVALID_ARGUMENT: a format other than XLSX or CSV.
inline constexpr char kUnknownExportFormat[] = "UNKNOWN_EXPORT_FORMAT";
absl::Status UnknownExportFormat(int32_t format);

// INTERNAL: the temporary file of an export could not be written or read.
inline constexpr char kExportFileFailed[] = "EXPORT_FILE_FAILED";
absl::Status ExportFileFailed(absl::string_view what);

// CANCELLED: the caller went away while the file was streamed.
inline constexpr char kExportCancelled[] = "EXPORT_CANCELLED";
absl::Status ExportCancelled();

// RESOURCE_EXHAUSTED: as many exports as the server makes at a time are
// being made.
inline constexpr char kExportsBusy[] = "EXPORTS_BUSY";
absl::Status ExportsBusy();

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_EXPORT_EXPORT_ERRORS_H_
