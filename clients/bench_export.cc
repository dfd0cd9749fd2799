#include "clients/bench_export.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/bench_common.h"
#include "clients/export_client.h"
#include "jiamei/v1/exports.grpc.pb.h"
#include "storage/core/china_time.h"

namespace jiamei::bench {
namespace {

// The "VmHWM:" line of /proc/<pid>/status, or "" when unreadable.
std::string PeakMemory(int pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return line;
  }
  return "";
}

}  // namespace

Row TimeExport(const std::shared_ptr<grpc::Channel>& channel,
               const std::string& village, double lines, int server_pid,
               int round, bool* failed) {
  const int year = static_cast<int>(storage::ChinaDay(absl::Now()).year());
  jiamei::v1::ExportLedgerRequest request;
  request.set_ledger(jiamei::v1::LEDGER_KIND_POINTS);
  request.set_unit(village);
  request.set_from_date(absl::StrCat(year, "-01-01"));
  request.set_to_date(absl::StrCat(year, "-12-31"));
  request.set_format(jiamei::v1::EXPORT_FORMAT_XLSX);
  const std::string path =
      absl::StrCat("/tmp/jiamei-bench-export-", round, ".xlsx");
  auto stub = jiamei::v1::ExportService::NewStub(channel);
  jiamei::v1::ExportFile file;
  int64_t bytes = 0;
  const auto start = std::chrono::steady_clock::now();
  const grpc::Status status = clients::ReceiveExport(
      stub.get(), NewContext().get(), request, path, &file, &bytes);
  const double ms = std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  std::remove(path.c_str());
  if (!status.ok()) {
    std::cerr << "export #" << round << ": " << status.error_message() << "\n";
    *failed = true;
  }
  std::cerr << "export #" << round << ": " << bytes << " bytes";
  if (server_pid != 0) std::cerr << ", server " << PeakMemory(server_pid);
  std::cerr << "\n";
  return OneCallRow("export", round, lines, ms);
}

}  // namespace jiamei::bench
