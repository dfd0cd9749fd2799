#include "storage/backup/backup.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "rocksdb/utilities/checkpoint.h"
#include "storage/audit/audit.h"
#include "storage/core/canonical.h"
#include "storage/core/log_reader.h"
#include "storage/core/status_macros.h"

namespace jiamei::storage {
namespace {

namespace fs = std::filesystem;
constexpr size_t kChunk = 1 << 20;
// The checkpoint copies the live WAL files (they are not hard-linked:
// RocksDB still appends to the newest) and flushes the memtables first only
// when those hold more than this, so a backup under load does not wait for
// a flush of every column family.
constexpr uint64_t kFlushAboveWalBytes = 64 << 20;

// The head of the store in `dir`, read from that copy itself.
absl::StatusOr<HeadRecord> HeadOf(const std::string& dir) {
  ASSIGN_OR_RETURN(const std::unique_ptr<Store> copy, Store::OpenReadOnly(dir));
  return LogReader(copy.get()).GetHead();
}

// A checkpoint of `store` in `dir` and its manifest, without checksums.
absl::StatusOr<jiamei::v1::BackupManifest> TakeCheckpoint(
    const Store& store, const std::string& dir) {
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(store.db(), &raw);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  if (s.ok()) s = checkpoint->CreateCheckpoint(dir, kFlushAboveWalBytes);
  if (!s.ok()) {
    return absl::UnavailableError("cannot make a checkpoint: " + s.ToString());
  }
  ASSIGN_OR_RETURN(const HeadRecord head, HeadOf(dir));
  jiamei::v1::BackupManifest manifest;
  manifest.set_head_sequence(head.last_sequence());
  manifest.set_head_hash(Hex(head.head_hash()));
  manifest.set_schema_version(Store::kSchemaVersion);
  std::vector<jiamei::v1::BackupFile> files;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    jiamei::v1::BackupFile file;
    file.set_name(entry.path().filename().string());
    file.set_size(entry.file_size(ec));
    if (ec) break;
    files.push_back(std::move(file));
  }
  if (ec)
    return absl::UnavailableError("cannot list the checkpoint: " +
                                  ec.message());
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.name() < b.name(); });
  for (auto& file : files) *manifest.add_files() = std::move(file);
  return manifest;
}

// Sends one file of the checkpoint in `dir`, setting its checksum.
absl::Status SendFile(const std::string& dir, jiamei::v1::BackupFile* file,
                      BackupSink* sink) {
  RETURN_IF_ERROR(sink->BeginFile(*file));
  std::ifstream in(absl::StrCat(dir, "/", file->name()), std::ios::binary);
  if (!in) {
    return absl::UnavailableError(
        absl::StrCat("cannot read ", file->name(), " of the checkpoint"));
  }
  StreamingSha256 sha;
  std::string buffer(kChunk, '\0');
  uint64_t sent = 0;
  while (sent < file->size()) {
    const size_t want =
        static_cast<size_t>(std::min<uint64_t>(kChunk, file->size() - sent));
    in.read(buffer.data(), static_cast<std::streamsize>(want));
    if (static_cast<size_t>(in.gcount()) != want) {
      return absl::UnavailableError(
          absl::StrCat(file->name(), " of the checkpoint is shorter than ",
                       file->size(), " bytes"));
    }
    const absl::string_view piece(buffer.data(), want);
    sha.Update(piece);
    RETURN_IF_ERROR(sink->AddData(piece));
    sent += want;
  }
  file->set_sha256(sha.HexDigest());
  return absl::OkStatus();
}

absl::Status SendCheckpoint(const Store& store, const std::string& scratch,
                            absl::Time now, BackupSink* sink) {
  ASSIGN_OR_RETURN(jiamei::v1::BackupManifest manifest,
                   TakeCheckpoint(store, scratch));
  for (jiamei::v1::BackupFile& file : *manifest.mutable_files()) {
    RETURN_IF_ERROR(SendFile(scratch, &file, sink));
  }
  const absl::Duration since_epoch = now - absl::UnixEpoch();
  manifest.mutable_made_at()->set_seconds(absl::ToInt64Seconds(since_epoch));
  manifest.mutable_made_at()->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(since_epoch % absl::Seconds(1))));
  return sink->End(manifest);
}

// Compares the copy's own head with the manifest's.
void CheckHead(const Store& copy, const jiamei::v1::BackupManifest& manifest,
               std::vector<std::string>* findings) {
  absl::StatusOr<HeadRecord> head = LogReader(&copy).GetHead();
  if (!head.ok()) {
    findings->push_back(
        absl::StrCat("cannot read the copy's head: ", head.status().message()));
  } else if (head->last_sequence() != manifest.head_sequence() ||
             Hex(head->head_hash()) != manifest.head_hash()) {
    findings->push_back(
        absl::StrCat("the copy's head is ", head->last_sequence(), " ",
                     Hex(head->head_hash()), ", the manifest says ",
                     manifest.head_sequence(), " ", manifest.head_hash()));
  }
}

}  // namespace

absl::Status SendBackup(const Store& store, const std::string& scratch,
                        absl::Time now, BackupSink* sink) {
  absl::Status status = SendCheckpoint(store, scratch, now, sink);
  std::error_code ec;
  fs::remove_all(scratch, ec);
  return status;
}

absl::StatusOr<BackupVerdict> VerifyBackup(const std::string& dir,
                                           const DomainTable& domains) {
  BackupVerdict verdict;
  ASSIGN_OR_RETURN(verdict.manifest, ReadBackupManifest(dir));
  verdict.findings = CheckBackupFiles(dir, verdict.manifest);
  absl::StatusOr<std::unique_ptr<Store>> copy = Store::OpenReadOnly(dir);
  if (!copy.ok()) {
    verdict.findings.push_back(
        absl::StrCat("cannot open the copy: ", copy.status().message()));
    return verdict;
  }
  CheckHead(**copy, verdict.manifest, &verdict.findings);
  absl::StatusOr<jiamei::v1::AuditReport> audit = RunAudit(**copy, "", domains);
  if (audit.ok()) {
    verdict.audit = *std::move(audit);
  } else {
    verdict.findings.push_back(absl::StrCat(
        "the audit could not read the copy: ", audit.status().message()));
  }
  return verdict;
}

}  // namespace jiamei::storage
