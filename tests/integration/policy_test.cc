// Points policy over gRPC against the real server: units' settings inherited
// down the tree; group leaders' and late entries waiting for another
// officer's approval; deductions with their shortfall; honour, star levels
// and rankings; and every bad input of the issue refused with its status and
// reason while the ledger's digest stays where it was.
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/access.grpc.pb.h"
#include "jiamei/v1/activities.grpc.pb.h"
#include "jiamei/v1/audit.grpc.pb.h"
#include "jiamei/v1/organization.grpc.pb.h"
#include "jiamei/v1/policy.grpc.pb.h"
#include "jiamei/v1/registry.grpc.pb.h"
#include "jiamei/v1/supermarket.grpc.pb.h"
#include "jiamei/v1/volunteers.grpc.pb.h"
#include "tests/integration/auth_channel.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/world.h"

namespace jiamei::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using Market = v1::SupermarketService::Stub;
using Policy = v1::PolicyService::Stub;
using Activities = v1::ActivityService::Stub;

constexpr grpc::StatusCode kInvalid = grpc::StatusCode::INVALID_ARGUMENT;
constexpr grpc::StatusCode kConflict = grpc::StatusCode::FAILED_PRECONDITION;
constexpr grpc::StatusCode kDenied = grpc::StatusCode::PERMISSION_DENIED;

// Days are counted in China Standard Time.
std::string Day(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d", time, absl::FixedTimeZone(8 * 3600));
}

// The common world (world.h) with A's deduction rule (30 points) beside the
// township's rule; a group leader, a desk operator and an organiser of A,
// each logged in.
WorldPlan PolicyWorld() {
  WorldPlan plan;
  RulePlan deduction;
  deduction.unit = Where::kVillageA;
  deduction.points = 30;
  deduction.deduction = true;
  deduction.display_name = "乱倒垃圾";
  plan.rules.push_back(deduction);
  plan.operators = {{"leader", v1::ROLE_GROUP_LEADER},
                    {"desk", v1::ROLE_DESK_OPERATOR},
                    {"organiser", v1::ROLE_ORGANIZER}};
  return plan;
}

class PolicyTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    world_ = std::make_unique<World>(server_, PolicyWorld());
    admin_ = &world_->admin();
    township_ = world_->township();
    v1_ = world_->village_a();
    v2_ = world_->village_b();
    h1_ = world_->household(0);
    h2_ = world_->household(1);
    h3_ = world_->household(2);
    volunteer1_ = world_->volunteer(0);
    volunteer2_ = world_->volunteer(1);
    rule_ = world_->rule(0);
    deduction_ = world_->rule(1);
    leader_ = &world_->op("leader").stubs;
    desk_ = &world_->op("desk").stubs;
    organiser_ = &world_->op("organiser").stubs;
  }

  std::string Id() { return world_->NewId(); }

  Reply<v1::UnitPolicy> SetPolicy(const v1::UnitPolicy& policy) {
    v1::SetUnitPolicyRequest request;
    request.set_request_id(Id());
    *request.mutable_policy() = policy;
    return Send(admin_->policy.get(), &Policy::SetUnitPolicy, request);
  }
  v1::UnitPolicyView GetPolicy(const std::string& unit) {
    v1::GetUnitPolicyRequest request;
    request.set_unit(unit);
    Reply<v1::UnitPolicyView> reply =
        Send(admin_->policy.get(), &Policy::GetUnitPolicy, request);
    EXPECT_THAT(reply, IsOk());
    return reply.value;
  }

  Reply<v1::Award> Award(Stubs* by, const std::string& household,
                         const std::string& rule) {
    return Send(by->market.get(), &Market::AwardPoints,
                world_->AwardRequest(household, rule));
  }

  Reply<v1::Approval> Decide(Stubs* by, const std::string& approval,
                             bool approve, const std::string& note) {
    v1::DecideApprovalRequest request;
    request.set_request_id(Id());
    request.set_name(approval);
    request.set_note(note);
    return Send(by->policy.get(),
                approve ? &Policy::ApproveEntry : &Policy::RejectEntry,
                request);
  }

  int64_t Balance(const std::string& household) {
    return world_->Statement(household).balance();
  }

  v1::Honour Honour(const std::string& subject) {
    v1::GetHonourRequest request;
    request.set_subject(subject);
    Reply<v1::Honour> reply =
        Send(admin_->policy.get(), &Policy::GetHonour, request);
    EXPECT_THAT(reply, IsOk());
    return reply.value;
  }

  Reply<v1::Rankings> Rankings(const std::string& unit,
                               v1::RankingSubject subject,
                               v1::RankingMeasure measure) {
    v1::GetRankingsRequest request;
    request.set_unit(unit);
    request.set_subject(subject);
    request.set_measure(measure);
    request.set_from_date(Day(absl::Now() - absl::Hours(24 * 60)));
    request.set_to_date(Day(absl::Now()));
    return Send(admin_->policy.get(), &Policy::GetRankings, request);
  }

  void Move(const std::string& activity, v1::ActivityStatus status) {
    v1::SetActivityStatusRequest request;
    request.set_request_id(Id());
    request.set_name(activity);
    request.set_status(status);
    EXPECT_THAT(
        Send(admin_->activities.get(), &Activities::SetActivityStatus, request),
        IsOk());
  }

  // An activity of V1 created by the admin, started ten minutes ago for two
  // hours at 10 points an hour; `volunteers` signed up, checked in and out
  // by the organiser; closed, ready to confirm.
  std::string ClosedActivity(const std::vector<std::string>& volunteers) {
    v1::CreateActivityRequest request = world_->ActivityRequest(
        v1_, absl::Now() - absl::Minutes(10), absl::Hours(2), 10);
    Reply<v1::Activity> made =
        Send(admin_->activities.get(), &Activities::CreateActivity, request);
    EXPECT_THAT(made, IsOk());
    const std::string activity = made.value.name();
    Move(activity, v1::ACTIVITY_STATUS_OPEN);
    for (const std::string& v : volunteers) {
      v1::SignUpRequest sign_up;
      sign_up.set_request_id(Id());
      sign_up.set_activity(activity);
      sign_up.set_volunteer(v);
      EXPECT_THAT(Send(admin_->activities.get(), &Activities::SignUp, sign_up),
                  IsOk());
    }
    Move(activity, v1::ACTIVITY_STATUS_IN_PROGRESS);
    for (const bool in : {true, false}) {
      v1::OrganiserCheckRequest check;
      check.set_request_id(Id());
      check.set_activity(activity);
      for (const std::string& v : volunteers) check.add_volunteers(v);
      check.set_check_in(in);
      EXPECT_THAT(
          Send(admin_->activities.get(), &Activities::OrganiserCheck, check),
          IsOk());
    }
    Move(activity, v1::ACTIVITY_STATUS_CLOSED);
    return activity;
  }

  // Confirms `minutes` for each of `volunteers` (in order).
  Reply<v1::ConfirmHoursResponse> Confirm(
      Stubs* by, const std::string& activity,
      const std::vector<std::pair<std::string, int64_t>>& minutes) {
    v1::ConfirmHoursRequest request;
    request.set_request_id(Id());
    request.set_activity(activity);
    for (const auto& [volunteer, m] : minutes) {
      v1::HoursAdjustment* adjustment = request.add_adjustments();
      adjustment->set_volunteer(volunteer);
      adjustment->set_minutes(m);
    }
    return Send(by->activities.get(), &Activities::ConfirmHours, request);
  }

  std::unique_ptr<World> world_;
  Stubs *admin_, *leader_, *desk_, *organiser_;
  std::string township_, v1_, v2_, h1_, h2_, h3_;
  std::string volunteer1_, volunteer2_, rule_, deduction_;
};

