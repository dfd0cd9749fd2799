#include "services/common/worker_pool.h"

#include <utility>

namespace jiamei::services {

WorkerPool::WorkerPool(int threads, size_t max_waiting)
    : capacity_(static_cast<size_t>(threads) + max_waiting) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
}

bool WorkerPool::TrySubmit(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_ || unfinished_ >= capacity_) return false;
  ++unfinished_;
  queue_.push_back(std::move(task));
  return true;
}

void WorkerPool::Loop() {
  while (true) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](WorkerPool* pool) ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool->mu_) {
            return !pool->queue_.empty() || pool->stopping_;
          },
          this));
      if (queue_.empty()) return;  // stopping, nothing left
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
    absl::MutexLock lock(&mu_);
    --unfinished_;
  }
}

}  // namespace jiamei::services
