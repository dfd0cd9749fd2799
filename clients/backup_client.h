// The client's side of BackupService.Backup: the stream of a backup fed to
// a BackupSink (storage/backup/backup_files.h), e.g. a BackupDirWriter that writes
// the folder where the client runs. For `jiamei backup`, the bench and the
// tests.
#ifndef JIAMEI_CLIENTS_BACKUP_CLIENT_H_
#define JIAMEI_CLIENTS_BACKUP_CLIENT_H_

#include "grpcpp/client_context.h"
#include "jiamei/v1/backup.grpc.pb.h"
#include "storage/backup/backup_files.h"

namespace jiamei::clients {

// Calls Backup with `context` and gives every piece to `sink`; on success
// `manifest` is the backup's (the sink has had it too). A sink's refusal
// (a file that cannot be written, a checksum that does not match) cancels
// the call and comes back as DATA_LOSS with its message; the server's
// refusals as they are.
grpc::Status ReceiveBackup(jiamei::v1::BackupService::Stub* stub,
                           grpc::ClientContext* context,
                           storage::BackupSink* sink,
                           jiamei::v1::BackupManifest* manifest);

}  // namespace jiamei::clients

#endif  // JIAMEI_CLIENTS_BACKUP_CLIENT_H_
