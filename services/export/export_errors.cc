#include "services/export/export_errors.h"

#include "absl/strings/str_cat.h"
#include "storage/core/refusal.h"

namespace jiamei::errors {
namespace {

absl::Status Invalid(absl::string_view reason, absl::string_view message) {
  return Refusal(absl::StatusCode::kInvalidArgument, reason, message);
}

}  // namespace

absl::Status ExportPeriodTooLong(int64_t max_days) {
  return Invalid(kExportPeriodTooLong,
                 absl::StrCat("an export covers from_date to to_date, at most ",
                              max_days, " days; split the period"));
}

absl::Status UnknownLedger(int32_t kind) {
  return Invalid(kUnknownLedger, absl::StrCat("unknown ledger kind ", kind));
}

absl::Status ExportTargetMismatch(bool stock) {
  return Invalid(kExportTargetMismatch,
                 stock ? "the stock ledger is a site's: set site, not unit"
                       : "only the stock ledger takes a site; set unit");
}

absl::Status UnknownExportFormat(int32_t format) {
  return Invalid(kUnknownExportFormat,
                 absl::StrCat("unknown export format ", format,
                              "; use EXPORT_FORMAT_XLSX or EXPORT_FORMAT_CSV"));
}

absl::Status ExportFileFailed(absl::string_view what) {
  return Refusal(absl::StatusCode::kInternal, kExportFileFailed,
                 absl::StrCat("the export file failed: ", what));
}

absl::Status ExportCancelled() {
  return Refusal(absl::StatusCode::kCancelled, kExportCancelled,
                 "the caller went away during the export");
}

absl::Status ExportsBusy() {
  return Refusal(absl::StatusCode::kResourceExhausted, kExportsBusy,
                 "other exports are being made; try again in a minute");
}

}  // namespace jiamei::errors
