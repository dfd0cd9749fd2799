#include "services/common/worker_pool.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace jiamei::services {
namespace {

TEST(WorkerPoolTest, RefusesWhenEveryWorkerIsBusyAndTheQueueIsFull) {
  absl::Notification release;
  std::atomic<int> ran{0};
  {
    WorkerPool pool(1, 1);
    absl::Notification started;
    ASSERT_TRUE(pool.TrySubmit([&] {
      started.Notify();
      release.WaitForNotification();
      ++ran;
    }));
    started.WaitForNotification();
    EXPECT_TRUE(pool.TrySubmit([&] { ++ran; }));   // waits in the queue
    EXPECT_FALSE(pool.TrySubmit([&] { ++ran; }));  // refused
    release.Notify();
  }  // the destructor runs what was queued
  EXPECT_EQ(ran.load(), 2);
}

TEST(WorkerPoolTest, OneWorkerWithNoQueueRunsOneTaskAtATime) {
  WorkerPool pool(1, 0);
  absl::Notification started;
  absl::Notification release;
  ASSERT_TRUE(pool.TrySubmit([&] {
    started.Notify();
    release.WaitForNotification();
  }));
  started.WaitForNotification();
  EXPECT_FALSE(pool.TrySubmit([] {}));
  release.Notify();
}

}  // namespace
}  // namespace jiamei::services
