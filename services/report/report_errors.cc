#include "services/report/report_errors.h"

#include "storage/core/refusal.h"

namespace jiamei::errors {

absl::Status InvalidReportPeriod() {
  return Refusal(absl::StatusCode::kInvalidArgument, kInvalidReportPeriod,
                 "a report needs a year from 2000 to 2099, or from_day and "
                 "to_day (YYYY-MM-DD) at most 366 days apart, not both");
}

}  // namespace jiamei::errors
