// Backups of the running store, one at a time, for the BackupService call
// and for the schedule (--backup_dir, --backup_every, --backup_keep): both
// go through storage::SendBackup, and both count as "the last backup".
#ifndef JIAMEI_SERVICES_SERVER_BACKUPS_H_
#define JIAMEI_SERVICES_SERVER_BACKUPS_H_

#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/backup/backup_files.h"
#include "storage/core/store.h"

namespace jiamei::services {

class Backups {
 public:
  // Checkpoints are taken in <data dir>/backup-tmp (on the store's file
  // system, so their table files are hard links; RocksDB ignores a folder
  // of that name). What a crash left there is removed now.
  explicit Backups(const storage::Store* store);

  // Sends a backup to `sink` (storage::SendBackup), after the one in
  // progress, if any.
  absl::Status Send(storage::BackupSink* sink);

  // Writes a backup into a new folder of `dir`, named by its time (UTC) and
  // head sequence, e.g. 20261201T233900.123Z-000000001234: written under
  // .partial-<time> and renamed once whole, so a cut-short one is never
  // taken for a backup. Then removes the oldest backups of `dir` beyond
  // `keep` (and partial ones a crash left). Returns the new folder's path.
  absl::StatusOr<std::string> WriteInto(const std::string& dir, int keep);

  // When the last backup of either kind was completed (the whole of it
  // sent or written); InfinitePast when none was since the server started.
  absl::Time last_backup_time() const;

 private:
  absl::Status SendLocked(storage::BackupSink* sink)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(run_mu_);

  const storage::Store* store_;
  const std::string scratch_root_;
  absl::Mutex run_mu_;  // held for a whole backup
  int scratch_count_ ABSL_GUARDED_BY(run_mu_) = 0;
  mutable absl::Mutex mu_;
  absl::Time last_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

// Every `every`, Backups::WriteInto(dir, keep) on a thread of its own, the
// first `every` after start. Failures are logged and tried again next time.
// Stops, after the backup in progress, when destroyed.
class BackupSchedule {
 public:
  BackupSchedule(Backups* backups, std::string dir, absl::Duration every,
                 int keep);
  ~BackupSchedule();
  BackupSchedule(const BackupSchedule&) = delete;
  BackupSchedule& operator=(const BackupSchedule&) = delete;

 private:
  void Loop();

  Backups* const backups_;
  const std::string dir_;
  const absl::Duration every_;
  const int keep_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_SERVER_BACKUPS_H_
