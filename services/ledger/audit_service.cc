#include "services/ledger/audit_service.h"

#include "absl/time/clock.h"
#include "services/auth/access.h"
#include "services/common/handler.h"
#include "services/common/status_mapping.h"
#include "services/ledger/ledger_errors.h"
#include "storage/audit/audit.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_reader.h"
#include "storage/registry/registry_state.h"

namespace jiamei::services {
namespace {

// Admins and auditors (kAuditPermissions) of a township, the county or the
// whole system: the audit replays everything and reports discrepancies wherever
// they are, so an officer scoped to a village (who sees only that village) may
// not run it.
absl::Status MayAudit(const storage::Store* store, const Principal& caller) {
  if (caller.scope_unit == 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(storage::UnitRecord scope,
                   storage::RegistryReader(store).GetUnit(caller.scope_unit));
  if (scope.unit().level() != storage::kLevelVillage) {
    return absl::OkStatus();
  }
  return errors::AuditNotFromVillage();
}

}  // namespace

grpc::ServerUnaryReactor* AuditService::RunAudit(
    grpc::CallbackServerContext* context,
    const jiamei::v1::RunAuditRequest* /*request*/,
    jiamei::v1::AuditReport* response) {
  absl::StatusOr<Principal> caller =
      Admit(*authenticator_, *context, kAuditPermissions.Of("RunAudit"));
  absl::Status allowed =
      caller.ok() ? MayAudit(store_, *caller) : caller.status();
  if (!allowed.ok()) return Answer(context, allowed);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const bool started = worker_.TrySubmit([this, reactor, response] {
    const absl::Time start = absl::Now();
    absl::StatusOr<jiamei::v1::AuditReport> report =
        storage::RunAudit(*store_, witness_path_);
    if (on_audit_) {
      on_audit_(report.ok() && report->clean(), absl::Now() - start);
    }
    if (report.ok()) *response = *std::move(report);
    reactor->Finish(ToGrpcStatus(report.status()));
  });
  if (!started) {
    reactor->Finish(ToGrpcStatus(errors::AuditRunning()));
  }
  return reactor;
}

}  // namespace jiamei::services
