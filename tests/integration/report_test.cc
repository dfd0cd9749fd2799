// The year-end report (jiamei.v1.ReportService) against the real server: a
// small township year (two villages, a township team invited by a township
// and by a county activity, a village activity, awards, a deduction,
// redemptions and a void, then a person moved out) whose every figure is
// checked against counts this test makes itself; and its refusals.
#include <map>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/reports.grpc.pb.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/world.h"

namespace jiamei::testing {
namespace {

using ReportStub = v1::ReportService::Stub;

// H0 (A, 3 people), H1 (A, 1 person) and H2 (B, 2 people), every head a
// volunteer; the township's rule of 10 points and a deduction rule of 3; a
// township site serving A and B with 20 soaps at 5 points; a desk operator
// of village A.
WorldPlan ReportWorld() {
  WorldPlan plan;
  plan.households = {HouseholdPlan(), HouseholdPlan(), HouseholdPlan()};
  plan.households[0].people = 3;
  plan.households[2].village = Where::kVillageB;
  plan.households[2].people = 2;
  for (HouseholdPlan& h : plan.households) h.volunteer = true;
  RulePlan deduction(Where::kTownship, 3);
  deduction.deduction = true;
  deduction.display_name = "乱堆乱放";
  plan.rules = {RulePlan(Where::kTownship, 10), deduction};
  SitePlan site;
  site.villages = {Where::kVillageA, Where::kVillageB};
  site.goods[0].stock = 20;
  plan.sites = {site};
  plan.operators = {OperatorPlan("desk_a", v1::ROLE_DESK_OPERATOR)};
  return plan;
}

// The China day of `time`, "YYYY-MM-DD".
std::string ChinaDay(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d", time, absl::FixedTimeZone(8 * 3600));
}

class ReportTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    world_ = std::make_unique<World>(server_, ReportWorld());
    reports_ = v1::ReportService::NewStub(server_.channel());
  }

  std::string Id() { return world_->NewId(); }

  // An activity of `unit` inviting `team` (none: "") that `minutes` (by
  // volunteer) served, confirmed (World::HoldActivity). Adds its records to
  // the counts.
  void Hold(const std::string& unit, const std::string& team,
            const std::map<std::string, int64_t>& minutes) {
    const v1::ConfirmHoursResponse confirmed =
        world_->HoldActivity(unit, team, minutes);
    ASSERT_EQ(confirmed.records_size(), static_cast<int>(minutes.size()));
    for (const v1::ServiceRecord& r : confirmed.records()) {
      service_points_[unit] += r.points();
      service_points_[team] += r.points();
    }
  }

  void Award(int household, int rule) {
    ASSERT_THAT(Send(world_->admin().market.get(),
                     &v1::SupermarketService::Stub::AwardPoints,
                     world_->AwardRequest(world_->household(household),
                                          world_->rule(rule))),
                IsOk());
  }

  // Redeems `quantity` soaps for `household`; its redemption's name.
  std::string Redeem(int household, int64_t quantity) {
    Reply<v1::Redemption> r = Send(
        world_->admin().market.get(), &v1::SupermarketService::Stub::Redeem,
        world_->RedeemRequest(world_->site(0), world_->household(household),
                              world_->good(0, 0), quantity));
    EXPECT_THAT(r, IsOk());
    return r.value.name();
  }

  Reply<v1::AnnualReport> Report(ReportStub* stub, const std::string& unit) {
    v1::GetAnnualReportRequest request;
    request.set_unit(unit);
    request.set_from_day(today_);
    request.set_to_day(today_);
    return Send(stub, &ReportStub::GetAnnualReport, request);
  }

  std::unique_ptr<World> world_;
  std::unique_ptr<ReportStub> reports_;
  std::map<std::string, int64_t> service_points_;  // by unit or team
  const std::string today_ = ChinaDay(absl::Now());
};

// Sums `field` over the rows.
template <typename Field>
int64_t Sum(const google::protobuf::RepeatedPtrField<v1::ReportFigures>& rows,
            Field field) {
  int64_t sum = 0;
  for (const v1::ReportFigures& row : rows) sum += (row.*field)();
  return sum;
}

