#include "services/auth/attempt_throttle.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/core/refusal.h"

namespace jiamei::services {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1795000000);

void Fail(AttemptThrottle& throttle, absl::string_view key, int times,
          absl::Time at = kStart) {
  for (int i = 0; i < times; ++i) throttle.RecordFailure(key, at);
}

TEST(AttemptThrottleTest,
     ThreeFailuresAreFreeAndTheFourthAttemptWaitsOneSecond) {
  AttemptThrottle throttle;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.WaitBefore("desk07", kStart), absl::ZeroDuration())
        << "attempt " << i + 1;
    throttle.RecordFailure("desk07", kStart);
  }
  EXPECT_EQ(throttle.WaitBefore("desk07", kStart), absl::Seconds(1));
  EXPECT_EQ(throttle.WaitBefore("desk07", kStart + absl::Milliseconds(999)),
            absl::Milliseconds(1));
  EXPECT_EQ(throttle.WaitBefore("desk07", kStart + absl::Seconds(1)),
            absl::ZeroDuration());
}

TEST(AttemptThrottleTest, EachFurtherFailureDoublesTheWaitUpToFiveMinutes) {
  AttemptThrottle throttle;
  Fail(throttle, "desk07", 3);
  absl::Time now = kStart;
  for (int64_t seconds : {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300}) {
    EXPECT_EQ(throttle.WaitBefore("desk07", now), absl::Seconds(seconds));
    now += absl::Seconds(seconds);
    EXPECT_EQ(throttle.WaitBefore("desk07", now), absl::ZeroDuration());
    throttle.RecordFailure("desk07", now);
  }
  Fail(throttle, "desk07", 100, now);
  EXPECT_EQ(throttle.WaitBefore("desk07", now), absl::Minutes(5));
}

TEST(AttemptThrottleTest, TheFreeCountIsAnOption) {
  AttemptThrottle throttle(AttemptThrottleOptions{/*free_attempts=*/10});
  Fail(throttle, "1.2.3.4", 9);
  EXPECT_EQ(throttle.WaitBefore("1.2.3.4", kStart), absl::ZeroDuration());
  Fail(throttle, "1.2.3.4", 1);
  EXPECT_EQ(throttle.WaitBefore("1.2.3.4", kStart), absl::Seconds(1));
}

TEST(AttemptThrottleTest, KeysAreCountedApart) {
  AttemptThrottle throttle;
  Fail(throttle, "a", 6);
  Fail(throttle, "b", 2);
  EXPECT_EQ(throttle.WaitBefore("a", kStart), absl::Seconds(8));
  EXPECT_EQ(throttle.WaitBefore("b", kStart), absl::ZeroDuration());
  EXPECT_EQ(throttle.WaitBefore("c", kStart), absl::ZeroDuration());
}

TEST(AttemptThrottleTest, ASuccessClearsItsOwnKeyOnly) {
  AttemptThrottle throttle;
  Fail(throttle, "a", 6);
  Fail(throttle, "b", 6);
  throttle.RecordSuccess("a");
  throttle.RecordSuccess("never failed");
  EXPECT_EQ(throttle.WaitBefore("a", kStart), absl::ZeroDuration());
  EXPECT_EQ(throttle.WaitBefore("b", kStart), absl::Seconds(8));
  EXPECT_EQ(throttle.tracked(), 1u);
  // After a success the free attempts start over.
  Fail(throttle, "a", 3);
  EXPECT_EQ(throttle.WaitBefore("a", kStart), absl::Seconds(1));
}

TEST(AttemptThrottleTest, FifteenQuietMinutesForgetTheFailures) {
  AttemptThrottle throttle;
  Fail(throttle, "b", 12);
  const absl::Time later = kStart + absl::Minutes(15);
  EXPECT_EQ(throttle.WaitBefore("b", later - absl::Seconds(1)),
            absl::ZeroDuration())
      << "the 5-minute wait is over";
  EXPECT_EQ(throttle.WaitBefore("b", later), absl::ZeroDuration());
  Fail(throttle, "b", 2, later);
  EXPECT_EQ(throttle.WaitBefore("b", later), absl::ZeroDuration())
      << "old failures should have been forgotten";
  Fail(throttle, "b", 1, later);
  EXPECT_EQ(throttle.WaitBefore("b", later), absl::Seconds(1));
}

TEST(AttemptThrottleTest, AFloodOfKeysStaysBoundedAndKeepsRecentOnes) {
  AttemptThrottleOptions options;
  options.max_tracked = 100;
  AttemptThrottle throttle(options);
  for (int i = 0; i < 10000; ++i) {
    throttle.RecordFailure(absl::StrCat("made-up-", i),
                           kStart + absl::Milliseconds(i));
  }
  EXPECT_LE(throttle.tracked(), 100u);
  Fail(throttle, "desk07", 6, kStart + absl::Seconds(20));
  EXPECT_LE(throttle.tracked(), 100u);
  EXPECT_EQ(throttle.WaitBefore("desk07", kStart + absl::Seconds(20)),
            absl::Seconds(8));
  // The newest made-up key kept its failure: two more make three.
  Fail(throttle, "made-up-9999", 2, kStart + absl::Seconds(20));
  EXPECT_EQ(throttle.WaitBefore("made-up-9999", kStart + absl::Seconds(20)),
            absl::Seconds(1));
}

TEST(AttemptThrottleTest, AdmitRefusesWithTheReasonAndTheWait) {
  AttemptThrottle throttle;
  EXPECT_TRUE(throttle.Admit("a", kStart, "X_THROTTLED", "guesses").ok());
  Fail(throttle, "a", 4);
  const absl::Status refused = throttle.Admit(
      "a", kStart + absl::Milliseconds(200), "X_THROTTLED", "guesses");
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(RefusalReason(refused), "X_THROTTLED");
  EXPECT_EQ(refused.message(), "too many guesses; try again in 2s");
  EXPECT_EQ(ThrottledRefusal("X", "guesses", absl::Minutes(5)).message(),
            "too many guesses; try again in 5m");
}

}  // namespace
}  // namespace jiamei::services