// ---- Policies.

TEST_F(PolicyTest, AVillageInheritsTheTownshipsDeadlineUntilItSetsItsOwn) {
  v1::UnitPolicy township;
  township.set_unit(township_);
  township.set_recording_deadline_days(10);
  township.mutable_expiry()->set_mode(v1::EXPIRY_MODE_YEAR_END);
  Reply<v1::UnitPolicy> set = SetPolicy(township);
  ASSERT_THAT(set, IsOk());
  EXPECT_EQ(set.value.recording_deadline_days(), 10);
  EXPECT_GT(set.value.sequence(), 0u);
  EXPECT_FALSE(set.value.operator_().empty());

  v1::UnitPolicyView village = GetPolicy(v1_);
  EXPECT_FALSE(village.own().has_recording_deadline_days());
  EXPECT_EQ(village.effective().recording_deadline_days(), 10);
  EXPECT_EQ(village.effective().recording_deadline_from(), township_);
  EXPECT_EQ(village.effective().expiry().mode(), v1::EXPIRY_MODE_YEAR_END);
  EXPECT_EQ(village.effective().expiry_from(), township_);
  // Nobody set the rest: built-in defaults.
  EXPECT_FALSE(village.effective().anonymous_rankings());
  EXPECT_EQ(village.effective().anonymous_rankings_from(), "");
  EXPECT_EQ(village.effective().star_levels().hours_size(), 0);

  v1::UnitPolicy own;
  own.set_unit(v1_);
  own.set_recording_deadline_days(3);
  own.set_anonymous_rankings(true);
  ASSERT_THAT(SetPolicy(own), IsOk());
  village = GetPolicy(v1_);
  EXPECT_EQ(village.own().recording_deadline_days(), 3);
  EXPECT_EQ(village.effective().recording_deadline_days(), 3);
  EXPECT_EQ(village.effective().recording_deadline_from(), v1_);
  EXPECT_TRUE(village.effective().anonymous_rankings());
  EXPECT_EQ(village.effective().anonymous_rankings_from(), v1_);
  // What the village did not set still comes from the township.
  EXPECT_EQ(village.effective().expiry_from(), township_);
  // The sister village and the township itself are untouched.
  EXPECT_EQ(GetPolicy(v2_).effective().recording_deadline_days(), 10);
  v1::UnitPolicyView above = GetPolicy(township_);
  EXPECT_EQ(above.own().recording_deadline_days(), 10);
  EXPECT_FALSE(above.effective().anonymous_rankings());

  // Set again without the deadline, the village inherits it once more.
  own.clear_recording_deadline_days();
  ASSERT_THAT(SetPolicy(own), IsOk());
  EXPECT_EQ(GetPolicy(v1_).effective().recording_deadline_from(), township_);
  ExpectCleanAudit();
}

TEST_F(PolicyTest, MalformedPoliciesAreRefused) {
  struct Case {
    const char* what;
    void (*spoil)(v1::UnitPolicy*);
    const char* reason;
  };
  const Case cases[] = {
      {"deadline -1",
       [](v1::UnitPolicy* p) { p->set_recording_deadline_days(-1); },
       "INVALID_DEADLINE"},
      {"deadline 366",
       [](v1::UnitPolicy* p) { p->set_recording_deadline_days(366); },
       "INVALID_DEADLINE"},
      {"after 0 days",
       [](v1::UnitPolicy* p) {
         p->mutable_expiry()->set_mode(v1::EXPIRY_MODE_AFTER_DAYS);
         p->mutable_expiry()->set_days(0);
       },
       "INVALID_EXPIRY"},
      {"after 3661 days",
       [](v1::UnitPolicy* p) {
         p->mutable_expiry()->set_mode(v1::EXPIRY_MODE_AFTER_DAYS);
         p->mutable_expiry()->set_days(3661);
       },
       "INVALID_EXPIRY"},
      {"reset date 02-30",
       [](v1::UnitPolicy* p) {
         p->mutable_expiry()->set_mode(v1::EXPIRY_MODE_RESET_DATE);
         p->mutable_expiry()->set_reset_date("02-30");
       },
       "INVALID_EXPIRY"},
      {"reset date missing",
       [](v1::UnitPolicy* p) {
         p->mutable_expiry()->set_mode(v1::EXPIRY_MODE_RESET_DATE);
       },
       "INVALID_EXPIRY"},
      {"stars not ascending",
       [](v1::UnitPolicy* p) {
         p->mutable_star_levels()->add_hours(100);
         p->mutable_star_levels()->add_hours(100);
       },
       "INVALID_STAR_LEVELS"},
      {"stars descending",
       [](v1::UnitPolicy* p) {
         p->mutable_star_levels()->add_hours(300);
         p->mutable_star_levels()->add_hours(100);
       },
       "INVALID_STAR_LEVELS"},
      {"star at 0 hours",
       [](v1::UnitPolicy* p) { p->mutable_star_levels()->add_hours(0); },
       "INVALID_STAR_LEVELS"},
      {"eleven stars",
       [](v1::UnitPolicy* p) {
         for (int i = 1; i <= 11; ++i) p->mutable_star_levels()->add_hours(i);
       },
       "INVALID_STAR_LEVELS"},
      {"back-fill -1 years",
       [](v1::UnitPolicy* p) { p->set_backfill_years(-1); },
       "INVALID_BACKFILL_YEARS"},
      {"back-fill 6 years", [](v1::UnitPolicy* p) { p->set_backfill_years(6); },
       "INVALID_BACKFILL_YEARS"},
  };
  Mark();
  for (const Case& c : cases) {
    v1::UnitPolicy policy;
    policy.set_unit(v1_);
    c.spoil(&policy);
    EXPECT_THAT(SetPolicy(policy), FailsWith(kInvalid, c.reason)) << c.what;
  }
  v1::UnitPolicy nowhere;
  nowhere.set_unit("units/999");
  nowhere.set_recording_deadline_days(5);
  EXPECT_THAT(SetPolicy(nowhere),
              FailsWith(grpc::StatusCode::NOT_FOUND, "UNIT_NOT_FOUND"));
  ExpectNothingWritten();
  // The bounds themselves are accepted.
  v1::UnitPolicy bounds;
  bounds.set_unit(v1_);
  bounds.set_recording_deadline_days(365);
  bounds.mutable_expiry()->set_mode(v1::EXPIRY_MODE_RESET_DATE);
  bounds.mutable_expiry()->set_reset_date("02-28");
  EXPECT_THAT(SetPolicy(bounds), IsOk());
}

