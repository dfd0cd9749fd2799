#include "services/activity/activity_errors.h"

#include "absl/strings/str_cat.h"
#include "services/market/market_errors.h"
#include "storage/core/refusal.h"

namespace jiamei::errors {
namespace {

absl::Status Invalid(absl::string_view reason, absl::string_view message) {
  return Refusal(absl::StatusCode::kInvalidArgument, reason, message);
}

}  // namespace

absl::Status InvalidStartTime() {
  return Invalid(kInvalidStartTime,
                 "start_time must be a time from 2000 to 2099");
}

absl::Status InvalidEndTime() {
  return Invalid(kInvalidEndTime, "end_time must be a time from 2000 to 2099");
}

absl::Status InvalidEndTimeLength() {
  return Invalid(kInvalidEndTime,
                 "end_time must be after start_time, within 7 days");
}

absl::Status InvalidCheckOutTime() {
  return Invalid(kInvalidCheckOutTime,
                 "check_out_time must be a time from 2000 to 2099");
}

absl::Status InvalidPointsRule(int64_t max_points) {
  return Invalid(kInvalidPointsRule,
                 absl::StrCat("points per hour or per participation (one "
                              "of them), 0 to ",
                              max_points));
}

absl::Status InvalidPointsRuleCap() {
  return Invalid(kInvalidPointsRule, "cap_points out of range");
}

absl::Status InvalidCapacity() {
  return Invalid(kInvalidCapacity, "capacity must be 1 to 10,000");
}

absl::Status InvalidTeams() {
  return Invalid(kInvalidTeams, "at most 20 teams");
}

absl::Status InvalidActivityStatus() {
  return Invalid(kInvalidStatus,
                 "status must be OPEN, IN_PROGRESS, CLOSED or "
                 "CANCELLED (hours are confirmed by ConfirmHours)");
}

absl::Status InvalidVolunteerStatus() {
  return Invalid(kInvalidStatus, "status must be ACTIVE or SUSPENDED");
}

absl::Status StaleCode() {
  return Refusal(absl::StatusCode::kFailedPrecondition, kStaleCode,
                 "the check-in code is wrong or has expired; read the "
                 "organiser's current code");
}

absl::Status InvalidVolunteers() {
  return Invalid(kInvalidVolunteers, "1 to 1,000 volunteers");
}

absl::Status DuplicateVolunteer(absl::string_view name) {
  return Invalid(kDuplicateVolunteer, absl::StrCat(name, " is listed twice"));
}

absl::Status DuplicateVolunteerAdjusted(absl::string_view name) {
  return Invalid(kDuplicateVolunteer, absl::StrCat(name, " is adjusted twice"));
}

absl::Status InvalidAdjustments() {
  return Invalid(kInvalidAdjustments, "at most 10,000 adjustments");
}

absl::Status InvalidVerificationCode() {
  return Invalid(kInvalidVerificationCode,
                 "a verification code looks like 12-0123456789abcdef");
}

absl::Status InvalidSkill(int max) {
  return Invalid(kInvalidSkill, absl::StrCat("at most ", max, " skills"));
}

absl::Status InvalidActivityCategory() {
  return Invalid(kInvalidCategory, "category must be one of ActivityCategory");
}

absl::Status ToDateBeforeFromDate() {
  return Invalid(kInvalidPeriod, "to_date is before from_date");
}

}  // namespace jiamei::errors
