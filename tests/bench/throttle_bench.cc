// What the throttles add to a call that is not throttled, in-process: a
// log-in, a password change or a check-in with the right code asks its
// AttemptThrottle how long the key must wait and then clears the key's
// record, here with 100,000 other keys tracked (the table's bound) and
// other threads doing the same.
//
//   build/tests/bench/jiamei-throttle-bench --benchmark_repetitions=10
//       --benchmark_report_aggregates_only=true   (one line)
#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "services/auth/attempt_throttle.h"

namespace jiamei::services {
namespace {

constexpr int kTracked = 100000;

// A full table: every key has two failures (still free), recent enough not
// to be forgotten.
AttemptThrottle& FullThrottle() {
  static AttemptThrottle* const throttle = [] {
    auto* t = new AttemptThrottle();
    const absl::Time now = absl::Now();
    for (int i = 0; i < kTracked; ++i) {
      const std::string key = absl::StrCat("10.0.", i / 256, ".", i % 256);
      t->RecordFailure(key, now);
      t->RecordFailure(key, now);
    }
    return t;
  }();
  return *throttle;
}

// A key without a record: the usual right password or code.
void BM_UntrackedKeyCheckedAndCleared(benchmark::State& state) {
  AttemptThrottle& throttle = FullThrottle();
  const std::string key = absl::StrCat("192.168.1.", state.thread_index());
  for (auto _ : state) {
    const absl::Time now = absl::Now();
    benchmark::DoNotOptimize(throttle.WaitBefore(key, now));
    throttle.RecordSuccess(key);
  }
}
BENCHMARK(BM_UntrackedKeyCheckedAndCleared)->Threads(1)->Threads(2);

// A key with failures still in its free count (a typo before).
void BM_TrackedKeyWithinItsFreeAttempts(benchmark::State& state) {
  AttemptThrottle& throttle = FullThrottle();
  const std::string key = absl::StrCat("10.0.3.", state.thread_index());
  for (auto _ : state) {
    benchmark::DoNotOptimize(throttle.WaitBefore(key, absl::Now()));
  }
}
BENCHMARK(BM_TrackedKeyWithinItsFreeAttempts)->Threads(1)->Threads(2);

// What a log-in adds: the key of its login at its client, both keys asked,
// the pair's record cleared (the client's record is kept).
void BM_LogInKeysCheckedAndCleared(benchmark::State& state) {
  AttemptThrottle& by_pair = FullThrottle();
  static AttemptThrottle* const by_client =
      new AttemptThrottle(AttemptThrottleOptions{/*free_attempts=*/10});
  const std::string client = absl::StrCat("192.168.2.", state.thread_index());
  for (auto _ : state) {
    const std::string pair = absl::StrCat(client, "\n", "desk07");
    const absl::Time now = absl::Now();
    benchmark::DoNotOptimize(std::max(by_pair.WaitBefore(pair, now),
                                      by_client->WaitBefore(client, now)));
    by_pair.RecordSuccess(pair);
  }
}
BENCHMARK(BM_LogInKeysCheckedAndCleared)->Threads(1)->Threads(2);

}  // namespace
}  // namespace jiamei::services

BENCHMARK_MAIN();