// ---- Approvals.

TEST_F(PolicyTest, AGroupLeadersAwardWaitsThenADeskOperatorApprovesIt) {
  Reply<v1::Award> proposed = Award(leader_, h1_, rule_);
  ASSERT_THAT(proposed, IsOk());
  ASSERT_THAT(proposed.value.approval(), HasSubstr("approvals/"));
  EXPECT_EQ(Balance(h1_), 0);
  EXPECT_EQ(Honour(h1_).score(), 0);

  v1::ListApprovalsRequest list;
  list.set_unit(v1_);
  list.set_state(v1::APPROVAL_STATE_PENDING);
  Reply<v1::ListApprovalsResponse> pending =
      Send(desk_->policy.get(), &Policy::ListApprovals, list);
  ASSERT_THAT(pending, IsOk());
  ASSERT_EQ(pending.value.approvals_size(), 1);
  const v1::Approval& waiting = pending.value.approvals(0);
  EXPECT_EQ(waiting.name(), proposed.value.approval());
  EXPECT_EQ(waiting.unit(), v1_);
  EXPECT_FALSE(waiting.late());
  ASSERT_EQ(waiting.award_lines_size(), 1);
  EXPECT_EQ(waiting.award_lines(0).household(), h1_);
  EXPECT_EQ(waiting.award_lines(0).rule(), rule_);

  Reply<v1::Approval> approved =
      Decide(desk_, proposed.value.approval(), true, "看过了");
  ASSERT_THAT(approved, IsOk());
  EXPECT_EQ(approved.value.state(), v1::APPROVAL_STATE_APPROVED);
  EXPECT_EQ(approved.value.note(), "看过了");
  EXPECT_FALSE(approved.value.decider().empty());
  EXPECT_NE(approved.value.decider(), approved.value.proposer());
  EXPECT_GT(approved.value.decide_sequence(),
            approved.value.propose_sequence());

  const v1::Statement statement = world_->Statement(h1_);
  EXPECT_EQ(statement.balance(), 10);
  ASSERT_EQ(statement.lines_size(), 1);
  EXPECT_EQ(statement.lines(0).change(), 10);
  EXPECT_EQ(statement.lines(0).sequence(), approved.value.decide_sequence());
  EXPECT_THAT(statement.lines(0).description(), HasSubstr("+10"));
  EXPECT_EQ(Honour(h1_).score(), 10);

  v1::GetApprovalRequest get;
  get.set_name(proposed.value.approval());
  Reply<v1::Approval> after =
      Send(desk_->policy.get(), &Policy::GetApproval, get);
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after.value.state(), v1::APPROVAL_STATE_APPROVED);
  list.set_state(v1::APPROVAL_STATE_PENDING);
  EXPECT_EQ(Send(desk_->policy.get(), &Policy::ListApprovals, list)
                .value.approvals_size(),
            0);
  ExpectCleanAudit();
}

TEST_F(PolicyTest, ARejectedProposalMovesNothingAndNeedsANote) {
  Reply<v1::Award> proposed = Award(leader_, h1_, rule_);
  ASSERT_THAT(proposed, IsOk());
  Mark();
  EXPECT_THAT(Decide(desk_, proposed.value.approval(), false, ""),
              FailsWith(kInvalid, "INVALID_NOTE"));
  ExpectNothingWritten();
  Reply<v1::Approval> rejected =
      Decide(desk_, proposed.value.approval(), false, "不属实");
  ASSERT_THAT(rejected, IsOk());
  EXPECT_EQ(rejected.value.state(), v1::APPROVAL_STATE_REJECTED);
  EXPECT_EQ(rejected.value.note(), "不属实");
  EXPECT_EQ(Balance(h1_), 0);
  EXPECT_EQ(world_->Statement(h1_).lines_size(), 0);
  EXPECT_EQ(Honour(h1_).score(), 0);
  Mark();
  EXPECT_THAT(Decide(desk_, proposed.value.approval(), true, ""),
              FailsWith(kConflict, "ALREADY_DECIDED"));
  ExpectNothingWritten();
  ExpectCleanAudit();
}

