// Volunteer service's rules: the status flow of an activity, sign-up within
// capacity, attendance inside the activity's window, confirmation of hours
// into immutable service records that credit the volunteer's household,
// corrections, certificates; and the derived records each accepted change
// writes. Like the register and the supermarket, only the sequencer's
// applier calls it (through StateMachine) and the audit replays the log
// through it. Times are the entries' own, so a replay judges the same way.
#ifndef JIAMEI_STORAGE_ACTIVITY_ACTIVITY_STATE_H_
#define JIAMEI_STORAGE_ACTIVITY_ACTIVITY_STATE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "storage/core/records.pb.h"
#include "storage/core/views.h"

namespace jiamei::storage {

// Values of jiamei.v1.ActivityStatus, as stored.
inline constexpr int32_t kActivityDraft = 1;
inline constexpr int32_t kActivityOpen = 2;
inline constexpr int32_t kActivityInProgress = 3;
inline constexpr int32_t kActivityClosed = 4;
inline constexpr int32_t kActivityConfirmed = 5;
inline constexpr int32_t kActivityCancelled = 6;
// How attendance was marked.
inline constexpr int32_t kByCode = 1;
inline constexpr int32_t kByOrganiser = 2;
inline constexpr int32_t kSettled = 3;
// A volunteer may check in this long before the start.
inline constexpr int64_t kEarlyCheckInMicros = 30LL * 60 * 1000000;
inline constexpr char kServiceReasonCode[] = "SERVICE";

// `logged` as it was requested, without what the sequencer filled in.
ActivityChange AsRequested(ActivityChange logged);

absl::StatusOr<ActivityRecord> FindActivity(const ReadViews& views,
                                            uint64_t id);
absl::StatusOr<ServiceRecordRecord> FindServiceRecord(const ReadViews& views,
                                                      uint64_t id);
// The participation of `volunteer` in `activity`, if any.
absl::StatusOr<std::optional<ParticipationRecord>> FindParticipation(
    const ReadViews& views, uint64_t activity, uint64_t volunteer);
// Minutes of service from check-in to check-out, clipped to the window.
int64_t ServiceMinutes(const ActivityFields& activity,
                       const ParticipationRecord& participation);
// The points `minutes` of service earn under the activity's rule.
int64_t ServicePoints(const ActivityFields& activity, int64_t minutes);
int32_t StatusOf(const ActivityRecord& activity);

class ActivityState {
 public:
  explicit ActivityState(Views* views) : views_(views) {}

  // Checks `requested`, made at `time_micros`, and returns it with ids,
  // records and the transfers it makes filled in; balances are checked by
  // the caller. Refusals carry a reason.
  absl::StatusOr<ActivityChange> Check(const ActivityChange& requested,
                                       const HeadRecord& head,
                                       int64_t time_micros) const;

  // Writes the derived records of the logged `entry` and advances the id
  // counters in `head`. Reads everything before writing anything.
  absl::Status Apply(const EntryRecord& entry, HeadRecord* head);

 private:
  // True when `unit` is `above` or lies below it.
  absl::StatusOr<bool> Below(uint64_t unit, uint64_t above) const;
  // The unit exists; every invited team exists and belongs to the unit or
  // a unit below it (TEAM_OUTSIDE_UNIT).
  absl::Status CheckCreated(const ActivityFields& activity) const;
  absl::Status CheckStatus(const ActivityStatusSet& change) const;
  absl::Status CheckSignUp(const SignUpChanged& change,
                           int64_t time_micros) const;
  // `person` may sign up: a member of an invited team, or with no team
  // invited, a volunteer living in the activity's unit or below it
  // (NOT_INVITED).
  absl::Status CheckInvited(const ActivityFields& activity,
                            const PersonRecord& person) const;
  absl::Status CheckAttendance(const AttendanceMarked& change,
                               int64_t time_micros) const;
  absl::Status CheckConfirm(HoursConfirmed* confirmed, const HeadRecord& head,
                            ActivityChange* out) const;
  absl::Status CheckCorrect(RecordCorrected* corrected, const HeadRecord& head,
                            ActivityChange* out) const;
  // The household credited for `volunteer` and its unit's issuance account.
  absl::StatusOr<ServiceLine> Credit(const ActivityRecord& activity,
                                     uint64_t volunteer, int64_t minutes) const;

  absl::Status ApplyCreated(const EntryRecord& entry);
  absl::Status ApplyStatus(const EntryRecord& entry, int32_t status,
                           const std::string& reason);
  absl::Status ApplySignUp(const EntryRecord& entry);
  absl::Status ApplyAttendance(const EntryRecord& entry);
  absl::Status ApplyConfirmed(const EntryRecord& entry);
  absl::Status ApplyCorrected(const EntryRecord& entry);
  void PutRecord(const EntryRecord& entry, uint64_t activity,
                 const ServiceLine& line, uint64_t corrects,
                 const std::string& reason);
  static void AdvanceCounters(const ActivityChange& change, HeadRecord* head);

  Views* views_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_ACTIVITY_ACTIVITY_STATE_H_
