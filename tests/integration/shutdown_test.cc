// A graceful stop keeps its word: on SIGTERM under load, every call in
// flight is answered with its result or with UNAVAILABLE before it reached
// the ledger, never CANCELLED; what was acknowledged is in the ledger after
// a restart, and what was refused applies exactly once when retried.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

constexpr int kWriters = 64;
// A writer stops by itself after this many transfers, should the stop
// never come.
constexpr int kMaxTransfersPerWriter = 2000;
constexpr int kAcknowledgedBeforeStop = 1500;

struct Sent {
  v1::CreateTransferRequest request;
  grpc::StatusCode code = grpc::StatusCode::OK;
  uint64_t sequence = 0;
};

// Counts acknowledgements, so the test can stop the server mid-load.
class Progress {
 public:
  void Acknowledged() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++acknowledged_;
    changed_.notify_all();
  }
  bool WaitFor(int count, std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout,
                             [&] { return acknowledged_ >= count; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int acknowledged_ = 0;
};

using ShutdownTest = ServerTest;

TEST_F(ShutdownTest,
       SigtermUnderLoadAnswersEveryCallWithItsResultOrUnavailable) {
  const std::string issuance =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "Village fund");
  std::vector<std::string> households;
  for (int w = 0; w < kWriters; ++w) {
    households.push_back(client_->MustOpenAccount(
        v1::ACCOUNT_KIND_HOUSEHOLD, "Household " + std::to_string(w)));
  }
  ASSERT_FALSE(HasFailure());

  // Each writer awards points to its own household, each transfer with a
  // request id of its own, until a call is refused.
  std::vector<std::vector<Sent>> sent(kWriters);
  Progress progress;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kMaxTransfersPerWriter; ++i) {
        Sent item;
        item.request =
            client_->TransferRequest(issuance, households[w], 1 + i % 7);
        const Reply<v1::Transfer> reply = client_->CreateTransfer(item.request);
        item.code = reply.status.error_code();
        item.sequence = reply.value.sequence();
        sent[w].push_back(item);
        if (!reply.ok()) return;
        progress.Acknowledged();
      }
    });
  }
  const bool reached =
      progress.WaitFor(kAcknowledgedBeforeStop, std::chrono::seconds(60));
  EXPECT_EQ(server_.Stop(), 0);
  for (std::thread& writer : writers) writer.join();
  ASSERT_TRUE(reached);

  std::map<std::string, int> codes;
  for (const std::vector<Sent>& stream : sent) {
    for (const Sent& item : stream) ++codes[CodeName(item.code)];
  }
  for (const auto& [code, count] : codes) RecordProperty(code, count);
  for (const std::vector<Sent>& stream : sent) {
    for (const Sent& item : stream) {
      EXPECT_TRUE(item.code == grpc::StatusCode::OK ||
                  item.code == grpc::StatusCode::UNAVAILABLE)
          << item.request.request_id() << " got " << CodeName(item.code);
    }
  }

  std::string error;
  ASSERT_TRUE(server_.Start(&error)) << error;
  Reconnect();
  const v1::Digest digest = client_->MustGetDigest();
  // Every acknowledged transfer is there: a retry finds it and writes
  // nothing.
  for (const std::vector<Sent>& stream : sent) {
    for (const Sent& item : stream) {
      if (item.code != grpc::StatusCode::OK) continue;
      const Reply<v1::Transfer> retry = client_->CreateTransfer(item.request);
      ASSERT_THAT(retry, IsOk()) << item.request.request_id();
      EXPECT_EQ(retry.value.sequence(), item.sequence);
    }
  }
  EXPECT_THAT(client_->MustGetDigest(), EqualsProto(digest));
  // Every refused one was not written, and applies once when retried
  // (twice: the second finds the first).
  int written_now = 0;
  for (const std::vector<Sent>& stream : sent) {
    for (const Sent& item : stream) {
      if (item.code == grpc::StatusCode::OK) continue;
      const Reply<v1::Transfer> retry = client_->CreateTransfer(item.request);
      ASSERT_THAT(retry, IsOk()) << item.request.request_id();
      // Refused before it reached the ledger: not written until now.
      EXPECT_GT(retry.value.sequence(), digest.last_sequence())
          << item.request.request_id() << " (" << CodeName(item.code)
          << ") was written before the stop";
      if (retry.value.sequence() > digest.last_sequence()) ++written_now;
      const Reply<v1::Transfer> again = client_->CreateTransfer(item.request);
      ASSERT_THAT(again, IsOk()) << item.request.request_id();
      EXPECT_EQ(again.value.sequence(), retry.value.sequence());
    }
  }
  EXPECT_EQ(client_->MustGetDigest().last_sequence(),
            digest.last_sequence() + static_cast<uint64_t>(written_now));
  for (int w = 0; w < kWriters; ++w) {
    int64_t sum = 0;
    for (const Sent& item : sent[w]) sum += item.request.amount();
    EXPECT_EQ(client_->MustGetBalance(households[w]), sum) << households[w];
  }
  EXPECT_TRUE(client_->MustRunAudit().clean());
}

}  // namespace
}  // namespace jiamei::testing
