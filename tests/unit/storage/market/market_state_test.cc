// The supermarket's rules as the sequencer applies them: awards and caps,
// batches, stock, redemptions and voids, and the audit's replay of them.
#include "storage/market/market_state.h"

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "storage/audit/audit.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/policy/lots.h"
#include "storage/policy/policy_state.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_state.h"
#include "storage/core/views.h"
#include "tests/unit/storage/test_store.h"

namespace jiamei::storage {
namespace {

using ::jiamei::testing::TestLedger;
using ::jiamei::testing::TestStore;

class MarketStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    county_ = AddUnit(kLevelCounty, 0, "C1");
    township_ = AddUnit(kLevelTownship, county_, "T1");
    village_ = AddUnit(kLevelVillage, township_, "V1");
    other_village_ = AddUnit(kLevelVillage, township_, "V2");
    household_ = AddHousehold(village_, "0001");
    neighbour_ = AddHousehold(other_village_, "0002");
  }

  uint64_t AddUnit(int32_t level, uint64_t parent, const std::string& code) {
    return ledger_.AddUnit(level, parent, code);
  }
  uint64_t AddHousehold(uint64_t village, const std::string& number) {
    return ledger_.AddHousehold(village, number);
  }
  Outcome Apply(const MarketChange& change) {
    return ledger_.Apply({ledger_.NextId(), change});
  }
  // A rule of the township: 10 points, at most 20 a month.
  uint64_t PublishRule(const std::string& valid_to = "",
                       const std::string& code = "HYG-01") {
    MarketChange change;
    RuleFields* rule = change.mutable_rule_published()->mutable_rule();
    rule->set_unit(township_);
    rule->set_code(code);
    rule->set_display_name("Courtyard hygiene");
    rule->set_category(1);
    rule->set_points(10);
    rule->set_cap_period(kCapMonth);
    rule->set_cap_points(20);
    rule->set_valid_from("2020-01-01");
    rule->set_valid_to(valid_to);
    Outcome outcome = Apply(change);
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? outcome->market().rule_published().rule_id() : 0;
  }
  MarketChange Award(uint64_t household, uint64_t rule, bool batch = false) {
    MarketChange change;
    AwardsMade* awards = change.mutable_awards_made();
    awards->set_batch(batch);
    AwardLine* line = awards->add_lines();
    line->set_household(household);
    line->set_rule(rule);
    line->set_note("checked");
    return change;
  }
  // A site serving the first village, with one good of price 15 and 3 in
  // stock; returns the good.
  uint64_t StockedGood() {
    MarketChange site;
    site.mutable_site_created()->set_unit(township_);
    site.mutable_site_created()->set_display_name("T1 points supermarket");
    site.mutable_site_created()->add_villages(village_);
    Outcome created = Apply(site);
    EXPECT_TRUE(created.ok()) << created.status();
    site_ = created->market().site_created().site_id();
    site_account_ = created->market().account().account_id();
    MarketChange good;
    good.mutable_good_added()->set_site(site_);
    good.mutable_good_added()->mutable_good()->set_display_name("Rice 5 kg");
    good.mutable_good_added()->mutable_good()->set_measure("bag");
    good.mutable_good_added()->mutable_good()->set_price(15);
    good.mutable_good_added()->mutable_good()->set_active(true);
    Outcome added = Apply(good);
    EXPECT_TRUE(added.ok()) << added.status();
    const uint64_t id = added->market().good_added().good_id();
    MarketChange stock;
    stock.mutable_stock_moved()->set_good_id(id);
    stock.mutable_stock_moved()->set_kind(kStockDonation);
    stock.mutable_stock_moved()->set_change(3);
    EXPECT_TRUE(Apply(stock).ok());
    return id;
  }
  MarketChange Redeem(uint64_t household, uint64_t good, int64_t quantity) {
    MarketChange change;
    change.mutable_redeemed()->set_site(site_);
    change.mutable_redeemed()->set_household(household);
    RedeemedLine* line = change.mutable_redeemed()->add_lines();
    line->set_good(good);
    line->set_quantity(quantity);
    return change;
  }
  // A township rule that takes 15 points (扣分).
  uint64_t PublishDeduction() {
    MarketChange change;
    RuleFields* rule = change.mutable_rule_published()->mutable_rule();
    rule->set_unit(township_);
    rule->set_code("LITTER");
    rule->set_display_name("Littering");
    rule->set_category(1);
    rule->set_points(15);
    rule->set_valid_from("2020-01-01");
    rule->set_deduction(true);
    Outcome outcome = Apply(change);
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? outcome->market().rule_published().rule_id() : 0;
  }
  uint64_t AddOperator(const std::string& login, int32_t role) {
    RegistryChange change;
    OperatorCreated* op = change.mutable_operator_created();
    op->set_login(login);
    op->set_display_name(login);
    op->set_role(role);
    op->set_scope_unit(village_);
    Outcome outcome = ledger_.Apply({ledger_.NextId(), change});
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? outcome->registry().operator_created().operator_id()
                        : 0;
  }
  template <typename Change>
  Outcome ApplyAs(uint64_t actor, const Change& change) {
    Command command{ledger_.NextId(), change};
    command.actor = actor;
    return ledger_.Apply(command);
  }
  PolicyChange Decision(uint64_t approval, bool approve) {
    PolicyChange change;
    change.mutable_decided()->set_approval_id(approval);
    change.mutable_decided()->set_approved(approve);
    change.mutable_decided()->set_note("seen");
    return change;
  }
  int64_t Honour(uint64_t household) {
    HonourRecord honour;
    EXPECT_TRUE(db_.store()
                    ->GetProto(Cf::kRegistry,
                               RecordKey(Record::kHonour, household), &honour)
                    .ok());
    return honour.score();
  }
  int64_t Balance(uint64_t account) {
    absl::StatusOr<AccountView> view =
        LedgerReader(db_.store()).GetAccount(account);
    EXPECT_TRUE(view.ok()) << view.status();
    return view.ok() ? view->balance.balance() : -1;
  }
  uint64_t AccountOf(uint64_t household) {
    absl::StatusOr<HouseholdRecord> h =
        StoreViews(db_.store())
            .Require<HouseholdRecord>(Record::kHousehold, household, "", "");
    return h.ok() ? h->account() : 0;
  }
  int64_t Stock(uint64_t good) {
    absl::StatusOr<GoodRecord> record = FindGood(StoreViews(db_.store()), good);
    return record.ok() ? record->stock() : -1;
  }
  jiamei::v1::AuditReport Audit() {
    absl::StatusOr<jiamei::v1::AuditReport> report = RunAudit(*db_.store());
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : jiamei::v1::AuditReport();
  }

