// jiamei.v1.VolunteerService: volunteers' profiles and their teams.
#ifndef JIAMEI_SERVICES_ACTIVITY_VOLUNTEER_SERVICE_H_
#define JIAMEI_SERVICES_ACTIVITY_VOLUNTEER_SERVICE_H_

#include "jiamei/v1/volunteers.grpc.pb.h"
#include "services/common/handler.h"

namespace jiamei::services {

class VolunteerService final
    : public jiamei::v1::VolunteerService::CallbackService {
 public:
  explicit VolunteerService(const Core& core) : core_(core) {}

  grpc::ServerUnaryReactor* EnrollVolunteer(
      grpc::CallbackServerContext* context,
      const jiamei::v1::EnrollVolunteerRequest* request,
      jiamei::v1::Volunteer* response) override;
  grpc::ServerUnaryReactor* GetVolunteer(
      grpc::CallbackServerContext* context,
      const jiamei::v1::GetVolunteerRequest* request,
      jiamei::v1::Volunteer* response) override;
  grpc::ServerUnaryReactor* SetVolunteerStatus(
      grpc::CallbackServerContext* context,
      const jiamei::v1::SetVolunteerStatusRequest* request,
      jiamei::v1::Volunteer* response) override;
  grpc::ServerUnaryReactor* CreateTeam(
      grpc::CallbackServerContext* context,
      const jiamei::v1::CreateTeamRequest* request,
      jiamei::v1::Team* response) override;
  grpc::ServerUnaryReactor* GetTeam(grpc::CallbackServerContext* context,
                                    const jiamei::v1::GetTeamRequest* request,
                                    jiamei::v1::Team* response) override;
  grpc::ServerUnaryReactor* ListTeams(
      grpc::CallbackServerContext* context,
      const jiamei::v1::ListTeamsRequest* request,
      jiamei::v1::ListTeamsResponse* response) override;
  grpc::ServerUnaryReactor* JoinTeam(
      grpc::CallbackServerContext* context,
      const jiamei::v1::ChangeTeamMembershipRequest* request,
      jiamei::v1::Team* response) override;
  grpc::ServerUnaryReactor* LeaveTeam(
      grpc::CallbackServerContext* context,
      const jiamei::v1::ChangeTeamMembershipRequest* request,
      jiamei::v1::Team* response) override;

 private:
  // The person behind "people/N" or "volunteers/N" (`collection`), if the
  // caller may see them.
  absl::StatusOr<storage::PersonRecord> ReadPerson(
      const Principal& caller, absl::string_view name,
      absl::string_view collection, absl::string_view field) const;
  absl::StatusOr<storage::TeamRecord> ReadTeam(const Principal& caller,
                                               absl::string_view name,
                                               absl::string_view field) const;
  absl::Status FillVolunteer(const Principal& caller, uint64_t id,
                             jiamei::v1::Volunteer* out) const;
  absl::Status FillTeam(uint64_t id, jiamei::v1::Team* out) const;
  grpc::ServerUnaryReactor* ChangeMembership(
      grpc::CallbackServerContext* context,
      const jiamei::v1::ChangeTeamMembershipRequest* request, bool joined,
      jiamei::v1::Team* response);

  const Core core_;
};

// Who may call each method of jiamei.v1.VolunteerService
// (services/common/permissions.h).
inline constexpr auto kVolunteerPermissions =
    PermissionsOf<jiamei::v1::VolunteerService>({
        Rpc("EnrollVolunteer", kOrganizers),
        Rpc("GetVolunteer", kEveryone),
        Rpc("SetVolunteerStatus", kOrganizers),
        Rpc("CreateTeam", kOrganizers),
        Rpc("GetTeam", kStaff),
        Rpc("ListTeams", kStaff),
        Rpc("JoinTeam", kOrganizers),
        Rpc("LeaveTeam", kOrganizers),
    });

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_ACTIVITY_VOLUNTEER_SERVICE_H_
