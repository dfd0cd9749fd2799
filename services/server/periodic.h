// A thread that runs small tasks at fixed intervals (the health status, the
// junk summary, the session purge) until it is destroyed. A task runs on
// this thread only, one at a time, so it should take well under its
// interval.
#ifndef JIAMEI_SERVICES_SERVER_PERIODIC_H_
#define JIAMEI_SERVICES_SERVER_PERIODIC_H_

#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace jiamei::services {

class Periodic {
 public:
  struct Task {
    absl::Duration every;
    std::function<void()> run;
  };
  // Runs each task first after its interval, then every interval.
  explicit Periodic(std::vector<Task> tasks);
  ~Periodic();  // Waits for a running task, then joins.
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

 private:
  void Loop();

  std::vector<Task> tasks_;  // the thread's only
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_SERVER_PERIODIC_H_
