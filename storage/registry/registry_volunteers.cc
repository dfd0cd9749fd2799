// RegistryState's volunteers and teams: a person enrolls as a volunteer
// (巾帼志愿者), is suspended or active again; teams are created with their
// leader as first member, and every joining and leaving is kept.
#include "storage/core/status_macros.h"
#include "storage/registry/registry_errors.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"
#include "storage/registry/registry_state.h"

namespace jiamei::storage {

absl::Status RegistryState::CheckEnrolment(
    const VolunteerEnrolled& enrolled) const {
  ASSIGN_OR_RETURN(const PersonRecord person,
                   FindPerson(*views_, enrolled.person_id()));
  if (person.has_volunteer()) {
    return errors::AlreadyVolunteer(enrolled.person_id());
  }
  return absl::OkStatus();
}

absl::Status RegistryState::CheckVolunteerStatus(
    const VolunteerStatusSet& set) const {
  ASSIGN_OR_RETURN(const PersonRecord person,
                   FindVolunteer(*views_, set.person_id()));
  if (person.volunteer().status() == set.status()) {
    return errors::StatusUnchanged(set.person_id());
  }
  return absl::OkStatus();
}

absl::Status RegistryState::CheckTeam(TeamCreated* team,
                                      const HeadRecord& head) const {
  RETURN_IF_ERROR(FindUnit(*views_, team->unit_id()).status());
  TeamMembershipChanged join;
  join.set_person_id(team->leader());
  join.set_joined(true);
  RETURN_IF_ERROR(CheckMembership(join));
  team->set_team_id(head.last_team_id() + 1);
  return absl::OkStatus();
}

absl::Status RegistryState::CheckMembership(
    const TeamMembershipChanged& change) const {
  ASSIGN_OR_RETURN(const PersonRecord person,
                   FindVolunteer(*views_, change.person_id()));
  if (change.joined() && person.volunteer().status() != kVolunteerActive) {
    return errors::VolunteerSuspended(change.person_id());
  }
  if (change.team_id() == 0) return absl::OkStatus();  // a new team
  ASSIGN_OR_RETURN(const bool member,
                   Exists(*views_, Cf::kIndex,
                          IndexKey(Index::kTeamMember, change.team_id(),
                                   change.person_id())));
  if (change.joined() && member) {
    return errors::AlreadyMember(change.person_id(), change.team_id());
  }
  if (!change.joined()) {
    if (!member) {
      return errors::NotAMember(change.person_id(), change.team_id());
    }
    ASSIGN_OR_RETURN(const TeamRecord team,
                     FindTeam(*views_, change.team_id()));
    if (team.team().leader() == change.person_id()) {
      return errors::LeaderCannotLeave(change.person_id(), change.team_id());
    }
  }
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyVolunteer(const EntryRecord& entry) {
  const RegistryChange& change = entry.registry();
  const uint64_t id = change.has_volunteer_enrolled()
                          ? change.volunteer_enrolled().person_id()
                          : change.volunteer_status_set().person_id();
  ASSIGN_OR_RETURN(PersonRecord person, FindPerson(*views_, id));
  VolunteerProfile* profile = person.mutable_volunteer();
  if (change.has_volunteer_enrolled()) {
    profile->set_join_date(change.volunteer_enrolled().join_date());
    *profile->mutable_skills() = change.volunteer_enrolled().skills();
    profile->set_status(kVolunteerActive);
    profile->set_enroll_sequence(entry.sequence());
    profile->set_enroll_time_micros(entry.time_micros());
  } else {
    profile->set_status(change.volunteer_status_set().status());
  }
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kPerson, id), person);
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyTeam(const EntryRecord& entry) {
  const TeamCreated& created = entry.registry().team_created();
  TeamRecord team;
  *team.mutable_team() = created;
  team.set_create_sequence(entry.sequence());
  team.set_create_time_micros(entry.time_micros());
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kTeam, created.team_id()),
                   team);
  views_->Put(Cf::kIndex,
              IndexKey(Index::kUnitTeam, created.unit_id(), created.team_id()),
              "");
  return ApplyMembership(entry);
}

// A joining or leaving (a team's creation is its leader's joining).
absl::Status RegistryState::ApplyMembership(const EntryRecord& entry) {
  const RegistryChange& change = entry.registry();
  TeamMembershipChanged event;
  if (change.has_team_created()) {
    event.set_team_id(change.team_created().team_id());
    event.set_person_id(change.team_created().leader());
    event.set_joined(true);
  } else {
    event = change.team_membership_changed();
  }
  const std::string member =
      IndexKey(Index::kTeamMember, event.team_id(), event.person_id());
  const std::string team =
      IndexKey(Index::kVolunteerTeam, event.person_id(), event.team_id());
  if (event.joined()) {
    views_->Put(Cf::kIndex, member, "");
    views_->Put(Cf::kIndex, team, "");
  } else {
    views_->Delete(Cf::kIndex, member);
    views_->Delete(Cf::kIndex, team);
  }
  views_->Put(Cf::kIndex,
              IndexKey(Index::kTeamEvent, event.team_id(), entry.sequence()),
              "");
  views_->Put(
      Cf::kIndex,
      IndexKey(Index::kVolunteerEvent, event.person_id(), entry.sequence()),
      "");
  return absl::OkStatus();
}

}  // namespace jiamei::storage
