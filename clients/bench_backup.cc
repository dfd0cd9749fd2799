#include "clients/bench_backup.h"

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "clients/backup_client.h"
#include "clients/bench_common.h"
#include "clients/status_text.h"
#include "storage/backup/backup_files.h"

namespace jiamei::bench {
namespace {

// A new empty folder for one backup, or "" if none could be made.
std::string NewFolder() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
      "/jiamei-bench-backup-XXXXXX";
  return mkdtemp(pattern.data()) == nullptr ? "" : pattern;
}

}  // namespace

TimedBackup::TimedBackup(std::shared_ptr<grpc::Channel> channel,
                         absl::Duration delay)
    : channel_(std::move(channel)), thread_([this, delay] { Run(delay); }) {}

void TimedBackup::Run(absl::Duration delay) {
  absl::SleepFor(delay);
  const std::string dir = NewFolder();
  absl::StatusOr<std::unique_ptr<storage::BackupDirWriter>> writer =
      storage::BackupDirWriter::Create(dir);
  if (dir.empty() || !writer.ok()) {
    status_ = grpc::Status(grpc::StatusCode::INTERNAL,
                           "cannot make a folder for the backup");
    return;
  }
  std::unique_ptr<jiamei::v1::BackupService::Stub> stub =
      jiamei::v1::BackupService::NewStub(channel_);
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  jiamei::v1::BackupManifest manifest;
  const absl::Time start = absl::Now();
  status_ = clients::ReceiveBackup(stub.get(), context.get(), writer->get(),
                                   &manifest);
  seconds_ = absl::ToDoubleSeconds(absl::Now() - start);
  bytes_ = (*writer)->bytes();
  files_ = static_cast<uint64_t>(manifest.files_size());
  head_sequence_ = manifest.head_sequence();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

bool TimedBackup::Report(int round) {
  thread_.join();
  if (!status_.ok()) {
    std::cerr << "backup #" << round
              << " failed: " << clients::Describe(status_) << "\n";
    return false;
  }
  std::cout << absl::StrFormat(
      "backup #%d: %.2f s, %d files, %.1f MiB, head sequence %d\n", round,
      seconds_, files_, static_cast<double>(bytes_) / (1 << 20),
      head_sequence_);
  return true;
}

}  // namespace jiamei::bench
