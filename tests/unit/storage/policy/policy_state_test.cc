// Points policy as the sequencer applies it: approvals of a group leader's
// entries, recording deadlines, honour, and expiry runs, with the audit's
// replay of them.
#include "storage/policy/policy_state.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "storage/core/refusal.h"
#include "storage/policy/lots.h"
#include "tests/unit/storage/expect_refusal.h"
#include "tests/unit/storage/market/market_fixture.h"

namespace jiamei::storage {
namespace {

using PolicyStateTest = MarketFixture;

// ---- Approvals and deadlines (issue 6).

TEST_F(PolicyStateTest, GroupLeadersAwardWaitsUntilAnotherOfficerApproves) {
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

TEST_F(PolicyStateTest, RejectedProposalMovesNoPoints) {
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

TEST_F(PolicyStateTest,
       GroupLeaderCannotProposeARuleOutsideTheHouseholdsUnits) {
  const uint64_t leader = AddOperator("leader", kRoleGroupLeader);
  Outcome published = Apply(OtherVillageRule(/*deduction=*/true));
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(
      RefusalReason(
          ApplyAs(leader, Award(household_,
                                published->market().rule_published().rule_id()))
              .status()),
      "RULE_NOT_APPLICABLE");
}

TEST_F(PolicyStateTest, AwardAfterTheDeadlineNeedsAReasonAndWaitsForApproval) {
  PolicyChange policy;
  policy.mutable_policy_set()->mutable_policy()->set_unit(township_);
  policy.mutable_policy_set()->mutable_policy()->set_recording_deadline_days(
      10);
  Outcome set = ApplyAs(0, policy);
  ASSERT_TRUE(set.ok()) << set.status();
  // The answer to SetUnitPolicy is the record the change wrote.
  absl::StatusOr<std::optional<PolicyRecord>> own =
      FindPolicy(StoreViews(db_.store()), township_);
  ASSERT_TRUE(own.ok() && own->has_value());
  EXPECT_EQ(SetPolicyRecord(*set).SerializeAsString(),
            (*own)->SerializeAsString());
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

TEST_F(PolicyStateTest, AuditReplaysPoliciesApprovalsAndHonour) {
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
  Damage(Record::kHonour, household_, forged);
  ExpectAuditFindsRegistryMismatch();
}

// ---- Expiry (issue 6): oldest points first, once per period.

class ExpiryTest : public MarketFixture {
 protected:
  void SetUp() override {
    MarketFixture::SetUp();
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

// The refusals of policy_errors.h that no test above gives, with their
// messages (TigerBeetle's "every outcome" test).
TEST_F(PolicyStateTest,
       EveryOtherRefusalOfPointsPolicyIsReachedWithItsMessage) {
  const auto expect = ::jiamei::testing::ExpectRefusal;
  expect(ApplyAs(0, PolicyChange()).status(), "INVALID_CHANGE",
         "no policy change given");
  expect(ApplyAs(0, Decision(99, true)).status(), "APPROVAL_NOT_FOUND",
         "approvals/99 does not exist");
  PolicyChange expire;
  PointsExpired* expired = expire.mutable_expired();
  expired->set_village(village_);
  expired->set_as_of("2026-01-01");
  expired->add_households()->set_household(household_);
  expect(ApplyAs(0, expire).status(), "EXPIRY_NOT_SET",
         "points never expire here");
  PolicyChange policy;
  policy.mutable_policy_set()->mutable_policy()->set_unit(township_);
  policy.mutable_policy_set()->mutable_policy()->mutable_expiry()->set_mode(
      kExpiryAfterDays);
  policy.mutable_policy_set()->mutable_policy()->mutable_expiry()->set_days(30);
  ASSERT_TRUE(ApplyAs(0, policy).ok());
  expired->set_as_of("new year");
  expect(ApplyAs(0, expire).status(), "INVALID_DATE",
         "as_of must be a date YYYY-MM-DD");
  expired->set_as_of("2026-01-01");
  expired->add_households()->set_household(neighbour_);
  expect(
      ApplyAs(0, expire).status(), "NOT_IN_VILLAGE",
      absl::StrCat("households/", neighbour_, " is not in units/", village_));
  expired->mutable_households()->RemoveLast();
  ASSERT_TRUE(ApplyAs(0, expire).ok());
  expect(ApplyAs(0, expire).status(), "EXPIRY_ALREADY_RUN",
         absl::StrCat("units/", village_,
                      " already expired its points for 2026-01-01"));
}

}  // namespace
}  // namespace jiamei::storage
