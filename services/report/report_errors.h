// The refusals of jiamei.v1.ReportService (reasons declared once here).
#ifndef JIAMEI_SERVICES_REPORT_REPORT_ERRORS_H_
#define JIAMEI_SERVICES_REPORT_REPORT_ERRORS_H_

#include "absl/status/status.h"

namespace jiamei::errors {

// INVALID_ARGUMENT: a report names neither a year (2000 to 2099) nor a
// period of from_day to to_day, both "YYYY-MM-DD", to_day not before
// from_day, at most 366 days; or names both.
inline constexpr char kInvalidReportPeriod[] = "INVALID_REPORT_PERIOD";
absl::Status InvalidReportPeriod();

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_REPORT_REPORT_ERRORS_H_
