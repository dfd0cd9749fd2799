// Every ledger rule, applied through the state machine the sequencer uses.
#include "storage/core/state_machine.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/core/canonical.h"
#include "storage/core/keys.h"
#include "storage/core/refusal.h"
#include "storage/ledger/ledger_reader.h"
#include "tests/unit/storage/store_fixture.h"
#include "tests/unit/storage/test_store.h"

namespace jiamei::storage {
namespace {

using ::jiamei::testing::kHousehold;
using ::jiamei::testing::kIssuance;
using ::jiamei::testing::kSupermarket;
using ::jiamei::testing::TestLedger;

class StateMachineTest : public StoreFixture {
 protected:
  Command TransferCommand(uint64_t debit, uint64_t credit, int64_t amount,
                          std::string id = "") {
    return {id.empty() ? ledger_.NextId() : id,
            MakeTransfer{debit, credit, amount, "AWARD", "memo"}};
  }
  static void ExpectRefused(const Outcome& outcome, absl::StatusCode code,
                            const std::string& reason) {
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.status().code(), code) << outcome.status();
    EXPECT_EQ(RefusalReason(outcome.status()), reason) << outcome.status();
  }
};

TEST_F(StateMachineTest, AccountsGetConsecutiveIdsAndEntries) {
  EXPECT_EQ(ledger_.Open(kIssuance), 1u);
  EXPECT_EQ(ledger_.Open(kHousehold), 2u);
  EXPECT_EQ(ledger_.Open(kSupermarket), 3u);
  EXPECT_EQ(ledger_.head().last_sequence(), 3u);
  EXPECT_EQ(ledger_.head().last_account_id(), 3u);
  EXPECT_EQ(Balance(2), 0);
}

TEST_F(StateMachineTest, TransferMovesPointsAndKeepsTheSumZero) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  uint64_t shop = ledger_.Open(kSupermarket);
  ledger_.Move(org, home, 100);
  ledger_.Move(home, shop, 30);
  EXPECT_EQ(Balance(org), -100);
  EXPECT_EQ(Balance(home), 70);
  EXPECT_EQ(Balance(shop), 30);
}

TEST_F(StateMachineTest, HouseholdCannotGoBelowZero) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  ledger_.Move(org, home, 10);
  ExpectRefused(ledger_.Apply(TransferCommand(home, org, 11)),
                absl::StatusCode::kFailedPrecondition, "INSUFFICIENT_POINTS");
  EXPECT_EQ(Balance(home), 10);
  ledger_.Move(home, org, 10);  // exactly to zero is fine
  EXPECT_EQ(Balance(home), 0);
}

TEST_F(StateMachineTest, SupermarketCannotGoBelowZeroButIssuanceCan) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t shop = ledger_.Open(kSupermarket);
  ExpectRefused(ledger_.Apply(TransferCommand(shop, org, 1)),
                absl::StatusCode::kFailedPrecondition, "INSUFFICIENT_POINTS");
  ledger_.Move(org, shop, 5);
  EXPECT_EQ(Balance(org), -5);
}

TEST_F(StateMachineTest, OverflowIsRefusedOnEitherSide) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  ledger_.Move(org, home, INT64_MAX);
  ExpectRefused(ledger_.Apply(TransferCommand(org, home, 1)),
                absl::StatusCode::kFailedPrecondition, "BALANCE_OVERFLOW");
  uint64_t org2 = ledger_.Open(kIssuance);
  uint64_t home2 = ledger_.Open(kHousehold);
  ledger_.Move(org2, home2, INT64_MAX);
  uint64_t home3 = ledger_.Open(kHousehold);
  ledger_.Move(org2, home3, 1);  // org2 now at INT64_MIN
  ExpectRefused(ledger_.Apply(TransferCommand(org2, home3, 1)),
                absl::StatusCode::kFailedPrecondition, "BALANCE_OVERFLOW");
  EXPECT_EQ(Balance(home), INT64_MAX);
  EXPECT_EQ(Balance(org2), INT64_MIN);
}

