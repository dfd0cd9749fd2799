#include "storage/registry/registry_lookup.h"

#include <optional>
#include <string>

#include "storage/registry/registry_errors.h"
#include "storage/registry/registry_state.h"

namespace jiamei::storage {

absl::StatusOr<bool> Exists(const ReadViews& views, Cf cf,
                            absl::string_view key) {
  ASSIGN_OR_RETURN(const std::optional<std::string> value, views.Get(cf, key));
  return value.has_value();
}

absl::StatusOr<UnitRecord> FindUnit(const ReadViews& views, uint64_t id) {
  return RequireRecord<UnitRecord>(views, Record::kUnit, id,
                                   errors::UnitNotFound);
}

absl::StatusOr<UnitRecord> FindVillage(const ReadViews& views, uint64_t id) {
  ASSIGN_OR_RETURN(UnitRecord unit, FindUnit(views, id));
  if (unit.unit().level() != kLevelVillage) {
    return errors::NotAVillage(id, unit.unit().level());
  }
  return unit;
}

absl::StatusOr<HouseholdRecord> FindHousehold(const ReadViews& views,
                                              uint64_t id) {
  return RequireRecord<HouseholdRecord>(views, Record::kHousehold, id,
                                        errors::HouseholdNotFound);
}

absl::StatusOr<PersonRecord> FindPerson(const ReadViews& views, uint64_t id) {
  return RequireRecord<PersonRecord>(views, Record::kPerson, id,
                                     errors::PersonNotFound);
}

absl::StatusOr<PersonRecord> FindVolunteer(const ReadViews& views,
                                           uint64_t id) {
  ASSIGN_OR_RETURN(PersonRecord person, FindPerson(views, id));
  if (!person.has_volunteer()) return errors::VolunteerNotFound(id);
  return person;
}

absl::StatusOr<TeamRecord> FindTeam(const ReadViews& views, uint64_t id) {
  return RequireRecord<TeamRecord>(views, Record::kTeam, id,
                                   errors::TeamNotFound);
}

absl::StatusOr<OperatorRecord> FindOperator(const ReadViews& views,
                                            uint64_t id) {
  return RequireRecord<OperatorRecord>(views, Record::kOperator, id,
                                       errors::OperatorNotFound);
}

}  // namespace jiamei::storage