TEST_F(PolicyTest, NobodyDecidesTwiceOrOnTheirOwnProposal) {
  // A group leader may propose but not decide.
  Reply<v1::Award> proposed = Award(leader_, h1_, rule_);
  ASSERT_THAT(proposed, IsOk());
  Mark();
  EXPECT_THAT(Decide(leader_, proposed.value.approval(), true, ""),
              FailsWith(kDenied, "PERMISSION_DENIED"));
  // Awards are decided at the desk, not by organisers.
  EXPECT_THAT(Decide(organiser_, proposed.value.approval(), true, ""),
              FailsWith(kDenied, "PERMISSION_DENIED"));
  ExpectNothingWritten();
  ASSERT_THAT(Decide(desk_, proposed.value.approval(), true, ""), IsOk());
  Mark();
  EXPECT_THAT(Decide(desk_, proposed.value.approval(), true, ""),
              FailsWith(kConflict, "ALREADY_DECIDED"));
  EXPECT_THAT(Decide(admin_, proposed.value.approval(), false, "重复"),
              FailsWith(kConflict, "ALREADY_DECIDED"));
  ExpectNothingWritten();
  EXPECT_EQ(Balance(h1_), 10);

  // The desk's own late award waits; the desk may not approve it, the
  // admin may.
  v1::UnitPolicy policy;
  policy.set_unit(township_);
  policy.set_recording_deadline_days(5);
  ASSERT_THAT(SetPolicy(policy), IsOk());
  v1::AwardPointsRequest late = world_->AwardRequest(h2_, rule_);
  late.set_event_date(Day(absl::Now() - absl::Hours(24 * 30)));
  late.set_late_reason("评比表今天才交上来");
  Reply<v1::Award> own = Send(desk_->market.get(), &Market::AwardPoints, late);
  ASSERT_THAT(own, IsOk());
  ASSERT_FALSE(own.value.approval().empty());
  Mark();
  EXPECT_THAT(Decide(desk_, own.value.approval(), true, ""),
              FailsWith(kDenied, "SELF_APPROVAL"));
  EXPECT_THAT(Decide(desk_, own.value.approval(), false, "撤回"),
              FailsWith(kDenied, "SELF_APPROVAL"));
  ExpectNothingWritten();
  EXPECT_EQ(Balance(h2_), 0);
  ASSERT_THAT(Decide(admin_, own.value.approval(), true, ""), IsOk());
  EXPECT_EQ(Balance(h2_), 10);
  ExpectCleanAudit();
}

TEST_F(PolicyTest, AnAwardCountsOnlyOnDaysOfItsUnitsBackfillWindow) {
  const absl::CivilDay today =
      absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));
  const absl::CivilDay default_start(today.year() - 1, 1, 1);
  EXPECT_EQ(GetPolicy(township_).effective().backfill_years(), 1);
  EXPECT_EQ(GetPolicy(township_).effective().backfill_years_from(), "");
  Mark();
  v1::AwardPointsRequest award = world_->AwardRequest(h1_, rule_);
  award.set_event_date(absl::FormatCivilTime(default_start - 1));
  Reply<v1::Award> old =
      Send(admin_->market.get(), &Market::AwardPoints, award);
  EXPECT_THAT(old, FailsWith(kConflict, "BEFORE_BACKFILL_WINDOW"));
  EXPECT_EQ(MetadataOf(old)["window_start"],
            absl::FormatCivilTime(default_start));
  EXPECT_EQ(MetadataOf(old)["backfill_years"], "1");
  award.set_request_id(Id());
  award.set_event_date(absl::FormatCivilTime(today + 1));
  Reply<v1::Award> future =
      Send(admin_->market.get(), &Market::AwardPoints, award);
  EXPECT_THAT(future, FailsWith(kInvalid, "EFFECTIVE_DATE_IN_FUTURE"));
  EXPECT_EQ(MetadataOf(future)["recorded_date"], absl::FormatCivilTime(today));
  ExpectNothingWritten();

  // The first day of the window is recorded; a unit that keeps no
  // previous year refuses it.
  award.set_request_id(Id());
  award.set_event_date(absl::FormatCivilTime(default_start));
  ASSERT_THAT(Send(admin_->market.get(), &Market::AwardPoints, award), IsOk());
  EXPECT_EQ(Balance(h1_), 10);
  v1::UnitPolicy policy;
  policy.set_unit(township_);
  policy.set_backfill_years(0);
  ASSERT_THAT(SetPolicy(policy), IsOk());
  EXPECT_EQ(GetPolicy(v1_).effective().backfill_years(), 0);
  EXPECT_EQ(GetPolicy(v1_).effective().backfill_years_from(), township_);
  Mark();
  award.set_request_id(Id());
  Reply<v1::Award> closed =
      Send(admin_->market.get(), &Market::AwardPoints, award);
  EXPECT_THAT(closed, FailsWith(kConflict, "BEFORE_BACKFILL_WINDOW"));
  EXPECT_EQ(MetadataOf(closed)["unit"], township_);
  ExpectNothingWritten();
  EXPECT_EQ(Balance(h1_), 10);
  ExpectCleanAudit();
}

TEST_F(PolicyTest, ALateAwardNeedsAReasonAndThenWaits) {
  v1::UnitPolicy policy;
  policy.set_unit(township_);
  policy.set_recording_deadline_days(5);
  ASSERT_THAT(SetPolicy(policy), IsOk());
  const std::string month_ago = Day(absl::Now() - absl::Hours(24 * 30));
  v1::AwardPointsRequest late = world_->AwardRequest(h1_, rule_);
  late.set_event_date(month_ago);
  Mark();
  Reply<v1::Award> refused =
      Send(admin_->market.get(), &Market::AwardPoints, late);
  EXPECT_THAT(refused, FailsWith(kConflict, "LATE_REASON_REQUIRED"));
  EXPECT_THAT(refused.status.error_message(), HasSubstr("5 working days"));
  v1::AwardBatchRequest batch;
  batch.set_request_id(Id());
  batch.set_event_date(month_ago);
  v1::AwardLine* line = batch.add_lines();
  line->set_household(h1_);
  line->set_rule(rule_);
  line->set_note("checked");
  EXPECT_THAT(Send(admin_->market.get(), &Market::AwardBatch, batch),
              FailsWith(kConflict, "LATE_REASON_REQUIRED"));
  ExpectNothingWritten();

  // Within the deadline (today) it is made at once.
  ASSERT_THAT(Award(admin_, h2_, rule_), IsOk());
  EXPECT_EQ(Balance(h2_), 10);

  late.set_request_id(Id());
  late.set_late_reason("评比表今天才交上来");
  Reply<v1::Award> waiting =
      Send(admin_->market.get(), &Market::AwardPoints, late);
  ASSERT_THAT(waiting, IsOk());
  ASSERT_FALSE(waiting.value.approval().empty());
  EXPECT_EQ(Balance(h1_), 0);
  v1::GetApprovalRequest get;
  get.set_name(waiting.value.approval());
  Reply<v1::Approval> approval =
      Send(desk_->policy.get(), &Policy::GetApproval, get);
  ASSERT_THAT(approval, IsOk());
  EXPECT_TRUE(approval.value.late());
  EXPECT_EQ(approval.value.late_reason(), "评比表今天才交上来");
  EXPECT_EQ(approval.value.event_date(), month_ago);
  EXPECT_EQ(approval.value.state(), v1::APPROVAL_STATE_PENDING);
  ASSERT_THAT(Decide(desk_, waiting.value.approval(), true, ""), IsOk());
  EXPECT_EQ(Balance(h1_), 10);
  ExpectCleanAudit();
}

