#include "services/activity/volunteer_service.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/activity/activity_errors.h"
#include "services/auth/auth_errors.h"
#include "services/common/common_errors.h"
#include "services/common/validation.h"
#include "services/registry/registry_convert.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using storage::Command;
using storage::EntryRecord;
using storage::Index;

constexpr int kMaxSkills = 20;

absl::Status ValidateSkills(
    const google::protobuf::RepeatedPtrField<std::string>& skills) {
  if (skills.size() > kMaxSkills) {
    return errors::InvalidSkill(kMaxSkills);
  }
  for (const std::string& skill : skills) {
    RETURN_IF_ERROR(ValidateText(skill, "skill", 1, 50));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<storage::PersonRecord> VolunteerService::ReadPerson(
    const Principal& caller, absl::string_view name,
    absl::string_view collection, absl::string_view field) const {
  ASSIGN_OR_RETURN(const uint64_t id, ParseName(name, collection, field));
  const storage::RegistryReader reader(core_.store);
  ASSIGN_OR_RETURN(storage::PersonRecord person, collection == "volunteers"
                                                     ? reader.GetVolunteer(id)
                                                     : reader.GetPerson(id));
  if (caller.role == jiamei::v1::ROLE_MEMBER && id != caller.person) {
    return errors::OutOfScope(name);
  }
  RETURN_IF_ERROR(core_.access->RequirePerson(caller, person));
  return person;
}

absl::StatusOr<storage::TeamRecord> VolunteerService::ReadTeam(
    const Principal& caller, absl::string_view name,
    absl::string_view field) const {
  ASSIGN_OR_RETURN(const uint64_t id, ParseName(name, "teams", field));
  ASSIGN_OR_RETURN(storage::TeamRecord team,
                   storage::RegistryReader(core_.store).GetTeam(id));
  RETURN_IF_ERROR(core_.access->RequireUnit(caller, team.team().unit_id()));
  return team;
}

absl::Status VolunteerService::FillVolunteer(const Principal& caller,
                                             uint64_t id,
                                             jiamei::v1::Volunteer* out) const {
  const storage::RegistryReader reader(core_.store);
  ASSIGN_OR_RETURN(const storage::PersonRecord person, reader.GetVolunteer(id));
  ASSIGN_OR_RETURN(const std::vector<uint64_t> teams,
                   reader.ListIds(Index::kVolunteerTeam, id, 0, INT32_MAX));
  ASSIGN_OR_RETURN(const std::vector<storage::MembershipEvent> history,
                   reader.ListMembershipEvents(Index::kVolunteerEvent, id));
  VolunteerToProto(person, teams, history, caller, out);
  return absl::OkStatus();
}

absl::Status VolunteerService::FillTeam(uint64_t id,
                                        jiamei::v1::Team* out) const {
  const storage::RegistryReader reader(core_.store);
  ASSIGN_OR_RETURN(const storage::TeamRecord team, reader.GetTeam(id));
  ASSIGN_OR_RETURN(const std::vector<uint64_t> members,
                   reader.ListIds(Index::kTeamMember, id, 0, INT32_MAX));
  ASSIGN_OR_RETURN(const std::vector<storage::MembershipEvent> history,
                   reader.ListMembershipEvents(Index::kTeamEvent, id));
  TeamToProto(team, members, history, out);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* VolunteerService::EnrollVolunteer(
    grpc::CallbackServerContext* context,
    const jiamei::v1::EnrollVolunteerRequest* request,
    jiamei::v1::Volunteer* response) {
  return ServeWrite(
      core_, context, kVolunteerPermissions.Of("EnrollVolunteer"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        RETURN_IF_ERROR(
            ValidateDate(request->join_date(), "join_date", Today()));
        RETURN_IF_ERROR(ValidateSkills(request->skills()));
        ASSIGN_OR_RETURN(
            const storage::PersonRecord person,
            ReadPerson(caller, request->person(), "people", "person"));
        storage::RegistryChange change;
        storage::VolunteerEnrolled* enrolled =
            change.mutable_volunteer_enrolled();
        enrolled->set_person_id(person.id());
        enrolled->set_join_date(request->join_date());
        *enrolled->mutable_skills() = request->skills();
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal& caller, const EntryRecord& entry,
             jiamei::v1::Volunteer* out) {
        return FillVolunteer(
            caller, entry.registry().volunteer_enrolled().person_id(), out);
      });
}

grpc::ServerUnaryReactor* VolunteerService::GetVolunteer(
    grpc::CallbackServerContext* context,
    const jiamei::v1::GetVolunteerRequest* request,
    jiamei::v1::Volunteer* response) {
  const Permission& permission = kVolunteerPermissions.Of("GetVolunteer");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(const storage::PersonRecord person,
                     ReadPerson(caller, request->name(), "volunteers", "name"));
    return FillVolunteer(caller, person.id(), response);
  });
}

grpc::ServerUnaryReactor* VolunteerService::SetVolunteerStatus(
    grpc::CallbackServerContext* context,
    const jiamei::v1::SetVolunteerStatusRequest* request,
    jiamei::v1::Volunteer* response) {
  return ServeWrite(
      core_, context, kVolunteerPermissions.Of("SetVolunteerStatus"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        if (request->status() == jiamei::v1::VOLUNTEER_STATUS_UNSPECIFIED ||
            !jiamei::v1::VolunteerStatus_IsValid(request->status())) {
          return errors::InvalidVolunteerStatus();
        }
        RETURN_IF_ERROR(ValidateText(request->reason(), "reason", 1, 1024));
        ASSIGN_OR_RETURN(
            const storage::PersonRecord person,
            ReadPerson(caller, request->name(), "volunteers", "name"));
        storage::RegistryChange change;
        storage::VolunteerStatusSet* set =
            change.mutable_volunteer_status_set();
        set->set_person_id(person.id());
        set->set_status(request->status());
        set->set_reason(request->reason());
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal& caller, const EntryRecord& entry,
             jiamei::v1::Volunteer* out) {
        return FillVolunteer(
            caller, entry.registry().volunteer_status_set().person_id(), out);
      });
}

grpc::ServerUnaryReactor* VolunteerService::CreateTeam(
    grpc::CallbackServerContext* context,
    const jiamei::v1::CreateTeamRequest* request, jiamei::v1::Team* response) {
  return ServeWrite(
      core_, context, kVolunteerPermissions.Of("CreateTeam"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        const jiamei::v1::Team& team = request->team();
        ASSIGN_OR_RETURN(const uint64_t unit,
                         ParseName(team.unit(), "units", "unit"));
        RETURN_IF_ERROR(ValidateDisplayName(team.display_name()));
        RETURN_IF_ERROR(ValidateDate(request->date(), "date", Today()));
        RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
        ASSIGN_OR_RETURN(
            const storage::PersonRecord leader,
            ReadPerson(caller, team.leader(), "volunteers", "leader"));
        storage::RegistryChange change;
        storage::TeamCreated* created = change.mutable_team_created();
        created->set_unit_id(unit);
        created->set_display_name(team.display_name());
        created->set_leader(leader.id());
        created->set_date(request->date());
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Team* out) {
        return FillTeam(entry.registry().team_created().team_id(), out);
      });
}

grpc::ServerUnaryReactor* VolunteerService::GetTeam(
    grpc::CallbackServerContext* context,
    const jiamei::v1::GetTeamRequest* request, jiamei::v1::Team* response) {
  const Permission& permission = kVolunteerPermissions.Of("GetTeam");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(const storage::TeamRecord team,
                     ReadTeam(caller, request->name(), "name"));
    return FillTeam(team.team().team_id(), response);
  });
}

