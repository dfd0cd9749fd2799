#include "clients/bench_load.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <thread>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace jiamei::bench {
namespace {

// CPU seconds the process `pid` has used (user + system), from /proc.
double ProcessCpuSeconds(int pid) {
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string text((std::istreambuf_iterator<char>(stat)),
                   std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces) start at ") ".
  const size_t end = text.rfind(") ");
  if (end == std::string::npos) return 0;
  std::vector<std::string> fields = absl::StrSplit(text.substr(end + 2), ' ');
  if (fields.size() < 13) return 0;
  double utime = 0;
  double stime = 0;
  if (!absl::SimpleAtod(fields[11], &utime) ||
      !absl::SimpleAtod(fields[12], &stime)) {
    return 0;
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

LoadDriver::LoadDriver(std::vector<std::unique_ptr<Slot>> slots,
                       absl::Duration warmup, absl::Duration duration)
    : slots_(std::move(slots)),
      measure_from_(Clock::now() + absl::ToChronoNanoseconds(warmup)),
      measure_to_(measure_from_ + absl::ToChronoNanoseconds(duration)) {}

PhaseResult LoadDriver::Run(const std::string& name, int server_pid) {
  outstanding_ = static_cast<int>(slots_.size());
  for (auto& slot : slots_) StartOn(slot.get());
  double cpu = 0;
  if (server_pid > 0) {
    std::this_thread::sleep_until(measure_from_);
    cpu = -ProcessCpuSeconds(server_pid);
    std::this_thread::sleep_until(measure_to_);
    cpu += ProcessCpuSeconds(server_pid);
  }
  drained_.WaitForNotification();
  PhaseResult result;
  result.server_cpu_seconds = cpu;
  result.name = name;
  result.seconds =
      std::chrono::duration<double>(measure_to_ - measure_from_).count();
  for (auto& slot : slots_) {
    result.ok += slot->by_code[0];
    for (size_t c = 1; c < slot->by_code.size(); ++c) {
      result.errors[c] += slot->by_code[c];
    }
    result.latencies_ms.insert(result.latencies_ms.end(),
                               slot->latencies_ms.begin(),
                               slot->latencies_ms.end());
  }
  std::sort(result.latencies_ms.begin(), result.latencies_ms.end());
  return result;
}

void LoadDriver::StartOn(Slot* slot) {
  slot->started = Clock::now();
  slot->Start(
      [this, slot](const grpc::Status& status) { Finished(slot, status); });
}

void LoadDriver::Finished(Slot* slot, const grpc::Status& status) {
  const Clock::time_point now = Clock::now();
  if (slot->started >= measure_from_ && now <= measure_to_) {
    const int code = std::clamp(static_cast<int>(status.error_code()), 0, 16);
    ++slot->by_code[code];
    if (status.ok()) {
      slot->latencies_ms.push_back(
          std::chrono::duration<double, std::milli>(now - slot->started)
              .count());
    }
  }
  if (now < measure_to_) {
    StartOn(slot);
  } else if (outstanding_.fetch_sub(1) == 1) {
    drained_.Notify();
  }
}

}  // namespace jiamei::bench
