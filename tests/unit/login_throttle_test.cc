#include "services/login_throttle.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace jiamei::services {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1795000000);

TEST(LoginThrottleTest, FirstFailuresAreFreeThenTheWaitDoubles) {
  LoginThrottle throttle;  // 3 free, then 1 s, 2 s, 4 s...
  absl::Time now = kStart;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.WaitBefore("desk07", now), absl::ZeroDuration());
    throttle.RecordFailure("desk07", now);
  }
  EXPECT_EQ(throttle.WaitBefore("desk07", now), absl::ZeroDuration());
  throttle.RecordFailure("desk07", now);
  EXPECT_EQ(throttle.WaitBefore("desk07", now), absl::Seconds(1));
  now += absl::Seconds(1);
  throttle.RecordFailure("desk07", now);
  EXPECT_EQ(throttle.WaitBefore("desk07", now), absl::Seconds(2));
  EXPECT_EQ(throttle.WaitBefore("desk07", now + absl::Seconds(1)),
            absl::Seconds(1));
  EXPECT_EQ(throttle.WaitBefore("other", now), absl::ZeroDuration());
}

TEST(LoginThrottleTest, WaitIsCapped) {
  LoginThrottle throttle;
  for (int i = 0; i < 100; ++i) throttle.RecordFailure("desk07", kStart);
  EXPECT_EQ(throttle.WaitBefore("desk07", kStart), absl::Minutes(5));
}

TEST(LoginThrottleTest, SuccessAndQuietTimeClearTheRecord) {
  LoginThrottle throttle;
  for (int i = 0; i < 6; ++i) throttle.RecordFailure("a", kStart);
  for (int i = 0; i < 6; ++i) throttle.RecordFailure("b", kStart);
  throttle.RecordSuccess("a");
  EXPECT_EQ(throttle.WaitBefore("a", kStart), absl::ZeroDuration());
  EXPECT_EQ(throttle.WaitBefore("b", kStart + absl::Minutes(15)),
            absl::ZeroDuration());
  throttle.RecordFailure("b", kStart + absl::Minutes(15));
  EXPECT_EQ(throttle.WaitBefore("b", kStart + absl::Minutes(15)),
            absl::ZeroDuration())
      << "old failures should have been forgotten";
}

TEST(LoginThrottleTest, FloodOfNamesStaysBoundedAndKeepsRecentOnes) {
  LoginThrottleOptions options;
  options.max_tracked = 100;
  LoginThrottle throttle(options);
  for (int i = 0; i < 10000; ++i) {
    throttle.RecordFailure(absl::StrCat("made-up-", i),
                           kStart + absl::Milliseconds(i));
  }
  EXPECT_LE(throttle.tracked(), 100u);
  for (int i = 0; i < 6; ++i) {
    throttle.RecordFailure("desk07", kStart + absl::Seconds(20));
  }
  EXPECT_LE(throttle.tracked(), 100u);
  EXPECT_GT(throttle.WaitBefore("desk07", kStart + absl::Seconds(20)),
            absl::ZeroDuration());
}

}  // namespace
}  // namespace jiamei::services
