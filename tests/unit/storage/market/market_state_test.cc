// The supermarket's rules as the sequencer applies them: awards and caps,
// batches, stock, redemptions and voids, and the audit's replay of them.
#include "storage/market/market_state.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "storage/audit/audit.h"
#include "storage/core/refusal.h"
#include "storage/core/views.h"
#include "storage/registry/registry_keys.h"
#include "tests/unit/storage/expect_refusal.h"
#include "tests/unit/storage/market/market_fixture.h"

namespace jiamei::storage {
namespace {

using MarketStateTest = MarketFixture;

TEST_F(MarketStateTest, AwardMovesRulePointsFromTheRuleUnitsIssuance) {
  const uint64_t rule = PublishRule();
  Outcome outcome = Apply(Award(household_, rule));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  ASSERT_EQ(outcome->market().transfers_size(), 1);
  const TransferBody& t = outcome->market().transfers(0);
  EXPECT_EQ(t.amount(), 10);
  EXPECT_EQ(t.reason_code(), kAwardReasonCode);
  EXPECT_EQ(outcome->market().awards_made().lines(0).rule_version(), 1);
  EXPECT_EQ(Balance(AccountOf(household_)), 10);
  EXPECT_EQ(Balance(t.debit_account()), -10);
}

TEST_F(MarketStateTest, MonthlyCapRefusesTheThirdAwardAndWritesNothing) {
  const uint64_t rule = PublishRule();
  ASSERT_TRUE(Apply(Award(household_, rule)).ok());
  ASSERT_TRUE(Apply(Award(household_, rule)).ok());
  const uint64_t before = ledger_.head().last_sequence();
  Outcome third = Apply(Award(household_, rule));
  EXPECT_EQ(RefusalReason(third.status()), "CAP_REACHED");
  EXPECT_EQ(ledger_.head().last_sequence(), before);
  EXPECT_EQ(Balance(AccountOf(household_)), 20);
}

TEST_F(MarketStateTest, AwardOutsideTheRulesUnitsOrValidityIsRefused) {
  Outcome published = Apply(OtherVillageRule());
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(
      RefusalReason(Apply(Award(household_,
                                published->market().rule_published().rule_id()))
                        .status()),
      "RULE_NOT_APPLICABLE");
  const uint64_t expired = PublishRule("2020-12-31");
  EXPECT_EQ(RefusalReason(Apply(Award(household_, expired)).status()),
            "RULE_NOT_VALID");
}

TEST_F(MarketStateTest, BatchRecordsRefusedLinesBesideAcceptedOnes) {
  const uint64_t rule = PublishRule();
  ASSERT_TRUE(Apply(Award(household_, rule)).ok());
  ASSERT_TRUE(Apply(Award(household_, rule)).ok());
  MarketChange batch = Award(household_, rule, /*batch=*/true);
  *batch.mutable_awards_made()->add_lines() =
      Award(neighbour_, rule).awards_made().lines(0);
  Outcome outcome = Apply(batch);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  const AwardsMade& lines = outcome->market().awards_made();
  EXPECT_EQ(lines.lines(0).refusal_reason(), "CAP_REACHED");
  EXPECT_TRUE(lines.lines(1).refusal_reason().empty());
  EXPECT_EQ(outcome->market().transfers_size(), 1);
  EXPECT_EQ(Balance(AccountOf(neighbour_)), 10);
}

TEST_F(MarketStateTest, RedemptionTakesPointsAndStockTogether) {
  const uint64_t rule = PublishRule();
  ASSERT_TRUE(Apply(Award(household_, rule)).ok());
  ASSERT_TRUE(Apply(Award(household_, rule)).ok());
  const uint64_t good = StockedGood();
  Outcome redeemed = Apply(Redeem(household_, good, 1));
  ASSERT_TRUE(redeemed.ok()) << redeemed.status();
  EXPECT_EQ(Balance(AccountOf(household_)), 5);
  EXPECT_EQ(Balance(site_account_), 15);
  EXPECT_EQ(Stock(good), 2);
  EXPECT_EQ(redeemed->market().redeemed().lines(0).price(), 15);
}

TEST_F(MarketStateTest, RedemptionShortOfPointsOrStockChangesNothing) {
  const uint64_t rule = PublishRule();
  ASSERT_TRUE(Apply(Award(household_, rule)).ok());
  const uint64_t good = StockedGood();
  const uint64_t before = ledger_.head().last_sequence();
  EXPECT_EQ(RefusalReason(Apply(Redeem(household_, good, 1)).status()),
            "INSUFFICIENT_POINTS");
  EXPECT_EQ(RefusalReason(Apply(Redeem(household_, good, 4)).status()),
            "INSUFFICIENT_STOCK");
  EXPECT_EQ(RefusalReason(Apply(Redeem(neighbour_, good, 1)).status()),
            "SITE_DOES_NOT_SERVE");
  EXPECT_EQ(ledger_.head().last_sequence(), before);
  EXPECT_EQ(Stock(good), 3);
  EXPECT_EQ(Balance(AccountOf(household_)), 10);
}

TEST_F(MarketStateTest, VoidRestoresPointsAndStockOnce) {
  const uint64_t rule = PublishRule();
  const uint64_t good = StockedGood();
  Outcome redeemed = RedeemOneAfterTwoAwards(rule, good);
  ASSERT_TRUE(redeemed.ok());
  const MarketChange void_change = VoidOf(redeemed, "wrong household");
  ASSERT_TRUE(Apply(void_change).ok());
  EXPECT_EQ(Balance(AccountOf(household_)), 20);
  EXPECT_EQ(Stock(good), 3);
  EXPECT_EQ(RefusalReason(Apply(void_change).status()), "ALREADY_VOIDED");
  // The ledger's own reversal does not apply to supermarket entries.
  EXPECT_EQ(
      RefusalReason(ledger_
                        .Apply({ledger_.NextId(),
                                ReverseTransfer{redeemed->sequence(), ""}})
                        .status()),
      "NOT_A_PLAIN_TRANSFER");
}

TEST_F(MarketStateTest, AuditReplaysTheSupermarketAndFindsADamagedStockRecord) {
  const uint64_t rule = PublishRule();
  const uint64_t good = StockedGood();
  Outcome redeemed = RedeemOneAfterTwoAwards(rule, good);
  ASSERT_TRUE(redeemed.ok());
  const MarketChange void_change = VoidOf(redeemed, "wrong goods");
  ASSERT_TRUE(Apply(void_change).ok());
  ASSERT_TRUE(Apply(Award(neighbour_, rule, /*batch=*/true)).ok());
  MarketChange revision;
  revision.mutable_rule_revised()->set_rule_id(rule);
  *revision.mutable_rule_revised()->mutable_rule() =
      FindRule(StoreViews(db_.store()), rule)->versions(0).rule();
  revision.mutable_rule_revised()->mutable_rule()->clear_unit();
  revision.mutable_rule_revised()->mutable_rule()->clear_code();
  revision.mutable_rule_revised()->mutable_rule()->set_points(12);
  ASSERT_TRUE(Apply(revision).ok());
  jiamei::v1::AuditReport clean = Audit();
  EXPECT_TRUE(clean.clean()) << clean.DebugString();

  absl::StatusOr<GoodRecord> record = FindGood(StoreViews(db_.store()), good);
  ASSERT_TRUE(record.ok());
  record->set_stock(record->stock() + 5);  // goods appearing from nowhere
  Damage(Record::kGood, good, *record);
  ExpectAuditFindsRegistryMismatch();
}

TEST_F(MarketStateTest, DaysAreCountedInChinaStandardTime) {
  // 2026-01-31 16:30 UTC is already 1 February in Beijing.
  const int64_t micros = absl::ToUnixMicros(absl::FromCivil(
      absl::CivilSecond(2026, 1, 31, 16, 30, 0), absl::UTCTimeZone()));
  EXPECT_EQ(MarketDay(micros), absl::CivilDay(2026, 2, 1));
}

// Every refusal of market_errors.h that the supermarket's own changes give,
// with its message (TigerBeetle's "every outcome" test); stocktakes' are in
// stocktake_test.cc.
TEST_F(MarketStateTest, EveryRefusalOfTheSupermarketIsReachedWithItsMessage) {
  const auto expect = ::jiamei::testing::ExpectRefusal;
  expect(Apply(MarketChange()).status(), "INVALID_CHANGE",
         "no supermarket change given");
  expect(Apply(Award(household_, 99)).status(), "RULE_NOT_FOUND",
         "rules/99 does not exist");
  const uint64_t rule = PublishRule();
  MarketChange again;
  again.mutable_rule_published()->mutable_rule()->set_unit(township_);
  again.mutable_rule_published()->mutable_rule()->set_code("HYG-01");
  expect(Apply(again).status(), "RULE_CODE_TAKEN",
         absl::StrCat("units/", township_, " already has a rule HYG-01"));
  MarketChange twice = Award(household_, rule);
  *twice.mutable_awards_made()->add_lines() = twice.awards_made().lines(0);
  expect(Apply(twice).status(), "DUPLICATE_LINE",
         absl::StrCat("households/", household_, " and rules/", rule,
                      " appear twice"));

  MarketChange site;
  site.mutable_site_created()->set_unit(county_);
  expect(Apply(site).status(), "NOT_A_SITE_UNIT",
         "a site belongs to a township or a village");
  site.mutable_site_created()->set_unit(township_);
  site.mutable_site_created()->add_villages(township_);
  expect(Apply(site).status(), "NOT_A_VILLAGE",
         absl::StrCat("units/", township_, " is not a village"));
  site.mutable_site_created()->set_unit(village_);
  site.mutable_site_created()->set_villages(0, other_village_);
  expect(Apply(site).status(), "VILLAGE_OUTSIDE_SITE",
         absl::StrCat("units/", other_village_, " is not within units/",
                      village_));

  const uint64_t good = StockedGood();
  const std::string rice = absl::StrCat("goods/", good);
  MarketChange loss;
  loss.mutable_stock_moved()->set_good_id(good);
  loss.mutable_stock_moved()->set_kind(kStockLoss);
  loss.mutable_stock_moved()->set_change(-5);
  expect(Apply(loss).status(), "INSUFFICIENT_STOCK",
         rice + " has 3 in stock; the change is -5");
  expect(Apply(Redeem(household_, good, 4)).status(), "INSUFFICIENT_STOCK",
         rice + " (Rice 5 kg) has 3 bag in stock, 4 asked");
  MarketChange doubled = Redeem(household_, good, 1);
  *doubled.mutable_redeemed()->add_lines() = doubled.redeemed().lines(0);
  expect(Apply(doubled).status(), "DUPLICATE_LINE", rice + " appears twice");

  // A good of another site, and goods so dear that a redemption's total
  // does not fit.
  auto add_good = [&](uint64_t at, int64_t price) {
    MarketChange add;
    add.mutable_good_added()->set_site(at);
    add.mutable_good_added()->mutable_good()->set_display_name("Oil 1 l");
    add.mutable_good_added()->mutable_good()->set_measure("bottle");
    add.mutable_good_added()->mutable_good()->set_price(price);
    add.mutable_good_added()->mutable_good()->set_active(true);
    Outcome added = Apply(add);
    EXPECT_TRUE(added.ok()) << added.status();
    const uint64_t id = added.ok() ? added->market().good_added().good_id() : 0;
    MarketChange stock;
    stock.mutable_stock_moved()->set_good_id(id);
    stock.mutable_stock_moved()->set_kind(kStockDonation);
    stock.mutable_stock_moved()->set_change(1);
    EXPECT_TRUE(Apply(stock).ok());
    return id;
  };
  MarketChange village_site;
  village_site.mutable_site_created()->set_unit(village_);
  village_site.mutable_site_created()->add_villages(village_);
  Outcome made = Apply(village_site);
  ASSERT_TRUE(made.ok()) << made.status();
  const uint64_t other_site = made->market().site_created().site_id();
  const uint64_t elsewhere = add_good(other_site, 5);
  expect(Apply(Redeem(household_, elsewhere, 1)).status(), "GOOD_NOT_AT_SITE",
         absl::StrCat("goods/", elsewhere, " belongs to sites/", other_site));
  MarketChange dear = Redeem(household_, add_good(site_, int64_t{1} << 62), 1);
  *dear.mutable_redeemed()->add_lines() =
      Redeem(household_, add_good(site_, int64_t{1} << 62), 1)
          .redeemed()
          .lines(0);
  expect(Apply(dear).status(), "INVALID_QUANTITY",
         "the redemption's total is too large");
  MarketChange withdrawn;
  withdrawn.mutable_good_revised()->set_good_id(good);
  withdrawn.mutable_good_revised()->mutable_good()->set_display_name(
      "Rice 5 kg");
  withdrawn.mutable_good_revised()->mutable_good()->set_price(15);
  withdrawn.mutable_good_revised()->mutable_good()->set_active(false);
  ASSERT_TRUE(Apply(withdrawn).ok());
  expect(Apply(Redeem(household_, good, 1)).status(), "GOOD_INACTIVE",
         rice + " (Rice 5 kg) is not offered");

  MarketChange void_change;
  void_change.mutable_redemption_voided()->set_redemption_id(99);
  expect(Apply(void_change).status(), "REDEMPTION_NOT_FOUND",
         "redemptions/99 does not exist");
  expect(FindStocktake(StoreViews(db_.store()), 99).status(),
         "STOCKTAKE_NOT_FOUND", "stocktakes/99 does not exist");
  EXPECT_TRUE(Audit().clean());
}

// ---- Deductions (issue 6): rules that take points. The rest of points
// policy is tested in tests/unit/storage/policy/policy_state_test.cc.

TEST_F(MarketStateTest, DeductionTakesWhatTheBalanceHoldsAndRecordsShortfall) {
  ASSERT_TRUE(Apply(Award(household_, PublishRule())).ok());
  Outcome deducted = Apply(Award(household_, PublishDeduction()));
  ASSERT_TRUE(deducted.ok()) << deducted.status();
  const AwardLine& line = deducted->market().awards_made().lines(0);
  EXPECT_EQ(line.points(), -10);
  EXPECT_EQ(line.shortfall(), 5);
  ASSERT_EQ(deducted->market().transfers_size(), 1);
  EXPECT_EQ(deducted->market().transfers(0).reason_code(),
            kDeductionReasonCode);
  EXPECT_EQ(deducted->market().transfers(0).debit_account(),
            AccountOf(household_));
  EXPECT_EQ(Balance(AccountOf(household_)), 0);
  // Honour counts the whole deduction, also what the balance lacked.
  EXPECT_EQ(Honour(household_), 10 - 15);
  EXPECT_TRUE(Audit().clean());
}

TEST_F(MarketStateTest, DeductionFromAnEmptyHouseholdMovesNothingButIsKept) {
  Outcome deducted = Apply(Award(household_, PublishDeduction()));
  ASSERT_TRUE(deducted.ok()) << deducted.status();
  EXPECT_EQ(deducted->market().transfers_size(), 0);
  EXPECT_EQ(deducted->market().awards_made().lines(0).shortfall(), 15);
  EXPECT_EQ(Balance(AccountOf(household_)), 0);
  EXPECT_EQ(Honour(household_), -15);
}

TEST_F(MarketStateTest, DeductionInABatchSeesTheEarlierLinesOfTheBatch) {
  MarketChange batch = Award(household_, PublishRule(), /*batch=*/true);
  AwardLine* deduction = batch.mutable_awards_made()->add_lines();
  deduction->set_household(household_);
  deduction->set_rule(PublishDeduction());
  Outcome outcome = Apply(batch);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->market().awards_made().lines(1).points(), -10);
  EXPECT_EQ(Balance(AccountOf(household_)), 0);
}

}  // namespace
}  // namespace jiamei::storage
