// jiamei.v1.BackupService: a consistent copy of the running store, streamed
// to the caller (Backups::Send), so that `jiamei backup DIR` writes DIR on
// the machine where it runs. Admins of the whole system only; one backup at
// a time, made on a thread of its own, never on a gRPC callback thread.
#ifndef JIAMEI_SERVICES_SERVER_BACKUP_SERVICE_H_
#define JIAMEI_SERVICES_SERVER_BACKUP_SERVICE_H_

#include "jiamei/v1/backup.grpc.pb.h"
#include "services/auth/authenticator.h"
#include "services/common/permissions.h"
#include "services/common/worker_pool.h"
#include "services/server/backups.h"

namespace jiamei::services {

class BackupService final : public jiamei::v1::BackupService::CallbackService {
 public:
  BackupService(Backups* backups, Authenticator* authenticator)
      : backups_(backups), authenticator_(authenticator) {}

  grpc::ServerWriteReactor<jiamei::v1::BackupChunk>* Backup(
      grpc::CallbackServerContext* context,
      const jiamei::v1::BackupRequest* request) override;

 private:
  Backups* backups_;
  Authenticator* authenticator_;
  // One backup streams at a time; a second caller is refused. Destroyed
  // first, it waits for the one streaming (which ends once gRPC has
  // cancelled its call).
  WorkerPool worker_{1, 0};
};

// Who may call each method of jiamei.v1.BackupService
// (services/common/permissions.h).
inline constexpr auto kBackupPermissions =
    PermissionsOf<jiamei::v1::BackupService>({
        Rpc("Backup", kAdmin),
    });

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_SERVER_BACKUP_SERVICE_H_
