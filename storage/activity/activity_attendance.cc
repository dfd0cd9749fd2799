// ActivityState's sign-ups and attendance: a volunteer signs up for an open
// activity she is invited to while places are left, cancels before the
// start; she checks in (from 30 minutes before the start to the end) and
// out, by code or by the organiser.
#include <vector>

#include "storage/activity/activity_errors.h"
#include "storage/activity/activity_state.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_errors.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"
#include "storage/registry/registry_state.h"

namespace jiamei::storage {

absl::Status ActivityState::CheckSignUp(const SignUpChanged& change,
                                        int64_t time_micros) const {
  ASSIGN_OR_RETURN(const ActivityRecord activity,
                   FindActivity(*views_, change.activity_id()));
  ASSIGN_OR_RETURN(
      const std::optional<ParticipationRecord> p,
      FindParticipation(*views_, change.activity_id(), change.volunteer()));
  const bool signed_up = p.has_value() && !p->cancelled();
  if (change.cancelled()) {
    if (!signed_up) return errors::NotSignedUp(change.volunteer());
    if (time_micros >= activity.activity().start_micros() ||
        p->check_in_micros() != 0) {
      return errors::TooLate();
    }
    return absl::OkStatus();
  }
  if (StatusOf(activity) != kActivityOpen) {
    return errors::NotOpen(change.activity_id(), StatusOf(activity));
  }
  if (signed_up) return errors::AlreadySignedUp(change.volunteer());
  ASSIGN_OR_RETURN(
      const PersonRecord person,
      RequireRecord<PersonRecord>(*views_, Record::kPerson, change.volunteer(),
                                  errors::VolunteerNotFound));
  if (!person.has_volunteer()) {
    return errors::VolunteerNotFoundUnenrolled(change.volunteer());
  }
  if (person.volunteer().status() != kVolunteerActive) {
    return errors::VolunteerSuspended(change.volunteer());
  }
  RETURN_IF_ERROR(CheckInvited(activity.activity(), person));
  if (activity.signed_up() >= activity.activity().capacity()) {
    return errors::ActivityFull(change.activity_id(), activity.signed_up(),
                                activity.activity().capacity());
  }
  return absl::OkStatus();
}

absl::Status ActivityState::CheckInvited(const ActivityFields& activity,
                                         const PersonRecord& person) const {
  if (activity.teams().empty()) {
    ASSIGN_OR_RETURN(const bool below, Below(person.unit(), activity.unit()));
    if (below) return absl::OkStatus();
    return errors::NotInvited(person.id(), person.unit(), activity.unit());
  }
  for (uint64_t team : activity.teams()) {
    ASSIGN_OR_RETURN(const bool member,
                     Exists(*views_, Cf::kIndex,
                            IndexKey(Index::kTeamMember, team, person.id())));
    if (member) return absl::OkStatus();
  }
  return errors::NotInvitedByTeams(person.id());
}

absl::Status ActivityState::CheckAttendance(const AttendanceMarked& change,
                                            int64_t time_micros) const {
  ASSIGN_OR_RETURN(const ActivityRecord activity,
                   FindActivity(*views_, change.activity_id()));
  const ActivityFields& a = activity.activity();
  const int32_t status = StatusOf(activity);
  const bool running = status == kActivityOpen || status == kActivityInProgress;
  if (!running && !(status == kActivityClosed && !change.check_in())) {
    return errors::NotRunning(change.activity_id(), status);
  }
  const int64_t at = change.at_micros() != 0 ? change.at_micros() : time_micros;
  if (change.check_in() &&
      (at < a.start_micros() - kEarlyCheckInMicros || at > a.end_micros())) {
    return errors::OutsideWindow();
  }
  for (uint64_t volunteer : change.volunteers()) {
    ASSIGN_OR_RETURN(
        const std::optional<ParticipationRecord> p,
        FindParticipation(*views_, change.activity_id(), volunteer));
    if (!p.has_value() || p->cancelled()) {
      return errors::NotSignedUp(volunteer);
    }
    if (change.check_in()) {
      if (p->check_in_micros() != 0) {
        return errors::AlreadyCheckedIn(volunteer);
      }
      continue;
    }
    if (p->check_in_micros() == 0) return errors::NotCheckedIn(volunteer);
    if (p->check_out_micros() != 0) {
      return errors::AlreadyCheckedOut(volunteer);
    }
    if (at < p->check_in_micros()) {
      return errors::CheckOutBeforeCheckIn(volunteer);
    }
  }
  return absl::OkStatus();
}

absl::Status ActivityState::ApplySignUp(const EntryRecord& entry) {
  const SignUpChanged& change = entry.activity().sign_up();
  ASSIGN_OR_RETURN(ActivityRecord activity,
                   FindActivity(*views_, change.activity_id()));
  ASSIGN_OR_RETURN(
      const std::optional<ParticipationRecord> found,
      FindParticipation(*views_, change.activity_id(), change.volunteer()));
  ParticipationRecord p = found.value_or(ParticipationRecord());
  if (!found.has_value()) activity.add_participants(change.volunteer());
  p.set_cancelled(change.cancelled());
  if (!change.cancelled()) p.set_sign_up_micros(entry.time_micros());
  activity.set_signed_up(activity.signed_up() + (change.cancelled() ? -1 : 1));
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kActivity, change.activity_id()),
                   activity);
  views_->PutProto(
      Cf::kIndex,
      IndexKey(Index::kParticipation, change.activity_id(), change.volunteer()),
      p);
  return absl::OkStatus();
}

absl::Status ActivityState::ApplyAttendance(const EntryRecord& entry) {
  const AttendanceMarked& change = entry.activity().attendance();
  ASSIGN_OR_RETURN(ActivityRecord activity,
                   FindActivity(*views_, change.activity_id()));
  std::vector<ParticipationRecord> records;
  for (uint64_t volunteer : change.volunteers()) {
    ASSIGN_OR_RETURN(
        const std::optional<ParticipationRecord> p,
        FindParticipation(*views_, change.activity_id(), volunteer));
    records.push_back(p.value_or(ParticipationRecord()));
  }
  const int64_t at =
      change.at_micros() != 0 ? change.at_micros() : entry.time_micros();
  for (int i = 0; i < change.volunteers_size(); ++i) {
    ParticipationRecord& p = records[static_cast<size_t>(i)];
    if (change.check_in()) {
      p.set_check_in_micros(at);
      p.set_check_in_by(change.by());
    } else {
      p.set_check_out_micros(at);
      p.set_check_out_by(change.by());
      p.set_settle_reason(change.reason());
    }
    views_->PutProto(Cf::kIndex,
                     IndexKey(Index::kParticipation, change.activity_id(),
                              change.volunteers(i)),
                     p);
  }
  if (change.check_in()) {
    activity.set_checked_in(activity.checked_in() + change.volunteers_size());
    views_->PutProto(Cf::kRegistry,
                     RecordKey(Record::kActivity, change.activity_id()),
                     activity);
  }
  return absl::OkStatus();
}

}  // namespace jiamei::storage
