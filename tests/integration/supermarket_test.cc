// The points supermarket over gRPC against the real server: batch awards
// and their retries, desk queues, figures from a small scenario; and every
// bad input of the issue, each refused with its status and reason while the
// ledger's digest stays where it was.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/audit.grpc.pb.h"
#include "jiamei/v1/organization.grpc.pb.h"
#include "jiamei/v1/policy.grpc.pb.h"
#include "jiamei/v1/registry.grpc.pb.h"
#include "jiamei/v1/supermarket.grpc.pb.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/world.h"

namespace jiamei::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;
using Stub = v1::SupermarketService::Stub;

constexpr grpc::StatusCode kInvalid = grpc::StatusCode::INVALID_ARGUMENT;
constexpr grpc::StatusCode kConflict = grpc::StatusCode::FAILED_PRECONDITION;

// The common world (world.h) with the township's rule HYG capped at 20
// points a month, an expired rule of the township and a rule of B alone (5
// points); the township's site serves A with soap and an inactive towel (10
// points), 10 of each in stock.
WorldPlan SupermarketWorld() {
  WorldPlan plan;
  plan.rules[0].cap_period = v1::CAP_PERIOD_MONTH;
  plan.rules[0].cap_points = 20;
  RulePlan expired;
  expired.valid_to = "2020-12-31";
  RulePlan of_b;
  of_b.unit = Where::kVillageB;
  of_b.points = 5;
  plan.rules.push_back(expired);
  plan.rules.push_back(of_b);
  GoodPlan towel;
  towel.display_name = "毛巾";
  towel.price = 10;
  towel.active = false;
  plan.sites[0].goods.push_back(towel);
  return plan;
}

class SupermarketTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    world_ = std::make_unique<World>(server_, SupermarketWorld());
    market_ = v1::SupermarketService::NewStub(server_.channel());
    township_ = world_->township();
    v2_ = world_->village_b();
    h1_ = world_->household(0);
    h2_ = world_->household(1);
    h3_ = world_->household(2);
    rule_ = world_->rule(0);
    rule_code_ = world_->rules()[0].code();
    expired_rule_ = world_->rule(1);
    v2_rule_ = world_->rule(2);
    site_ = world_->site(0);
    soap_ = world_->good(0, 0);
    towel_ = world_->good(0, 1);
  }

  std::string Id() { return world_->NewId(); }

  v1::AwardPointsRequest AwardRequest(const std::string& household,
                                      const std::string& rule) {
    return world_->AwardRequest(household, rule);
  }
  Reply<v1::Award> Award(const std::string& household,
                         const std::string& rule) {
    return Send(market_.get(), &Stub::AwardPoints,
                AwardRequest(household, rule));
  }

  v1::RedeemRequest RedeemRequest(const std::string& household,
                                  const std::string& good, int64_t quantity) {
    return world_->RedeemRequest(site_, household, good, quantity);
  }
  Reply<v1::Redemption> Redeem(const std::string& household,
                               const std::string& good, int64_t quantity) {
    return Send(market_.get(), &Stub::Redeem,
                RedeemRequest(household, good, quantity));
  }

  v1::AwardBatchRequest Batch(
      const std::vector<std::pair<std::string, std::string>>& lines) {
    v1::AwardBatchRequest request;
    request.set_request_id(Id());
    for (const auto& [household, rule] : lines) {
      v1::AwardLine* line = request.add_lines();
      line->set_household(household);
      line->set_rule(rule);
      line->set_note("monthly evaluation");
    }
    return request;
  }

  int64_t Balance(const std::string& household) {
    return world_->Statement(household).balance();
  }

  int64_t Stock(const std::string& good) {
    v1::GetGoodRequest request;
    request.set_name(good);
    return Send(market_.get(), &Stub::GetGood, request).value.stock();
  }

  std::unique_ptr<World> world_;
  std::unique_ptr<Stub> market_;
  std::string township_, v2_, h1_, h2_, h3_;
  std::string rule_, rule_code_, expired_rule_, v2_rule_, site_, soap_, towel_;
};

// ---- Bad input.

