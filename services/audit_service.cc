#include "services/audit_service.h"

#include "services/access.h"
#include "services/handler.h"
#include "services/status_mapping.h"
#include "storage/audit.h"
#include "storage/refusal.h"

namespace jiamei::services {

AuditService::~AuditService() {
  absl::MutexLock lock(&mu_);
  if (worker_.joinable()) worker_.join();
}

grpc::ServerUnaryReactor* AuditService::RunAudit(
    grpc::CallbackServerContext* context,
    const jiamei::v1::RunAuditRequest* /*request*/,
    jiamei::v1::AuditReport* response) {
  absl::StatusOr<Principal> caller = authenticator_->Authenticate(*context);
  absl::Status allowed =
      caller.ok() ? RequireRole(*caller, kOverseers) : caller.status();
  if (!allowed.ok()) return Answer(context, allowed);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::MutexLock lock(&mu_);
  if (running_) {
    reactor->Finish(ToGrpcStatus(
        Refusal(absl::StatusCode::kResourceExhausted, "AUDIT_RUNNING",
                "an audit is already running; try again when it ends")));
    return reactor;
  }
  running_ = true;
  if (worker_.joinable()) worker_.join();  // the previous audit, finished
  worker_ = std::thread([this, reactor, response] {
    absl::StatusOr<jiamei::v1::AuditReport> report = storage::RunAudit(*store_);
    const absl::Status status = report.status();
    if (report.ok()) *response = *std::move(report);
    {
      absl::MutexLock done(&mu_);
      running_ = false;
    }
    reactor->Finish(ToGrpcStatus(status));
  });
  return reactor;
}

}  // namespace jiamei::services
