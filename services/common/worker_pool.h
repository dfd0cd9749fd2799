// A few threads for work too slow for a gRPC callback thread (an audit
// reads the whole store; a log-in spends tens of milliseconds in Argon2id),
// with a bounded queue so that a flood is refused rather than piled up.
#ifndef JIAMEI_SERVICES_COMMON_WORKER_POOL_H_
#define JIAMEI_SERVICES_COMMON_WORKER_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace jiamei::services {

class WorkerPool {
 public:
  // `threads` workers; at most `max_waiting` tasks wait for one.
  WorkerPool(int threads, size_t max_waiting);
  // Runs what is queued, then joins the workers.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`, or returns false when every worker is busy and the
  // queue is full.
  bool TrySubmit(std::function<void()> task);

 private:
  void Loop();

  // Workers plus waiting places: the most tasks queued or running.
  const size_t capacity_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  size_t unfinished_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_COMMON_WORKER_POOL_H_