TEST_F(StateMachineTest, UnknownAccountIsNotFound) {
  uint64_t org = ledger_.Open(kIssuance);
  ExpectRefused(ledger_.Apply(TransferCommand(org, 99, 1)),
                absl::StatusCode::kNotFound, "ACCOUNT_NOT_FOUND");
  ExpectRefused(ledger_.Apply(TransferCommand(99, org, 1)),
                absl::StatusCode::kNotFound, "ACCOUNT_NOT_FOUND");
}

TEST_F(StateMachineTest, CoreRefusesBadAmountAndSameAccountEvenIfEdgeMissedIt) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  ExpectRefused(ledger_.Apply(TransferCommand(org, home, 0)),
                absl::StatusCode::kInvalidArgument, "INVALID_AMOUNT");
  ExpectRefused(ledger_.Apply(TransferCommand(org, home, -5)),
                absl::StatusCode::kInvalidArgument, "INVALID_AMOUNT");
  ExpectRefused(ledger_.Apply(TransferCommand(org, org, 5)),
                absl::StatusCode::kInvalidArgument, "SAME_ACCOUNT");
}

TEST_F(StateMachineTest,
       SameRequestIdSameContentReturnsFirstResultAndWritesNothing) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  Outcome first = ledger_.Apply(TransferCommand(org, home, 7, "req-retry-001"));
  ASSERT_TRUE(first.ok());
  const HeadRecord head = ledger_.head();
  Outcome again = ledger_.Apply(TransferCommand(org, home, 7, "req-retry-001"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->sequence(), first->sequence());
  EXPECT_EQ(again->hash(), first->hash());
  EXPECT_EQ(ledger_.head().last_sequence(), head.last_sequence());
  EXPECT_EQ(Balance(home), 7);
}

TEST_F(StateMachineTest, SameRequestIdOtherContentIsAlreadyExists) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  ASSERT_TRUE(
      ledger_.Apply(TransferCommand(org, home, 7, "req-retry-002")).ok());
  ExpectRefused(ledger_.Apply(TransferCommand(org, home, 8, "req-retry-002")),
                absl::StatusCode::kAlreadyExists, "REQUEST_ID_REUSED");
  ExpectRefused(ledger_.Apply({"req-retry-002", ReverseTransfer{3, ""}}),
                absl::StatusCode::kAlreadyExists, "REQUEST_ID_REUSED");
  EXPECT_EQ(Balance(home), 7);
}

TEST_F(StateMachineTest, RefusalIsRememberedEvenAfterTheBalanceAllowsIt) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  uint64_t shop = ledger_.Open(kSupermarket);
  ExpectRefused(ledger_.Apply(TransferCommand(home, shop, 5, "req-spend-01")),
                absl::StatusCode::kFailedPrecondition, "INSUFFICIENT_POINTS");
  ledger_.Move(org, home, 50);
  ExpectRefused(ledger_.Apply(TransferCommand(home, shop, 5, "req-spend-01")),
                absl::StatusCode::kFailedPrecondition, "INSUFFICIENT_POINTS");
  EXPECT_EQ(Balance(home), 50);
}

TEST_F(StateMachineTest, RefusalSurvivesReopen) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  ExpectRefused(ledger_.Apply(TransferCommand(home, org, 5, "req-spend-02")),
                absl::StatusCode::kFailedPrecondition, "INSUFFICIENT_POINTS");
  ledger_.Move(org, home, 50);
  db_.Reopen();
  TestLedger reopened(db_.store());
  ExpectRefused(reopened.Apply(TransferCommand(home, org, 5, "req-spend-02")),
                absl::StatusCode::kFailedPrecondition, "INSUFFICIENT_POINTS");
}

// After a reopen the account cache is empty: the credit account's lookup
// inserts (and grows the cache) after the debit account's. Under ASan this
// was a heap-use-after-free; the debit's balance must still be read right.
TEST_F(StateMachineTest,
       FirstTransferBetweenTwoUncachedAccountsReadsBothBalancesAfterReopen) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  uint64_t other = ledger_.Open(kHousehold);
  ledger_.Move(org, home, 40);
  db_.Reopen();
  TestLedger reopened(db_.store());
  Outcome refused = reopened.Apply(TransferCommand(home, other, 41));
  ExpectRefused(refused, absl::StatusCode::kFailedPrecondition,
                "INSUFFICIENT_POINTS");
  EXPECT_THAT(std::string(refused.status().message()),
              ::testing::HasSubstr("has 40 points, 41 needed"));
  ASSERT_TRUE(reopened.Apply(TransferCommand(home, other, 40)).ok());
  EXPECT_EQ(Balance(home), 0);
  EXPECT_EQ(Balance(other), 40);
}

