#include "storage/policy/honour.h"

#include <string>

#include "storage/core/status_macros.h"
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

}  // namespace

uint64_t DayNumber(absl::CivilDay day) {
  return static_cast<uint64_t>(day - absl::CivilDay(1970, 1, 1));
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
