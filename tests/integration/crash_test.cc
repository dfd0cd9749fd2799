// A server killed (SIGKILL) in the middle of a stream of transfers keeps
// every transfer it acknowledged, exactly once, and its ledger audits clean.
#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/desk_load.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

using ::testing::AllOf;
using ::testing::Ge;
using ::testing::Le;

constexpr int kDesks = 8;
// A desk stops by itself after this many transfers, should the kill never
// come.
constexpr int kMaxTransfersPerDesk = 5000;
constexpr int kMinAcknowledgedBeforeKill = 300;

using CrashTest = ServerTest;

TEST_F(CrashTest, AcknowledgedTransfersSurviveAKillExactlyOnce) {
  DeskLoad load(client_.get(), kDesks, kMaxTransfersPerDesk, 9);
  ASSERT_FALSE(HasFailure());
  load.Start();
  std::random_device device;
  const int kill_after =
      kMinAcknowledgedBeforeKill + static_cast<int>(device() % 200);
  RecordProperty("kill_after_acknowledgements", kill_after);
  const bool reached =
      load.WaitForAcknowledged(kill_after, std::chrono::seconds(30));
  server_.Kill();
  load.Join();
  ASSERT_TRUE(reached) << "the desks did not get " << kill_after
                       << " acknowledgements";

  std::string error;
  ASSERT_TRUE(server_.Start(&error)) << error;
  Reconnect();
  const v1::Digest digest = client_->MustGetDigest();

  // Retrying what was acknowledged gives the first answer and writes nothing.
  std::vector<int64_t> acknowledged_sum(kDesks, 0);
  std::vector<int64_t> sent_sum(kDesks, 0);
  int acknowledged = 0;
  for (int d = 0; d < kDesks; ++d) {
    for (const SentTransfer& item : load.sent()[d]) {
      sent_sum[d] += item.request.amount();
      if (!item.acknowledged()) continue;
      ++acknowledged;
      acknowledged_sum[d] += item.request.amount();
      const Reply<v1::Transfer> retry = client_->CreateTransfer(item.request);
      ASSERT_THAT(retry, IsOk()) << item.request.request_id();
      EXPECT_EQ(retry.value.sequence(), item.sequence);
      EXPECT_LE(retry.value.sequence(), digest.last_sequence());
    }
  }
  EXPECT_GE(acknowledged, kill_after);
  EXPECT_THAT(client_->MustGetDigest(), EqualsProto(digest));
  for (int d = 0; d < kDesks; ++d) {
    EXPECT_THAT(client_->MustGetBalance(load.households()[d]),
                AllOf(Ge(acknowledged_sum[d]), Le(sent_sum[d])))
        << load.households()[d];
  }
  EXPECT_TRUE(client_->MustRunAudit().clean());

  // Retrying what was not acknowledged completes the stream, once each: a
  // retry either finds the transfer written before the kill or writes it.
  int unacknowledged = 0;
  int written_now = 0;
  for (int d = 0; d < kDesks; ++d) {
    for (const SentTransfer& item : load.sent()[d]) {
      if (item.acknowledged()) continue;
      ++unacknowledged;
      const Reply<v1::Transfer> retry = client_->CreateTransfer(item.request);
      ASSERT_THAT(retry, IsOk()) << item.request.request_id();
      if (retry.value.sequence() > digest.last_sequence()) ++written_now;
    }
  }
  RecordProperty("acknowledged", acknowledged);
  RecordProperty("unacknowledged", unacknowledged);
  RecordProperty("unacknowledged_but_written", unacknowledged - written_now);
  EXPECT_EQ(client_->MustGetDigest().last_sequence(),
            digest.last_sequence() + static_cast<uint64_t>(written_now));
  for (int d = 0; d < kDesks; ++d) {
    EXPECT_EQ(client_->MustGetBalance(load.households()[d]), sent_sum[d])
        << load.households()[d];
  }
  const v1::AuditReport report = client_->MustRunAudit();
  EXPECT_TRUE(report.clean()) << report.ShortDebugString();
  EXPECT_EQ(report.balance_sum(), 0);
}

}  // namespace
}  // namespace jiamei::testing