TEST_F(SupermarketTest, AwardsBeyondTheCapAreRefusedWithTheFigures) {
  ASSERT_THAT(Award(h1_, rule_), IsOk());
  ASSERT_THAT(Award(h1_, rule_), IsOk());
  Mark();
  Reply<v1::Award> third = Award(h1_, rule_);
  EXPECT_THAT(third, FailsWith(kConflict, "CAP_REACHED"));
  EXPECT_THAT(third.status.error_message(), HasSubstr("has 20 points"));
  EXPECT_THAT(third.status.error_message(), HasSubstr("the cap is 20"));
  ExpectNothingWritten();
  EXPECT_EQ(Balance(h1_), 20);
}

TEST_F(SupermarketTest, AwardsOutsideTheRulesUnitsOrValidityAreRefused) {
  Mark();
  EXPECT_THAT(Award(h1_, v2_rule_),
              FailsWith(kConflict, "RULE_NOT_APPLICABLE"));
  EXPECT_THAT(Award(h1_, expired_rule_),
              FailsWith(kConflict, "RULE_NOT_VALID"));
  EXPECT_THAT(Award(h1_, "rules/999"),
              FailsWith(grpc::StatusCode::NOT_FOUND, "RULE_NOT_FOUND"));
  ExpectNothingWritten();
}

TEST_F(SupermarketTest, RedemptionsOfBadGoodsOrQuantitiesAreRefused) {
  ASSERT_THAT(Award(h1_, rule_), IsOk());
  Mark();
  EXPECT_THAT(Redeem(h1_, towel_, 1), FailsWith(kConflict, "GOOD_INACTIVE"));
  for (int64_t quantity :
       {int64_t{0}, int64_t{-1}, int64_t{1001}, int64_t{1000000000000}}) {
    EXPECT_THAT(Redeem(h1_, soap_, quantity),
                FailsWith(kInvalid, "INVALID_QUANTITY"))
        << quantity;
  }
  v1::RedeemRequest twice = RedeemRequest(h1_, soap_, 1);
  *twice.add_lines() = twice.lines(0);
  EXPECT_THAT(Send(market_.get(), &Stub::Redeem, twice),
              FailsWith(kInvalid, "DUPLICATE_LINE"));
  v1::RedeemRequest none = RedeemRequest(h1_, soap_, 1);
  none.clear_lines();
  EXPECT_THAT(Send(market_.get(), &Stub::Redeem, none),
              FailsWith(kInvalid, "NO_LINES"));
  EXPECT_THAT(Redeem(h1_, "goods/x", 1), FailsWith(kInvalid, "INVALID_NAME"));
  ExpectNothingWritten();
  EXPECT_EQ(Stock(soap_), 10);
}

TEST_F(SupermarketTest, ASiteServesOnlyItsVillages) {
  ASSERT_THAT(Award(h3_, v2_rule_), IsOk());
  Mark();
  EXPECT_THAT(Redeem(h3_, soap_, 1),
              FailsWith(kConflict, "SITE_DOES_NOT_SERVE"));
  ExpectNothingWritten();
}

TEST_F(SupermarketTest, ShortOfPointsOrStockChangesNothing) {
  ASSERT_THAT(Award(h1_, rule_), IsOk());  // 10 points
  Mark();
  Reply<v1::Redemption> poor = Redeem(h1_, soap_, 3);
  EXPECT_THAT(poor, FailsWith(kConflict, "INSUFFICIENT_POINTS"));
  EXPECT_THAT(poor.status.error_message(), HasSubstr("has 10 points, 15"));
  Reply<v1::Redemption> beyond = Redeem(h1_, soap_, 11);
  EXPECT_THAT(beyond, FailsWith(kConflict, "INSUFFICIENT_STOCK"));
  EXPECT_THAT(beyond.status.error_message(), HasSubstr("has 10"));
  ExpectNothingWritten();
  EXPECT_EQ(Stock(soap_), 10);
  EXPECT_EQ(Balance(h1_), 10);
}