TEST_F(StateMachineTest, SameRequestIdFromTwoOperatorsIsTwoRequests) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  Command first = TransferCommand(org, home, 7, "req-shared-01");
  first.actor = 11;
  Command other = TransferCommand(org, home, 9, "req-shared-01");
  other.actor = 12;
  Outcome a = ledger_.Apply(first);
  Outcome b = ledger_.Apply(other);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_NE(a->sequence(), b->sequence());
  EXPECT_EQ(Balance(home), 16);
  // Each operator's retry gets its own first answer.
  Outcome again = ledger_.Apply(other);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->sequence(), b->sequence());
  EXPECT_EQ(Balance(home), 16);
}

// Rewrites every remembered request under its schema 2 key (the request id
// alone) and marks the store as schema 2, as an older build left it.
void MakeSchemaTwo(Store* store) {
  rocksdb::WriteBatch batch;
  std::unique_ptr<rocksdb::Iterator> it = store->NewIterator(Cf::kIdempotency);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    batch.Delete(store->handle(Cf::kIdempotency), it->key());
    batch.Put(store->handle(Cf::kIdempotency),
              std::string(ParseRequestKey(View(it->key()))->request_id),
              it->value());
  }
  batch.Put(store->handle(Cf::kMeta), std::string(kSchemaVersionKey),
            EncodeUint32(2));
  ASSERT_TRUE(store->Write(&batch).ok());
}

TEST_F(StateMachineTest, SchemaTwoRequestsKeepTheirFirstAnswersAfterUpgrade) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  Command granted = TransferCommand(org, home, 7, "req-old-grant");
  granted.actor = 11;
  Command refused = TransferCommand(home, org, 50, "req-old-refusal");
  refused.actor = 11;
  Outcome first = ledger_.Apply(granted);
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(ledger_.Apply(refused).ok());
  MakeSchemaTwo(db_.store());
  db_.Reopen();
  EXPECT_TRUE(db_.store()->has_shared_refusals());
  TestLedger reopened(db_.store());
  // The grant is its operator's: replayed for them, a new request for
  // another operator.
  Outcome replayed = reopened.Apply(granted);
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(replayed->sequence(), first->sequence());
  Command other = granted;
  other.actor = 12;
  Outcome fresh = reopened.Apply(other);
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(fresh->sequence(), first->sequence());
  // The refusal's operator was never recorded: it answers anyone, as before.
  reopened.Move(org, home, 100);
  Command refused_again = refused;
  refused_again.actor = 12;
  ExpectRefused(reopened.Apply(refused_again),
                absl::StatusCode::kFailedPrecondition, "INSUFFICIENT_POINTS");
  EXPECT_EQ(Balance(home), 114);
}

TEST_F(StateMachineTest, DuplicateRequestInOneBatchCountsOnce) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  std::vector<Outcome> outcomes =
      ledger_.ApplyBatch({TransferCommand(org, home, 4, "req-twice-01"),
                          TransferCommand(org, home, 4, "req-twice-01")});
  ASSERT_TRUE(outcomes[0].ok() && outcomes[1].ok());
  EXPECT_EQ(outcomes[0]->sequence(), outcomes[1]->sequence());
  EXPECT_EQ(Balance(home), 4);
}

TEST_F(StateMachineTest, ReversalMirrorsTheOriginalAndHappensOnce) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  uint64_t seq = ledger_.Move(org, home, 20);
  Outcome reversal =
      ledger_.Apply({ledger_.NextId(), ReverseTransfer{seq, "typo"}});
  ASSERT_TRUE(reversal.ok()) << reversal.status();
  EXPECT_EQ(reversal->transfer().debit_account(), home);
  EXPECT_EQ(reversal->transfer().credit_account(), org);
  EXPECT_EQ(reversal->transfer().reason_code(), "REVERSAL");
  EXPECT_EQ(reversal->transfer().reverses(), seq);
  EXPECT_EQ(Balance(home), 0);
  ExpectRefused(ledger_.Apply({ledger_.NextId(), ReverseTransfer{seq, ""}}),
                absl::StatusCode::kFailedPrecondition, "ALREADY_REVERSED");
  ExpectRefused(ledger_.Apply({ledger_.NextId(),
                               ReverseTransfer{reversal->sequence(), ""}}),
                absl::StatusCode::kFailedPrecondition,
                "CANNOT_REVERSE_REVERSAL");
}

