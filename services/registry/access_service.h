// jiamei.v1.AccessService: log-in, tokens, and the operators who use them.
#ifndef JIAMEI_SERVICES_REGISTRY_ACCESS_SERVICE_H_
#define JIAMEI_SERVICES_REGISTRY_ACCESS_SERVICE_H_

#include "jiamei/v1/access.grpc.pb.h"
#include "services/common/handler.h"
#include "services/common/worker_pool.h"

namespace jiamei::services {

class AccessService final : public jiamei::v1::AccessService::CallbackService {
 public:
  explicit AccessService(const Core& core) : core_(core) {}

  grpc::ServerUnaryReactor* Login(grpc::CallbackServerContext* context,
                                  const jiamei::v1::LoginRequest* request,
                                  jiamei::v1::LoginResponse* response) override;
  grpc::ServerUnaryReactor* Logout(
      grpc::CallbackServerContext* context,
      const jiamei::v1::LogoutRequest* request,
      jiamei::v1::LogoutResponse* response) override;
  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* context,
                                   const jiamei::v1::WhoAmIRequest* request,
                                   jiamei::v1::Operator* response) override;
  grpc::ServerUnaryReactor* CreateOperator(
      grpc::CallbackServerContext* context,
      const jiamei::v1::CreateOperatorRequest* request,
      jiamei::v1::Operator* response) override;
  grpc::ServerUnaryReactor* GetOperator(
      grpc::CallbackServerContext* context,
      const jiamei::v1::GetOperatorRequest* request,
      jiamei::v1::Operator* response) override;
  grpc::ServerUnaryReactor* ListOperators(
      grpc::CallbackServerContext* context,
      const jiamei::v1::ListOperatorsRequest* request,
      jiamei::v1::ListOperatorsResponse* response) override;
  grpc::ServerUnaryReactor* DisableOperator(
      grpc::CallbackServerContext* context,
      const jiamei::v1::DisableOperatorRequest* request,
      jiamei::v1::Operator* response) override;
  grpc::ServerUnaryReactor* ChangePassword(
      grpc::CallbackServerContext* context,
      const jiamei::v1::ChangePasswordRequest* request,
      jiamei::v1::ChangePasswordResponse* response) override;

 private:
  absl::StatusOr<storage::Command> CommandFromProto(
      const Principal& caller,
      const jiamei::v1::CreateOperatorRequest& request) const;
  // The operator named `name`, if the caller may see it.
  absl::StatusOr<storage::OperatorRecord> ReadOperator(
      const Principal& caller, absl::string_view name) const;

  const Core core_;
  // Every Argon2id hash and check (log-in, password change, new operator)
  // runs here, never on gRPC's threads: each takes tens of milliseconds and
  // 64 MiB. Beyond 64 waiting, RESOURCE_EXHAUSTED at once.
  WorkerPool password_workers_{2, 64};
};

// Who may call each method of jiamei.v1.AccessService
// (services/common/permissions.h).
inline constexpr auto kAccessPermissions =
    PermissionsOf<jiamei::v1::AccessService>({
        BeforeLogin("Login"),
        LoggedIn("Logout"),
        LoggedIn("WhoAmI"),
        Rpc("CreateOperator", kAdmin),
        Rpc("GetOperator", kOverseers),
        Rpc("ListOperators", kOverseers),
        Rpc("DisableOperator", kAdmin),
        Rpc("ChangePassword", kEveryone),
    });

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_REGISTRY_ACCESS_SERVICE_H_