TEST_F(PolicyTest, AnApprovalTheCapNowRefusesStaysPendingUntilRejected) {
  v1::PublishRuleRequest request;
  request.set_request_id(Id());
  v1::Rule* capped = request.mutable_rule();
  capped->set_unit(v1_);
  capped->set_code("CAPPED");
  capped->set_display_name("垃圾分类");
  capped->set_category(v1::RULE_CATEGORY_GARBAGE_SORTING);
  capped->set_points(10);
  capped->set_cap_period(v1::CAP_PERIOD_MONTH);
  capped->set_cap_points(10);
  capped->set_valid_from("2020-01-01");
  Reply<v1::Rule> rule =
      Send(admin_->market.get(), &Market::PublishRule, request);
  ASSERT_THAT(rule, IsOk());
  Reply<v1::Award> proposed = Award(leader_, h1_, rule.value.name());
  ASSERT_THAT(proposed, IsOk());
  // Meanwhile the desk gives the month's 10 points itself.
  ASSERT_THAT(Award(desk_, h1_, rule.value.name()), IsOk());
  Mark();
  EXPECT_THAT(Decide(desk_, proposed.value.approval(), true, ""),
              FailsWith(kConflict, "CAP_REACHED"));
  ExpectNothingWritten();
  v1::GetApprovalRequest get;
  get.set_name(proposed.value.approval());
  EXPECT_EQ(Send(desk_->policy.get(), &Policy::GetApproval, get).value.state(),
            v1::APPROVAL_STATE_PENDING);
  ASSERT_THAT(Decide(desk_, proposed.value.approval(), false, "已满额"),
              IsOk());
  EXPECT_EQ(Balance(h1_), 10);
  ExpectCleanAudit();
}

TEST_F(PolicyTest, AGroupLeadersBatchWaitsWholeAndIsMadeLineByLineOnApproval) {
  v1::AwardBatchRequest batch;
  batch.set_request_id(Id());
  for (const std::string& h : {h1_, h2_}) {
    v1::AwardLine* line = batch.add_lines();
    line->set_household(h);
    line->set_rule(rule_);
    line->set_note("checked");
  }
  Reply<v1::AwardBatchResponse> proposed =
      Send(leader_->market.get(), &Market::AwardBatch, batch);
  ASSERT_THAT(proposed, IsOk());
  ASSERT_FALSE(proposed.value.approval().empty());
  EXPECT_EQ(proposed.value.results_size(), 0);
  EXPECT_EQ(Balance(h1_) + Balance(h2_), 0);
  Reply<v1::Approval> approved =
      Decide(desk_, proposed.value.approval(), true, "");
  ASSERT_THAT(approved, IsOk());
  EXPECT_EQ(approved.value.award_lines_size(), 2);
  EXPECT_EQ(Balance(h1_), 10);
  EXPECT_EQ(Balance(h2_), 10);
  ExpectCleanAudit();
}

TEST_F(PolicyTest, ADecisionRetriedWithItsRequestIdIsAnsweredAgainNotRefused) {
  Reply<v1::Award> proposed = Award(leader_, h1_, rule_);
  ASSERT_THAT(proposed, IsOk());
  v1::DecideApprovalRequest request;
  request.set_request_id(Id());
  request.set_name(proposed.value.approval());
  Reply<v1::Approval> first =
      Send(desk_->policy.get(), &Policy::ApproveEntry, request);
  ASSERT_THAT(first, IsOk());
  Mark();
  // The desk's terminal did not get the answer and sends it again.
  Reply<v1::Approval> again =
      Send(desk_->policy.get(), &Policy::ApproveEntry, request);
  ASSERT_THAT(again, IsOk());
  EXPECT_THAT(again.value, EqualsProto(first.value));
  ExpectNothingWritten();
  EXPECT_EQ(Balance(h1_), 10);
}

// ---- Deductions.

TEST_F(PolicyTest, ADeductionTakesWhatTheBalanceCoversAndRecordsTheShortfall) {
  ASSERT_THAT(Award(admin_, h1_, rule_), IsOk());
  Reply<v1::Award> deducted = Award(desk_, h1_, deduction_);
  ASSERT_THAT(deducted, IsOk());
  EXPECT_TRUE(deducted.value.deduction());
  EXPECT_EQ(deducted.value.points(), -10);
  EXPECT_EQ(deducted.value.shortfall(), 20);
  const v1::Statement statement = world_->Statement(h1_);
  EXPECT_EQ(statement.balance(), 0);
  ASSERT_EQ(statement.lines_size(), 2);
  EXPECT_EQ(statement.lines(0).change(), -10);
  EXPECT_EQ(statement.lines(0).balance_after(), 0);
  EXPECT_THAT(statement.lines(0).description(), HasSubstr("扣分"));
  EXPECT_THAT(statement.lines(0).description(), HasSubstr("20 分余额不足未扣"));
  // Honour loses the full deduction, not only what the balance covered.
  EXPECT_EQ(Honour(h1_).score(), 10 - 30);

  v1::GetMarketFiguresRequest figures;
  figures.set_unit(v1_);
  figures.set_from_date(Day(absl::Now()));
  figures.set_to_date(Day(absl::Now()));
  Reply<v1::MarketFigures> counted =
      Send(admin_->market.get(), &Market::GetMarketFigures, figures);
  ASSERT_THAT(counted, IsOk());
  EXPECT_EQ(counted.value.points_deducted(), 10);

  // From an empty balance nothing is taken; all of it is shortfall.
  Reply<v1::Award> empty = Award(desk_, h2_, deduction_);
  ASSERT_THAT(empty, IsOk());
  EXPECT_EQ(empty.value.points(), 0);
  EXPECT_EQ(empty.value.shortfall(), 30);
  EXPECT_EQ(Balance(h2_), 0);
  ExpectCleanAudit();
}

