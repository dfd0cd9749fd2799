#include "storage/policy/honour.h"

#include <string>

#include "storage/activity/activity_state.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_state.h"
#include "storage/policy/effective_day.h"
#include "storage/policy/lots.h"
#include "storage/policy/policy_state.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"

namespace jiamei::storage {
namespace {

absl::StatusOr<HonourRecord> ReadHonour(const Views& views, Record kind,
                                        uint64_t id) {
  HonourRecord record;
  RETURN_IF_ERROR(
      views.GetProto(Cf::kRegistry, RecordKey(kind, id), &record).status());
  return record;
}

// Adds to the (village, day, subject) total of `index`.
absl::Status AddDay(Views* views, Index index, uint64_t village,
                    absl::CivilDay day, uint64_t subject, int64_t points,
                    int64_t minutes) {
  const std::string key = IndexKey(index, village, DayNumber(day), subject);
  HonourDay total;
  RETURN_IF_ERROR(views->GetProto(Cf::kIndex, key, &total).status());
  total.set_points(total.points() + points);
  total.set_minutes(total.minutes() + minutes);
  views->PutProto(Cf::kIndex, key, total);
  return absl::OkStatus();
}

// Adds the service of `lines` of `activity_id` (less `before`, the line a
// correction replaces) to the volunteers' and households' honour, on the
// activity's day.
absl::Status AddServiceHonour(
    Views* views, const EntryRecord& entry, uint64_t activity_id,
    const google::protobuf::RepeatedPtrField<ServiceLine>& lines,
    const ServiceLine* before = nullptr) {
  ASSIGN_OR_RETURN(const ActivityRecord activity,
                   FindActivity(*views, activity_id));
  const absl::CivilDay day = MarketDay(activity.activity().start_micros());
  for (const ServiceLine& line : lines) {
    const int64_t points = line.points() - (before ? before->points() : 0);
    const int64_t minutes = line.minutes() - (before ? before->minutes() : 0);
    RETURN_IF_ERROR(AddVolunteerHonour(views, entry, line.volunteer(), points,
                                       minutes, day));
    RETURN_IF_ERROR(AddHouseholdHonour(views, line.household(), points, day));
  }
  return absl::OkStatus();
}

// The honour of a correction: the new line less the one it replaces (the
// corrected record, which keeps its line).
absl::Status AddCorrectedHonour(Views* views, const EntryRecord& entry,
                                const RecordCorrected& corrected) {
  ASSIGN_OR_RETURN(const ServiceRecordRecord old,
                   FindServiceRecord(*views, corrected.record_id()));
  google::protobuf::RepeatedPtrField<ServiceLine> lines;
  *lines.Add() = corrected.line();
  return AddServiceHonour(views, entry, old.activity_id(), lines, &old.line());
}

}  // namespace

absl::Status AddHonourOf(const EntryRecord& entry, Views* views) {
  // Awards made, not proposed (AwardsOf would also give a proposal's).
  const MarketChange* market = MarketOf(entry);
  if (market != nullptr && market->has_awards_made()) {
    const absl::CivilDay earned = EffectiveDay(entry);
    for (const AwardLine& line : market->awards_made().lines()) {
      if (!line.refusal_reason().empty()) continue;
      RETURN_IF_ERROR(AddHouseholdHonour(
          views, line.household(), line.points() - line.shortfall(), earned));
    }
    return absl::OkStatus();
  }
  const ActivityChange* activity = ActivityOf(entry);
  if (activity == nullptr) return absl::OkStatus();
  if (activity->has_confirmed()) {
    return AddServiceHonour(views, entry, activity->confirmed().activity_id(),
                            activity->confirmed().lines());
  }
  if (activity->has_corrected()) {
    return AddCorrectedHonour(views, entry, activity->corrected());
  }
  return absl::OkStatus();
}

absl::Status AddHouseholdHonour(Views* views, uint64_t household,
                                int64_t points, absl::CivilDay day) {
  ASSIGN_OR_RETURN(const HouseholdRecord record,
                   FindHousehold(*views, household));
  ASSIGN_OR_RETURN(HonourRecord honour,
                   ReadHonour(*views, Record::kHonour, household));
  honour.set_score(honour.score() + points);
  views->PutProto(Cf::kRegistry, RecordKey(Record::kHonour, household), honour);
  return AddDay(views, Index::kHonourDay, record.village(), day, household,
                points, 0);
}

absl::Status AddVolunteerHonour(Views* views, const EntryRecord& entry,
                                uint64_t volunteer, int64_t points,
                                int64_t minutes, absl::CivilDay day) {
  ASSIGN_OR_RETURN(const PersonRecord person, FindPerson(*views, volunteer));
  ASSIGN_OR_RETURN(HonourRecord honour,
                   ReadHonour(*views, Record::kVolunteerHonour, volunteer));
  ASSIGN_OR_RETURN(const EffectivePolicy policy,
                   EffectivePolicyAt(*views, person.unit()));
  honour.set_score(honour.score() + points);
  honour.set_service_minutes(honour.service_minutes() + minutes);
  // Levels once reached stay recorded, whatever later corrections do.
  const int64_t hours = honour.service_minutes() / 60;
  for (size_t level = honour.stars_size();
       level < policy.star_hours.size() && hours >= policy.star_hours[level];
       ++level) {
    StarEntry* star = honour.add_stars();
    star->set_level(static_cast<int32_t>(level + 1));
    star->set_hours(policy.star_hours[level]);
    star->set_date(absl::FormatCivilTime(MarketDay(entry.time_micros())));
    star->set_sequence(entry.sequence());
  }
  views->PutProto(Cf::kRegistry, RecordKey(Record::kVolunteerHonour, volunteer),
                  honour);
  return AddDay(views, Index::kServiceDay, person.unit(), day, volunteer,
                points, minutes);
}

}  // namespace jiamei::storage