TEST_F(SupermarketTest, StockNeverGoesBelowZero) {
  Mark();
  v1::AdjustStockRequest loss;
  loss.set_request_id(Id());
  loss.set_good(soap_);
  loss.set_change(-11);
  loss.set_kind(v1::STOCK_MOVEMENT_KIND_LOSS);
  loss.set_note("stolen");
  EXPECT_THAT(Send(market_.get(), &Stub::AdjustStock, loss),
              FailsWith(kConflict, "INSUFFICIENT_STOCK"));
  loss.set_change(3);
  EXPECT_THAT(Send(market_.get(), &Stub::AdjustStock, loss),
              FailsWith(kInvalid, "INVALID_CHANGE"));
  loss.set_change(-1);
  loss.clear_note();
  EXPECT_THAT(Send(market_.get(), &Stub::AdjustStock, loss),
              FailsWith(kInvalid, "INVALID_NOTE"));
  ExpectNothingWritten();
}

TEST_F(SupermarketTest, AwardsAndStockInsWithoutANoteAreRefused) {
  Mark();
  v1::AwardPointsRequest award = AwardRequest(h1_, rule_);
  award.clear_note();
  EXPECT_THAT(Send(market_.get(), &Stub::AwardPoints, award),
              FailsWith(kInvalid, "INVALID_NOTE"));
  v1::AwardBatchRequest batch = Batch({{h1_, rule_}, {h2_, rule_}});
  batch.mutable_lines(1)->clear_note();
  EXPECT_THAT(Send(market_.get(), &Stub::AwardBatch, batch),
              FailsWith(kInvalid, "INVALID_NOTE"));
  v1::StockInRequest stock;
  stock.set_request_id(Id());
  stock.set_good(soap_);
  stock.set_quantity(5);
  stock.set_kind(v1::STOCK_MOVEMENT_KIND_PURCHASE);
  EXPECT_THAT(Send(market_.get(), &Stub::StockIn, stock),
              FailsWith(kInvalid, "INVALID_NOTE"));
  stock.set_note(std::string(1025, 'x'));
  EXPECT_THAT(Send(market_.get(), &Stub::StockIn, stock),
              FailsWith(kInvalid, "INVALID_NOTE"));
  ExpectNothingWritten();
}

TEST_F(SupermarketTest, BatchesOverTheLimitOrWithDuplicateLinesAreRefused) {
  Mark();
  std::vector<std::pair<std::string, std::string>> lines(10001, {h1_, rule_});
  EXPECT_THAT(Send(market_.get(), &Stub::AwardBatch, Batch(lines)),
              FailsWith(kInvalid, "TOO_MANY_LINES"));
  EXPECT_THAT(Send(market_.get(), &Stub::AwardBatch,
                   Batch({{h1_, rule_}, {h2_, rule_}, {h1_, rule_}})),
              FailsWith(kInvalid, "DUPLICATE_LINE"));
  EXPECT_THAT(Send(market_.get(), &Stub::AwardBatch, Batch({})),
              FailsWith(kInvalid, "TOO_MANY_LINES"));
  ExpectNothingWritten();
}

TEST_F(SupermarketTest, QueuedItemsDatedInTheFutureOrFarPastAreRefused) {
  Mark();
  v1::UploadDeskQueueRequest queue;
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  for (int64_t at : {now + 3600, now - 40 * 86400}) {
    v1::AwardPointsRequest* award = queue.add_items()->mutable_award();
    *award = AwardRequest(h1_, rule_);
    award->mutable_desk_time()->set_seconds(at);
  }
  *queue.add_items()->mutable_award() = AwardRequest(h1_, rule_);  // no time
  Reply<v1::UploadDeskQueueResponse> reply =
      Send(market_.get(), &Stub::UploadDeskQueue, queue);
  ASSERT_THAT(reply, IsOk());
  ASSERT_EQ(reply.value.results_size(), 3);
  EXPECT_EQ(reply.value.results(0).reason(), "DESK_TIME_IN_FUTURE");
  EXPECT_EQ(reply.value.results(1).reason(), "DESK_TIME_TOO_OLD");
  EXPECT_EQ(reply.value.results(2).reason(), "INVALID_DESK_TIME");
  for (const v1::DeskItemResult& result : reply.value.results()) {
    EXPECT_EQ(result.code(), static_cast<int>(kInvalid));
  }
  ExpectNothingWritten();
}

