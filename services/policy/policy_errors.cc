#include "services/policy/policy_errors.h"

#include "absl/strings/str_cat.h"
#include "storage/core/refusal.h"

namespace jiamei::errors {
namespace {

absl::Status Invalid(absl::string_view reason, absl::string_view message) {
  return Refusal(absl::StatusCode::kInvalidArgument, reason, message);
}

}  // namespace

absl::Status InvalidExpiryMode() {
  return Invalid(kInvalidExpiry, "expiry.mode must be one of ExpiryMode");
}

absl::Status InvalidExpiryDays(int32_t max_days, int32_t days) {
  return Invalid(kInvalidExpiry, absl::StrCat("expiry.days must be 1 to ",
                                              max_days, ", got ", days));
}

absl::Status InvalidExpiryDaysUnused() {
  return Invalid(kInvalidExpiry, "expiry.days is for AFTER_DAYS only");
}

absl::Status InvalidExpiryResetDate() {
  return Invalid(kInvalidExpiry,
                 "expiry.reset_date must be a day MM-DD (not 02-29)");
}

absl::Status InvalidExpiryResetDateUnused() {
  return Invalid(kInvalidExpiry, "expiry.reset_date is for RESET_DATE only");
}

absl::Status InvalidExpiryWithoutMode() {
  return Invalid(kInvalidExpiry, "expiry needs a mode");
}

absl::Status InvalidStarLevels(int max_levels, int levels) {
  return Invalid(kInvalidStarLevels,
                 absl::StrCat("star_levels has 1 to ", max_levels,
                              " levels, got ", levels));
}

absl::Status InvalidStarLevelHours(int32_t max_hours, int32_t hours,
                                   int32_t before) {
  return Invalid(kInvalidStarLevels,
                 absl::StrCat("star_levels.hours must rise strictly "
                              "from 1 to ",
                              max_hours, ", got ", hours, " after ", before));
}

absl::Status InvalidDeadline(int32_t max_days, int32_t days) {
  return Invalid(kInvalidDeadline,
                 absl::StrCat("recording_deadline_days must be 0 to ", max_days,
                              ", got ", days));
}

absl::Status InvalidBackfillYears(int32_t max_years, int32_t years) {
  return Invalid(
      kInvalidBackfillYears,
      absl::StrCat("backfill_years must be 0 to ", max_years, ", got ", years));
}

absl::Status InvalidAsOf(absl::string_view latest, absl::string_view as_of) {
  return Invalid(kInvalidAsOf, absl::StrCat("as_of must not be after ", latest,
                                            ", got ", as_of));
}

absl::Status InvalidSubject() {
  return Invalid(kInvalidSubject, "subject must be HOUSEHOLDS or VOLUNTEERS");
}

absl::Status InvalidMeasure() {
  return Invalid(kInvalidMeasure,
                 "measure must be HONOUR, or HOURS for volunteers");
}

absl::Status InvalidLimit(int max_limit) {
  return Invalid(kInvalidLimit, absl::StrCat("limit must be 0 to ", max_limit));
}

}  // namespace jiamei::errors