TEST_F(PolicyTest, ADeductionOutsideTheRulesUnitsIsRefused) {
  ASSERT_THAT(Award(admin_, h3_, rule_), IsOk());
  Mark();
  EXPECT_THAT(Award(admin_, h3_, deduction_),
              FailsWith(kConflict, "RULE_NOT_APPLICABLE"));
  ExpectNothingWritten();
  EXPECT_EQ(Balance(h3_), 10);
}

// ---- Volunteer hours, stars.

TEST_F(PolicyTest, HoursConfirmedByAnotherOrganiserWaitThenEarnPointsAndStars) {
  v1::UnitPolicy policy;
  policy.set_unit(township_);
  policy.mutable_star_levels()->add_hours(1);
  policy.mutable_star_levels()->add_hours(2);
  ASSERT_THAT(SetPolicy(policy), IsOk());
  const std::string activity = ClosedActivity({volunteer1_});
  Reply<v1::ConfirmHoursResponse> proposed =
      Confirm(organiser_, activity, {{volunteer1_, 120}});
  ASSERT_THAT(proposed, IsOk());
  ASSERT_THAT(proposed.value.approval(), HasSubstr("approvals/"));
  EXPECT_EQ(proposed.value.records_size(), 0);
  EXPECT_EQ(Balance(h1_), 0);
  EXPECT_EQ(Honour(volunteer1_).service_minutes(), 0);

  Mark();
  // Hours are decided by organisers and admins, not the desk, and not by
  // the organiser who proposed them.
  EXPECT_THAT(Decide(desk_, proposed.value.approval(), true, ""),
              FailsWith(kDenied, "PERMISSION_DENIED"));
  EXPECT_THAT(Decide(organiser_, proposed.value.approval(), true, ""),
              FailsWith(kDenied, "SELF_APPROVAL"));
  ExpectNothingWritten();
  Reply<v1::Approval> approved =
      Decide(admin_, proposed.value.approval(), true, "");
  ASSERT_THAT(approved, IsOk());
  EXPECT_EQ(approved.value.activity(), activity);
  EXPECT_EQ(approved.value.state(), v1::APPROVAL_STATE_APPROVED);

  EXPECT_EQ(Balance(h1_), 20);
  const v1::Honour honour = Honour(volunteer1_);
  EXPECT_EQ(honour.score(), 20);
  EXPECT_EQ(honour.service_minutes(), 120);
  EXPECT_EQ(honour.star_level(), 2);
  ASSERT_EQ(honour.stars_size(), 2);
  EXPECT_EQ(honour.stars(0).level(), 1);
  EXPECT_EQ(honour.stars(0).hours(), 1);
  EXPECT_EQ(honour.stars(1).level(), 2);
  EXPECT_EQ(honour.stars(1).hours(), 2);
  EXPECT_EQ(honour.stars(1).date(), Day(absl::Now()));
  EXPECT_EQ(Honour(h1_).score(), 20);

  // Once approved the activity is confirmed: a second proposal is refused.
  Mark();
  EXPECT_THAT(Confirm(organiser_, activity, {{volunteer1_, 120}}),
              FailsWith(kConflict, "ALREADY_CONFIRMED"));
  ExpectNothingWritten();
  ExpectCleanAudit();
}

TEST_F(PolicyTest,
       HoursConfirmedAfterTheDeadlineNeedAReasonAndWaitEvenFromTheCreator) {
  v1::UnitPolicy policy;
  policy.set_unit(township_);
  policy.set_recording_deadline_days(5);
  ASSERT_THAT(SetPolicy(policy), IsOk());
  // An activity held a month ago, recorded only now.
  const absl::Time start = absl::Now() - absl::Hours(24 * 30);
  v1::CreateActivityRequest create =
      world_->ActivityRequest(v1_, start, absl::Hours(2), 10);
  create.mutable_activity()->set_title("敬老院打扫");
  create.mutable_activity()->set_place("敬老院");
  Reply<v1::Activity> made =
      Send(admin_->activities.get(), &Activities::CreateActivity, create);
  ASSERT_THAT(made, IsOk());
  const std::string activity = made.value.name();
  Move(activity, v1::ACTIVITY_STATUS_OPEN);
  Move(activity, v1::ACTIVITY_STATUS_IN_PROGRESS);
  Move(activity, v1::ACTIVITY_STATUS_CLOSED);
  Mark();
  EXPECT_THAT(Confirm(admin_, activity, {}),
              FailsWith(kConflict, "LATE_REASON_REQUIRED"));
  ExpectNothingWritten();
  v1::ConfirmHoursRequest late;
  late.set_request_id(Id());
  late.set_activity(activity);
  late.set_late_reason("记录本上个月丢了，今天补录");
  Reply<v1::ConfirmHoursResponse> proposed =
      Send(admin_->activities.get(), &Activities::ConfirmHours, late);
  ASSERT_THAT(proposed, IsOk());
  ASSERT_FALSE(proposed.value.approval().empty());
  v1::GetApprovalRequest get;
  get.set_name(proposed.value.approval());
  Reply<v1::Approval> waiting =
      Send(organiser_->policy.get(), &Policy::GetApproval, get);
  ASSERT_THAT(waiting, IsOk());
  EXPECT_TRUE(waiting.value.late());
  EXPECT_EQ(waiting.value.activity(), activity);
  ASSERT_THAT(Decide(organiser_, proposed.value.approval(), true, ""), IsOk());
  ExpectCleanAudit();
}

