#include "storage/activity/activity_state.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "storage/policy/honour.h"
#include "storage/market/market_state.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_state.h"

namespace jiamei::storage {
namespace {

using absl::StatusCode;

absl::Status Conflict(absl::string_view reason, absl::string_view message) {
  return Refusal(StatusCode::kFailedPrecondition, reason, message);
}

std::string ActivityName(uint64_t id) {
  return absl::StrCat("activities/", id);
}
std::string RecordName(uint64_t id) { return absl::StrCat("records/", id); }

const char* StatusWord(int32_t status) {
  switch (status) {
    case kActivityDraft:
      return "draft";
    case kActivityOpen:
      return "open";
    case kActivityInProgress:
      return "in progress";
    case kActivityClosed:
      return "closed";
    case kActivityConfirmed:
      return "hours confirmed";
    case kActivityCancelled:
      return "cancelled";
    default:
      return "unknown";
  }
}

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

std::string ParticipationKey(uint64_t activity, uint64_t volunteer) {
  return IndexKey(Index::kParticipation, activity, volunteer);
}

TransferBody MoveTo(uint64_t debit, uint64_t credit, int64_t amount,
                    uint64_t record) {
  TransferBody t;
  t.set_debit_account(debit);
  t.set_credit_account(credit);
  t.set_amount(amount);
  t.set_reason_code(kServiceReasonCode);
  t.set_memo(RecordName(record));
  return t;
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
  return views.Require<ActivityRecord>(Record::kActivity, id,
                                       "ACTIVITY_NOT_FOUND", ActivityName(id));
}

absl::StatusOr<ServiceRecordRecord> FindServiceRecord(const ReadViews& views,
                                                      uint64_t id) {
  return views.Require<ServiceRecordRecord>(Record::kServiceRecord, id,
                                            "RECORD_NOT_FOUND", RecordName(id));
}

absl::StatusOr<std::optional<ParticipationRecord>> FindParticipation(
    const ReadViews& views, uint64_t activity, uint64_t volunteer) {
  ParticipationRecord record;
  absl::StatusOr<bool> found = views.GetProto(
      Cf::kIndex, ParticipationKey(activity, volunteer), &record);
  if (!found.ok()) return found.status();
  if (!*found) return std::nullopt;
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
  absl::Status status;
  switch (out.change_case()) {
    case ActivityChange::kCreated:
      status = CheckCreated(out.created().activity());
      out.mutable_created()->set_activity_id(head.last_activity_id() + 1);
      break;
    case ActivityChange::kStatusSet:
      status = CheckStatus(out.status_set());
      break;
    case ActivityChange::kSignUp:
      status = CheckSignUp(out.sign_up(), time_micros);
      break;
    case ActivityChange::kAttendance:
      status = CheckAttendance(out.attendance(), time_micros);
      break;
    case ActivityChange::kConfirmed:
      status = CheckConfirm(out.mutable_confirmed(), head, &out);
      break;
    case ActivityChange::kCorrected:
      status = CheckCorrect(out.mutable_corrected(), head, &out);
      break;
    case ActivityChange::kCertificate:
      status = views_
                   ->Require<PersonRecord>(
                       Record::kPerson, out.certificate().volunteer(),
                       "VOLUNTEER_NOT_FOUND",
                       VolunteerName(out.certificate().volunteer()))
                   .status();
      out.mutable_certificate()->set_certificate_id(head.last_certificate_id() +
                                                    1);
      break;
    default:
      return Refusal(StatusCode::kInvalidArgument, "INVALID_CHANGE",
                     "no activity change given");
  }
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<bool> ActivityState::Below(uint64_t unit, uint64_t above) const {
  absl::StatusOr<std::vector<uint64_t>> units = UnitAndAncestors(*views_, unit);
  if (!units.ok()) return units.status();
  return std::find(units->begin(), units->end(), above) != units->end();
}

absl::Status ActivityState::CheckCreated(const ActivityFields& a) const {
  if (absl::Status s =
          views_
              ->Require<UnitRecord>(Record::kUnit, a.unit(), "UNIT_NOT_FOUND",
                                    UnitName(a.unit()))
              .status();
      !s.ok()) {
    return s;
  }
  for (uint64_t team : a.teams()) {
    absl::StatusOr<TeamRecord> record = views_->Require<TeamRecord>(
        Record::kTeam, team, "TEAM_NOT_FOUND", TeamName(team));
    if (!record.ok()) return record.status();
    absl::StatusOr<bool> below = Below(record->team().unit_id(), a.unit());
    if (!below.ok()) return below.status();
    if (!*below) {
      return Conflict(
          "TEAM_OUTSIDE_UNIT",
          absl::StrCat(TeamName(team), " belongs to ",
                       UnitName(record->team().unit_id()), ", outside ",
                       UnitName(a.unit()),
                       "; an activity invites teams of its unit or below it"));
    }
  }
  return absl::OkStatus();
}

absl::Status ActivityState::CheckStatus(const ActivityStatusSet& change) const {
  absl::StatusOr<ActivityRecord> activity =
      FindActivity(*views_, change.activity_id());
  if (!activity.ok()) return activity.status();
  const int32_t from = StatusOf(*activity);
  if (!MayMove(from, change.status())) {
    return Conflict("INVALID_TRANSITION",
                    absl::StrCat(ActivityName(change.activity_id()), " is ",
                                 StatusWord(from), "; it cannot become ",
                                 StatusWord(change.status())));
  }
  return absl::OkStatus();
}

absl::Status ActivityState::CheckSignUp(const SignUpChanged& change,
                                        int64_t time_micros) const {
  absl::StatusOr<ActivityRecord> activity =
      FindActivity(*views_, change.activity_id());
  if (!activity.ok()) return activity.status();
  absl::StatusOr<std::optional<ParticipationRecord>> p =
      FindParticipation(*views_, change.activity_id(), change.volunteer());
  if (!p.ok()) return p.status();
  const bool signed_up = p->has_value() && !(*p)->cancelled();
  const std::string who = VolunteerName(change.volunteer());
  if (change.cancelled()) {
    if (!signed_up) {
      return Conflict("NOT_SIGNED_UP", absl::StrCat(who, " is not signed up"));
    }
    if (time_micros >= activity->activity().start_micros() ||
        (*p)->check_in_micros() != 0) {
      return Conflict("TOO_LATE",
                      "a sign-up can be cancelled only before the start");
    }
    return absl::OkStatus();
  }
  if (StatusOf(*activity) != kActivityOpen) {
    return Conflict("NOT_OPEN",
                    absl::StrCat(ActivityName(change.activity_id()), " is ",
                                 StatusWord(StatusOf(*activity)),
                                 ", not open for sign-up"));
  }
  if (signed_up) {
    return Conflict("ALREADY_SIGNED_UP",
                    absl::StrCat(who, " is already signed up"));
  }
  absl::StatusOr<PersonRecord> person = views_->Require<PersonRecord>(
      Record::kPerson, change.volunteer(), "VOLUNTEER_NOT_FOUND", who);
  if (!person.ok()) return person.status();
  if (!person->has_volunteer()) {
    return Refusal(StatusCode::kNotFound, "VOLUNTEER_NOT_FOUND",
                   absl::StrCat(who, " is not an enrolled volunteer"));
  }
  if (person->volunteer().status() != kVolunteerActive) {
    return Conflict("VOLUNTEER_SUSPENDED", absl::StrCat(who, " is suspended"));
  }
  if (absl::Status s = CheckInvited(activity->activity(), *person); !s.ok()) {
    return s;
  }
  if (activity->signed_up() >= activity->activity().capacity()) {
    return Conflict(
        "ACTIVITY_FULL",
        absl::StrCat(ActivityName(change.activity_id()), " has ",
                     activity->signed_up(), " of ",
                     activity->activity().capacity(), " places taken"));
  }
  return absl::OkStatus();
}

absl::Status ActivityState::CheckInvited(const ActivityFields& activity,
                                         const PersonRecord& person) const {
  const std::string who = VolunteerName(person.id());
  if (activity.teams().empty()) {
    absl::StatusOr<bool> below = Below(person.unit(), activity.unit());
    if (!below.ok()) return below.status();
    if (*below) return absl::OkStatus();
    return Conflict("NOT_INVITED",
                    absl::StrCat(who, " lives in ", UnitName(person.unit()),
                                 ", outside ", UnitName(activity.unit()),
                                 " whose volunteers the activity admits"));
  }
  for (uint64_t team : activity.teams()) {
    absl::StatusOr<std::optional<std::string>> member = views_->Get(
        Cf::kIndex, IndexKey(Index::kTeamMember, team, person.id()));
    if (!member.ok()) return member.status();
    if (member->has_value()) return absl::OkStatus();
  }
  return Conflict("NOT_INVITED",
                  absl::StrCat(who, " is in none of the invited teams"));
}

absl::Status ActivityState::CheckAttendance(const AttendanceMarked& change,
                                            int64_t time_micros) const {
  absl::StatusOr<ActivityRecord> activity =
      FindActivity(*views_, change.activity_id());
  if (!activity.ok()) return activity.status();
  const ActivityFields& a = activity->activity();
  const int32_t status = StatusOf(*activity);
  const bool running = status == kActivityOpen || status == kActivityInProgress;
  if (!running && !(status == kActivityClosed && !change.check_in())) {
    return Conflict("NOT_RUNNING",
                    absl::StrCat(ActivityName(change.activity_id()), " is ",
                                 StatusWord(status)));
  }
  const int64_t at = change.at_micros() != 0 ? change.at_micros() : time_micros;
  if (change.check_in() &&
      (at < a.start_micros() - kEarlyCheckInMicros || at > a.end_micros())) {
    return Conflict("OUTSIDE_WINDOW",
                    "check-in opens 30 minutes before the start and closes at "
                    "the end");
  }
  for (uint64_t volunteer : change.volunteers()) {
    absl::StatusOr<std::optional<ParticipationRecord>> p =
        FindParticipation(*views_, change.activity_id(), volunteer);
    if (!p.ok()) return p.status();
    const std::string who = VolunteerName(volunteer);
    if (!p->has_value() || (*p)->cancelled()) {
      return Conflict("NOT_SIGNED_UP", absl::StrCat(who, " is not signed up"));
    }
    if (change.check_in()) {
      if ((*p)->check_in_micros() != 0) {
        return Conflict("ALREADY_CHECKED_IN",
                        absl::StrCat(who, " has already checked in"));
      }
      continue;
    }
    if ((*p)->check_in_micros() == 0) {
      return Conflict("NOT_CHECKED_IN",
                      absl::StrCat(who, " has not checked in"));
    }
    if ((*p)->check_out_micros() != 0) {
      return Conflict("ALREADY_CHECKED_OUT",
                      absl::StrCat(who, " has already checked out"));
    }
    if (at < (*p)->check_in_micros()) {
      return Conflict("CHECK_OUT_BEFORE_CHECK_IN",
                      absl::StrCat(who,
                                   "'s check-out would be before the "
                                   "check-in"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ServiceLine> ActivityState::Credit(
    const ActivityRecord& activity, uint64_t volunteer, int64_t minutes) const {
  absl::StatusOr<PersonRecord> person = views_->Require<PersonRecord>(
      Record::kPerson, volunteer, "VOLUNTEER_NOT_FOUND",
      VolunteerName(volunteer));
  if (!person.ok()) return person.status();
  ServiceLine line;
  line.set_volunteer(volunteer);
  line.set_minutes(minutes);
  line.set_points(ServicePoints(activity.activity(), minutes));
  line.set_household(person->household());
  return line;
}

absl::Status ActivityState::CheckConfirm(HoursConfirmed* confirmed,
                                         const HeadRecord& head,
                                         ActivityChange* out) const {
  absl::StatusOr<ActivityRecord> activity =
      FindActivity(*views_, confirmed->activity_id());
  if (!activity.ok()) return activity.status();
  const int32_t status = StatusOf(*activity);
  const std::string name = ActivityName(confirmed->activity_id());
  if (status == kActivityCancelled) {
    return Conflict("ACTIVITY_CANCELLED", absl::StrCat(name, " was cancelled"));
  }
  if (status == kActivityConfirmed) {
    return Conflict("ALREADY_CONFIRMED",
                    absl::StrCat(name, "'s hours are already confirmed"));
  }
  if (status != kActivityClosed) {
    return Conflict("NOT_CLOSED", absl::StrCat(name, " is ", StatusWord(status),
                                               "; close it first"));
  }
  const ActivityFields& a = activity->activity();
  const int64_t length = (a.end_micros() - a.start_micros()) / 60000000;
  absl::flat_hash_map<uint64_t, int64_t> adjusted;
  for (const MinutesAdjustment& adjustment : confirmed->adjustments()) {
    if (adjustment.minutes() < 0 || adjustment.minutes() > length) {
      return Refusal(StatusCode::kInvalidArgument, "HOURS_TOO_LONG",
                     absl::StrCat(VolunteerName(adjustment.volunteer()), ": ",
                                  adjustment.minutes(),
                                  " minutes; the activity lasts ", length));
    }
    adjusted[adjustment.volunteer()] = adjustment.minutes();
  }
  absl::StatusOr<UnitRecord> unit = views_->Require<UnitRecord>(
      Record::kUnit, a.unit(), "UNIT_NOT_FOUND", UnitName(a.unit()));
  if (!unit.ok()) return unit.status();
  uint64_t next_record = head.last_record_id();
  for (uint64_t volunteer : activity->participants()) {
    absl::StatusOr<std::optional<ParticipationRecord>> p =
        FindParticipation(*views_, confirmed->activity_id(), volunteer);
    if (!p.ok()) return p.status();
    if (!p->has_value() || (*p)->cancelled() || (*p)->check_in_micros() == 0) {
      continue;
    }
    if ((*p)->check_out_micros() == 0) {
      return Conflict("CHECK_OUT_MISSING",
                      absl::StrCat(VolunteerName(volunteer),
                                   " has not checked out; settle it first"));
    }
    auto found = adjusted.find(volunteer);
    const int64_t minutes =
        found != adjusted.end() ? found->second : ServiceMinutes(a, **p);
    if (found != adjusted.end()) adjusted.erase(found);
    absl::StatusOr<ServiceLine> line = Credit(*activity, volunteer, minutes);
    if (!line.ok()) return line.status();
    line->set_record_id(++next_record);
    absl::StatusOr<HouseholdRecord> household =
        views_->Require<HouseholdRecord>(Record::kHousehold, line->household(),
                                         "HOUSEHOLD_NOT_FOUND",
                                         HouseholdName(line->household()));
    if (!household.ok()) return household.status();
    if (line->points() > 0) {
      *out->add_transfers() =
          MoveTo(unit->issuance_account(), household->account(), line->points(),
                 line->record_id());
    }
    *confirmed->add_lines() = *std::move(line);
  }
  if (!adjusted.empty()) {
    return Refusal(StatusCode::kInvalidArgument, "NOT_A_PARTICIPANT",
                   absl::StrCat(VolunteerName(adjusted.begin()->first),
                                " did not check in to ", name));
  }
  return absl::OkStatus();
}

absl::Status ActivityState::CheckCorrect(RecordCorrected* corrected,
                                         const HeadRecord& head,
                                         ActivityChange* out) const {
  absl::StatusOr<ServiceRecordRecord> old =
      FindServiceRecord(*views_, corrected->record_id());
  if (!old.ok()) return old.status();
  if (old->corrected_by() != 0) {
    return Conflict(
        "ALREADY_CORRECTED",
        absl::StrCat(RecordName(corrected->record_id()), " was corrected by ",
                     RecordName(old->corrected_by()), "; correct that one"));
  }
  absl::StatusOr<ActivityRecord> activity =
      FindActivity(*views_, old->activity_id());
  if (!activity.ok()) return activity.status();
  const ActivityFields& a = activity->activity();
  const int64_t length = (a.end_micros() - a.start_micros()) / 60000000;
  if (corrected->minutes() < 0 || corrected->minutes() > length) {
    return Refusal(StatusCode::kInvalidArgument, "HOURS_TOO_LONG",
                   absl::StrCat(corrected->minutes(),
                                " minutes; the activity lasts ", length));
  }
  ServiceLine line = old->line();
  line.set_record_id(head.last_record_id() + 1);
  line.set_minutes(corrected->minutes());
  line.set_points(ServicePoints(a, corrected->minutes()));
  absl::StatusOr<UnitRecord> unit = views_->Require<UnitRecord>(
      Record::kUnit, a.unit(), "UNIT_NOT_FOUND", UnitName(a.unit()));
  if (!unit.ok()) return unit.status();
  absl::StatusOr<HouseholdRecord> household = views_->Require<HouseholdRecord>(
      Record::kHousehold, line.household(), "HOUSEHOLD_NOT_FOUND",
      HouseholdName(line.household()));
  if (!household.ok()) return household.status();
  const int64_t difference = line.points() - old->line().points();
  if (difference > 0) {
    *out->add_transfers() =
        MoveTo(unit->issuance_account(), household->account(), difference,
               line.record_id());
  } else if (difference < 0) {
    *out->add_transfers() =
        MoveTo(household->account(), unit->issuance_account(), -difference,
               line.record_id());
  }
  *corrected->mutable_line() = std::move(line);
  return absl::OkStatus();
}

absl::Status ActivityState::Apply(const EntryRecord& entry, HeadRecord* head) {
  const ActivityChange& change = entry.activity();
  absl::Status status;
  switch (change.change_case()) {
    case ActivityChange::kCreated:
      status = ApplyCreated(entry);
      break;
    case ActivityChange::kStatusSet:
      status = ApplyStatus(entry, change.status_set().status(),
                           change.status_set().reason());
      break;
    case ActivityChange::kSignUp:
      status = ApplySignUp(entry);
      break;
    case ActivityChange::kAttendance:
      status = ApplyAttendance(entry);
      break;
    case ActivityChange::kConfirmed:
      status = ApplyConfirmed(entry);
      break;
    case ActivityChange::kCorrected:
      status = ApplyCorrected(entry);
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
      status = absl::InternalError("empty activity change");
  }
  if (status.ok()) AdvanceCounters(change, head);
  return status;
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
  absl::StatusOr<ActivityRecord> record = FindActivity(*views_, id);
  if (!record.ok()) return record.status();
  ActivityStatusEntry* change = record->add_history();
  change->set_status(status);
  change->set_sequence(entry.sequence());
  change->set_time_micros(entry.time_micros());
  change->set_actor(entry.actor());
  change->set_reason(reason);
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kActivity, id), *record);
  return absl::OkStatus();
}

absl::Status ActivityState::ApplySignUp(const EntryRecord& entry) {
  const SignUpChanged& change = entry.activity().sign_up();
  absl::StatusOr<ActivityRecord> activity =
      FindActivity(*views_, change.activity_id());
  if (!activity.ok()) return activity.status();
  absl::StatusOr<std::optional<ParticipationRecord>> found =
      FindParticipation(*views_, change.activity_id(), change.volunteer());
  if (!found.ok()) return found.status();
  ParticipationRecord p = found->value_or(ParticipationRecord());
  if (!found->has_value()) activity->add_participants(change.volunteer());
  p.set_cancelled(change.cancelled());
  if (!change.cancelled()) p.set_sign_up_micros(entry.time_micros());
  activity->set_signed_up(activity->signed_up() +
                          (change.cancelled() ? -1 : 1));
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kActivity, change.activity_id()),
                   *activity);
  views_->PutProto(Cf::kIndex,
                   ParticipationKey(change.activity_id(), change.volunteer()),
                   p);
  return absl::OkStatus();
}

absl::Status ActivityState::ApplyAttendance(const EntryRecord& entry) {
  const AttendanceMarked& change = entry.activity().attendance();
  absl::StatusOr<ActivityRecord> activity =
      FindActivity(*views_, change.activity_id());
  if (!activity.ok()) return activity.status();
  std::vector<ParticipationRecord> records;
  for (uint64_t volunteer : change.volunteers()) {
    absl::StatusOr<std::optional<ParticipationRecord>> p =
        FindParticipation(*views_, change.activity_id(), volunteer);
    if (!p.ok()) return p.status();
    records.push_back(p->value_or(ParticipationRecord()));
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
    views_->PutProto(
        Cf::kIndex,
        ParticipationKey(change.activity_id(), change.volunteers(i)), p);
  }
  if (change.check_in()) {
    activity->set_checked_in(activity->checked_in() + change.volunteers_size());
    views_->PutProto(Cf::kRegistry,
                     RecordKey(Record::kActivity, change.activity_id()),
                     *activity);
  }
  return absl::OkStatus();
}

void ActivityState::PutRecord(const EntryRecord& entry, uint64_t activity,
                              const ServiceLine& line, uint64_t corrects,
                              const std::string& reason) {
  ServiceRecordRecord record;
  *record.mutable_line() = line;
  record.set_activity_id(activity);
  record.set_sequence(entry.sequence());
  record.set_time_micros(entry.time_micros());
  record.set_corrects(corrects);
  record.set_reason(reason);
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kServiceRecord, line.record_id()), record);
  views_->Put(
      Cf::kIndex,
      IndexKey(Index::kVolunteerRecord, line.volunteer(), line.record_id()),
      "");
}

absl::Status ActivityState::ApplyConfirmed(const EntryRecord& entry) {
  const HoursConfirmed& confirmed = entry.activity().confirmed();
  std::vector<ParticipationRecord> participations;
  for (const ServiceLine& line : confirmed.lines()) {
    absl::StatusOr<std::optional<ParticipationRecord>> p =
        FindParticipation(*views_, confirmed.activity_id(), line.volunteer());
    if (!p.ok()) return p.status();
    participations.push_back(p->value_or(ParticipationRecord()));
  }
  if (absl::Status s = ApplyStatus(entry, kActivityConfirmed, ""); !s.ok()) {
    return s;
  }
  for (int i = 0; i < confirmed.lines_size(); ++i) {
    const ServiceLine& line = confirmed.lines(i);
    participations[i].set_record_id(line.record_id());
    views_->PutProto(
        Cf::kIndex, ParticipationKey(confirmed.activity_id(), line.volunteer()),
        participations[i]);
    PutRecord(entry, confirmed.activity_id(), line, 0, "");
  }
  return AddServiceHonour(entry, confirmed.activity_id(), confirmed.lines());
}

absl::Status ActivityState::AddServiceHonour(
    const EntryRecord& entry, uint64_t activity_id,
    const google::protobuf::RepeatedPtrField<ServiceLine>& lines,
    const ServiceLine* before) {
  absl::StatusOr<ActivityRecord> activity = FindActivity(*views_, activity_id);
  if (!activity.ok()) return activity.status();
  const absl::CivilDay day = MarketDay(activity->activity().start_micros());
  for (const ServiceLine& line : lines) {
    const int64_t points = line.points() - (before ? before->points() : 0);
    const int64_t minutes = line.minutes() - (before ? before->minutes() : 0);
    if (absl::Status s = AddVolunteerHonour(views_, entry, line.volunteer(),
                                            points, minutes, day);
        !s.ok()) {
      return s;
    }
    if (absl::Status s =
            AddHouseholdHonour(views_, line.household(), points, day);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status ActivityState::ApplyCorrected(const EntryRecord& entry) {
  const RecordCorrected& corrected = entry.activity().corrected();
  absl::StatusOr<ServiceRecordRecord> old =
      FindServiceRecord(*views_, corrected.record_id());
  if (!old.ok()) return old.status();
  old->set_corrected_by(corrected.line().record_id());
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kServiceRecord, corrected.record_id()),
                   *old);
  PutRecord(entry, old->activity_id(), corrected.line(), corrected.record_id(),
            corrected.reason());
  google::protobuf::RepeatedPtrField<ServiceLine> lines;
  *lines.Add() = corrected.line();
  return AddServiceHonour(entry, old->activity_id(), lines, &old->line());
}

}  // namespace jiamei::storage
