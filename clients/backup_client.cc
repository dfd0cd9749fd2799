#include "clients/backup_client.h"

#include <memory>

namespace jiamei::clients {
namespace {

// Gives one piece of the stream to `sink`.
absl::Status Deliver(const jiamei::v1::BackupChunk& chunk,
                     storage::BackupSink* sink,
                     jiamei::v1::BackupManifest* manifest) {
  switch (chunk.part_case()) {
    case jiamei::v1::BackupChunk::kFile:
      return sink->BeginFile(chunk.file());
    case jiamei::v1::BackupChunk::kData:
      return sink->AddData(chunk.data());
    case jiamei::v1::BackupChunk::kManifest:
      *manifest = chunk.manifest();
      return sink->End(*manifest);
    default:
      return absl::DataLossError("the backup stream holds an empty message");
  }
}

}  // namespace

grpc::Status ReceiveBackup(jiamei::v1::BackupService::Stub* stub,
                           grpc::ClientContext* context,
                           storage::BackupSink* sink,
                           jiamei::v1::BackupManifest* manifest) {
  std::unique_ptr<grpc::ClientReader<jiamei::v1::BackupChunk>> reader =
      stub->Backup(context, jiamei::v1::BackupRequest());
  jiamei::v1::BackupChunk chunk;
  absl::Status local;
  bool ended = false;
  while (local.ok() && reader->Read(&chunk)) {
    if (ended) {
      local = absl::DataLossError("the backup stream goes on after its end");
      break;
    }
    ended = chunk.has_manifest();
    local = Deliver(chunk, sink, manifest);
  }
  if (!local.ok()) {
    context->TryCancel();
    reader->Finish();
    return grpc::Status(grpc::StatusCode::DATA_LOSS,
                        std::string(local.message()));
  }
  grpc::Status status = reader->Finish();
  if (status.ok() && !ended) {
    return grpc::Status(grpc::StatusCode::DATA_LOSS,
                        "the server ended the backup without its manifest");
  }
  return status;
}

}  // namespace jiamei::clients
