// The refusals only the activity and volunteer services give: requests that
// do not validate, and the check-in code's throttle. What the rules refuse
// is in storage/activity.
#ifndef JIAMEI_SERVICES_ACTIVITY_ACTIVITY_ERRORS_H_
#define JIAMEI_SERVICES_ACTIVITY_ACTIVITY_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jiamei::errors {

// INVALID_ARGUMENT: an activity's start_time is not a time from 2000 to 2099.
inline constexpr char kInvalidStartTime[] = "INVALID_START_TIME";
absl::Status InvalidStartTime();

// INVALID_ARGUMENT: an activity's end_time is out of range or too early.
inline constexpr char kInvalidEndTime[] = "INVALID_END_TIME";
absl::Status InvalidEndTime();
absl::Status InvalidEndTimeLength();

// INVALID_ARGUMENT: a settled check-out's time is not a time from 2000 to 2099.
inline constexpr char kInvalidCheckOutTime[] = "INVALID_CHECK_OUT_TIME";
absl::Status InvalidCheckOutTime();

// INVALID_ARGUMENT: an activity's points rule is out of range.
inline constexpr char kInvalidPointsRule[] = "INVALID_POINTS_RULE";
absl::Status InvalidPointsRule(int64_t max_points);
absl::Status InvalidPointsRuleCap();

// INVALID_ARGUMENT: an activity's capacity is not 1 to 10,000.
inline constexpr char kInvalidCapacity[] = "INVALID_CAPACITY";
absl::Status InvalidCapacity();

// INVALID_ARGUMENT: an activity invites more than 20 teams.
inline constexpr char kInvalidTeams[] = "INVALID_TEAMS";
absl::Status InvalidTeams();

// INVALID_ARGUMENT: an activity's or a volunteer's status is not one to set.
inline constexpr char kInvalidStatus[] = "INVALID_STATUS";
absl::Status InvalidActivityStatus();
absl::Status InvalidVolunteerStatus();

// RESOURCE_EXHAUSTED: too many wrong check-in codes from one volunteer.
inline constexpr char kCheckinCodeThrottled[] = "CHECKIN_CODE_THROTTLED";

// FAILED_PRECONDITION: the check-in code is wrong or has expired.
inline constexpr char kStaleCode[] = "STALE_CODE";
absl::Status StaleCode();

// INVALID_ARGUMENT: an organiser's check names 0 or over 1,000 volunteers.
inline constexpr char kInvalidVolunteers[] = "INVALID_VOLUNTEERS";
absl::Status InvalidVolunteers();

// INVALID_ARGUMENT: a volunteer is named twice in one request.
inline constexpr char kDuplicateVolunteer[] = "DUPLICATE_VOLUNTEER";
absl::Status DuplicateVolunteer(absl::string_view name);
absl::Status DuplicateVolunteerAdjusted(absl::string_view name);

// INVALID_ARGUMENT: an hours confirmation has more than 10,000 adjustments.
inline constexpr char kInvalidAdjustments[] = "INVALID_ADJUSTMENTS";
absl::Status InvalidAdjustments();

// INVALID_ARGUMENT: a verification code is not "<id>-<16 hex digits>".
inline constexpr char kInvalidVerificationCode[] = "INVALID_VERIFICATION_CODE";
absl::Status InvalidVerificationCode();

// INVALID_ARGUMENT: a volunteer has more than `max` skills.
inline constexpr char kInvalidSkill[] = "INVALID_SKILL";
absl::Status InvalidSkill(int max);

// Raised here with reasons declared elsewhere: INVALID_CATEGORY and
// INVALID_PERIOD (services/market/market_errors.h).
absl::Status InvalidActivityCategory();
absl::Status ToDateBeforeFromDate();

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_ACTIVITY_ACTIVITY_ERRORS_H_
