#include "services/server/periodic.h"

#include <algorithm>
#include <utility>

#include "absl/time/clock.h"

namespace jiamei::services {

Periodic::Periodic(std::vector<Task> tasks) : tasks_(std::move(tasks)) {
  thread_ = std::thread([this] { Loop(); });
}

Periodic::~Periodic() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void Periodic::Loop() {
  std::vector<absl::Time> due;
  const absl::Time start = absl::Now();
  for (const Task& task : tasks_) due.push_back(start + task.every);
  while (true) {
    const absl::Time next = due.empty()
                                ? absl::InfiniteFuture()
                                : *std::min_element(due.begin(), due.end());
    {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithDeadline(absl::Condition(&stopping_), next);
      if (stopping_) return;
    }
    const absl::Time now = absl::Now();
    for (size_t i = 0; i < tasks_.size(); ++i) {
      if (due[i] > now) continue;
      tasks_[i].run();
      due[i] = now + tasks_[i].every;
    }
  }
}

}  // namespace jiamei::services