  TestStore db_;
  TestLedger ledger_{db_.store()};
  uint64_t county_ = 0, township_ = 0, village_ = 0, other_village_ = 0;
  uint64_t household_ = 0, neighbour_ = 0;
  uint64_t site_ = 0, site_account_ = 0;
};

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
  MarketChange village_rule;
  RuleFields* r = village_rule.mutable_rule_published()->mutable_rule();
  r->set_unit(other_village_);
  r->set_code("V2-ONLY");
  r->set_display_name("V2 only");
  r->set_category(1);
  r->set_points(5);
  r->set_valid_from("2020-01-01");
  Outcome published = Apply(village_rule);
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
  ASSERT_TRUE(Apply(Award(household_, rule)).ok());
  ASSERT_TRUE(Apply(Award(household_, rule)).ok());
  const uint64_t good = StockedGood();
  Outcome redeemed = Apply(Redeem(household_, good, 1));
  ASSERT_TRUE(redeemed.ok());
  MarketChange void_change;
  void_change.mutable_redemption_voided()->set_redemption_id(
      redeemed->market().redeemed().redemption_id());
  void_change.mutable_redemption_voided()->set_reason("wrong household");
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
  ASSERT_TRUE(Apply(Award(household_, rule)).ok());
  ASSERT_TRUE(Apply(Award(household_, rule)).ok());
  const uint64_t good = StockedGood();
  Outcome redeemed = Apply(Redeem(household_, good, 1));
  ASSERT_TRUE(redeemed.ok());
  MarketChange void_change;
  void_change.mutable_redemption_voided()->set_redemption_id(
      redeemed->market().redeemed().redemption_id());
  void_change.mutable_redemption_voided()->set_reason("wrong goods");
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
  rocksdb::WriteBatch batch;
  batch.Put(db_.store()->handle(Cf::kRegistry), RecordKey(Record::kGood, good),
            record->SerializeAsString());
  ASSERT_TRUE(db_.store()->Write(&batch).ok());
  jiamei::v1::AuditReport damaged = Audit();
  EXPECT_FALSE(damaged.clean());
  ASSERT_GT(damaged.discrepancies_size(), 0);
  EXPECT_EQ(damaged.discrepancies(0).kind(), "REGISTRY_MISMATCH");
}