TEST_F(PolicyTest, AnApprovalAboveAVillageIsDecidedAboveIt) {
  v1::UnitPolicy policy;
  policy.set_unit(township_);
  policy.set_recording_deadline_days(5);
  ASSERT_THAT(SetPolicy(policy), IsOk());
  v1::AwardBatchRequest batch;
  batch.set_request_id(Id());
  batch.set_event_date(Day(absl::Now() - absl::Hours(24 * 30)));
  batch.set_late_reason("评比表今天才交上来");
  for (const std::string& h : {h1_, h3_}) {
    v1::AwardLine* line = batch.add_lines();
    line->set_household(h);
    line->set_rule(rule_);
    line->set_note("checked");
  }
  Reply<v1::AwardBatchResponse> proposed =
      Send(admin_->market.get(), &Market::AwardBatch, batch);
  ASSERT_THAT(proposed, IsOk());
  ASSERT_FALSE(proposed.value.approval().empty());
  v1::GetApprovalRequest get;
  get.set_name(proposed.value.approval());
  Reply<v1::Approval> waiting =
      Send(admin_->policy.get(), &Policy::GetApproval, get);
  ASSERT_THAT(waiting, IsOk());
  EXPECT_EQ(waiting.value.unit(), township_);
  Mark();
  // V1's desk sees only its village; the township's desk decides.
  EXPECT_THAT(Decide(desk_, proposed.value.approval(), true, ""),
              FailsWith(kDenied, "PERMISSION_DENIED"));
  ExpectNothingWritten();
  Stubs* township_desk =
      &world_
           ->LogInNew(
               {"township.desk", v1::ROLE_DESK_OPERATOR, Where::kTownship})
           .stubs;
  ASSERT_THAT(Decide(township_desk, proposed.value.approval(), true, ""),
              IsOk());
  EXPECT_EQ(Balance(h1_), 10);
  EXPECT_EQ(Balance(h3_), 10);
  ExpectCleanAudit();
}

TEST_F(PolicyTest, TheActivitysCreatorConfirmsHoursAtOnce) {
  const std::string activity = ClosedActivity({volunteer1_});
  Reply<v1::ConfirmHoursResponse> confirmed =
      Confirm(admin_, activity, {{volunteer1_, 60}});
  ASSERT_THAT(confirmed, IsOk());
  EXPECT_TRUE(confirmed.value.approval().empty());
  EXPECT_EQ(confirmed.value.records_size(), 1);
  EXPECT_EQ(Balance(h1_), 10);
  EXPECT_EQ(Honour(volunteer1_).service_minutes(), 60);
  EXPECT_EQ(Honour(volunteer1_).star_level(), 0);  // no star levels set
}

// ---- Rankings.

TEST_F(PolicyTest, RankingsShareRanksOnTiesAndHideNamesWhenTheUnitSaysSo) {
  // H1 and H3 tie on 10, H2 has 20.
  ASSERT_THAT(Award(admin_, h1_, rule_), IsOk());
  ASSERT_THAT(Award(admin_, h2_, rule_), IsOk());
  ASSERT_THAT(Award(admin_, h2_, rule_), IsOk());
  ASSERT_THAT(Award(admin_, h3_, rule_), IsOk());
  Reply<v1::Rankings> households = Rankings(
      township_, v1::RANKING_SUBJECT_HOUSEHOLDS, v1::RANKING_MEASURE_HONOUR);
  ASSERT_THAT(households, IsOk());
  EXPECT_FALSE(households.value.anonymous());
  ASSERT_EQ(households.value.entries_size(), 3);
  EXPECT_EQ(households.value.entries(0).subject(), h2_);
  EXPECT_EQ(households.value.entries(0).display_name(), "李敏");
  EXPECT_EQ(households.value.entries(0).village(), v1_);
  std::vector<int> ranks;
  std::vector<int64_t> scores;
  for (const v1::RankingEntry& e : households.value.entries()) {
    ranks.push_back(e.rank());
    scores.push_back(e.score());
  }
  EXPECT_THAT(ranks, ElementsAre(1, 2, 2));
  EXPECT_THAT(scores, ElementsAre(20, 10, 10));
  // A village ranks only its own households.
  Reply<v1::Rankings> village =
      Rankings(v2_, v1::RANKING_SUBJECT_HOUSEHOLDS, v1::RANKING_MEASURE_HONOUR);
  ASSERT_THAT(village, IsOk());
  ASSERT_EQ(village.value.entries_size(), 1);
  EXPECT_EQ(village.value.entries(0).subject(), h3_);

  // Volunteers by hours: both at 120 minutes share first place.
  const std::string activity = ClosedActivity({volunteer1_, volunteer2_});
  ASSERT_THAT(
      Confirm(admin_, activity, {{volunteer1_, 120}, {volunteer2_, 120}}),
      IsOk());
  Reply<v1::Rankings> hours =
      Rankings(v1_, v1::RANKING_SUBJECT_VOLUNTEERS, v1::RANKING_MEASURE_HOURS);
  ASSERT_THAT(hours, IsOk());
  ASSERT_EQ(hours.value.entries_size(), 2);
  EXPECT_EQ(hours.value.entries(0).rank(), 1);
  EXPECT_EQ(hours.value.entries(1).rank(), 1);
  EXPECT_EQ(hours.value.entries(0).score(), 120);
  EXPECT_EQ(hours.value.entries(1).score(), 120);
  EXPECT_FALSE(hours.value.entries(0).subject().empty());

  // The township publishes without names: its villages inherit it.
  v1::UnitPolicy anonymous;
  anonymous.set_unit(township_);
  anonymous.set_anonymous_rankings(true);
  ASSERT_THAT(SetPolicy(anonymous), IsOk());
  for (const std::string& unit : {township_, v1_}) {
    Reply<v1::Rankings> hidden = Rankings(unit, v1::RANKING_SUBJECT_HOUSEHOLDS,
                                          v1::RANKING_MEASURE_HONOUR);
    ASSERT_THAT(hidden, IsOk());
    EXPECT_TRUE(hidden.value.anonymous()) << unit;
    ASSERT_GT(hidden.value.entries_size(), 0) << unit;
    for (const v1::RankingEntry& e : hidden.value.entries()) {
      EXPECT_EQ(e.subject(), "") << unit;
      EXPECT_EQ(e.display_name(), "") << unit;
      EXPECT_GT(e.score(), 0) << unit;
    }
  }
  ExpectCleanAudit();
}

