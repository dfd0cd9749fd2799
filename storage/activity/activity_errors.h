// The refusals of volunteer service: an activity's status flow, sign-ups,
// attendance, confirmation and correction of hours. The format is
// registry_errors.h's: one comment line with the gRPC code, the constant,
// its factories. Statuses are the values of jiamei.v1.ActivityStatus.
#ifndef JIAMEI_STORAGE_ACTIVITY_ACTIVITY_ERRORS_H_
#define JIAMEI_STORAGE_ACTIVITY_ACTIVITY_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"

namespace jiamei::errors {

// NOT_FOUND: no activity has this id.
inline constexpr char kActivityNotFound[] = "ACTIVITY_NOT_FOUND";
absl::Status ActivityNotFound(uint64_t activity);

// NOT_FOUND: no service record has this id.
inline constexpr char kRecordNotFound[] = "RECORD_NOT_FOUND";
absl::Status RecordNotFound(uint64_t record);

// FAILED_PRECONDITION: an invited team is outside the activity's unit.
inline constexpr char kTeamOutsideUnit[] = "TEAM_OUTSIDE_UNIT";
absl::Status TeamOutsideUnit(uint64_t team, uint64_t team_unit, uint64_t unit);

// FAILED_PRECONDITION: the activity's status cannot move to the one asked.
inline constexpr char kInvalidTransition[] = "INVALID_TRANSITION";
absl::Status InvalidTransition(uint64_t activity, int32_t from, int32_t to);

// FAILED_PRECONDITION: the volunteer is not signed up for the activity.
inline constexpr char kNotSignedUp[] = "NOT_SIGNED_UP";
absl::Status NotSignedUp(uint64_t volunteer);

// FAILED_PRECONDITION: a sign-up is cancelled only before the start.
inline constexpr char kTooLate[] = "TOO_LATE";
absl::Status TooLate();

// FAILED_PRECONDITION: the activity is not open for sign-up.
inline constexpr char kNotOpen[] = "NOT_OPEN";
absl::Status NotOpen(uint64_t activity, int32_t status);

// FAILED_PRECONDITION: the volunteer is signed up already.
inline constexpr char kAlreadySignedUp[] = "ALREADY_SIGNED_UP";
absl::Status AlreadySignedUp(uint64_t volunteer);

// FAILED_PRECONDITION: the volunteer is outside the activity's unit or teams.
inline constexpr char kNotInvited[] = "NOT_INVITED";
absl::Status NotInvited(uint64_t volunteer, uint64_t lives_in, uint64_t unit);
absl::Status NotInvitedByTeams(uint64_t volunteer);

// FAILED_PRECONDITION: every place of the activity is taken.
inline constexpr char kActivityFull[] = "ACTIVITY_FULL";
absl::Status ActivityFull(uint64_t activity, int64_t signed_up,
                          int64_t capacity);

// FAILED_PRECONDITION: attendance is marked only while the activity runs.
inline constexpr char kNotRunning[] = "NOT_RUNNING";
absl::Status NotRunning(uint64_t activity, int32_t status);

// FAILED_PRECONDITION: a check-in outside the activity's window.
inline constexpr char kOutsideWindow[] = "OUTSIDE_WINDOW";
absl::Status OutsideWindow();

// FAILED_PRECONDITION: the volunteer has checked in already.
inline constexpr char kAlreadyCheckedIn[] = "ALREADY_CHECKED_IN";
absl::Status AlreadyCheckedIn(uint64_t volunteer);

// FAILED_PRECONDITION: a check-out of a volunteer who has not checked in.
inline constexpr char kNotCheckedIn[] = "NOT_CHECKED_IN";
absl::Status NotCheckedIn(uint64_t volunteer);

// FAILED_PRECONDITION: the volunteer has checked out already.
inline constexpr char kAlreadyCheckedOut[] = "ALREADY_CHECKED_OUT";
absl::Status AlreadyCheckedOut(uint64_t volunteer);

// FAILED_PRECONDITION: the check-out would be before the check-in.
inline constexpr char kCheckOutBeforeCheckIn[] = "CHECK_OUT_BEFORE_CHECK_IN";
absl::Status CheckOutBeforeCheckIn(uint64_t volunteer);

// FAILED_PRECONDITION: hours of a cancelled activity are not confirmed.
inline constexpr char kActivityCancelled[] = "ACTIVITY_CANCELLED";
absl::Status ActivityCancelled(uint64_t activity);

// FAILED_PRECONDITION: the activity's hours are confirmed already.
inline constexpr char kAlreadyConfirmed[] = "ALREADY_CONFIRMED";
absl::Status AlreadyConfirmed(uint64_t activity);

// FAILED_PRECONDITION: hours are confirmed only once the activity is closed.
inline constexpr char kNotClosed[] = "NOT_CLOSED";
absl::Status NotClosed(uint64_t activity, int32_t status);

// INVALID_ARGUMENT: minutes below zero or beyond the activity's length.
inline constexpr char kHoursTooLong[] = "HOURS_TOO_LONG";
absl::Status HoursTooLong(uint64_t volunteer, int64_t minutes, int64_t length);
absl::Status HoursTooLongInCorrection(int64_t minutes, int64_t length);

// FAILED_PRECONDITION: a volunteer checked in and has not checked out.
inline constexpr char kCheckOutMissing[] = "CHECK_OUT_MISSING";
absl::Status CheckOutMissing(uint64_t volunteer);

// INVALID_ARGUMENT: minutes adjusted for a volunteer who did not check in.
inline constexpr char kNotAParticipant[] = "NOT_A_PARTICIPANT";
absl::Status NotAParticipant(uint64_t volunteer, uint64_t activity);

// FAILED_PRECONDITION: the record was corrected; correct the correction.
inline constexpr char kAlreadyCorrected[] = "ALREADY_CORRECTED";
absl::Status AlreadyCorrected(uint64_t record, uint64_t corrected_by);

}  // namespace jiamei::errors

#endif  // JIAMEI_STORAGE_ACTIVITY_ACTIVITY_ERRORS_H_
