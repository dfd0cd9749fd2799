// Online backup of a running store, and the check of a backup folder. One
// function makes every backup (the BackupService call and the scheduled
// ones): a RocksDB checkpoint, whose head is read from the checkpoint itself,
// sent file by file to a BackupSink (storage/backup/backup_files.h).
#ifndef JIAMEI_STORAGE_BACKUP_BACKUP_H_
#define JIAMEI_STORAGE_BACKUP_BACKUP_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jiamei/v1/audit.pb.h"
#include "jiamei/v1/backup.pb.h"
#include "storage/backup/backup_files.h"
#include "storage/core/store.h"
#include "storage/domains.h"

namespace jiamei::storage {

// Makes a consistent copy of `store` as it is now (a RocksDB checkpoint in
// `scratch`, an absolute path that must not exist, on the store's file
// system so that its table files are hard links, not copies), reads the
// head of the copy, and sends every file of the copy to `sink`, then the
// manifest (made at `now`). Removes `scratch` whatever happens. Writes go
// on meanwhile; the copy holds every entry durable when it was taken.
absl::Status SendBackup(const Store& store, const std::string& scratch,
                        absl::Time now, BackupSink* sink);

// What --verify_backup found in a backup folder.
struct BackupVerdict {
  jiamei::v1::BackupManifest manifest;
  jiamei::v1::AuditReport audit;  // of the copy, when it could be opened
  // Files that disagree with the manifest, a copy that cannot be opened,
  // a head that is not the manifest's; the audit's own are in `audit`.
  std::vector<std::string> findings;
  bool clean() const { return findings.empty() && audit.clean(); }
};

// Checks backup folder `dir` without writing to it: every file against the
// manifest, then opens the copy read-only, runs the full audit (over
// `domains`) and compares
// the copy's head with the manifest's. Errors only when `dir` has no
// readable manifest.
absl::StatusOr<BackupVerdict> VerifyBackup(
    const std::string& dir, const DomainTable& domains = Domains());

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_BACKUP_BACKUP_H_