TEST_F(SupermarketTest, MalformedRulesAreRefusedFieldByField) {
  Mark();
  struct Case {
    std::function<void(v1::Rule*)> spoil;
    const char* reason;
  };
  const std::vector<Case> cases = {
      {[](v1::Rule* r) { r->set_code("hyg-01"); }, "INVALID_CODE"},
      {[](v1::Rule* r) { r->set_code(std::string(33, 'A')); }, "INVALID_CODE"},
      {[](v1::Rule* r) { r->set_points(0); }, "INVALID_POINTS"},
      {[](v1::Rule* r) { r->set_points(100001); }, "INVALID_POINTS"},
      {[](v1::Rule* r) { r->set_cap_points(5); }, "INVALID_CAP"},
      {[](v1::Rule* r) { r->set_category(v1::RULE_CATEGORY_UNSPECIFIED); },
       "INVALID_CATEGORY"},
      {[](v1::Rule* r) { r->set_valid_from("2026-02-30"); },
       "INVALID_VALID_FROM"},
      {[](v1::Rule* r) { r->set_valid_to("2019-12-31"); }, "INVALID_VALID_TO"},
      {[](v1::Rule* r) { r->set_display_name(std::string(201, 'x')); },
       "INVALID_DISPLAY_NAME"},
      {[](v1::Rule* r) { r->set_display_name("bad\x01name"); },
       "INVALID_DISPLAY_NAME"},
      {[](v1::Rule* r) { r->set_unit("units/0"); }, "INVALID_NAME"},
  };
  for (const Case& c : cases) {
    v1::Rule rule =
        world_->RuleOf({Where::kTownship, 10, v1::CAP_PERIOD_MONTH, 20});
    c.spoil(&rule);
    EXPECT_THAT(world_->TryPublish(rule), FailsWith(kInvalid, c.reason));
  }
  v1::Rule taken = world_->RuleOf({Where::kTownship, 10});
  taken.set_code(rule_code_);
  EXPECT_THAT(world_->TryPublish(taken),
              FailsWith(grpc::StatusCode::ALREADY_EXISTS, "RULE_CODE_TAKEN"));
  ExpectNothingWritten();
}

TEST_F(SupermarketTest, ARedemptionIsVoidedOnlyOnce) {
  ASSERT_THAT(Award(h1_, rule_), IsOk());
  Reply<v1::Redemption> redeemed = Redeem(h1_, soap_, 2);
  ASSERT_THAT(redeemed, IsOk());
  v1::VoidRedemptionRequest void_request;
  void_request.set_request_id(Id());
  void_request.set_name(redeemed.value.name());
  void_request.set_reason("wrong household");
  ASSERT_THAT(Send(market_.get(), &Stub::VoidRedemption, void_request), IsOk());
  EXPECT_EQ(Balance(h1_), 10);
  EXPECT_EQ(Stock(soap_), 10);
  Mark();
  void_request.set_request_id(Id());
  EXPECT_THAT(Send(market_.get(), &Stub::VoidRedemption, void_request),
              FailsWith(kConflict, "ALREADY_VOIDED"));
  ExpectNothingWritten();
}

// ---- Flows.

TEST_F(SupermarketTest,
       ABatchRetriedGetsTheFirstAnswerAndChangedLinesAreRefused) {
  ASSERT_THAT(Award(h1_, rule_), IsOk());
  ASSERT_THAT(Award(h1_, rule_), IsOk());  // at the cap
  v1::AwardBatchRequest batch =
      Batch({{h1_, rule_}, {h2_, rule_}, {h3_, v2_rule_}, {h3_, rule_}});
  Reply<v1::AwardBatchResponse> first =
      Send(market_.get(), &Stub::AwardBatch, batch);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first.value.accepted(), 3);
  EXPECT_EQ(first.value.refused(), 1);
  EXPECT_EQ(first.value.points(), 25);
  EXPECT_EQ(first.value.results(0).refusal_reason(), "CAP_REACHED");
  EXPECT_EQ(first.value.results(3).award().rule_version(), 1);
  Mark();
  Reply<v1::AwardBatchResponse> again =
      Send(market_.get(), &Stub::AwardBatch, batch);
  EXPECT_THAT(again.value, EqualsProto(first.value));
  batch.mutable_lines()->RemoveLast();
  EXPECT_THAT(Send(market_.get(), &Stub::AwardBatch, batch),
              FailsWith(grpc::StatusCode::ALREADY_EXISTS, "REQUEST_ID_REUSED"));
  ExpectNothingWritten();
  EXPECT_EQ(Balance(h2_), 10);
  EXPECT_EQ(Balance(h3_), 15);
}

