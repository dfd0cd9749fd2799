// A server killed (SIGKILL) in the middle of a stream of transfers keeps
// every transfer it acknowledged, exactly once, and its ledger audits clean.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
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

struct Sent {
  v1::CreateTransferRequest request;
  bool acknowledged = false;
  uint64_t sequence = 0;
};

// Counts acknowledgements from the desks, so the test can wait for them.
class Progress {
 public:
  void Acknowledged() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++acknowledged_;
    changed_.notify_all();
  }
  void DeskStopped() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++stopped_desks_;
    changed_.notify_all();
  }
  // Waits until `count` acknowledgements, or every desk stopped, or timeout.
  bool WaitFor(int count, std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] {
      return acknowledged_ >= count || stopped_desks_ == kDesks;
    }) && acknowledged_ >= count;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int acknowledged_ = 0;
  int stopped_desks_ = 0;
};

using CrashTest = ServerTest;

TEST_F(CrashTest, AcknowledgedTransfersSurviveAKillExactlyOnce) {
  const std::string issuance =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "Village fund");
  std::vector<std::string> households;
  for (int d = 0; d < kDesks; ++d) {
    households.push_back(client_->MustOpenAccount(
        v1::ACCOUNT_KIND_HOUSEHOLD, "Household " + std::to_string(d)));
  }
  ASSERT_FALSE(HasFailure());

  // Each desk awards points to its own household until the server dies.
  std::vector<std::vector<Sent>> sent(kDesks);
  Progress progress;
  std::vector<std::thread> desks;
  for (int d = 0; d < kDesks; ++d) {
    desks.emplace_back([&, d] {
      for (int i = 0; i < kMaxTransfersPerDesk; ++i) {
        Sent item;
        item.request =
            client_->TransferRequest(issuance, households[d], 1 + i % 9);
        item.request.set_memo("crash test desk " + std::to_string(d));
        const Reply<v1::Transfer> reply = client_->CreateTransfer(item.request);
        item.acknowledged = reply.ok();
        item.sequence = reply.value.sequence();
        sent[d].push_back(item);
        if (!reply.ok()) break;
        progress.Acknowledged();
      }
      progress.DeskStopped();
    });
  }
  std::random_device device;
  const int kill_after =
      kMinAcknowledgedBeforeKill + static_cast<int>(device() % 200);
  RecordProperty("kill_after_acknowledgements", kill_after);
  const bool reached = progress.WaitFor(kill_after, std::chrono::seconds(30));
  server_.Kill();
  for (std::thread& desk : desks) desk.join();
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
    for (const Sent& item : sent[d]) {
      sent_sum[d] += item.request.amount();
      if (!item.acknowledged) continue;
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
    EXPECT_THAT(client_->MustGetBalance(households[d]),
                AllOf(Ge(acknowledged_sum[d]), Le(sent_sum[d])))
        << households[d];
  }
  EXPECT_TRUE(client_->MustRunAudit().clean());

  // Retrying what was not acknowledged completes the stream, once each: a
  // retry either finds the transfer written before the kill or writes it.
  int unacknowledged = 0;
  int written_now = 0;
  for (int d = 0; d < kDesks; ++d) {
    for (const Sent& item : sent[d]) {
      if (item.acknowledged) continue;
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
    EXPECT_EQ(client_->MustGetBalance(households[d]), sent_sum[d])
        << households[d];
  }
  const v1::AuditReport report = client_->MustRunAudit();
  EXPECT_TRUE(report.clean()) << report.ShortDebugString();
  EXPECT_EQ(report.balance_sum(), 0);
}

}  // namespace
}  // namespace jiamei::testing
