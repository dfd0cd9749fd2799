#include "services/server/backup_service.h"

#include "services/auth/access.h"
#include "services/common/blocking_stream.h"
#include "services/common/handler.h"
#include "services/common/status_mapping.h"
#include "services/server/server_errors.h"

namespace jiamei::services {
namespace {

// A backup holds every record of the system: admins (kBackupPermissions) of
// the whole system only, not an admin scoped to a county or below.
absl::Status MayBackUp(const Principal& caller) {
  if (caller.scope_unit == 0) return absl::OkStatus();
  return errors::BackupNeedsSystemAdmin();
}

// The stream of one backup: a BackupSink whose every piece is one message,
// written from the backup's worker thread (BlockingStream).
class BackupStream : public BlockingStream<jiamei::v1::BackupChunk>,
                     public storage::BackupSink {
 public:
  absl::Status BeginFile(const jiamei::v1::BackupFile& file) override {
    *next()->mutable_file() = file;
    return Sent();
  }
  absl::Status AddData(absl::string_view data) override {
    next()->set_data(std::string(data));
    return Sent();
  }
  absl::Status End(const jiamei::v1::BackupManifest& manifest) override {
    *next()->mutable_manifest() = manifest;
    return Sent();
  }

 private:
  absl::Status Sent() {
    return Send(absl::CancelledError("the caller went away during the backup"));
  }
};

}  // namespace

grpc::ServerWriteReactor<jiamei::v1::BackupChunk>* BackupService::Backup(
    grpc::CallbackServerContext* context,
    const jiamei::v1::BackupRequest* /*request*/) {
  auto* stream = new BackupStream();
  absl::StatusOr<Principal> caller =
      Admit(*authenticator_, *context, kBackupPermissions.Of("Backup"));
  const absl::Status allowed =
      caller.ok() ? MayBackUp(*caller) : caller.status();
  if (!allowed.ok()) {
    stream->Finish(ToGrpcStatus(allowed));
    return stream;
  }
  const bool started = worker_.TrySubmit(
      [this, stream] { stream->Finish(ToGrpcStatus(backups_->Send(stream))); });
  if (!started) {
    stream->Finish(ToGrpcStatus(errors::BackupRunning()));
  }
  return stream;
}

}  // namespace jiamei::services