TEST_F(PolicyTest, AVillageMayPublishNamesItsTownshipHidesAndLimitCutsTheList) {
  ASSERT_THAT(Award(admin_, h1_, rule_), IsOk());
  ASSERT_THAT(Award(admin_, h2_, rule_), IsOk());
  ASSERT_THAT(Award(admin_, h2_, rule_), IsOk());
  v1::UnitPolicy township;
  township.set_unit(township_);
  township.set_anonymous_rankings(true);
  ASSERT_THAT(SetPolicy(township), IsOk());
  v1::UnitPolicy village;
  village.set_unit(v1_);
  village.set_anonymous_rankings(false);
  ASSERT_THAT(SetPolicy(village), IsOk());
  Reply<v1::Rankings> named =
      Rankings(v1_, v1::RANKING_SUBJECT_HOUSEHOLDS, v1::RANKING_MEASURE_HONOUR);
  ASSERT_THAT(named, IsOk());
  EXPECT_FALSE(named.value.anonymous());
  ASSERT_EQ(named.value.entries_size(), 2);
  EXPECT_EQ(named.value.entries(0).subject(), h2_);
  EXPECT_EQ(named.value.entries(1).display_name(), "王秀英");
  Reply<v1::Rankings> hidden = Rankings(
      township_, v1::RANKING_SUBJECT_HOUSEHOLDS, v1::RANKING_MEASURE_HONOUR);
  ASSERT_THAT(hidden, IsOk());
  EXPECT_TRUE(hidden.value.anonymous());
  ASSERT_EQ(hidden.value.entries_size(), 2);
  EXPECT_EQ(hidden.value.entries(0).subject(), "");

  v1::GetRankingsRequest top;
  top.set_unit(v1_);
  top.set_subject(v1::RANKING_SUBJECT_HOUSEHOLDS);
  top.set_measure(v1::RANKING_MEASURE_HONOUR);
  top.set_from_date(Day(absl::Now()));
  top.set_to_date(Day(absl::Now()));
  top.set_limit(1);
  Reply<v1::Rankings> first =
      Send(admin_->policy.get(), &Policy::GetRankings, top);
  ASSERT_THAT(first, IsOk());
  ASSERT_EQ(first.value.entries_size(), 1);
  EXPECT_EQ(first.value.entries(0).subject(), h2_);
  EXPECT_EQ(first.value.entries(0).score(), 20);
  // A period before the awards ranks nobody.
  top.set_from_date("2025-01-01");
  top.set_to_date("2025-12-31");
  EXPECT_EQ(Send(admin_->policy.get(), &Policy::GetRankings, top)
                .value.entries_size(),
            0);
}

TEST_F(PolicyTest, MalformedRankingRequestsAreRefused) {
  v1::GetRankingsRequest good;
  good.set_unit(v1_);
  good.set_subject(v1::RANKING_SUBJECT_HOUSEHOLDS);
  good.set_measure(v1::RANKING_MEASURE_HONOUR);
  good.set_from_date("2026-01-01");
  good.set_to_date("2026-12-31");
  ASSERT_THAT(Send(admin_->policy.get(), &Policy::GetRankings, good), IsOk());
  struct Case {
    void (*spoil)(v1::GetRankingsRequest*);
    const char* reason;
  };
  const Case cases[] = {
      {[](v1::GetRankingsRequest* r) {
         r->set_subject(v1::RANKING_SUBJECT_UNSPECIFIED);
       },
       "INVALID_SUBJECT"},
      {[](v1::GetRankingsRequest* r) {
         r->set_measure(v1::RANKING_MEASURE_HOURS);
       },
       "INVALID_MEASURE"},
      {[](v1::GetRankingsRequest* r) { r->set_to_date("2025-12-31"); },
       "INVALID_PERIOD"},
      {[](v1::GetRankingsRequest* r) { r->set_from_date("2022-01-01"); },
       "INVALID_PERIOD"},
      {[](v1::GetRankingsRequest* r) { r->set_limit(1001); }, "INVALID_LIMIT"},
  };
  for (const Case& c : cases) {
    v1::GetRankingsRequest request = good;
    c.spoil(&request);
    EXPECT_THAT(Send(admin_->policy.get(), &Policy::GetRankings, request),
                FailsWith(kInvalid, c.reason))
        << c.reason;
  }
}

// ---- What a villager reads.

TEST_F(PolicyTest, AServiceCreditOnAStatementNamesTheActivityNotARecordId) {
  const std::string activity = ClosedActivity({volunteer1_});
  ASSERT_THAT(Confirm(admin_, activity, {{volunteer1_, 60}}), IsOk());
  const v1::Statement statement = world_->Statement(h1_);
  ASSERT_GE(statement.lines_size(), 1);
  const std::string& text = statement.lines(0).description();
  EXPECT_THAT(text, HasSubstr("志愿服务：清洁村庄"));
  EXPECT_THAT(text, HasSubstr(Day(absl::Now() - absl::Minutes(10))));
  EXPECT_THAT(text, HasSubstr("组织"));
  EXPECT_THAT(text, Not(HasSubstr("records/")));
}

TEST_F(PolicyTest, ACertificateNamesEachActivitysOrganisingUnitInChinese) {
  const std::string activity = ClosedActivity({volunteer1_});
  ASSERT_THAT(Confirm(admin_, activity, {{volunteer1_, 90}}), IsOk());
  v1::IssueCertificateRequest request;
  request.set_request_id(Id());
  request.set_volunteer(volunteer1_);
  request.set_from_date(Day(absl::Now() - absl::Hours(24 * 30)));
  request.set_to_date(Day(absl::Now()));
  Reply<v1::Certificate> certificate =
      Send(admin_->activities.get(), &Activities::IssueCertificate, request);
  ASSERT_THAT(certificate, IsOk());
  const std::string& text = certificate.value.text();
  EXPECT_THAT(text, HasSubstr("志愿服务证明"));
  EXPECT_THAT(text, HasSubstr("志愿者：王秀英"));
  EXPECT_THAT(text, HasSubstr("清洁村庄"));
  EXPECT_THAT(text, HasSubstr("1.5 小时  组织单位：unit"));
  EXPECT_THAT(text, HasSubstr("合计：1.5 小时，共 1 次活动"));
}

}  // namespace
}  // namespace jiamei::testing
