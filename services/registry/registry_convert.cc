#include "services/registry/registry_convert.h"

#include "services/auth/access.h"
#include "services/auth/personal_data.h"
#include "services/common/convert.h"
#include "storage/core/names.h"
#include "storage/core/status_macros.h"

namespace jiamei::services {

using storage::HouseholdName;
using storage::UnitName;

void UnitToProto(const storage::UnitRecord& record, jiamei::v1::Unit* out) {
  const storage::UnitCreated& unit = record.unit();
  out->set_name(UnitName(unit.unit_id()));
  out->set_code(unit.code());
  out->set_display_name(unit.display_name());
  out->set_level(static_cast<jiamei::v1::UnitLevel>(unit.level()));
  if (unit.parent() != 0) out->set_parent(UnitName(unit.parent()));
  out->set_issuance_account(storage::AccountName(record.issuance_account()));
  SetTime(record.create_time_micros(), out->mutable_create_time());
  out->set_create_sequence(record.create_sequence());
  out->set_update_sequence(record.update_sequence());
}

void PersonToProto(const storage::PersonRecord& record, const Principal& caller,
                   jiamei::v1::Person* out) {
  const storage::PersonFields& fields = record.fields();
  out->set_name(storage::PersonName(record.id()));
  out->set_full_name(fields.full_name());
  out->set_phone(SeesPhone(caller, record.household())
                     ? fields.phone()
                     : MaskPhone(fields.phone()));
  out->set_resident_id(SeesResidentId(caller, record.id())
                           ? fields.resident_id()
                           : MaskResidentId(fields.resident_id()));
  out->set_gender(static_cast<jiamei::v1::Gender>(fields.gender()));
  out->set_birth_year(fields.birth_year());
  out->set_household(HouseholdName(record.household()));
  out->set_unit(UnitName(record.unit()));
  for (const storage::Residence& r : record.residences()) {
    jiamei::v1::Residence* residence = out->add_residences();
    residence->set_household(HouseholdName(r.household()));
    SetTime(r.time_micros(), residence->mutable_since());
    residence->set_sequence(r.sequence());
  }
  out->set_volunteer(record.has_volunteer());
  SetTime(record.create_time_micros(), out->mutable_create_time());
  out->set_create_sequence(record.create_sequence());
}

void HouseholdToProto(const storage::HouseholdRecord& record,
                      const std::vector<storage::PersonRecord>& members,
                      const Principal& caller, jiamei::v1::Household* out) {
  out->set_name(HouseholdName(record.id()));
  out->set_village(UnitName(record.village()));
  out->set_number(record.number());
  out->set_address(record.address());
  out->set_head(storage::PersonName(record.head()));
  for (const storage::PersonRecord& member : members) {
    PersonToProto(member, caller, out->add_members());
  }
  if (SeesCareCategories(caller)) {
    *out->mutable_care_categories() = record.care_categories();
    out->set_care_sequence(record.care_sequence());
  }
  out->set_account(storage::AccountName(record.account()));
  SetTime(record.create_time_micros(), out->mutable_create_time());
  out->set_create_sequence(record.create_sequence());
}

absl::Status HouseholdWithMembersToProto(const storage::RegistryReader& reader,
                                         const storage::HouseholdRecord& record,
                                         const Principal& caller,
                                         jiamei::v1::Household* out) {
  ASSIGN_OR_RETURN(
      const std::vector<uint64_t> member_ids,
      reader.ListIds(storage::Index::kMember, record.id(), 0, INT32_MAX));
  std::vector<storage::PersonRecord> members;
  members.reserve(member_ids.size());
  for (uint64_t member : member_ids) {
    ASSIGN_OR_RETURN(members.emplace_back(), reader.GetPerson(member));
  }
  HouseholdToProto(record, members, caller, out);
  return absl::OkStatus();
}

void MembershipEventToProto(const storage::MembershipEvent& event,
                            jiamei::v1::TeamMembershipEvent* out) {
  out->set_team(storage::TeamName(event.change.team_id()));
  out->set_volunteer(storage::VolunteerName(event.change.person_id()));
  out->set_joined(event.change.joined());
  out->set_date(event.change.date());
  SetTime(event.time_micros, out->mutable_record_time());
  out->set_sequence(event.sequence);
}

void VolunteerToProto(const storage::PersonRecord& record,
                      const std::vector<uint64_t>& teams,
                      const std::vector<storage::MembershipEvent>& history,
                      const Principal& caller, jiamei::v1::Volunteer* out) {
  const storage::VolunteerProfile& profile = record.volunteer();
  out->set_name(storage::VolunteerName(record.id()));
  PersonToProto(record, caller, out->mutable_person());
  out->set_join_date(profile.join_date());
  *out->mutable_skills() = profile.skills();
  out->set_status(static_cast<jiamei::v1::VolunteerStatus>(profile.status()));
  for (uint64_t team : teams) out->add_teams(storage::TeamName(team));
  for (const storage::MembershipEvent& event : history) {
    MembershipEventToProto(event, out->add_team_history());
  }
  SetTime(profile.enroll_time_micros(), out->mutable_enroll_time());
  out->set_enroll_sequence(profile.enroll_sequence());
}

void TeamToProto(const storage::TeamRecord& record,
                 const std::vector<uint64_t>& members,
                 const std::vector<storage::MembershipEvent>& history,
                 jiamei::v1::Team* out) {
  const storage::TeamCreated& team = record.team();
  out->set_name(storage::TeamName(team.team_id()));
  out->set_unit(UnitName(team.unit_id()));
  out->set_display_name(team.display_name());
  out->set_leader(storage::VolunteerName(team.leader()));
  for (uint64_t member : members) {
    out->add_members(storage::VolunteerName(member));
  }
  for (const storage::MembershipEvent& event : history) {
    MembershipEventToProto(event, out->add_history());
  }
  SetTime(record.create_time_micros(), out->mutable_create_time());
  out->set_create_sequence(record.create_sequence());
}

void OperatorToProto(const storage::OperatorRecord& record,
                     jiamei::v1::Operator* out) {
  const storage::OperatorCreated& op = record.operator_();
  out->set_name(storage::OperatorName(op.operator_id()));
  out->set_login(op.login());
  out->set_display_name(op.display_name());
  out->set_role(static_cast<jiamei::v1::Role>(op.role()));
  if (op.scope_unit() != 0) out->set_scope(UnitName(op.scope_unit()));
  if (op.person_id() != 0) out->set_person(storage::PersonName(op.person_id()));
  out->set_disabled(record.disabled());
  SetTime(record.create_time_micros(), out->mutable_create_time());
  out->set_create_sequence(record.create_sequence());
}

}  // namespace jiamei::services
