// Paper point cards as the sequencer applies them: issue into the unit's
// card float, redemption once into a household of the unit, voids, and the
// audit's replay of them.
#include "storage/cards/card_state.h"

#include "gtest/gtest.h"
#include "storage/core/refusal.h"
#include "storage/core/views.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_state.h"
#include "tests/unit/storage/store_fixture.h"

namespace jiamei::storage {
namespace {

class CardStateTest : public StoreFixture {
 protected:
  void SetUp() override {
    county_ = AddUnit(kLevelCounty, 0, "C1");
    township_ = AddUnit(kLevelTownship, county_, "T1");
    village_ = AddUnit(kLevelVillage, township_, "V1");
    other_township_ = AddUnit(kLevelTownship, county_, "T2");
    far_village_ = AddUnit(kLevelVillage, other_township_, "V9");
    household_ = AddHousehold(village_, "0001");
    outsider_ = AddHousehold(far_village_, "0009");
  }

  CardChange Issue(uint64_t unit, int32_t count, int64_t points) {
    CardChange change;
    change.mutable_issued()->set_unit(unit);
    change.mutable_issued()->set_count(count);
    change.mutable_issued()->set_points(points);
    change.mutable_issued()->set_note("for households without phones");
    return change;
  }
  CardChange Redeem(uint64_t card, uint64_t household) {
    CardChange change;
    change.mutable_redeemed()->set_card(card);
    change.mutable_redeemed()->set_household(household);
    return change;
  }
  CardChange Void(uint64_t card) {
    CardChange change;
    change.mutable_voided()->set_card(card);
    change.mutable_voided()->set_reason("lost in the rain");
    return change;
  }
  uint64_t IssuanceOf(uint64_t unit) {
    absl::StatusOr<UnitRecord> u =
        StoreViews(db_.store())
            .Require<UnitRecord>(Record::kUnit, unit, "", "");
    return u.ok() ? u->issuance_account() : 0;
  }
  int32_t StateOf(uint64_t card) {
    absl::StatusOr<CardRecord> record = FindCard(StoreViews(db_.store()), card);
    return record.ok() ? record->state() : -1;
  }
  // Expects `outcome` refused with `reason` and the head unmoved.
  void ExpectRefused(const Outcome& outcome, absl::string_view reason,
                     uint64_t head_before) {
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(RefusalReason(outcome.status()), reason) << outcome.status();
    EXPECT_EQ(ledger_.head().last_sequence(), head_before);
  }

