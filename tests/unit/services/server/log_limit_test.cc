#include "services/server/log_limit.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jiamei::services {
namespace {

using ::testing::HasSubstr;

// What a LogLimit wrote, through a memory stream.
class LogLimitTest : public ::testing::Test {
 protected:
  void SetUp() override { out_ = open_memstream(&buffer_, &size_); }
  void TearDown() override {
    std::fclose(out_);
    std::free(buffer_);
  }
  std::string Written() {
    std::fflush(out_);
    return std::string(buffer_, size_);
  }

  char* buffer_ = nullptr;
  size_t size_ = 0;
  std::FILE* out_ = nullptr;
  const absl::Time start_ = absl::FromUnixSeconds(1'800'000'000);
};

TEST_F(LogLimitTest, LinesBeyondTheBudgetOfAMinuteAreCountedNotWritten) {
  LogLimit limit(3, out_);
  for (int i = 0; i < 10; ++i) {
    limit.Write("line " + std::to_string(i), start_ + absl::Seconds(i));
  }
  EXPECT_EQ(Written(), "line 0\nline 1\nline 2\n");
  EXPECT_EQ(limit.suppressed(), 7);
}

TEST_F(LogLimitTest, TheNextMinuteWritesAgainAndSaysHowManyWereDropped) {
  LogLimit limit(1, out_);
  limit.Write("first", start_);
  limit.Write("dropped", start_ + absl::Seconds(1));
  limit.Write("dropped", start_ + absl::Seconds(2));
  limit.Write("next minute", start_ + absl::Seconds(61));
  EXPECT_THAT(Written(), HasSubstr("first\n"));
  EXPECT_THAT(Written(),
              HasSubstr("event=log_suppressed lines=2\nnext minute\n"));
  EXPECT_EQ(limit.suppressed(), 2);
}

}  // namespace
}  // namespace jiamei::services
