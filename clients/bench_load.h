// jiamei-bench's closed loop: a fixed number of calls in flight (one a
// Slot), kept busy for a measured window after a warm-up, and what came of
// the calls that started and ended inside it.
#ifndef JIAMEI_CLIENTS_BENCH_LOAD_H_
#define JIAMEI_CLIENTS_BENCH_LOAD_H_

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace jiamei::bench {

using Clock = std::chrono::steady_clock;

// One outstanding-call slot. A slot runs one call at a time, so its
// request, response and tallies need no lock: each completion happens
// before the next start.
class Slot {
 public:
  virtual ~Slot() = default;
  // Starts one call; `done` runs on a gRPC thread when it ends.
  virtual void Start(std::function<void(const grpc::Status&)> done) = 0;

  std::vector<double> latencies_ms;
  std::array<uint64_t, 17> by_code{};
  Clock::time_point started;
};

struct PhaseResult {
  std::string name;
  uint64_t ok = 0;
  std::array<uint64_t, 17> errors{};
  double seconds = 0;
  std::vector<double> latencies_ms;  // sorted
  double server_cpu_seconds = 0;     // in the window; 0 if not measured

  double Throughput() const { return static_cast<double>(ok) / seconds; }
  double Percentile(double p) const {
    if (latencies_ms.empty()) return 0;
    size_t rank =
        static_cast<size_t>(p / 100.0 * latencies_ms.size() + 0.999999);
    return latencies_ms[std::clamp<size_t>(rank, 1, latencies_ms.size()) - 1];
  }
  uint64_t ErrorCount() const {
    uint64_t n = 0;
    for (uint64_t e : errors) n += e;
    return n;
  }
};

// Keeps every slot busy until the window closes, then waits for the drain.
// Only calls that start and end inside the measured window are counted.
class LoadDriver {
 public:
  LoadDriver(std::vector<std::unique_ptr<Slot>> slots, absl::Duration warmup,
             absl::Duration duration);

  // Runs the phase `name`; with `server_pid` > 0 also measures that
  // process's CPU time in the window (from /proc).
  PhaseResult Run(const std::string& name, int server_pid);

 private:
  void StartOn(Slot* slot);
  void Finished(Slot* slot, const grpc::Status& status);

  std::vector<std::unique_ptr<Slot>> slots_;
  const Clock::time_point measure_from_;
  const Clock::time_point measure_to_;
  std::atomic<int> outstanding_{0};
  absl::Notification drained_;
};

}  // namespace jiamei::bench

#endif  // JIAMEI_CLIENTS_BENCH_LOAD_H_