TEST_F(SupermarketTest, ADeskQueueIsAppliedInOrderOnceEvenWhenUploadedTwice) {
  ASSERT_THAT(Award(h1_, rule_), IsOk());  // 10 points
  const int64_t an_hour_ago = absl::ToUnixSeconds(absl::Now()) - 3600;
  v1::UploadDeskQueueRequest queue;
  // Spend 10, then try to spend 5 more: the second finds the points gone.
  for (int64_t quantity : {2, 1}) {
    v1::RedeemRequest* redeem = queue.add_items()->mutable_redeem();
    *redeem = RedeemRequest(h1_, soap_, quantity);
    redeem->mutable_desk_time()->set_seconds(an_hour_ago);
  }
  v1::AwardPointsRequest* award = queue.add_items()->mutable_award();
  *award = AwardRequest(h2_, rule_);
  award->mutable_desk_time()->set_seconds(an_hour_ago);
  Reply<v1::UploadDeskQueueResponse> first =
      Send(market_.get(), &Stub::UploadDeskQueue, queue);
  ASSERT_THAT(first, IsOk());
  ASSERT_EQ(first.value.results_size(), 3);
  EXPECT_EQ(first.value.results(0).code(), 0);
  EXPECT_EQ(first.value.results(0).redemption().total_points(), 10);
  EXPECT_EQ(first.value.results(1).reason(), "INSUFFICIENT_POINTS");
  EXPECT_EQ(first.value.results(2).code(), 0);
  EXPECT_EQ(first.value.results(2).award().desk_time().seconds(), an_hour_ago);
  Mark();
  Reply<v1::UploadDeskQueueResponse> second =
      Send(market_.get(), &Stub::UploadDeskQueue, queue);
  EXPECT_THAT(second.value, EqualsProto(first.value));
  ExpectNothingWritten();
  EXPECT_EQ(Balance(h1_), 0);
  EXPECT_EQ(Stock(soap_), 8);
}

TEST_F(SupermarketTest, FiguresCountAScenarioExactlyAndTheAuditIsClean) {
  ASSERT_THAT(Award(h1_, rule_), IsOk());
  ASSERT_THAT(Award(h1_, rule_), IsOk());
  ASSERT_THAT(Award(h2_, rule_), IsOk());
  ASSERT_THAT(Award(h3_, v2_rule_), IsOk());
  ASSERT_THAT(Redeem(h1_, soap_, 2), IsOk());            // 10 points
  Reply<v1::Redemption> voided = Redeem(h2_, soap_, 1);  // voided below
  ASSERT_THAT(voided, IsOk());
  ASSERT_THAT(Redeem(h1_, soap_, 1), IsOk());  // 5 points
  v1::VoidRedemptionRequest void_request;
  void_request.set_request_id(Id());
  void_request.set_name(voided.value.name());
  void_request.set_reason("counted twice");
  ASSERT_THAT(Send(market_.get(), &Stub::VoidRedemption, void_request), IsOk());

  v1::GetMarketFiguresRequest request;
  request.set_unit(township_);
  const std::string today =
      absl::FormatTime("%Y-%m-%d", absl::Now(), absl::FixedTimeZone(8 * 3600));
  request.set_from_date(today);
  request.set_to_date(today);
  Reply<v1::MarketFigures> figures =
      Send(market_.get(), &Stub::GetMarketFigures, request);
  ASSERT_THAT(figures, IsOk());
  EXPECT_EQ(figures.value.points_issued(), 35);
  ASSERT_EQ(figures.value.issued_by_category_size(), 1);
  EXPECT_EQ(figures.value.issued_by_category(0).awards(), 4);
  EXPECT_EQ(figures.value.points_redeemed(), 15);
  EXPECT_EQ(figures.value.redemption_events(), 2);
  EXPECT_EQ(figures.value.households_redeemed(), 1);
  EXPECT_EQ(figures.value.people_benefited(), 3);
  ASSERT_EQ(figures.value.goods_handed_out_size(), 1);
  EXPECT_EQ(figures.value.goods_handed_out(0).quantity(), 3);
  ASSERT_EQ(figures.value.stock_on_hand_size(), 2);
  EXPECT_EQ(figures.value.stock_on_hand(0).quantity(), 7);

  request.set_unit(v2_);
  figures = Send(market_.get(), &Stub::GetMarketFigures, request);
  ASSERT_THAT(figures, IsOk());
  EXPECT_EQ(figures.value.points_issued(), 5);
  EXPECT_EQ(figures.value.redemption_events(), 0);

  ExpectCleanAudit();
}