grpc::ServerUnaryReactor* VolunteerService::ListTeams(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ListTeamsRequest* request,
    jiamei::v1::ListTeamsResponse* response) {
  const Permission& permission = kVolunteerPermissions.Of("ListTeams");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(const uint64_t unit,
                     ParseName(request->unit(), "units", "unit"));
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
    return ListIdPage(
        core_, Index::kUnitTeam, unit, absl::StrCat("units/", unit, "/teams"),
        request->page_size(), request->page_token(),
        response->mutable_next_page_token(),
        [&](uint64_t id) { return FillTeam(id, response->add_teams()); });
  });
}

grpc::ServerUnaryReactor* VolunteerService::JoinTeam(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ChangeTeamMembershipRequest* request,
    jiamei::v1::Team* response) {
  return ChangeMembership(context, request, /*joined=*/true, response);
}

grpc::ServerUnaryReactor* VolunteerService::LeaveTeam(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ChangeTeamMembershipRequest* request,
    jiamei::v1::Team* response) {
  return ChangeMembership(context, request, /*joined=*/false, response);
}

grpc::ServerUnaryReactor* VolunteerService::ChangeMembership(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ChangeTeamMembershipRequest* request, bool joined,
    jiamei::v1::Team* response) {
  return ServeWrite(
      core_, context,
      kVolunteerPermissions.Of(joined ? "JoinTeam" : "LeaveTeam"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        RETURN_IF_ERROR(ValidateDate(request->date(), "date", Today()));
        ASSIGN_OR_RETURN(const storage::TeamRecord team,
                         ReadTeam(caller, request->team(), "team"));
        ASSIGN_OR_RETURN(const storage::PersonRecord volunteer,
                         ReadPerson(caller, request->volunteer(), "volunteers",
                                    "volunteer"));
        storage::RegistryChange change;
        storage::TeamMembershipChanged* membership =
            change.mutable_team_membership_changed();
        membership->set_team_id(team.team().team_id());
        membership->set_person_id(volunteer.id());
        membership->set_joined(joined);
        membership->set_date(request->date());
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Team* out) {
        return FillTeam(entry.registry().team_membership_changed().team_id(),
                        out);
      });
}

}  // namespace jiamei::services
