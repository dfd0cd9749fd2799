// The audit on a sound ledger, on one damaged directly in RocksDB, and while
// writes go on.
#include "storage/audit/audit.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/core/canonical.h"
#include "storage/core/keys.h"
#include "storage/core/sequencer.h"
#include "tests/unit/storage/store_fixture.h"

namespace jiamei::storage {
namespace {

using ::jiamei::testing::kHousehold;
using ::jiamei::testing::kIssuance;
using ::jiamei::testing::kSupermarket;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Property;

class AuditTest : public StoreFixture {
 protected:
  // org 1, home 2, shop 3; award 4, spend 5, award 6, reversal 7.
  void SetUp() override {
    ledger_.Open(kIssuance);
    ledger_.Open(kHousehold);
    ledger_.Open(kSupermarket);
    ledger_.Move(1, 2, 100);
    ledger_.Move(2, 3, 40);
    uint64_t award = ledger_.Move(1, 2, 5);
    ASSERT_TRUE(
        ledger_.Apply({ledger_.NextId(), ReverseTransfer{award, ""}}).ok());
  }

  void Put(Cf cf, const std::string& key, const std::string& value) {
    ASSERT_TRUE(
        db_.store()
            ->db()
            ->Put(rocksdb::WriteOptions(), db_.store()->handle(cf), key, value)
            .ok());
  }
  void Delete(Cf cf, const std::string& key) {
    ASSERT_TRUE(
        db_.store()
            ->db()
            ->Delete(rocksdb::WriteOptions(), db_.store()->handle(cf), key)
            .ok());
  }
  EntryRecord Entry(uint64_t seq) {
    EntryRecord entry;
    EXPECT_TRUE(*db_.store()->GetProto(Cf::kEntries, IdKey(seq), &entry));
    return entry;
  }

