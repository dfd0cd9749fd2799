#include "storage/core/sequencer.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/core/refusal.h"
#include "tests/unit/storage/test_store.h"

namespace jiamei::storage {
namespace {

using ::jiamei::testing::TestStore;

// Submits and waits for the answer.
Outcome SubmitAndWait(Sequencer* sequencer, Command command) {
  absl::Notification done;
  Outcome result = absl::UnknownError("no answer");
  sequencer->Submit(std::move(command), [&](Outcome outcome) {
    result = std::move(outcome);
    done.Notify();
  });
  done.WaitForNotification();
  return result;
}

TEST(SequencerTest, ConcurrentTransfersAreGroupCommittedAndAllCount) {
  TestStore db;
  Sequencer sequencer(db.store(), SequencerOptions{});
  ASSERT_TRUE(sequencer.Start().ok());
  ASSERT_TRUE(
      SubmitAndWait(&sequencer, {"req-open-org", OpenAccount{1, "org"}}).ok());
  ASSERT_TRUE(
      SubmitAndWait(&sequencer, {"req-open-home", OpenAccount{2, "home"}})
          .ok());
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  std::atomic<int> ok{0};
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        sequencer.Submit({absl::StrCat("req-", t, "-", i, "-x"),
                          MakeTransfer{1, 2, 1, "AWARD", ""}},
                         [&](Outcome o) {
                           if (o.ok()) ++ok;
                           ++answered;
                         });
      }
    });
  }
  for (std::thread& t : threads) t.join();
  sequencer.Stop();  // answers everything queued first
  EXPECT_EQ(answered.load(), kThreads * kPerThread);
  EXPECT_EQ(ok.load(), kThreads * kPerThread);
  SequencerStats stats = sequencer.stats();
  EXPECT_EQ(stats.commands, uint64_t{kThreads * kPerThread + 2});
  EXPECT_LT(stats.batches, stats.commands) << "no batch held two commands";
  absl::StatusOr<AccountView> home = LedgerReader(db.store()).GetAccount(2);
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->balance.balance(), kThreads * kPerThread);
}

TEST(SequencerTest, EachDurableBatchIsReportedAndWritesStopBeingTakenOnStop) {
  TestStore db;
  Sequencer sequencer(db.store(), SequencerOptions{});
  size_t reported = 0;
  sequencer.set_on_batch_written([&](size_t commands, absl::Duration took) {
    reported += commands;
    EXPECT_GE(took, absl::ZeroDuration());
  });
  ASSERT_TRUE(sequencer.Start().ok());
  EXPECT_TRUE(sequencer.accepting_writes());
  ASSERT_TRUE(
      SubmitAndWait(&sequencer, {"req-open-org", OpenAccount{1, "org"}}).ok());
  EXPECT_EQ(sequencer.queued(), 0u);
  sequencer.Stop();
  EXPECT_EQ(reported, 1u);
  EXPECT_FALSE(sequencer.accepting_writes());
}

TEST(SequencerTest, FullQueueAnswersResourceExhaustedAtOnce) {
  TestStore db;
  SequencerOptions options;
  options.queue_capacity = 2;
  options.max_batch = 16;
  Sequencer sequencer(db.store(), options);
  std::vector<absl::Status> answers(3);
  // Not started yet: the first two wait in the queue, the third is refused.
  for (int i = 0; i < 3; ++i) {
    sequencer.Submit({absl::StrCat("req-queue-", i), OpenAccount{1, "org"}},
                     [&answers, i](Outcome o) { answers[i] = o.status(); });
  }
  EXPECT_EQ(answers[2].code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(RefusalReason(answers[2]), "QUEUE_FULL");
  ASSERT_TRUE(sequencer.Start().ok());
  sequencer.Stop();
  EXPECT_TRUE(answers[0].ok()) << answers[0];
  EXPECT_TRUE(answers[1].ok()) << answers[1];
}

TEST(SequencerTest, SubmitAfterStopIsUnavailable) {
  TestStore db;
  Sequencer sequencer(db.store(), SequencerOptions{});
  ASSERT_TRUE(sequencer.Start().ok());
  sequencer.Stop();
  Outcome outcome =
      SubmitAndWait(&sequencer, {"req-late-01", OpenAccount{1, "x"}});
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kUnavailable);
}

TEST(SequencerTest, AnswersComeOnlyAfterTheBatchIsInTheStore) {
  TestStore db;
  Sequencer sequencer(db.store(), SequencerOptions{});
  ASSERT_TRUE(sequencer.Start().ok());
  std::atomic<bool> visible{false};
  absl::Notification done;
  sequencer.Submit({"req-durable-1", OpenAccount{2, "home"}}, [&](Outcome o) {
    visible = o.ok() && LedgerReader(db.store()).GetAccount(1).ok();
    done.Notify();
  });
  done.WaitForNotification();
  EXPECT_TRUE(visible.load());
}

TEST(SequencerTest, OnDurableSeesABatchsHeadBeforeItsCallersHearDone) {
  TestStore db;
  SequencerOptions options;
  std::atomic<uint64_t> witnessed{0};
  options.on_durable = [&](uint64_t sequence, const std::string& hash) {
    // The head it is given is already in the store.
    absl::StatusOr<EntryRecord> entry =
        LedgerReader(db.store()).GetEntry(sequence);
    if (!entry.ok() || entry->hash() != hash) return entry.status();
    witnessed = sequence;
    return absl::OkStatus();
  };
  Sequencer sequencer(db.store(), options);
  ASSERT_TRUE(sequencer.Start().ok());
  for (int i = 0; i < 3; ++i) {
    Outcome outcome = SubmitAndWait(
        &sequencer, {absl::StrCat("req-witness-", i), OpenAccount{1, "org"}});
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    EXPECT_GE(witnessed.load(), outcome->sequence());
  }
}

TEST(SequencerTest, AFailedOnDurableStopsTheLedgerAndAnswersUnavailable) {
  TestStore db;
  SequencerOptions options;
  options.on_durable = [](uint64_t, const std::string&) {
    return absl::UnavailableError("disk gone");
  };
  Sequencer sequencer(db.store(), options);
  ASSERT_TRUE(sequencer.Start().ok());
  Outcome first =
      SubmitAndWait(&sequencer, {"req-unwitnessed", OpenAccount{1, "org"}});
  EXPECT_EQ(RefusalReason(first.status()), "STORAGE_FAILED");
  EXPECT_NE(first.status().message().find("disk gone"), absl::string_view::npos)
      << first.status();
  Outcome next = SubmitAndWait(&sequencer, {"req-after", OpenAccount{1, "x"}});
  EXPECT_EQ(RefusalReason(next.status()), "STORAGE_FAILED");
}

}  // namespace
}  // namespace jiamei::storage
