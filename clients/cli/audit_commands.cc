// The commands that look after the whole server: the audit, a backup, the
// health check.
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "clients/backup_client.h"
#include "clients/cli/client.h"
#include "clients/cli/command.h"
#include "clients/cli/flag_values.h"
#include "clients/cli/flags.h"
#include "clients/cli/output.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "jiamei/v1/audit.grpc.pb.h"
#include "storage/backup/backup_files.h"

namespace jiamei::cli {

template <>
void Print(const v1::AuditReport& report) {
  std::cout << (report.clean()
                    ? std::string("audit CLEAN")
                    : absl::StrCat("audit FOUND ", report.discrepancy_count(),
                                   " DISCREPANCIES"))
            << "\n";
  PrintFields({{"entries_checked", absl::StrCat(report.entries_checked())},
               {"accounts_checked", absl::StrCat(report.accounts_checked())},
               {"transfers_checked", absl::StrCat(report.transfers_checked())},
               {"history_records_checked",
                absl::StrCat(report.history_records_checked())},
               {"idempotency_records_checked",
                absl::StrCat(report.idempotency_records_checked())},
               {"registry_records_checked",
                absl::StrCat(report.registry_records_checked())},
               {"last_sequence", absl::StrCat(report.last_sequence())},
               {"head_hash", report.head_hash()},
               {"balance_sum", absl::StrCat(report.balance_sum())},
               {"witness", report.witness().empty()
                               ? std::string("none")
                               : absl::StrCat(report.witness(), " at entry ",
                                              report.witness_sequence())},
               {"started", Time(report.start_time())},
               {"took", absl::FormatDuration(
                            absl::Microseconds(report.duration_micros()))}});
  for (const v1::Discrepancy& d : report.discrepancies()) {
    std::cout << d.kind() << " " << d.record() << " expected=" << d.expected()
              << " found=" << d.found() << "\n";
  }
  for (const v1::AcceptedLoss& loss : report.accepted_losses()) {
    std::cout << "LOSS_ACCEPTED entries/" << loss.sequence() << " at "
              << Time(loss.accept_time())
              << " witness=" << loss.witness_sequence()
              << " store=" << loss.store_sequence() << " " << loss.reason()
              << "\n";
  }
  // The server sends only the first ones; the count says there are more.
  if (static_cast<uint64_t>(report.discrepancies_size()) <
      report.discrepancy_count()) {
    std::cout << "(" << report.discrepancy_count() - report.discrepancies_size()
              << " more not listed)\n";
  }
}

template <>
void Print(const grpc::health::v1::HealthCheckResponse& health) {
  std::cout << grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                   health.status())
            << "\n";
}

int ExitCode(const v1::AuditReport& report) {
  return report.clean() ? kExitOk : kExitAuditFound;
}

int ExitCode(const grpc::health::v1::HealthCheckResponse& health) {
  return health.status() == grpc::health::v1::HealthCheckResponse::SERVING
             ? kExitOk
             : kExitRefused;
}

namespace {

using Audit = v1::AuditService::Stub;
using Health = grpc::health::v1::Health::Stub;

// `jiamei backup DIR`: a copy of the running server written into DIR here,
// every file checked against the server's checksums before the manifest
// (DIR/JIAMEI_BACKUP) is written last.
int Backup(Client* client, const std::string& dir) {
  absl::StatusOr<std::unique_ptr<storage::BackupDirWriter>> writer =
      storage::BackupDirWriter::Create(dir);
  if (!writer.ok()) return UsageError(writer.status().message());
  v1::BackupManifest manifest;
  const grpc::Status status = client->Backup(writer->get(), &manifest);
  if (!status.ok()) {
    std::cerr << "note: " << dir << " holds no whole backup (no "
              << storage::kBackupManifestFile << "); remove it\n";
    return Refused(status);
  }
  if (absl::GetFlag(FLAGS_json)) return ShowJson(manifest);
  std::cout << "backup written to " << dir << ": " << manifest.files_size()
            << " files, " << (*writer)->bytes() << " bytes, checked\n"
            << "last_sequence: " << manifest.head_sequence() << "\n"
            << "head_hash: " << manifest.head_hash() << "\n";
  return kExitOk;
}

constexpr Command kCommands[] = {
    {"audit", "", "", "",
     "check the whole ledger; exit 3 if it finds discrepancies", kAuditTimeout,
     Ask<&Audit::RunAudit>},
    {"backup", "", "DIR", "",
     "write a checked copy of the running server into DIR", kBackupTimeout,
     Backup},
    // The default service "" is the whole server.
    {"health", "", "", "", "show whether the server is serving", kCallTimeout,
     Ask<&Health::Check>, true},
};

}  // namespace

absl::Span<const Command> AuditCommands() { return kCommands; }

}  // namespace jiamei::cli
