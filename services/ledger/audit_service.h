// jiamei.v1.AuditService. An audit reads the whole ledger, so it runs on a
// thread of its own rather than on a gRPC callback thread; one at a time.
#ifndef JIAMEI_SERVICES_LEDGER_AUDIT_SERVICE_H_
#define JIAMEI_SERVICES_LEDGER_AUDIT_SERVICE_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/time/time.h"
#include "jiamei/v1/audit.grpc.pb.h"
#include "services/auth/authenticator.h"
#include "services/common/permissions.h"
#include "services/common/worker_pool.h"
#include "storage/core/store.h"

namespace jiamei::services {

// Hears each audit's end: clean or not (false also when it could not
// run), and how long it took. Called on the audit's thread. The server
// passes its metrics' AuditRan (services/server/metrics.h).
using AuditListener = std::function<void(bool clean, absl::Duration took)>;

class AuditService final : public jiamei::v1::AuditService::CallbackService {
 public:
  // The audit compares the head with the witness at `witness_path` (empty:
  // none). `on_audit` (may be empty) hears each audit's result and duration.
  AuditService(const storage::Store* store, Authenticator* authenticator,
               std::string witness_path = "", AuditListener on_audit = nullptr)
      : store_(store),
        authenticator_(authenticator),
        witness_path_(std::move(witness_path)),
        on_audit_(std::move(on_audit)) {}

  grpc::ServerUnaryReactor* RunAudit(
      grpc::CallbackServerContext* context,
      const jiamei::v1::RunAuditRequest* request,
      jiamei::v1::AuditReport* response) override;

 private:
  const storage::Store* store_;
  Authenticator* authenticator_;
  const std::string witness_path_;
  const AuditListener on_audit_;
  // One audit at a time, and one more may wait (a caller that just got its
  // answer may ask again before the worker has let go of the first).
  // Destroyed first, it waits for what runs.
  WorkerPool worker_{1, 1};
};

// Who may call each method of jiamei.v1.AuditService
// (services/common/permissions.h).
inline constexpr auto kAuditPermissions =
    PermissionsOf<jiamei::v1::AuditService>({
        Rpc("RunAudit", kOverseers),
    });

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_LEDGER_AUDIT_SERVICE_H_