TEST_F(SupermarketTest, AwardsKeepTheRuleVersionTheyWereMadeUnder) {
  ASSERT_THAT(Award(h1_, rule_), IsOk());
  v1::ReviseRuleRequest revise;
  revise.set_request_id(Id());
  *revise.mutable_rule() =
      world_->RuleOf({Where::kSystem, 15, v1::CAP_PERIOD_MONTH, 30});
  revise.mutable_rule()->clear_code();
  revise.mutable_rule()->set_name(rule_);
  revise.mutable_rule()->set_display_name("庭院美丽");
  Reply<v1::Rule> revised = Send(market_.get(), &Stub::ReviseRule, revise);
  ASSERT_THAT(revised, IsOk());
  EXPECT_EQ(revised.value.version(), 2);
  Reply<v1::Award> second = Award(h1_, rule_);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second.value.rule_version(), 2);
  EXPECT_EQ(second.value.points(), 15);
  v1::GetStatementRequest statement;
  statement.set_household(h1_);
  Reply<v1::Statement> lines =
      Send(market_.get(), &Stub::GetStatement, statement);
  ASSERT_THAT(lines, IsOk());
  ASSERT_EQ(lines.value.lines_size(), 2);
  EXPECT_THAT(lines.value.lines(0).description(), HasSubstr("庭院美丽"));
  EXPECT_THAT(lines.value.lines(1).description(), HasSubstr("v1"));
  EXPECT_EQ(lines.value.balance(), 25);
}

// ---- Expiry (issue 6).

absl::CivilDay TodayInChina() {
  return absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 60 * 60));
}

