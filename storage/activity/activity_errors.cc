#include "storage/activity/activity_errors.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "storage/activity/activity_names.h"
#include "storage/activity/activity_state.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_errors.h"

namespace jiamei::errors {
namespace {

using absl::StatusCode;
using storage::ActivityName;
using storage::RecordName;
using storage::TeamName;
using storage::UnitName;
using storage::VolunteerName;

const char* StatusWord(int32_t status) {
  switch (status) {
    case storage::kActivityDraft:
      return "draft";
    case storage::kActivityOpen:
      return "open";
    case storage::kActivityInProgress:
      return "in progress";
    case storage::kActivityClosed:
      return "closed";
    case storage::kActivityConfirmed:
      return "hours confirmed";
    case storage::kActivityCancelled:
      return "cancelled";
    default:
      return "unknown";
  }
}

absl::Status Conflict(const char* reason, absl::string_view message,
                      const RefusalDetails& details = {}) {
  return Refusal(StatusCode::kFailedPrecondition, reason, message, details);
}

RefusalDetail Activity(uint64_t activity) {
  return {"activity", ActivityName(activity)};
}
RefusalDetail Volunteer(uint64_t volunteer) {
  return {"volunteer", VolunteerName(volunteer)};
}
RefusalDetail Status(int32_t status) { return {"status", StatusWord(status)}; }

}  // namespace

absl::Status ActivityNotFound(uint64_t activity) {
  return DoesNotExist(kActivityNotFound, ActivityName(activity));
}

absl::Status RecordNotFound(uint64_t record) {
  return DoesNotExist(kRecordNotFound, RecordName(record));
}

absl::Status TeamOutsideUnit(uint64_t team, uint64_t team_unit, uint64_t unit) {
  return Conflict(
      kTeamOutsideUnit,
      absl::StrCat(TeamName(team), " belongs to ", UnitName(team_unit),
                   ", outside ", UnitName(unit),
                   "; an activity invites teams of its unit or below it"),
      {{"team", TeamName(team)},
       {"team_unit", UnitName(team_unit)},
       {"unit", UnitName(unit)}});
}

absl::Status InvalidTransition(uint64_t activity, int32_t from, int32_t to) {
  return Conflict(kInvalidTransition,
                  absl::StrCat(ActivityName(activity), " is ", StatusWord(from),
                               "; it cannot become ", StatusWord(to)),
                  {Activity(activity), Status(from), {"to", StatusWord(to)}});
}

absl::Status NotSignedUp(uint64_t volunteer) {
  return Conflict(kNotSignedUp,
                  absl::StrCat(VolunteerName(volunteer), " is not signed up"),
                  {Volunteer(volunteer)});
}

absl::Status TooLate() {
  return Conflict(kTooLate, "a sign-up can be cancelled only before the start");
}

absl::Status NotOpen(uint64_t activity, int32_t status) {
  return Conflict(kNotOpen,
                  absl::StrCat(ActivityName(activity), " is ",
                               StatusWord(status), ", not open for sign-up"),
                  {Activity(activity), Status(status)});
}

absl::Status AlreadySignedUp(uint64_t volunteer) {
  return Conflict(
      kAlreadySignedUp,
      absl::StrCat(VolunteerName(volunteer), " is already signed up"),
      {Volunteer(volunteer)});
}

absl::Status NotInvited(uint64_t volunteer, uint64_t lives_in, uint64_t unit) {
  return Conflict(kNotInvited,
                  absl::StrCat(VolunteerName(volunteer), " lives in ",
                               UnitName(lives_in), ", outside ", UnitName(unit),
                               " whose volunteers the activity admits"),
                  {Volunteer(volunteer),
                   {"lives_in", UnitName(lives_in)},
                   {"unit", UnitName(unit)}});
}

absl::Status NotInvitedByTeams(uint64_t volunteer) {
  return Conflict(kNotInvited,
                  absl::StrCat(VolunteerName(volunteer),
                               " is in none of the invited teams"),
                  {Volunteer(volunteer)});
}

absl::Status ActivityFull(uint64_t activity, int64_t signed_up,
                          int64_t capacity) {
  return Conflict(
      kActivityFull,
      absl::StrCat(ActivityName(activity), " has ", signed_up, " of ", capacity,
                   " places taken"),
      {Activity(activity), {"signed_up", signed_up}, {"capacity", capacity}});
}

absl::Status NotRunning(uint64_t activity, int32_t status) {
  return Conflict(
      kNotRunning,
      absl::StrCat(ActivityName(activity), " is ", StatusWord(status)),
      {Activity(activity), Status(status)});
}

absl::Status OutsideWindow() {
  return Conflict(kOutsideWindow,
                  "check-in opens 30 minutes before the start and closes at "
                  "the end");
}

absl::Status AlreadyCheckedIn(uint64_t volunteer) {
  return Conflict(
      kAlreadyCheckedIn,
      absl::StrCat(VolunteerName(volunteer), " has already checked in"),
      {Volunteer(volunteer)});
}

absl::Status NotCheckedIn(uint64_t volunteer) {
  return Conflict(kNotCheckedIn,
                  absl::StrCat(VolunteerName(volunteer), " has not checked in"),
                  {Volunteer(volunteer)});
}

absl::Status AlreadyCheckedOut(uint64_t volunteer) {
  return Conflict(
      kAlreadyCheckedOut,
      absl::StrCat(VolunteerName(volunteer), " has already checked out"),
      {Volunteer(volunteer)});
}

absl::Status CheckOutBeforeCheckIn(uint64_t volunteer) {
  return Conflict(kCheckOutBeforeCheckIn,
                  absl::StrCat(VolunteerName(volunteer),
                               "'s check-out would be before the check-in"),
                  {Volunteer(volunteer)});
}

absl::Status ActivityCancelled(uint64_t activity) {
  return Conflict(kActivityCancelled,
                  absl::StrCat(ActivityName(activity), " was cancelled"),
                  {Activity(activity)});
}

absl::Status AlreadyConfirmed(uint64_t activity) {
  return Conflict(
      kAlreadyConfirmed,
      absl::StrCat(ActivityName(activity), "'s hours are already confirmed"),
      {Activity(activity)});
}

absl::Status NotClosed(uint64_t activity, int32_t status) {
  return Conflict(kNotClosed,
                  absl::StrCat(ActivityName(activity), " is ",
                               StatusWord(status), "; close it first"),
                  {Activity(activity), Status(status)});
}

absl::Status HoursTooLong(uint64_t volunteer, int64_t minutes, int64_t length) {
  return Refusal(
      StatusCode::kInvalidArgument, kHoursTooLong,
      absl::StrCat(VolunteerName(volunteer), ": ", minutes,
                   " minutes; the activity lasts ", length),
      {Volunteer(volunteer), {"minutes", minutes}, {"length", length}});
}

absl::Status HoursTooLongInCorrection(int64_t minutes, int64_t length) {
  return Refusal(StatusCode::kInvalidArgument, kHoursTooLong,
                 absl::StrCat(minutes, " minutes; the activity lasts ", length),
                 {{"minutes", minutes}, {"length", length}});
}

absl::Status CheckOutMissing(uint64_t volunteer) {
  return Conflict(kCheckOutMissing,
                  absl::StrCat(VolunteerName(volunteer),
                               " has not checked out; settle it first"),
                  {Volunteer(volunteer)});
}

absl::Status NotAParticipant(uint64_t volunteer, uint64_t activity) {
  return Refusal(StatusCode::kInvalidArgument, kNotAParticipant,
                 absl::StrCat(VolunteerName(volunteer), " did not check in to ",
                              ActivityName(activity)),
                 {Volunteer(volunteer), Activity(activity)});
}

absl::Status AlreadyCorrected(uint64_t record, uint64_t corrected_by) {
  return Conflict(kAlreadyCorrected,
                  absl::StrCat(RecordName(record), " was corrected by ",
                               RecordName(corrected_by), "; correct that one"),
                  {{"record", RecordName(record)},
                   {"corrected_by", RecordName(corrected_by)}});
}

}  // namespace jiamei::errors
