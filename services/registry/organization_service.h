// jiamei.v1.OrganizationService: the unit tree.
#ifndef JIAMEI_SERVICES_REGISTRY_ORGANIZATION_SERVICE_H_
#define JIAMEI_SERVICES_REGISTRY_ORGANIZATION_SERVICE_H_

#include "jiamei/v1/organization.grpc.pb.h"
#include "services/common/handler.h"

namespace jiamei::services {

class OrganizationService final
    : public jiamei::v1::OrganizationService::CallbackService {
 public:
  explicit OrganizationService(const Core& core) : core_(core) {}

  grpc::ServerUnaryReactor* CreateUnit(
      grpc::CallbackServerContext* context,
      const jiamei::v1::CreateUnitRequest* request,
      jiamei::v1::Unit* response) override;
  grpc::ServerUnaryReactor* RenameUnit(
      grpc::CallbackServerContext* context,
      const jiamei::v1::RenameUnitRequest* request,
      jiamei::v1::Unit* response) override;
  grpc::ServerUnaryReactor* GetUnit(grpc::CallbackServerContext* context,
                                    const jiamei::v1::GetUnitRequest* request,
                                    jiamei::v1::Unit* response) override;
  grpc::ServerUnaryReactor* ListUnits(
      grpc::CallbackServerContext* context,
      const jiamei::v1::ListUnitsRequest* request,
      jiamei::v1::ListUnitsResponse* response) override;
  grpc::ServerUnaryReactor* WalkUnits(
      grpc::CallbackServerContext* context,
      const jiamei::v1::WalkUnitsRequest* request,
      jiamei::v1::WalkUnitsResponse* response) override;

 private:
  absl::StatusOr<storage::Command> CommandFromProto(
      const Principal& caller,
      const jiamei::v1::CreateUnitRequest& request) const;
  // Fills `response` with the unit as it stands now.
  absl::Status ReadUnit(uint64_t id, jiamei::v1::Unit* response) const;

  const Core core_;
};

// Who may call each method of jiamei.v1.OrganizationService
// (services/common/permissions.h).
inline constexpr auto kOrganizationPermissions =
    PermissionsOf<jiamei::v1::OrganizationService>({
        Rpc("CreateUnit", kAdmin),
        Rpc("RenameUnit", kAdmin),
        Rpc("GetUnit", kStaff),
        Rpc("ListUnits", kStaff),
        Rpc("WalkUnits", kStaff),
    });

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_REGISTRY_ORGANIZATION_SERVICE_H_