  static auto Names(const std::string& kind, const std::string& record) {
    return Contains(AllOf(Property(&jiamei::v1::Discrepancy::kind, kind),
                          Property(&jiamei::v1::Discrepancy::record, record)));
  }
};

TEST_F(AuditTest, SoundLedgerIsCleanWithCounts) {
  jiamei::v1::AuditReport report = Audit();
  EXPECT_TRUE(report.clean()) << report.DebugString();
  EXPECT_EQ(report.entries_checked(), 7u);
  EXPECT_EQ(report.accounts_checked(), 3u);
  EXPECT_EQ(report.transfers_checked(), 4u);
  EXPECT_EQ(report.history_records_checked(), 8u);
  EXPECT_EQ(report.idempotency_records_checked(), 7u);
  EXPECT_EQ(report.balance_sum(), 0);
  EXPECT_EQ(report.last_sequence(), 7u);
}

TEST_F(AuditTest, TamperedBalanceIsNamed) {
  BalanceRecord balance;
  balance.set_balance(1000);
  balance.set_last_sequence(7);
  Put(Cf::kBalances, IdKey(2), balance.SerializeAsString());
  jiamei::v1::AuditReport report = Audit();
  EXPECT_FALSE(report.clean());
  EXPECT_THAT(report.discrepancies(), Names("BALANCE_MISMATCH", "accounts/2"));
}

TEST_F(AuditTest, EditedEntryFailsItsHash) {
  EntryRecord entry = Entry(4);
  entry.mutable_transfer()->set_amount(1000);
  Put(Cf::kEntries, IdKey(4), entry.SerializeAsString());
  jiamei::v1::AuditReport report = Audit();
  EXPECT_THAT(report.discrepancies(), Names("HASH_MISMATCH", "entries/4"));
}

TEST_F(AuditTest, RewrittenEntryWithRecomputedHashBreaksTheChain) {
  EntryRecord entry = Entry(5);
  entry.mutable_transfer()->set_memo("rewritten");
  entry.set_hash(EntryHash(entry));
  Put(Cf::kEntries, IdKey(5), entry.SerializeAsString());
  jiamei::v1::AuditReport report = Audit();
  EXPECT_THAT(report.discrepancies(), Names("CHAIN_BROKEN", "entries/6"));
  // The request behind the entry no longer matches what was asked.
  EXPECT_THAT(report.discrepancies(),
              Names("IDEMPOTENCY_MISMATCH",
                    absl::StrCat("operators/", entry.actor(), "/requests/",
                                 entry.request_id())));
}

TEST_F(AuditTest, DeletedEntryIsASequenceGap) {
  Delete(Cf::kEntries, IdKey(5));
  jiamei::v1::AuditReport report = Audit();
  EXPECT_THAT(report.discrepancies(), Names("SEQUENCE_GAP", "entries/6"));
}

TEST_F(AuditTest, MissingAndExtraHistoryRecordsAreNamed) {
  Delete(Cf::kHistory, HistoryKey(3, 5));
  Put(Cf::kHistory, HistoryKey(3, 4), EncodeHistoryValue({1, 1}));
  jiamei::v1::AuditReport report = Audit();
  EXPECT_THAT(report.discrepancies(), Names("HISTORY_MISSING", "history/3/5"));
  EXPECT_THAT(report.discrepancies(), Names("HISTORY_EXTRA", "history/3/4"));
}

TEST_F(AuditTest, MissingIdempotencyRecordIsNamed) {
  const EntryRecord entry = Entry(4);
  Delete(Cf::kIdempotency, RequestKey(entry.actor(), entry.request_id()));
  jiamei::v1::AuditReport report = Audit();
  EXPECT_THAT(report.discrepancies(),
              Names("IDEMPOTENCY_MISSING",
                    absl::StrCat("operators/", entry.actor(), "/requests/",
                                 entry.request_id())));
}

TEST_F(AuditTest, ForgedIdempotencyRecordIsNamed) {
  IdempotencyRecord forged;
  forged.set_sequence(4);
  Put(Cf::kIdempotency, RequestKey(7, "req-forged-1"),
      forged.SerializeAsString());
  jiamei::v1::AuditReport report = Audit();
  EXPECT_THAT(report.discrepancies(),
              Names("IDEMPOTENCY_EXTRA", "operators/7/requests/req-forged-1"));
}

TEST_F(AuditTest, RequestRecordMovedToAnotherOperatorIsNamed) {
  const EntryRecord entry = Entry(4);
  const std::string key = RequestKey(entry.actor(), entry.request_id());
  absl::StatusOr<std::optional<std::string>> value =
      db_.store()->Get(Cf::kIdempotency, key);
  ASSERT_TRUE(value.ok() && value->has_value());
  Delete(Cf::kIdempotency, key);
  Put(Cf::kIdempotency, RequestKey(entry.actor() + 1, entry.request_id()),
      **value);
  jiamei::v1::AuditReport report = Audit();
  EXPECT_THAT(report.discrepancies(),
              Names("IDEMPOTENCY_MISSING",
                    absl::StrCat("operators/", entry.actor(), "/requests/",
                                 entry.request_id())));
  EXPECT_THAT(report.discrepancies(),
              Names("IDEMPOTENCY_EXTRA",
                    absl::StrCat("operators/", entry.actor() + 1, "/requests/",
                                 entry.request_id())));
}

TEST_F(AuditTest, RemovedReversalIndexIsNamed) {
  Delete(Cf::kReversals, IdKey(6));
  jiamei::v1::AuditReport report = Audit();
  EXPECT_THAT(report.discrepancies(),
              Names("REVERSAL_INDEX_MISMATCH", "reversals/6"));
}

TEST_F(AuditTest, AuditOfASnapshotIsCleanWhileWritesGoOn) {
  Sequencer sequencer(db_.store(), SequencerOptions{});
  ASSERT_TRUE(sequencer.Start().ok());
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      absl::Notification done;
      sequencer.Submit({absl::StrCat("req-live-", i, "-x"),
                        MakeTransfer{1, 2, 1, "AWARD", ""}},
                       [&](Outcome) { done.Notify(); });
      done.WaitForNotification();
    }
  });
  for (int i = 0; i < 5; ++i) {
    jiamei::v1::AuditReport report = Audit();
    EXPECT_TRUE(report.clean()) << report.DebugString();
  }
  stop = true;
  writer.join();
  sequencer.Stop();
}

}  // namespace
}  // namespace jiamei::storage
