#include "services/server/backups.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <system_error>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "storage/backup/backup.h"
#include "storage/core/status_macros.h"
#include "storage/core/store_info.h"

namespace jiamei::services {
namespace {

namespace fs = std::filesystem;
constexpr char kPartialPrefix[] = ".partial-";

std::string ScratchRoot(const storage::Store* store) {
  std::error_code ec;
  const fs::path root =
      fs::absolute(storage::StoreDirectory(*store), ec) / "backup-tmp";
  fs::remove_all(root, ec);
  return root.string();
}

// A backup folder this server named: 8 digits, T, then its time and head.
bool IsBackupName(const std::string& name) {
  return name.size() > 9 && name[8] == 'T' &&
         std::all_of(name.begin(), name.begin() + 8,
                     [](char c) { return c >= '0' && c <= '9'; }) &&
         absl::StrContains(name, "Z-");
}

// Removes the oldest backups of `dir` beyond `keep`, and partial ones.
void Prune(const std::string& dir, int keep) {
  std::vector<std::string> backups;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (absl::StartsWith(name, kPartialPrefix)) {
      fs::remove_all(entry.path(), ec);
    } else if (IsBackupName(name) && entry.is_directory(ec)) {
      backups.push_back(name);
    }
  }
  std::sort(backups.begin(), backups.end());  // oldest first
  const size_t excess =
      backups.size() > static_cast<size_t>(keep) ? backups.size() - keep : 0;
  for (size_t i = 0; i < excess; ++i) {
    fs::remove_all(fs::path(dir) / backups[i], ec);
  }
}

}  // namespace

Backups::Backups(const storage::Store* store)
    : store_(store), scratch_root_(ScratchRoot(store)) {}

absl::Status Backups::Send(storage::BackupSink* sink) {
  absl::MutexLock lock(&run_mu_);
  return SendLocked(sink);
}

absl::Status Backups::SendLocked(storage::BackupSink* sink) {
  std::error_code ec;
  fs::create_directories(scratch_root_, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot make ", scratch_root_, ": ", ec.message()));
  }
  const std::string scratch =
      absl::StrCat(scratch_root_, "/", ++scratch_count_);
  absl::Status status =
      storage::SendBackup(*store_, scratch, absl::Now(), sink);
  if (status.ok()) {
    absl::MutexLock lock(&mu_);
    last_ = absl::Now();
  }
  return status;
}

absl::StatusOr<std::string> Backups::WriteInto(const std::string& dir,
                                               int keep) {
  absl::MutexLock lock(&run_mu_);
  const std::string stamp =
      absl::FormatTime("%Y%m%dT%H%M%E3SZ", absl::Now(), absl::UTCTimeZone());
  const fs::path partial = fs::path(dir) / absl::StrCat(kPartialPrefix, stamp);
  ASSIGN_OR_RETURN(std::unique_ptr<storage::BackupDirWriter> writer,
                   storage::BackupDirWriter::Create(partial.string()));
  absl::Status status = SendLocked(writer.get());
  std::error_code ec;
  if (!status.ok()) {
    fs::remove_all(partial, ec);
    return status;
  }
  ASSIGN_OR_RETURN(jiamei::v1::BackupManifest manifest,
                   storage::ReadBackupManifest(partial.string()));
  const fs::path whole =
      fs::path(dir) /
      absl::StrFormat("%s-%012d", stamp, manifest.head_sequence());
  fs::rename(partial, whole, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot rename ", partial.string(), " to ", whole.string(),
                     ": ", ec.message()));
  }
  Prune(dir, keep);
  return whole.string();
}

absl::Time Backups::last_backup_time() const {
  absl::MutexLock lock(&mu_);
  return last_;
}

BackupSchedule::BackupSchedule(Backups* backups, std::string dir,
                               absl::Duration every, int keep)
    : backups_(backups),
      dir_(std::move(dir)),
      every_(every),
      keep_(keep),
      thread_([this] { Loop(); }) {}

BackupSchedule::~BackupSchedule() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void BackupSchedule::Loop() {
  absl::MutexLock lock(&mu_);
  while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), every_)) {
    mu_.Unlock();
    const absl::Time start = absl::Now();
    absl::StatusOr<std::string> made = backups_->WriteInto(dir_, keep_);
    if (made.ok()) {
      std::cerr << "jiamei-server: backup " << *made << " made in "
                << absl::FormatDuration(absl::Now() - start) << std::endl;
    } else {
      std::cerr << "jiamei-server: scheduled backup into " << dir_
                << " failed: " << made.status().message() << std::endl;
    }
    mu_.Lock();
  }
}

}  // namespace jiamei::services