TEST_F(ReportTest, TownshipYearMatchesTheCountsMadeByHand) {
  // A township team: H0's and H1's heads.
  const std::string t = world_->MakeTeam(
      world_->township(), world_->volunteer(0), {world_->volunteer(1)});
  const std::string v0 = world_->volunteer(0), v1 = world_->volunteer(1),
                    v2 = world_->volunteer(2);
  // The township's activity and the county's invite the team; village A's
  // and village B's invite no team.
  Hold(world_->township(), t, {{v0, 60}, {v1, 90}});
  Hold(world_->county(), t, {{v0, 120}});
  Hold(world_->village_a(), "", {{v1, 30}});
  Hold(world_->village_b(), "", {{v2, 60}});

  // Awards: H0 twice, H1 and H2 once (10 each); H2 loses 3.
  Award(0, 0);
  Award(0, 0);
  Award(1, 0);
  Award(2, 0);
  Award(2, 1);
  // Redemptions: H0 2 soaps then 1, H2 1; H1's 1 is voided.
  Redeem(0, 2);
  Redeem(0, 1);
  Redeem(2, 1);
  v1::VoidRedemptionRequest void_request;
  void_request.set_request_id(Id());
  void_request.set_name(Redeem(1, 1));
  void_request.set_reason("entered twice");
  ASSERT_THAT(Send(world_->admin().market.get(),
                   &v1::SupermarketService::Stub::VoidRedemption, void_request),
              IsOk());
  // Afterwards one of H0's people moves to H1.
  v1::Household h0;
  {
    v1::GetHouseholdRequest get;
    get.set_name(world_->household(0));
    Reply<v1::Household> got =
        Send(world_->admin().registry.get(),
             &v1::RegistryService::Stub::GetHousehold, get);
    ASSERT_THAT(got, IsOk());
    h0 = got.value;
  }
  std::string mover;
  for (const v1::Person& p : h0.members()) {
    if (p.name() != h0.head()) mover = p.name();
  }
  ASSERT_FALSE(mover.empty());
  v1::MovePersonRequest move;
  move.set_request_id(Id());
  move.set_name(mover);
  move.set_household(world_->household(1));
  ASSERT_THAT(Send(world_->admin().registry.get(),
                   &v1::RegistryService::Stub::MovePerson, move),
              IsOk());

  Reply<v1::AnnualReport> report = Report(reports_.get(), world_->township());
  ASSERT_THAT(report, IsOk());
  const v1::ReportFigures& total = report.value.total();
  // Activities of the township and its villages (not the county's): 3,
  // with 2 + 1 + 1 records of 3 volunteers, 240 minutes.
  EXPECT_EQ(total.activities_held(), 3);
  EXPECT_EQ(total.person_times(), 4);
  EXPECT_EQ(total.distinct_volunteers(), 3);
  EXPECT_EQ(total.service_minutes(), 60 + 90 + 30 + 60);
  const int64_t service = service_points_[world_->township()] +
                          service_points_[world_->village_a()] +
                          service_points_[world_->village_b()];
  EXPECT_EQ(total.points_service(), service);
  ASSERT_EQ(total.issued_by_category_size(), 1);
  EXPECT_EQ(total.issued_by_category(0).points(), 40);
  EXPECT_EQ(total.issued_by_category(0).awards(), 4);
  EXPECT_EQ(total.points_issued(), 40 + service);
  EXPECT_EQ(total.points_deducted(), 3);
  EXPECT_EQ(total.points_cards(), 0);
  EXPECT_EQ(total.points_expired(), 0);
  EXPECT_EQ(total.points_adjusted(), 0);
  EXPECT_EQ(total.households_credited(), 3);
  // People credited are counted now: 2 + 2 + 2 after the move.
  EXPECT_EQ(total.people_credited(), 6);
  EXPECT_EQ(total.redemption_events(), 3);
  EXPECT_EQ(total.points_redeemed(), 20);
  // As at the redemptions: H0 had 3 people (twice), H2 2.
  EXPECT_EQ(total.redemption_person_times(), 3 + 3 + 2);
  EXPECT_EQ(total.households_redeemed(), 2);
  EXPECT_EQ(total.people_redeemed(), 3 + 2);
  ASSERT_EQ(total.goods_handed_out_size(), 1);
  EXPECT_EQ(total.goods_handed_out(0).quantity(), 4);
  ASSERT_EQ(total.stock_on_hand_size(), 1);
  EXPECT_EQ(total.stock_on_hand(0).quantity(), 20 - 4);

  // Rows: A, B, then the township's own level; they add up to the total.
  const auto& units = report.value.units();
  ASSERT_EQ(units.size(), 3);
  EXPECT_EQ(units[0].scope(), world_->village_a());
  EXPECT_EQ(units[1].scope(), world_->village_b());
  EXPECT_EQ(units[2].scope(), world_->township());
  EXPECT_EQ(units[0].activities_held(), 1);
  EXPECT_EQ(units[1].activities_held(), 1);
  EXPECT_EQ(units[2].activities_held(), 1);
  EXPECT_EQ(units[0].redemption_events(), 2);
  EXPECT_EQ(units[1].redemption_events(), 1);
  EXPECT_EQ(units[0].people_redeemed(), 3);
  EXPECT_EQ(units[1].points_deducted(), 3);
  EXPECT_EQ(Sum(units, &v1::ReportFigures::activities_held),
            total.activities_held());
  EXPECT_EQ(Sum(units, &v1::ReportFigures::person_times), total.person_times());
  EXPECT_EQ(Sum(units, &v1::ReportFigures::service_minutes),
            total.service_minutes());
  EXPECT_EQ(Sum(units, &v1::ReportFigures::points_issued),
            total.points_issued());
  EXPECT_EQ(Sum(units, &v1::ReportFigures::points_redeemed),
            total.points_redeemed());
  EXPECT_EQ(Sum(units, &v1::ReportFigures::redemption_person_times),
            total.redemption_person_times());

  // The team: the township's and the county's activity, 3 records.
  ASSERT_EQ(report.value.teams_size(), 1);
  const v1::ReportFigures& row = report.value.teams(0);
  EXPECT_EQ(row.scope(), t);
  EXPECT_EQ(row.activities_held(), 2);
  EXPECT_EQ(row.person_times(), 3);
  EXPECT_EQ(row.distinct_volunteers(), 2);
  EXPECT_EQ(row.service_minutes(), 60 + 90 + 120);
  EXPECT_EQ(row.points_service(), service_points_[t]);
  EXPECT_EQ(report.value.teams_total().activities_held(), 2);
  EXPECT_EQ(report.value.teams_total().person_times(), 3);
  // The team's activity organised in the township is the township row's.
  EXPECT_EQ(units[2].person_times(), 2);

  // A village's desk sees its village, not the township; the village's
  // report agrees with its row.
  ReportStub* desk_reports = world_->op("desk_a").stubs.reports.get();
  Reply<v1::AnnualReport> mine = Report(desk_reports, world_->village_a());
  ASSERT_THAT(mine, IsOk());
  EXPECT_EQ(mine.value.total().redemption_events(), 2);
  EXPECT_EQ(mine.value.total().people_redeemed(), 3);
  EXPECT_EQ(mine.value.total().activities_held(), 1);
  EXPECT_EQ(Report(desk_reports, world_->township()).status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ReportTest, PeriodsOverAYearOrBothFormsAreRefused) {
  v1::GetAnnualReportRequest request;
  request.set_unit(world_->township());
  request.set_from_day("2025-01-01");
  request.set_to_day("2026-01-02");
  EXPECT_THAT(
      Send(reports_.get(), &ReportStub::GetAnnualReport, request),
      FailsWith(grpc::StatusCode::INVALID_ARGUMENT, "INVALID_REPORT_PERIOD"));
  request.set_year(2026);
  EXPECT_THAT(
      Send(reports_.get(), &ReportStub::GetAnnualReport, request),
      FailsWith(grpc::StatusCode::INVALID_ARGUMENT, "INVALID_REPORT_PERIOD"));
  request.clear_from_day();
  request.clear_to_day();
  request.set_year(1999);
  EXPECT_THAT(
      Send(reports_.get(), &ReportStub::GetAnnualReport, request),
      FailsWith(grpc::StatusCode::INVALID_ARGUMENT, "INVALID_REPORT_PERIOD"));
  request.set_year(2026);
  request.set_unit("units/999");
  EXPECT_EQ(Send(reports_.get(), &ReportStub::GetAnnualReport, request)
                .status.error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_unit(world_->township());
  Reply<v1::AnnualReport> year =
      Send(reports_.get(), &ReportStub::GetAnnualReport, request);
  ASSERT_THAT(year, IsOk());
  EXPECT_EQ(year.value.from_day(), "2026-01-01");
  EXPECT_EQ(year.value.to_day(), "2026-12-31");
}

}  // namespace
}  // namespace jiamei::testing
