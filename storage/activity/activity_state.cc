// ActivityState's entry points and an activity's life (created as a draft,
// opened, in progress, closed, cancelled): Check and Apply choose the rule
// of each kind of change; sign-ups and attendance are in
// activity_attendance.cc, confirmation and correction of hours in
// activity_hours.cc.
#include "storage/activity/activity_state.h"

#include <algorithm>
#include <vector>

#include "storage/activity/activity_errors.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_errors.h"
#include "storage/market/market_state.h"
#include "storage/registry/registry_errors.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"

namespace jiamei::storage {
namespace {

bool MayMove(int32_t from, int32_t to) {
  switch (to) {
    case kActivityOpen:
      return from == kActivityDraft;
    case kActivityInProgress:
      return from == kActivityOpen;
    case kActivityClosed:
      return from == kActivityInProgress;
    case kActivityCancelled:
      return from == kActivityDraft || from == kActivityOpen ||
             from == kActivityInProgress;
    default:
      return false;  // HOURS_CONFIRMED only by confirmation
  }
}

}  // namespace

ActivityChange AsRequested(ActivityChange logged) {
  logged.clear_transfers();
  switch (logged.change_case()) {
    case ActivityChange::kCreated:
      logged.mutable_created()->clear_activity_id();
      break;
    case ActivityChange::kConfirmed:
      logged.mutable_confirmed()->clear_lines();
      break;
    case ActivityChange::kCorrected:
      logged.mutable_corrected()->clear_line();
      break;
    case ActivityChange::kCertificate:
      logged.mutable_certificate()->clear_certificate_id();
      break;
    default:
      break;
  }
  return logged;
}

absl::StatusOr<ActivityRecord> FindActivity(const ReadViews& views,
                                            uint64_t id) {
  return RequireRecord<ActivityRecord>(views, Record::kActivity, id,
                                       errors::ActivityNotFound);
}

absl::StatusOr<ServiceRecordRecord> FindServiceRecord(const ReadViews& views,
                                                      uint64_t id) {
  return RequireRecord<ServiceRecordRecord>(views, Record::kServiceRecord, id,
                                            errors::RecordNotFound);
}

absl::StatusOr<std::optional<ParticipationRecord>> FindParticipation(
    const ReadViews& views, uint64_t activity, uint64_t volunteer) {
  ParticipationRecord record;
  ASSIGN_OR_RETURN(
      const bool found,
      views.GetProto(Cf::kIndex,
                     IndexKey(Index::kParticipation, activity, volunteer),
                     &record));
  if (!found) return std::nullopt;
  return record;
}

int64_t ServiceMinutes(const ActivityFields& activity,
                       const ParticipationRecord& p) {
  const int64_t from = std::max(p.check_in_micros(), activity.start_micros());
  const int64_t to = std::min(p.check_out_micros(), activity.end_micros());
  return to > from ? (to - from) / (60 * 1000000LL) : 0;
}

int64_t ServicePoints(const ActivityFields& activity, int64_t minutes) {
  int64_t points = activity.points_per_participation() != 0
                       ? (minutes > 0 ? activity.points_per_participation() : 0)
                       : minutes * activity.points_per_hour() / 60;
  if (activity.cap_points() > 0)
    points = std::min(points, activity.cap_points());
  return points;
}

int32_t StatusOf(const ActivityRecord& activity) {
  return activity.history().empty() ? 0 : activity.history().rbegin()->status();
}

absl::StatusOr<ActivityChange> ActivityState::Check(
    const ActivityChange& requested, const HeadRecord& head,
    int64_t time_micros) const {
  ActivityChange out = requested;
  switch (out.change_case()) {
    case ActivityChange::kCreated:
      RETURN_IF_ERROR(CheckCreated(out.created().activity()));
      out.mutable_created()->set_activity_id(head.last_activity_id() + 1);
      break;
    case ActivityChange::kStatusSet:
      RETURN_IF_ERROR(CheckStatus(out.status_set()));
      break;
    case ActivityChange::kSignUp:
      RETURN_IF_ERROR(CheckSignUp(out.sign_up(), time_micros));
      break;
    case ActivityChange::kAttendance:
      RETURN_IF_ERROR(CheckAttendance(out.attendance(), time_micros));
      break;
    case ActivityChange::kConfirmed:
      RETURN_IF_ERROR(CheckConfirm(out.mutable_confirmed(), head, &out));
      break;
    case ActivityChange::kCorrected:
      RETURN_IF_ERROR(CheckCorrect(out.mutable_corrected(), head, &out));
      break;
    case ActivityChange::kCertificate:
      RETURN_IF_ERROR(RequireRecord<PersonRecord>(*views_, Record::kPerson,
                                                  out.certificate().volunteer(),
                                                  errors::VolunteerNotFound)
                          .status());
      out.mutable_certificate()->set_certificate_id(head.last_certificate_id() +
                                                    1);
      break;
    default:
      return errors::InvalidChange("activity");
  }
  return out;
}

absl::StatusOr<bool> ActivityState::Below(uint64_t unit, uint64_t above) const {
  ASSIGN_OR_RETURN(const std::vector<uint64_t> units,
                   UnitAndAncestors(*views_, unit));
  return std::find(units.begin(), units.end(), above) != units.end();
}

absl::Status ActivityState::CheckCreated(const ActivityFields& a) const {
  RETURN_IF_ERROR(FindUnit(*views_, a.unit()).status());
  for (uint64_t team : a.teams()) {
    ASSIGN_OR_RETURN(const TeamRecord record, FindTeam(*views_, team));
    ASSIGN_OR_RETURN(const bool below,
                     Below(record.team().unit_id(), a.unit()));
    if (!below) {
      return errors::TeamOutsideUnit(team, record.team().unit_id(), a.unit());
    }
  }
  return absl::OkStatus();
}

absl::Status ActivityState::CheckStatus(const ActivityStatusSet& change) const {
  ASSIGN_OR_RETURN(const ActivityRecord activity,
                   FindActivity(*views_, change.activity_id()));
  const int32_t from = StatusOf(activity);
  if (!MayMove(from, change.status())) {
    return errors::InvalidTransition(change.activity_id(), from,
                                     change.status());
  }
  return absl::OkStatus();
}

absl::Status ActivityState::Apply(const EntryRecord& entry, HeadRecord* head) {
  const ActivityChange& change = entry.activity();
  switch (change.change_case()) {
    case ActivityChange::kCreated:
      RETURN_IF_ERROR(ApplyCreated(entry));
      break;
    case ActivityChange::kStatusSet:
      RETURN_IF_ERROR(ApplyStatus(entry, change.status_set().status(),
                                  change.status_set().reason()));
      break;
    case ActivityChange::kSignUp:
      RETURN_IF_ERROR(ApplySignUp(entry));
      break;
    case ActivityChange::kAttendance:
      RETURN_IF_ERROR(ApplyAttendance(entry));
      break;
    case ActivityChange::kConfirmed:
      RETURN_IF_ERROR(ApplyConfirmed(entry));
      break;
    case ActivityChange::kCorrected:
      RETURN_IF_ERROR(ApplyCorrected(entry));
      break;
    case ActivityChange::kCertificate: {
      CertificateRecord record;
      *record.mutable_certificate() = change.certificate();
      record.set_sequence(entry.sequence());
      record.set_time_micros(entry.time_micros());
      views_->PutProto(Cf::kRegistry,
                       RecordKey(Record::kCertificate,
                                 change.certificate().certificate_id()),
                       record);
      break;
    }
    default:
      return absl::InternalError("empty activity change");
  }
  AdvanceCounters(change, head);
  return absl::OkStatus();
}

void ActivityState::AdvanceCounters(const ActivityChange& change,
                                    HeadRecord* head) {
  if (change.has_created()) {
    head->set_last_activity_id(change.created().activity_id());
  } else if (change.has_confirmed() && !change.confirmed().lines().empty()) {
    head->set_last_record_id(change.confirmed().lines().rbegin()->record_id());
  } else if (change.has_corrected()) {
    head->set_last_record_id(change.corrected().line().record_id());
  } else if (change.has_certificate()) {
    head->set_last_certificate_id(change.certificate().certificate_id());
  }
}

absl::Status ActivityState::ApplyCreated(const EntryRecord& entry) {
  const ActivityCreated& created = entry.activity().created();
  ActivityRecord record;
  record.set_id(created.activity_id());
  *record.mutable_activity() = created.activity();
  ActivityStatusEntry* draft = record.add_history();
  draft->set_status(kActivityDraft);
  draft->set_sequence(entry.sequence());
  draft->set_time_micros(entry.time_micros());
  draft->set_actor(entry.actor());
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kActivity, record.id()),
                   record);
  views_->Put(
      Cf::kIndex,
      IndexKey(Index::kUnitActivity, created.activity().unit(), record.id()),
      "");
  return absl::OkStatus();
}

absl::Status ActivityState::ApplyStatus(const EntryRecord& entry,
                                        int32_t status,
                                        const std::string& reason) {
  const uint64_t id = entry.activity().has_status_set()
                          ? entry.activity().status_set().activity_id()
                          : entry.activity().confirmed().activity_id();
  ASSIGN_OR_RETURN(ActivityRecord record, FindActivity(*views_, id));
  ActivityStatusEntry* change = record.add_history();
  change->set_status(status);
  change->set_sequence(entry.sequence());
  change->set_time_micros(entry.time_micros());
  change->set_actor(entry.actor());
  change->set_reason(reason);
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kActivity, id), record);
  return absl::OkStatus();
}

}  // namespace jiamei::storage
