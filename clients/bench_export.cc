#include "clients/bench_export.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "clients/bench_market.h"
#include "clients/export_client.h"
#include "jiamei/v1/exports.grpc.pb.h"
#include "jiamei/v1/supermarket.grpc.pb.h"
#include "storage/core/china_time.h"

namespace jiamei::bench {
namespace {

// The kB of the "<field>:" line of /proc/<pid>/status, or -1 when
// unreadable.
int64_t StatusKb(int pid, const std::string& field) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  const std::string prefix = field + ":";
  while (std::getline(status, line)) {
    if (line.rfind(prefix, 0) != 0) continue;
    int64_t kb = -1;
    std::string digits;
    for (char c : line.substr(prefix.size())) {
      if (c >= '0' && c <= '9') digits.push_back(c);
    }
    return absl::SimpleAtoi(digits, &kb) ? kb : -1;
  }
  return -1;
}

// Samples the server's VmRSS every 5 ms while it lives: the largest seen
// less the first.
class RssSampler {
 public:
  explicit RssSampler(int pid) : pid_(pid), before_(Sample()) {
    if (pid_ != 0) thread_ = std::thread([this] { Run(); });
  }
  ~RssSampler() { Stop(); }
  // Stops sampling; the growth in kB (0 without a pid).
  int64_t Stop() {
    if (thread_.joinable()) {
      done_ = true;
      thread_.join();
    }
    return std::max<int64_t>(0, peak_ - before_);
  }

 private:
  int64_t Sample() const { return pid_ == 0 ? 0 : StatusKb(pid_, "VmRSS"); }
  void Run() {
    while (!done_) {
      peak_ = std::max(peak_.load(), Sample());
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    peak_ = std::max(peak_.load(), Sample());
  }

  const int pid_;
  const int64_t before_;
  std::atomic<int64_t> peak_{0};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

struct Exported {
  grpc::Status status;
  double ms = 0;
  int64_t bytes = 0;
  int64_t rss_growth_kb = 0;
};

// One export of this year's points ledger of `village`, timed, with the
// server's memory growth while it ran.
Exported ExportOnce(const std::shared_ptr<grpc::Channel>& channel,
                    const std::string& village, int server_pid, int round) {
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
  Exported out;
  RssSampler rss(server_pid);
  const auto start = std::chrono::steady_clock::now();
  out.status = clients::ReceiveExport(stub.get(), NewContext().get(), request,
                                      path, &file, &out.bytes);
  out.ms = std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now() - start)
               .count();
  out.rss_growth_kb = rss.Stop();
  std::remove(path.c_str());
  return out;
}

// What the server's memory did, for the log line.
std::string MemoryText(int server_pid, const Exported& e) {
  if (server_pid == 0) return "";
  return absl::StrFormat(", server VmRSS +%.1f MiB (VmHWM %.1f MiB)",
                         e.rss_growth_kb / 1024.0,
                         StatusKb(server_pid, "VmHWM") / 1024.0);
}

}  // namespace

Row TimeExport(const std::shared_ptr<grpc::Channel>& channel,
               const std::string& village, double lines, int server_pid,
               int round, bool* failed) {
  const Exported e = ExportOnce(channel, village, server_pid, round);
  if (!e.status.ok()) {
    std::cerr << "export #" << round << ": " << e.status.error_message()
              << "\n";
    *failed = true;
  }
  std::cerr << "export #" << round << ": " << e.bytes << " bytes"
            << MemoryText(server_pid, e) << "\n";
  return OneCallRow("export", round, lines, e.ms);
}

bool RunExportSizes(const std::shared_ptr<grpc::Channel>& channel,
                    RequestIds* ids, const std::string& village,
                    const std::string& rule,
                    const std::vector<std::string>& households,
                    const std::vector<int64_t>& sizes, int rounds,
                    int server_pid) {
  auto market = jiamei::v1::SupermarketService::NewStub(channel);
  int64_t lines = static_cast<int64_t>(households.size());
  std::vector<std::string> summary;
  for (int64_t size : sizes) {
    if (size > lines) {
      const auto start = std::chrono::steady_clock::now();
      const grpc::Status status =
          AwardLines(market.get(), ids, rule, households, size - lines);
      if (!status.ok()) {
        std::cerr << "jiamei-bench: awarding up to " << size
                  << " lines: " << status.error_message() << "\n";
        return false;
      }
      std::cerr << "ledger grown to " << size << " lines in "
                << std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count()
                << " s\n";
      lines = size;
    }
    std::vector<double> times;
    int64_t growth = 0;
    int64_t bytes = 0;
    for (int round = 1; round <= rounds; ++round) {
      const Exported e = ExportOnce(channel, village, server_pid, round);
      if (!e.status.ok()) {
        std::cerr << "jiamei-bench: export of " << lines
                  << " lines: " << e.status.error_message() << "\n";
        return false;
      }
      std::cout << absl::StrFormat("export %d lines #%d: %.0f ms, %d bytes%s\n",
                                   lines, round, e.ms, e.bytes,
                                   MemoryText(server_pid, e));
      times.push_back(e.ms);
      growth = std::max(growth, e.rss_growth_kb);
      bytes = e.bytes;
    }
    summary.push_back(absl::StrFormat(
        "export %d lines: median %.0f ms over %d rounds, %d bytes%s", lines,
        Median(times), rounds, bytes,
        server_pid != 0
            ? absl::StrFormat(", server VmRSS growth at most %.1f MiB",
                              growth / 1024.0)
            : std::string()));
  }
  for (const std::string& line : summary) std::cout << line << "\n";
  return true;
}

}  // namespace jiamei::bench
