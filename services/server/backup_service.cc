#include "services/server/backup_service.h"

#include "absl/synchronization/mutex.h"
#include "services/auth/access.h"
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
// written from the backup's worker thread, which waits for each write to
// be done before it reads the next piece (so at most one chunk is held).
class BackupStream : public grpc::ServerWriteReactor<jiamei::v1::BackupChunk>,
                     public storage::BackupSink {
 public:
  absl::Status BeginFile(const jiamei::v1::BackupFile& file) override {
    *chunk_.mutable_file() = file;
    return Send();
  }
  absl::Status AddData(absl::string_view data) override {
    chunk_.set_data(std::string(data));
    return Send();
  }
  absl::Status End(const jiamei::v1::BackupManifest& manifest) override {
    *chunk_.mutable_manifest() = manifest;
    return Send();
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    written_ = true;
    write_ok_ = ok;
  }
  void OnDone() override { delete this; }

 private:
  absl::Status Send() {
    {
      absl::MutexLock lock(&mu_);
      written_ = false;
    }
    StartWrite(&chunk_);
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&written_));
    if (write_ok_) return absl::OkStatus();
    return absl::CancelledError("the caller went away during the backup");
  }

  jiamei::v1::BackupChunk chunk_;  // the one being written
  absl::Mutex mu_;
  bool written_ ABSL_GUARDED_BY(mu_) = false;
  bool write_ok_ ABSL_GUARDED_BY(mu_) = false;
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
