// A graceful stop keeps its word: on SIGTERM under load, every call in
// flight is answered with its result or with UNAVAILABLE before it reached
// the ledger, never CANCELLED; what was acknowledged is in the ledger after
// a restart, and what was refused applies exactly once when retried.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/desk_load.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

constexpr int kWriters = 64;
// A writer stops by itself after this many transfers, should the stop
// never come.
constexpr int kMaxTransfersPerWriter = 2000;
constexpr int kAcknowledgedBeforeStop = 1500;

using ShutdownTest = ServerTest;

TEST_F(ShutdownTest,
       SigtermUnderLoadAnswersEveryCallWithItsResultOrUnavailable) {
  DeskLoad load(client_.get(), kWriters, kMaxTransfersPerWriter, 7);
  ASSERT_FALSE(HasFailure());
  load.Start();
  const bool reached = load.WaitForAcknowledged(kAcknowledgedBeforeStop,
                                                std::chrono::seconds(60));
  EXPECT_EQ(server_.Stop(), 0);
  load.Join();
  ASSERT_TRUE(reached);

  std::map<std::string, int> codes;
  for (const std::vector<SentTransfer>& stream : load.sent()) {
    for (const SentTransfer& item : stream) ++codes[CodeName(item.code)];
  }
  for (const auto& [code, count] : codes) RecordProperty(code, count);
  for (const std::vector<SentTransfer>& stream : load.sent()) {
    for (const SentTransfer& item : stream) {
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
  for (const std::vector<SentTransfer>& stream : load.sent()) {
    for (const SentTransfer& item : stream) {
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
  for (const std::vector<SentTransfer>& stream : load.sent()) {
    for (const SentTransfer& item : stream) {
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
    for (const SentTransfer& item : load.sent()[w])
      sum += item.request.amount();
    EXPECT_EQ(client_->MustGetBalance(load.households()[w]), sum)
        << load.households()[w];
  }
  EXPECT_TRUE(client_->MustRunAudit().clean());
}

}  // namespace
}  // namespace jiamei::testing
