#include "services/audit_service.h"

#include "services/access.h"
#include "services/handler.h"
#include "services/status_mapping.h"
#include "storage/audit.h"
#include "storage/refusal.h"

namespace jiamei::services {

grpc::ServerUnaryReactor* AuditService::RunAudit(
    grpc::CallbackServerContext* context,
    const jiamei::v1::RunAuditRequest* /*request*/,
    jiamei::v1::AuditReport* response) {
  if (absl::Status s = CheckParsed(); !s.ok()) return Answer(context, s);
  absl::StatusOr<Principal> caller = authenticator_->Authenticate(*context);
  absl::Status allowed =
      caller.ok() ? RequireRole(*caller, kOverseers) : caller.status();
  if (!allowed.ok()) return Answer(context, allowed);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const bool started = worker_.TrySubmit([this, reactor, response] {
    absl::StatusOr<jiamei::v1::AuditReport> report = storage::RunAudit(*store_);
    if (report.ok()) *response = *std::move(report);
    reactor->Finish(ToGrpcStatus(report.status()));
  });
  if (!started) {
    reactor->Finish(ToGrpcStatus(Refusal(
        absl::StatusCode::kResourceExhausted, "AUDIT_RUNNING",
        "an audit is running and another waits; try again when they end")));
  }
  return reactor;
}

}  // namespace jiamei::services