TEST_F(MarketStateTest, DaysAreCountedInChinaStandardTime) {
  // 2026-01-31 16:30 UTC is already 1 February in Beijing.
  const int64_t micros = absl::ToUnixMicros(absl::FromCivil(
      absl::CivilSecond(2026, 1, 31, 16, 30, 0), absl::UTCTimeZone()));
  EXPECT_EQ(MarketDay(micros), absl::CivilDay(2026, 2, 1));
}

// ---- Points policy (issue 6): deductions, approvals, deadlines, honour.

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

TEST_F(MarketStateTest, GroupLeadersAwardWaitsUntilAnotherOfficerApproves) {
  const uint64_t leader = AddOperator("leader", kRoleGroupLeader);
  const uint64_t officer = AddOperator("officer", 3);
  const uint64_t rule = PublishRule();
  Outcome proposed = ApplyAs(leader, Award(household_, rule));
  ASSERT_TRUE(proposed.ok()) << proposed.status();
  ASSERT_TRUE(proposed->policy().has_proposed());
  const uint64_t approval = proposed->policy().proposed().approval_id();
  EXPECT_EQ(proposed->policy().proposed().unit(), village_);
  EXPECT_EQ(Balance(AccountOf(household_)), 0);

  const uint64_t before = ledger_.head().last_sequence();
  EXPECT_EQ(RefusalReason(ApplyAs(leader, Decision(approval, true)).status()),
            "SELF_APPROVAL");
  EXPECT_EQ(ledger_.head().last_sequence(), before);

  Outcome approved = ApplyAs(officer, Decision(approval, true));
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(Balance(AccountOf(household_)), 10);
  EXPECT_EQ(Honour(household_), 10);
  absl::StatusOr<ApprovalRecord> record =
      FindApproval(StoreViews(db_.store()), approval);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->state(), kApprovalApproved);
  EXPECT_EQ(record->decider(), officer);
  EXPECT_EQ(record->proposer(), leader);

  EXPECT_EQ(RefusalReason(ApplyAs(officer, Decision(approval, true)).status()),
            "ALREADY_DECIDED");
  EXPECT_EQ(Balance(AccountOf(household_)), 10);
  EXPECT_TRUE(Audit().clean());
}

TEST_F(MarketStateTest, RejectedProposalMovesNoPoints) {
  const uint64_t leader = AddOperator("leader", kRoleGroupLeader);
  const uint64_t officer = AddOperator("officer", 3);
  Outcome proposed = ApplyAs(leader, Award(household_, PublishRule()));
  ASSERT_TRUE(proposed.ok()) << proposed.status();
  Outcome rejected = ApplyAs(
      officer, Decision(proposed->policy().proposed().approval_id(), false));
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(Balance(AccountOf(household_)), 0);
  EXPECT_EQ(Honour(household_), 0);
  EXPECT_TRUE(Audit().clean());
}

TEST_F(MarketStateTest,
       GroupLeaderCannotProposeARuleOutsideTheHouseholdsUnits) {
  const uint64_t leader = AddOperator("leader", kRoleGroupLeader);
  MarketChange village_rule;
  RuleFields* r = village_rule.mutable_rule_published()->mutable_rule();
  r->set_unit(other_village_);
  r->set_code("V2-ONLY");
  r->set_display_name("V2 only");
  r->set_category(1);
  r->set_points(5);
  r->set_valid_from("2020-01-01");
  r->set_deduction(true);
  Outcome published = Apply(village_rule);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(
      RefusalReason(
          ApplyAs(leader, Award(household_,
                                published->market().rule_published().rule_id()))
              .status()),
      "RULE_NOT_APPLICABLE");
}