TEST_F(StateMachineTest, TwoReversalsOfOneTransferInOneBatchOnlyOneWins) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  uint64_t seq = ledger_.Move(org, home, 20);
  std::vector<Outcome> outcomes =
      ledger_.ApplyBatch({{ledger_.NextId(), ReverseTransfer{seq, ""}},
                          {ledger_.NextId(), ReverseTransfer{seq, ""}}});
  EXPECT_TRUE(outcomes[0].ok());
  ExpectRefused(outcomes[1], absl::StatusCode::kFailedPrecondition,
                "ALREADY_REVERSED");
}

TEST_F(StateMachineTest, ReversalCannotOverdraw) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  uint64_t shop = ledger_.Open(kSupermarket);
  uint64_t award = ledger_.Move(org, home, 20);
  ledger_.Move(home, shop, 15);
  ExpectRefused(ledger_.Apply({ledger_.NextId(), ReverseTransfer{award, ""}}),
                absl::StatusCode::kFailedPrecondition, "INSUFFICIENT_POINTS");
  EXPECT_EQ(Balance(home), 5);
}

TEST_F(StateMachineTest, ReversingAnAccountOpeningOrUnknownEntryIsNotFound) {
  uint64_t org = ledger_.Open(kIssuance);
  ExpectRefused(ledger_.Apply({ledger_.NextId(), ReverseTransfer{org, ""}}),
                absl::StatusCode::kNotFound, "TRANSFER_NOT_FOUND");
  ExpectRefused(ledger_.Apply({ledger_.NextId(), ReverseTransfer{999, ""}}),
                absl::StatusCode::kNotFound, "TRANSFER_NOT_FOUND");
}

TEST_F(StateMachineTest, EveryEntryLinksToTheHashOfTheOneBefore) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  for (int i = 0; i < 5; ++i) ledger_.Move(org, home, i + 1);
  LedgerReader reader(db_.store());
  std::string previous = ZeroHash();
  for (uint64_t seq = 1; seq <= ledger_.head().last_sequence(); ++seq) {
    absl::StatusOr<EntryRecord> entry = reader.GetEntry(seq);
    ASSERT_TRUE(entry.ok());
    EXPECT_EQ(entry->previous_hash(), previous) << seq;
    EXPECT_EQ(entry->hash(), EntryHash(*entry)) << seq;
    previous = entry->hash();
  }
  EXPECT_EQ(ledger_.head().head_hash(), previous);
}

TEST_F(StateMachineTest, HistoryIsNewestFirstWithBalanceAfter) {
  uint64_t org = ledger_.Open(kIssuance);
  uint64_t home = ledger_.Open(kHousehold);
  ledger_.Move(org, home, 10);
  ledger_.Move(org, home, 5);
  ledger_.Move(home, org, 3);
  absl::StatusOr<std::vector<HistoryItem>> items =
      LedgerReader(db_.store()).ListHistory(home, UINT64_MAX, 10);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 3u);
  EXPECT_EQ((*items)[0].value.change, -3);
  EXPECT_EQ((*items)[0].value.balance_after, 12);
  EXPECT_EQ((*items)[2].value.change, 10);
  EXPECT_EQ((*items)[2].value.balance_after, 10);
  absl::StatusOr<std::vector<HistoryItem>> older =
      LedgerReader(db_.store())
          .ListHistory(home, (*items)[1].entry.sequence(), 10);
  ASSERT_TRUE(older.ok());
  ASSERT_EQ(older->size(), 1u);
  EXPECT_EQ((*older)[0].value.change, 10);
}

}  // namespace
}  // namespace jiamei::storage