TEST_F(SupermarketTest, ExpiryTakesOldPointsOnceAndTheStatementSaysWhen) {
  auto policy = v1::PolicyService::NewStub(server_.channel());
  using PolicyStub = v1::PolicyService::Stub;
  v1::SetUnitPolicyRequest set;
  set.set_request_id(Id());
  set.mutable_policy()->set_unit(township_);
  set.mutable_policy()->mutable_expiry()->set_mode(v1::EXPIRY_MODE_AFTER_DAYS);
  set.mutable_policy()->mutable_expiry()->set_days(30);
  ASSERT_THAT(Send(policy.get(), &PolicyStub::SetUnitPolicy, set), IsOk());
  const std::string rule =
      world_->Publish(world_->RuleOf({Where::kTownship, 10})).name();
  const absl::CivilDay today = TodayInChina();
  for (int days_ago : {40, 5}) {
    v1::AwardPointsRequest award = AwardRequest(h1_, rule);
    award.set_event_date(absl::FormatCivilTime(today - days_ago));
    ASSERT_THAT(Send(market_.get(), &Stub::AwardPoints, award), IsOk());
  }

  v1::GetStatementRequest statement;
  statement.set_household(h1_);
  Reply<v1::Statement> before =
      Send(market_.get(), &Stub::GetStatement, statement);
  ASSERT_THAT(before, IsOk());
  ASSERT_EQ(before.value.expiring_size(), 2);
  EXPECT_EQ(before.value.expiring(0).date(), absl::FormatCivilTime(today - 10));
  EXPECT_EQ(before.value.expiring(0).points(), 10);
  EXPECT_EQ(before.value.expiring(1).date(), absl::FormatCivilTime(today + 25));

  v1::PreviewExpiryRequest preview;
  preview.set_unit(township_);
  Reply<v1::ExpiryPreview> previewed =
      Send(policy.get(), &PolicyStub::PreviewExpiry, preview);
  ASSERT_THAT(previewed, IsOk());
  EXPECT_EQ(previewed.value.households(), 1);
  EXPECT_EQ(previewed.value.points(), 10);
  ASSERT_EQ(previewed.value.lines_size(), 1);
  EXPECT_EQ(previewed.value.lines(0).household(), h1_);

  v1::RunExpiryRequest run;
  run.set_request_id(Id());
  run.set_unit(township_);
  Reply<v1::RunExpiryResponse> ran =
      Send(policy.get(), &PolicyStub::RunExpiry, run);
  ASSERT_THAT(ran, IsOk());
  EXPECT_EQ(ran.value.points(), 10);
  EXPECT_EQ(ran.value.households(), 1);
  EXPECT_EQ(ran.value.runs_size(), 2);  // both villages, V2 with nothing
  EXPECT_EQ(Balance(h1_), 10);
  // The same request again answers the same.
  Reply<v1::RunExpiryResponse> retried =
      Send(policy.get(), &PolicyStub::RunExpiry, run);
  ASSERT_THAT(retried, IsOk());
  EXPECT_EQ(retried.value.points(), 10);

  const std::string county_without_expiry =
      world_->MakeUnit(v1::UNIT_LEVEL_COUNTY, "").name();
  Mark();
  run.set_request_id(Id());
  EXPECT_THAT(Send(policy.get(), &PolicyStub::RunExpiry, run),
              FailsWith(kConflict, "EXPIRY_ALREADY_RUN"));
  run.set_as_of(absl::FormatCivilTime(today + 1));
  EXPECT_THAT(Send(policy.get(), &PolicyStub::RunExpiry, run),
              FailsWith(kInvalid, "INVALID_AS_OF"));
  v1::RunExpiryRequest never;
  never.set_request_id(Id());
  never.set_unit(county_without_expiry);
  EXPECT_THAT(Send(policy.get(), &PolicyStub::RunExpiry, never),
              FailsWith(kConflict, "EXPIRY_NOT_SET"));
  ExpectNothingWritten();

  v1::ListExpiryRunsRequest list;
  list.set_unit(township_);
  Reply<v1::ListExpiryRunsResponse> runs =
      Send(policy.get(), &PolicyStub::ListExpiryRuns, list);
  ASSERT_THAT(runs, IsOk());
  EXPECT_EQ(runs.value.runs_size(), 2);
  Reply<v1::ExpiryPreview> after =
      Send(policy.get(), &PolicyStub::PreviewExpiry, preview);
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after.value.points(), 0);

  ExpectCleanAudit();
}

// ---- What a terminal shows and a villager reads.

TEST_F(SupermarketTest,
       ARedemptionBeyondTheBalanceNamesTheHouseholdAndFigures) {
  ASSERT_THAT(Award(h1_, rule_), IsOk());  // 10 points; soap is 5 each
  Mark();
  v1::RedeemRequest request = RedeemRequest(h1_, soap_, 3);
  Reply<v1::Redemption> refused = Send(market_.get(), &Stub::Redeem, request);
  ASSERT_THAT(refused, FailsWith(kConflict, "INSUFFICIENT_POINTS"));
  EXPECT_EQ(refused.status.error_message(), h1_ + " has 10 points, 15 needed");
  const std::map<std::string, std::string> expected = {
      {"household", h1_}, {"balance", "10"}, {"needed", "15"}};
  EXPECT_EQ(MetadataOf(refused), expected);
  // The retry with the same request id is answered the same, figures too.
  Reply<v1::Redemption> again = Send(market_.get(), &Stub::Redeem, request);
  EXPECT_THAT(again, FailsWith(kConflict, "INSUFFICIENT_POINTS"));
  EXPECT_EQ(MetadataOf(again), expected);
  ExpectNothingWritten();
}