TEST_F(MarketStateTest, AwardAfterTheDeadlineNeedsAReasonAndWaitsForApproval) {
  PolicyChange policy;
  policy.mutable_policy_set()->mutable_policy()->set_unit(township_);
  policy.mutable_policy_set()->mutable_policy()->set_recording_deadline_days(
      10);
  ASSERT_TRUE(ApplyAs(0, policy).ok());
  MarketChange late = Award(household_, PublishRule());
  late.mutable_awards_made()->set_event_date(
      absl::FormatCivilTime(MarketDay(absl::ToUnixMicros(absl::Now())) - 30));
  EXPECT_EQ(RefusalReason(Apply(late).status()), "LATE_REASON_REQUIRED");
  late.mutable_awards_made()->set_late_reason("the officer was ill");
  Outcome proposed = Apply(late);
  ASSERT_TRUE(proposed.ok()) << proposed.status();
  ASSERT_TRUE(proposed->policy().has_proposed());
  EXPECT_TRUE(proposed->policy().proposed().late());
  EXPECT_EQ(Balance(AccountOf(household_)), 0);
  // The same award for a recent event is made at once.
  MarketChange recent = Award(household_, PublishRule("", "HYG-02"));
  recent.mutable_awards_made()->set_event_date(
      absl::FormatCivilTime(MarketDay(absl::ToUnixMicros(absl::Now())) - 1));
  Outcome made = Apply(recent);
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_TRUE(made->has_market());
}

TEST(RecordingDeadlineTest, CountsWorkingDaysMondayToFriday) {
  // Friday 2026-11-27 + 1 working day is Monday 2026-11-30.
  EXPECT_EQ(RecordingDeadline(absl::CivilDay(2026, 11, 27), 1),
            absl::CivilDay(2026, 11, 30));
  // Monday 2026-11-02 + 10 working days is Monday 2026-11-16.
  EXPECT_EQ(RecordingDeadline(absl::CivilDay(2026, 11, 2), 10),
            absl::CivilDay(2026, 11, 16));
}

TEST_F(MarketStateTest, AuditReplaysPoliciesApprovalsAndHonour) {
  const uint64_t leader = AddOperator("leader", kRoleGroupLeader);
  const uint64_t officer = AddOperator("officer", 3);
  PolicyChange policy;
  policy.mutable_policy_set()->mutable_policy()->set_unit(village_);
  policy.mutable_policy_set()->mutable_policy()->set_anonymous_rankings(true);
  ASSERT_TRUE(ApplyAs(0, policy).ok());
  Outcome proposed = ApplyAs(leader, Award(household_, PublishRule()));
  ASSERT_TRUE(proposed.ok()) << proposed.status();
  ASSERT_TRUE(
      ApplyAs(officer,
              Decision(proposed->policy().proposed().approval_id(), true))
          .ok());
  ASSERT_TRUE(Apply(Award(household_, PublishDeduction())).ok());
  ASSERT_TRUE(Audit().clean());

  HonourRecord forged;
  forged.set_score(1000);  // honour from nowhere
  rocksdb::WriteBatch batch;
  batch.Put(db_.store()->handle(Cf::kRegistry),
            RecordKey(Record::kHonour, household_), forged.SerializeAsString());
  ASSERT_TRUE(db_.store()->Write(&batch).ok());
  jiamei::v1::AuditReport damaged = Audit();
  EXPECT_FALSE(damaged.clean());
  ASSERT_GT(damaged.discrepancies_size(), 0);
  EXPECT_EQ(damaged.discrepancies(0).kind(), "REGISTRY_MISMATCH");
}

// ---- Expiry (issue 6): oldest points first, once per period.

class ExpiryTest : public MarketStateTest {
 protected:
  void SetUp() override {
    MarketStateTest::SetUp();
    PolicyChange policy;
    PolicyFields* fields = policy.mutable_policy_set()->mutable_policy();
    fields->set_unit(township_);
    fields->mutable_expiry()->set_mode(kExpiryAfterDays);
    fields->mutable_expiry()->set_days(30);
    ASSERT_TRUE(ApplyAs(0, policy).ok());
  }
  // An award of 10 points for an event `days_ago` days before today.
  void AwardEarned(const std::string& code, int days_ago) {
    MarketChange award = Award(household_, PublishRule("", code));
    award.mutable_awards_made()->set_event_date(
        absl::FormatCivilTime(Today() - days_ago));
    Outcome outcome = Apply(award);
    ASSERT_TRUE(outcome.ok()) << outcome.status();
  }
  absl::CivilDay Today() { return MarketDay(absl::ToUnixMicros(absl::Now())); }
  Outcome Expire(int32_t chunk) {
    PolicyChange change;
    PointsExpired* expired = change.mutable_expired();
    expired->set_village(village_);
    expired->set_as_of(absl::FormatCivilTime(Today()));
    expired->set_chunk(chunk);
    expired->add_households()->set_household(household_);
    return ApplyAs(0, change);
  }
};

