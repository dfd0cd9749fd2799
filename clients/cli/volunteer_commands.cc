// The commands of volunteers and their teams.
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/cli/client.h"
#include "clients/cli/command.h"
#include "clients/cli/flag_values.h"
#include "clients/cli/flags.h"
#include "clients/cli/output.h"
#include "jiamei/v1/volunteers.grpc.pb.h"

// The flags only these commands read.
ABSL_FLAG(std::string, join_date, "", "YYYY-MM-DD");
ABSL_FLAG(std::string, date, "", "YYYY-MM-DD");
ABSL_FLAG(std::string, skills, "", "skills, comma-separated");
ABSL_FLAG(std::string, status, "", "active or suspended");
ABSL_FLAG(std::string, leader, "", "a team's leader, volunteers/N");
ABSL_FLAG(std::string, volunteer, "", "a volunteer, volunteers/N");

namespace jiamei::cli {
namespace {

// Joinings and leavings, oldest first.
void PrintMembershipHistory(const Repeated<v1::TeamMembershipEvent>& events) {
  if (events.empty()) return;
  std::vector<Row> rows;
  for (const v1::TeamMembershipEvent& event : events) {
    rows.push_back({event.date(), event.joined() ? "joined" : "left",
                    event.team(), event.volunteer()});
  }
  std::cout << "history:\n";
  PrintTable({{"DATE", false},
              {"CHANGE", false},
              {"TEAM", false},
              {"VOLUNTEER", false}},
             rows);
}

}  // namespace

template <>
void Print(const v1::Volunteer& volunteer) {
  const v1::Person& person = volunteer.person();
  std::vector<Field> fields = {
      {"name", volunteer.name()},
      {"person", Named(person.full_name(), person.name())}};
  AddIfSet(&fields, "phone", person.phone());
  fields.insert(fields.end(),
                {{"household", person.household()},
                 {"status", Word(volunteer.status())},
                 {"join_date", volunteer.join_date()},
                 {"skills", absl::StrJoin(volunteer.skills(), ",")},
                 {"teams", absl::StrJoin(volunteer.teams(), ",")},
                 {"enrolled", Time(volunteer.enroll_time())}});
  PrintFields(fields);
  PrintMembershipHistory(volunteer.team_history());
}

template <>
void Print(const v1::Team& team) {
  PrintFields({{"name", team.name()},
               {"display_name", team.display_name()},
               {"unit", team.unit()},
               {"leader", team.leader()},
               {"members", absl::StrJoin(team.members(), ",")},
               {"created", Time(team.create_time())}});
  PrintMembershipHistory(team.history());
}

template <>
void Print(const v1::ListTeamsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Team& team : page.teams()) {
    rows.push_back({team.name(), team.unit(), team.leader(),
                    absl::StrCat(team.members_size()), team.display_name()});
  }
  PrintTable({{"TEAM", false},
              {"UNIT", false},
              {"LEADER", false},
              {"MEMBERS", true},
              {"DISPLAY NAME", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

namespace {

using Volunteers = v1::VolunteerService::Stub;

int VolunteerEnroll(Client* client, const std::string& person) {
  v1::EnrollVolunteerRequest request;
  request.set_person(person);
  request.set_join_date(absl::GetFlag(FLAGS_join_date));
  SetList(FLAGS_skills, request.mutable_skills());
  request.set_request_id(RequestId());
  return client->Call(&Volunteers::EnrollVolunteer, request);
}

int VolunteerStatus(Client* client, const std::string& name) {
  std::string error;
  const v1::VolunteerStatus status =
      ParseWord<v1::VolunteerStatus>(FLAGS_status, &error);
  if (!error.empty()) return UsageError(error);
  v1::SetVolunteerStatusRequest request;
  request.set_name(name);
  request.set_status(status);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  request.set_request_id(RequestId());
  return client->Call(&Volunteers::SetVolunteerStatus, request);
}

int TeamCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateTeamRequest request;
  v1::Team* team = request.mutable_team();
  team->set_unit(NameFlag(FLAGS_unit, "units"));
  team->set_display_name(absl::GetFlag(FLAGS_display_name));
  team->set_leader(NameFlag(FLAGS_leader, "volunteers"));
  request.set_date(absl::GetFlag(FLAGS_date));
  request.set_request_id(RequestId());
  return client->Call(&Volunteers::CreateTeam, request);
}

// Joining and leaving a team take the same request.
template <auto kMethod>
int TeamMembership(Client* client, const std::string& team) {
  v1::ChangeTeamMembershipRequest request;
  request.set_team(team);
  request.set_volunteer(NameFlag(FLAGS_volunteer, "volunteers"));
  request.set_date(absl::GetFlag(FLAGS_date));
  request.set_request_id(RequestId());
  return client->Call(kMethod, request);
}

constexpr Command kCommands[] = {
    {"volunteer", "enroll", "PERSON",
     "--join_date=YYYY-MM-DD [--skills=SKILL,...] [--request_id=ID]",
     "enroll a person as a volunteer", kCallTimeout, VolunteerEnroll},
    {"volunteer", "get", "VOLUNTEER", "", "show a volunteer and their teams",
     kCallTimeout, Get<&Volunteers::GetVolunteer>},
    {"volunteer", "status", "VOLUNTEER",
     "--status=active|suspended --reason=TEXT [--request_id=ID]",
     "suspend a volunteer, or make them active again", kCallTimeout,
     VolunteerStatus},
    {"team", "create", "",
     "--unit=UNIT --display_name=NAME --leader=VOLUNTEER --date=YYYY-MM-DD "
     "[--request_id=ID]",
     "create a volunteer team with its leader", kCallTimeout, TeamCreate},
    {"team", "get", "TEAM", "", "show a team and its members", kCallTimeout,
     Get<&Volunteers::GetTeam>},
    {"team", "list", "UNIT", kPagingFlags, "list the teams of a unit",
     kCallTimeout,
     ListOf<&Volunteers::ListTeams, &v1::ListTeamsRequest::mutable_unit>},
    {"team", "join", "TEAM",
     "--volunteer=VOLUNTEER --date=YYYY-MM-DD [--request_id=ID]",
     "add a volunteer to a team", kCallTimeout,
     TeamMembership<&Volunteers::JoinTeam>},
    {"team", "leave", "TEAM",
     "--volunteer=VOLUNTEER --date=YYYY-MM-DD [--request_id=ID]",
     "take a volunteer off a team", kCallTimeout,
     TeamMembership<&Volunteers::LeaveTeam>},
};

}  // namespace

absl::Span<const Command> VolunteerCommands() { return kCommands; }

}  // namespace jiamei::cli