TEST_F(SupermarketTest, AQueuedItemRefusedCarriesTheFiguresOfTheCallAlone) {
  ASSERT_THAT(Award(h1_, rule_), IsOk());  // 10 points; soap is 5 each
  Mark();
  v1::UploadDeskQueueRequest queue;
  v1::RedeemRequest* redeem = queue.add_items()->mutable_redeem();
  *redeem = RedeemRequest(h1_, soap_, 3);
  redeem->mutable_desk_time()->set_seconds(absl::ToUnixSeconds(absl::Now()) -
                                           60);
  Reply<v1::UploadDeskQueueResponse> reply =
      Send(market_.get(), &Stub::UploadDeskQueue, queue);
  ASSERT_THAT(reply, IsOk());
  ASSERT_EQ(reply.value.results_size(), 1);
  const v1::DeskItemResult& result = reply.value.results(0);
  EXPECT_EQ(result.reason(), "INSUFFICIENT_POINTS");
  const std::map<std::string, std::string> metadata(result.metadata().begin(),
                                                    result.metadata().end());
  const std::map<std::string, std::string> expected = {
      {"household", h1_}, {"balance", "10"}, {"needed", "15"}};
  EXPECT_EQ(metadata, expected);
  ExpectNothingWritten();
}

TEST_F(SupermarketTest, RefusalsOfStockAndCapsCarryTheirFigures) {
  ASSERT_THAT(Award(h1_, rule_), IsOk());
  ASSERT_THAT(Award(h1_, rule_), IsOk());
  Reply<v1::Award> capped = Award(h1_, rule_);
  ASSERT_THAT(capped, FailsWith(kConflict, "CAP_REACHED"));
  std::map<std::string, std::string> cap = MetadataOf(capped);
  EXPECT_EQ(cap["household"], h1_);
  EXPECT_EQ(cap["rule"], rule_);
  EXPECT_EQ(cap["cap"], "20");
  EXPECT_EQ(cap["so_far"], "20");
  EXPECT_FALSE(cap["period"].empty());
  ASSERT_THAT(Award(h3_, v2_rule_), IsOk());
  Reply<v1::Redemption> stock = Redeem(h1_, soap_, 11);
  ASSERT_THAT(stock, FailsWith(kConflict, "INSUFFICIENT_STOCK"));
  std::map<std::string, std::string> figures = MetadataOf(stock);
  EXPECT_EQ(figures["good"], soap_);
  EXPECT_EQ(figures["stock"], "10");
  EXPECT_EQ(figures["needed"], "11");
}

TEST_F(SupermarketTest,
       AReceiptNamesTheHouseholdItsHeadTheBalanceAndTheOfficer) {
  ASSERT_THAT(Award(h1_, rule_), IsOk());
  ASSERT_THAT(Award(h1_, rule_), IsOk());
  Reply<v1::Redemption> redeemed = Redeem(h1_, soap_, 2);
  ASSERT_THAT(redeemed, IsOk());
  v1::GetReceiptRequest request;
  request.set_name(redeemed.value.name());
  request.set_width(40);
  Reply<v1::Receipt> receipt = Send(market_.get(), &Stub::GetReceipt, request);
  ASSERT_THAT(receipt, IsOk());
  const std::string& text = receipt.value.text();
  EXPECT_THAT(text, HasSubstr("积分兑换单"));
  EXPECT_THAT(text, ContainsRegex("户号 +0001\n"));
  EXPECT_THAT(text, ContainsRegex("户主 +王秀英\n"));
  EXPECT_THAT(text, ContainsRegex("合计积分 +10\n"));
  EXPECT_THAT(text, ContainsRegex("兑换后余额 +10\n"));
  EXPECT_THAT(text, ContainsRegex("经办人 +admin\n"));
  EXPECT_THAT(text, HasSubstr("领取人签字"));
  EXPECT_THAT(text, Not(HasSubstr("households/")));
  EXPECT_THAT(text, Not(HasSubstr("operators/")));

  v1::VoidRedemptionRequest void_request;
  void_request.set_request_id(Id());
  void_request.set_name(redeemed.value.name());
  void_request.set_reason("登记错户");
  ASSERT_THAT(Send(market_.get(), &Stub::VoidRedemption, void_request), IsOk());
  Reply<v1::Receipt> voided = Send(market_.get(), &Stub::GetReceipt, request);
  ASSERT_THAT(voided, IsOk());
  EXPECT_THAT(
      voided.value.text(),
      ContainsRegex("已作废 +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}\n"
                    "登记错户\n"));
}

}  // namespace
}  // namespace jiamei::testing