TEST_F(ExpiryTest, ExpiryTakesOnlyPointsEarnedBeforeTheCutoffOnce) {
  AwardEarned("OLD", 40);
  AwardEarned("NEW", 5);
  Outcome expired = Expire(0);
  ASSERT_TRUE(expired.ok()) << expired.status();
  EXPECT_EQ(expired->policy().expired().households(0).points(), 10);
  ASSERT_EQ(expired->policy().transfers_size(), 1);
  EXPECT_EQ(expired->policy().transfers(0).reason_code(), kExpiryReasonCode);
  EXPECT_EQ(Balance(AccountOf(household_)), 10);
  // Honour is never reduced by expiry.
  EXPECT_EQ(Honour(household_), 20);

  const uint64_t before = ledger_.head().last_sequence();
  EXPECT_EQ(RefusalReason(Expire(0).status()), "EXPIRY_ALREADY_RUN");
  EXPECT_EQ(ledger_.head().last_sequence(), before);
  EXPECT_TRUE(Audit().clean());
}

TEST_F(ExpiryTest, SpendingTakesTheOldestPointsFirst) {
  AwardEarned("OLD", 40);
  AwardEarned("NEW", 5);
  // A deduction of 15 takes the old 10 and 5 of the new.
  ASSERT_TRUE(Apply(Award(household_, PublishDeduction())).ok());
  absl::StatusOr<LotsRecord> lots =
      FindLots(StoreViews(db_.store()), AccountOf(household_));
  ASSERT_TRUE(lots.ok()) << lots.status();
  ASSERT_EQ(lots->lots_size(), 1);
  EXPECT_EQ(lots->lots(0).points(), 5);
  Outcome expired = Expire(0);
  ASSERT_TRUE(expired.ok()) << expired.status();
  EXPECT_EQ(expired->policy().transfers_size(), 0);
  EXPECT_EQ(Balance(AccountOf(household_)), 5);
  EXPECT_TRUE(Audit().clean());
}

TEST_F(ExpiryTest, AuditFindsLotsChangedBehindTheLedger) {
  AwardEarned("OLD", 40);
  LotsRecord forged;
  forged.add_lots()->set_points(1000);
  rocksdb::WriteBatch batch;
  batch.Put(db_.store()->handle(Cf::kIndex),
            IndexKey(Index::kLots, AccountOf(household_)),
            forged.SerializeAsString());
  ASSERT_TRUE(db_.store()->Write(&batch).ok());
  EXPECT_FALSE(Audit().clean());
}

TEST(ExpiryPeriodTest, EachModeClosesItsPeriodAtTheRightCutoff) {
  ExpirySetting year_end;
  year_end.set_mode(kExpiryYearEnd);
  absl::StatusOr<ExpiryPeriod> p =
      PeriodOf(year_end, absl::CivilDay(2027, 1, 3));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->period, "2026");
  EXPECT_EQ(p->cutoff, absl::CivilDay(2026, 12, 31));
  ExpirySetting reset;
  reset.set_mode(kExpiryResetDate);
  reset.set_reset_date("01-10");
  p = PeriodOf(reset, absl::CivilDay(2027, 1, 9));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->period, "2026");
  EXPECT_EQ(p->cutoff, absl::CivilDay(2026, 1, 9));
  p = PeriodOf(reset, absl::CivilDay(2027, 1, 10));
  EXPECT_EQ(p->period, "2027");
  EXPECT_EQ(p->cutoff, absl::CivilDay(2027, 1, 9));
  ExpirySetting never;
  never.set_mode(kExpiryNever);
  EXPECT_EQ(RefusalReason(PeriodOf(never, absl::CivilDay(2027, 1, 1)).status()),
            "EXPIRY_NOT_SET");
}

}  // namespace
}  // namespace jiamei::storage