  uint64_t county_ = 0, township_ = 0, village_ = 0, other_township_ = 0,
           far_village_ = 0;
  uint64_t household_ = 0, outsider_ = 0;
};

TEST_F(CardStateTest, FirstIssueOpensTheFloatAndMovesTheBatchsPointsIntoIt) {
  Outcome first = Apply(Issue(township_, 3, 20));
  ASSERT_TRUE(first.ok()) << first.status();
  const CardChange& change = first->card();
  ASSERT_TRUE(change.has_account());
  EXPECT_EQ(change.account().kind(), kKindCards);
  EXPECT_EQ(change.account().unit(), township_);
  const uint64_t float_account = change.account().account_id();
  EXPECT_EQ(change.issued().float_account(), float_account);
  EXPECT_EQ(change.issued().first_card(), 1u);
  ASSERT_EQ(change.transfers_size(), 1);
  EXPECT_EQ(change.transfers(0).amount(), 60);
  EXPECT_EQ(change.transfers(0).reason_code(), kCardIssueReasonCode);
  EXPECT_EQ(Balance(float_account), 60);
  EXPECT_EQ(Balance(IssuanceOf(township_)), -60);
  EXPECT_EQ(StateOf(3), kCardOutstanding);

  // The second batch uses the same float and continues the serials.
  Outcome second = Apply(Issue(township_, 2, 5));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_FALSE(second->card().has_account());
  EXPECT_EQ(second->card().issued().float_account(), float_account);
  EXPECT_EQ(second->card().issued().first_card(), 4u);
  EXPECT_EQ(Balance(float_account), 70);
  EXPECT_EQ(ledger_.head().last_card_id(), 5u);
}

TEST_F(CardStateTest, PlainTransfersNeverTouchTheFloat) {
  Outcome issued = Apply(Issue(township_, 2, 30));
  ASSERT_TRUE(issued.ok()) << issued.status();
  const uint64_t float_account = issued->card().issued().float_account();
  const uint64_t home = AccountOf(household_);
  ASSERT_TRUE(
      ledger_
          .Apply({ledger_.NextId(), MakeTransfer{IssuanceOf(township_), home,
                                                 50, "AWARD", "memo"}})
          .ok());
  const uint64_t head = ledger_.head().last_sequence();
  for (const MakeTransfer& t :
       {MakeTransfer{home, float_account, 5, "ADJUSTMENT", "into the float"},
        MakeTransfer{float_account, home, 5, "ADJUSTMENT", "out of it"}}) {
    ExpectRefused(ledger_.Apply({ledger_.NextId(), t}), "CARD_FLOAT_ACCOUNT",
                  head);
  }
  EXPECT_EQ(Balance(float_account), 60);
  EXPECT_EQ(Balance(home), 50);
}

TEST_F(CardStateTest, IssueOutOfRangeOrForAnUnknownUnitIsRefused) {
  const uint64_t head = ledger_.head().last_sequence();
  ExpectRefused(Apply(Issue(township_, 0, 10)), "INVALID_COUNT", head);
  ExpectRefused(Apply(Issue(township_, 1001, 10)), "INVALID_COUNT", head);
  ExpectRefused(Apply(Issue(township_, 1, 0)), "INVALID_POINTS", head);
  ExpectRefused(Apply(Issue(township_, 1, 100001)), "INVALID_POINTS", head);
  ExpectRefused(Apply(Issue(999, 1, 10)), "UNIT_NOT_FOUND", head);
}

TEST_F(CardStateTest, RedeemMovesTheCardsPointsOnceIntoTheHousehold) {
  Outcome issued = Apply(Issue(township_, 2, 30));
  ASSERT_TRUE(issued.ok()) << issued.status();
  const uint64_t float_account = issued->card().issued().float_account();
  Outcome redeemed = Apply(Redeem(1, household_));
  ASSERT_TRUE(redeemed.ok()) << redeemed.status();
  ASSERT_EQ(redeemed->card().transfers_size(), 1);
  EXPECT_EQ(redeemed->card().transfers(0).debit_account(), float_account);
  EXPECT_EQ(redeemed->card().transfers(0).credit_account(),
            AccountOf(household_));
  EXPECT_EQ(Balance(AccountOf(household_)), 30);
  EXPECT_EQ(Balance(float_account), 30);
  EXPECT_EQ(StateOf(1), kCardRedeemed);
  EXPECT_EQ(StateOf(2), kCardOutstanding);

  const uint64_t head = ledger_.head().last_sequence();
  ExpectRefused(Apply(Redeem(1, household_)), "CARD_ALREADY_USED", head);
  EXPECT_EQ(Balance(AccountOf(household_)), 30);
}

TEST_F(CardStateTest, RedeemOutsideTheIssuingUnitOrOfAnUnknownCardIsRefused) {
  ASSERT_TRUE(Apply(Issue(township_, 1, 30)).ok());
  const uint64_t head = ledger_.head().last_sequence();
  ExpectRefused(Apply(Redeem(1, outsider_)), "CARD_NOT_APPLICABLE", head);
  ExpectRefused(Apply(Redeem(7, household_)), "CARD_NOT_FOUND", head);
  ExpectRefused(Apply(Redeem(1, 999)), "HOUSEHOLD_NOT_FOUND", head);
  EXPECT_EQ(StateOf(1), kCardOutstanding);
}

TEST_F(CardStateTest, VoidReturnsThePointsToIssuanceAndIsRefusedAfterUse) {
  Outcome issued = Apply(Issue(village_, 2, 40));
  ASSERT_TRUE(issued.ok()) << issued.status();
  const uint64_t float_account = issued->card().issued().float_account();
  Outcome voided = Apply(Void(1));
  ASSERT_TRUE(voided.ok()) << voided.status();
  EXPECT_EQ(voided->card().transfers(0).credit_account(), IssuanceOf(village_));
  EXPECT_EQ(voided->card().transfers(0).reason_code(), kCardVoidReasonCode);
  EXPECT_EQ(Balance(float_account), 40);
  EXPECT_EQ(Balance(IssuanceOf(village_)), -40);
  EXPECT_EQ(StateOf(1), kCardVoided);

  ASSERT_TRUE(Apply(Redeem(2, household_)).ok());
  const uint64_t head = ledger_.head().last_sequence();
  ExpectRefused(Apply(Void(2)), "CARD_ALREADY_USED", head);
  ExpectRefused(Apply(Void(1)), "CARD_VOIDED", head);
  ExpectRefused(Apply(Redeem(1, household_)), "CARD_VOIDED", head);
  EXPECT_EQ(Balance(float_account), 0);
}

TEST_F(CardStateTest, CardEntriesCannotBeReversedAsPlainTransfers) {
  Outcome issued = Apply(Issue(township_, 1, 10));
  ASSERT_TRUE(issued.ok());
  Outcome reversal = ledger_.Apply(
      {ledger_.NextId(), ReverseTransfer{issued->sequence(), "undo"}});
  ASSERT_FALSE(reversal.ok());
  EXPECT_EQ(RefusalReason(reversal.status()), "NOT_A_PLAIN_TRANSFER");
}

TEST_F(CardStateTest, AuditReplaysCardsAndFindsADamagedCardRecord) {
  ASSERT_TRUE(Apply(Issue(township_, 3, 25)).ok());
  ASSERT_TRUE(Apply(Issue(village_, 1, 5)).ok());
  ASSERT_TRUE(Apply(Redeem(1, household_)).ok());
  ASSERT_FALSE(Apply(Redeem(1, household_)).ok());
  ASSERT_TRUE(Apply(Void(2)).ok());
  ASSERT_FALSE(Apply(Void(1)).ok());
  ASSERT_FALSE(Apply(Redeem(2, household_)).ok());
  ASSERT_TRUE(Apply(Redeem(4, household_)).ok());
  jiamei::v1::AuditReport clean = Audit();
  EXPECT_TRUE(clean.clean()) << clean.DebugString();

  // Card 3 made to look redeemed, so its points could be issued again.
  absl::StatusOr<CardRecord> record = FindCard(StoreViews(db_.store()), 3);
  ASSERT_TRUE(record.ok());
  record->set_state(kCardRedeemed);
  record->set_household(household_);
  Damage(Record::kCard, 3, *record);
  ExpectAuditFindsRegistryMismatch();
}

TEST_F(CardStateTest, ListingByStateFollowsRedemptionsAndVoids) {
  ASSERT_TRUE(Apply(Issue(township_, 4, 10)).ok());
  ASSERT_TRUE(Apply(Redeem(2, household_)).ok());
  ASSERT_TRUE(Apply(Void(3)).ok());
  using Ids = std::vector<uint64_t>;
  EXPECT_EQ(*ListCardIds(db_.store(), township_, 0, 0, 10), (Ids{1, 2, 3, 4}));
  EXPECT_EQ(*ListCardIds(db_.store(), township_, kCardOutstanding, 0, 10),
            (Ids{1, 4}));
  EXPECT_EQ(*ListCardIds(db_.store(), township_, kCardRedeemed, 0, 10),
            (Ids{2}));
  EXPECT_EQ(*ListCardIds(db_.store(), township_, kCardVoided, 0, 10), (Ids{3}));
  EXPECT_EQ(*ListCardIds(db_.store(), township_, 0, 2, 1), (Ids{3}));
  EXPECT_TRUE(ListCardIds(db_.store(), village_, 0, 0, 10)->empty());
}

}  // namespace
}  // namespace jiamei::storage
