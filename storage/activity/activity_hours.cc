// ActivityState's hours: confirming a closed activity turns each check-in
// into an immutable service record that credits the volunteer's household
// with the activity's points; a correction replaces a record by a new one
// and moves only the difference. Points policy adds both to the
// volunteers' and households' honour (AddHonourOf, storage/policy/honour.h).
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "storage/activity/activity_errors.h"
#include "storage/activity/activity_names.h"
#include "storage/activity/activity_state.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_transfers.h"
#include "storage/registry/registry_errors.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"

namespace jiamei::storage {
namespace {

TransferBody MoveTo(uint64_t debit, uint64_t credit, int64_t amount,
                    uint64_t record) {
  return MakeTransferBody(debit, credit, amount, kServiceReasonCode,
                          RecordName(record));
}

// The activity's length in whole minutes.
int64_t LengthMinutes(const ActivityFields& a) {
  return (a.end_micros() - a.start_micros()) / 60000000;
}

}  // namespace

absl::StatusOr<ServiceLine> ActivityState::Credit(
    const ActivityRecord& activity, uint64_t volunteer, int64_t minutes) const {
  ASSIGN_OR_RETURN(
      const PersonRecord person,
      RequireRecord<PersonRecord>(*views_, Record::kPerson, volunteer,
                                  errors::VolunteerNotFound));
  ServiceLine line;
  line.set_volunteer(volunteer);
  line.set_minutes(minutes);
  line.set_points(ServicePoints(activity.activity(), minutes));
  line.set_household(person.household());
  return line;
}

absl::Status ActivityState::CheckConfirm(HoursConfirmed* confirmed,
                                         const HeadRecord& head,
                                         ActivityChange* out) const {
  ASSIGN_OR_RETURN(const ActivityRecord activity,
                   FindActivity(*views_, confirmed->activity_id()));
  const int32_t status = StatusOf(activity);
  const uint64_t id = confirmed->activity_id();
  if (status == kActivityCancelled) return errors::ActivityCancelled(id);
  if (status == kActivityConfirmed) return errors::AlreadyConfirmed(id);
  if (status != kActivityClosed) return errors::NotClosed(id, status);
  const ActivityFields& a = activity.activity();
  const int64_t length = LengthMinutes(a);
  absl::flat_hash_map<uint64_t, int64_t> adjusted;
  for (const MinutesAdjustment& adjustment : confirmed->adjustments()) {
    if (adjustment.minutes() < 0 || adjustment.minutes() > length) {
      return errors::HoursTooLong(adjustment.volunteer(), adjustment.minutes(),
                                  length);
    }
    adjusted[adjustment.volunteer()] = adjustment.minutes();
  }
  ASSIGN_OR_RETURN(const UnitRecord unit, FindUnit(*views_, a.unit()));
  uint64_t next_record = head.last_record_id();
  for (uint64_t volunteer : activity.participants()) {
    ASSIGN_OR_RETURN(const std::optional<ParticipationRecord> p,
                     FindParticipation(*views_, id, volunteer));
    if (!p.has_value() || p->cancelled() || p->check_in_micros() == 0) {
      continue;
    }
    if (p->check_out_micros() == 0) return errors::CheckOutMissing(volunteer);
    auto found = adjusted.find(volunteer);
    const int64_t minutes =
        found != adjusted.end() ? found->second : ServiceMinutes(a, *p);
    if (found != adjusted.end()) adjusted.erase(found);
    ASSIGN_OR_RETURN(ServiceLine line, Credit(activity, volunteer, minutes));
    line.set_record_id(++next_record);
    ASSIGN_OR_RETURN(const HouseholdRecord household,
                     FindHousehold(*views_, line.household()));
    if (line.points() > 0) {
      *out->add_transfers() =
          MoveTo(unit.issuance_account(), household.account(), line.points(),
                 line.record_id());
    }
    *confirmed->add_lines() = std::move(line);
  }
  if (!adjusted.empty()) {
    return errors::NotAParticipant(adjusted.begin()->first, id);
  }
  return absl::OkStatus();
}

absl::Status ActivityState::CheckCorrect(RecordCorrected* corrected,
                                         const HeadRecord& head,
                                         ActivityChange* out) const {
  ASSIGN_OR_RETURN(const ServiceRecordRecord old,
                   FindServiceRecord(*views_, corrected->record_id()));
  if (old.corrected_by() != 0) {
    return errors::AlreadyCorrected(corrected->record_id(), old.corrected_by());
  }
  ASSIGN_OR_RETURN(const ActivityRecord activity,
                   FindActivity(*views_, old.activity_id()));
  const ActivityFields& a = activity.activity();
  const int64_t length = LengthMinutes(a);
  if (corrected->minutes() < 0 || corrected->minutes() > length) {
    return errors::HoursTooLongInCorrection(corrected->minutes(), length);
  }
  ServiceLine line = old.line();
  line.set_record_id(head.last_record_id() + 1);
  line.set_minutes(corrected->minutes());
  line.set_points(ServicePoints(a, corrected->minutes()));
  ASSIGN_OR_RETURN(const UnitRecord unit, FindUnit(*views_, a.unit()));
  ASSIGN_OR_RETURN(const HouseholdRecord household,
                   FindHousehold(*views_, line.household()));
  const int64_t difference = line.points() - old.line().points();
  if (difference > 0) {
    *out->add_transfers() = MoveTo(unit.issuance_account(), household.account(),
                                   difference, line.record_id());
  } else if (difference < 0) {
    *out->add_transfers() = MoveTo(household.account(), unit.issuance_account(),
                                   -difference, line.record_id());
  }
  *corrected->mutable_line() = std::move(line);
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
    ASSIGN_OR_RETURN(
        const std::optional<ParticipationRecord> p,
        FindParticipation(*views_, confirmed.activity_id(), line.volunteer()));
    participations.push_back(p.value_or(ParticipationRecord()));
  }
  RETURN_IF_ERROR(ApplyStatus(entry, kActivityConfirmed, ""));
  for (int i = 0; i < confirmed.lines_size(); ++i) {
    const ServiceLine& line = confirmed.lines(i);
    participations[i].set_record_id(line.record_id());
    views_->PutProto(Cf::kIndex,
                     IndexKey(Index::kParticipation, confirmed.activity_id(),
                              line.volunteer()),
                     participations[i]);
    PutRecord(entry, confirmed.activity_id(), line, 0, "");
  }
  return absl::OkStatus();
}

absl::Status ActivityState::ApplyCorrected(const EntryRecord& entry) {
  const RecordCorrected& corrected = entry.activity().corrected();
  ASSIGN_OR_RETURN(ServiceRecordRecord old,
                   FindServiceRecord(*views_, corrected.record_id()));
  old.set_corrected_by(corrected.line().record_id());
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kServiceRecord, corrected.record_id()),
                   old);
  PutRecord(entry, old.activity_id(), corrected.line(), corrected.record_id(),
            corrected.reason());
  return absl::OkStatus();
}

}  // namespace jiamei::storage
