#include "services/server/verify_backup.h"

#include "absl/time/time.h"
#include "storage/backup/backup.h"

namespace jiamei::services {

int VerifyBackupCommand(const std::string& dir, std::ostream& out,
                        std::ostream& err) {
  absl::StatusOr<storage::BackupVerdict> verdict = storage::VerifyBackup(dir);
  if (!verdict.ok()) {
    err << "jiamei-server: " << verdict.status().message() << "\n";
    return 3;
  }
  const jiamei::v1::BackupManifest& manifest = verdict->manifest;
  const absl::Time made = absl::FromUnixSeconds(manifest.made_at().seconds());
  out << "backup " << dir << " made "
      << absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", made, absl::UTCTimeZone())
      << "\n"
      << "last_sequence: " << manifest.head_sequence() << "\n"
      << "head_hash: " << manifest.head_hash() << "\n"
      << "files: " << manifest.files_size() << " checked\n";
  const jiamei::v1::AuditReport& audit = verdict->audit;
  out << "audit: " << (audit.clean() ? "clean" : "NOT CLEAN") << ", "
      << audit.entries_checked() << " entries checked, "
      << audit.discrepancy_count() << " discrepancies\n";
  for (const std::string& finding : verdict->findings) {
    err << "finding: " << finding << "\n";
  }
  for (const jiamei::v1::Discrepancy& d : audit.discrepancies()) {
    err << "discrepancy: " << d.kind() << " " << d.record() << " expected "
        << d.expected() << " found " << d.found() << "\n";
  }
  if (verdict->clean()) {
    out << "backup sound\n";
    return 0;
  }
  err << "jiamei-server: the backup in " << dir << " is NOT sound\n";
  return 1;
}

}  // namespace jiamei::services
