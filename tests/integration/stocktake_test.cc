// Stocktakes (盘点) over gRPC against the real server: the report lists
// every counted good with its difference, differences land in the goods'
// stock ledgers, a retry gets the first answer, and every bad input is
// refused with its status and reason while the ledger's digest stays where
// it was.
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/supermarket.grpc.pb.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/world.h"

namespace jiamei::testing {
namespace {

using ::testing::HasSubstr;
using Stub = v1::SupermarketService::Stub;

constexpr grpc::StatusCode kInvalid = grpc::StatusCode::INVALID_ARGUMENT;

// The world's units (world.h) without households or rules; two sites of
// the township serving A, one with rice (10 in stock) and oil (4), the
// other with soap (5).
WorldPlan StocktakeWorld() {
  const auto good = [](const char* name, int64_t stock) {
    GoodPlan plan;
    plan.display_name = name;
    plan.stock = stock;
    plan.measure = "袋";
    return plan;
  };
  WorldPlan plan;
  plan.households.clear();
  plan.rules.clear();
  plan.sites.assign(2, SitePlan());
  plan.sites[0].goods = {good("大米 5 kg", 10), good("食用油", 4)};
  plan.sites[1].goods = {good("洗衣皂", 5)};
  return plan;
}

class StocktakeTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    world_ = std::make_unique<World>(server_, StocktakeWorld());
    market_ = v1::SupermarketService::NewStub(server_.channel());
    site_ = world_->site(0);
    other_site_ = world_->site(1);
    rice_ = world_->good(0, 0);
    oil_ = world_->good(0, 1);
    soap_ = world_->good(1, 0);
  }

  std::string Id() { return world_->NewId(); }

  v1::RecordStocktakeRequest Count(
      const std::string& site,
      const std::vector<std::pair<std::string, int64_t>>& counts) {
    v1::RecordStocktakeRequest request;
    request.set_request_id(Id());
    request.set_site(site);
    request.set_counter("王秀英、李敏");
    request.set_reason("月末盘点");
    for (const auto& [good, counted] : counts) {
      v1::StocktakeLine* line = request.add_lines();
      line->set_good(good);
      line->set_counted(counted);
    }
    return request;
  }
  Reply<v1::Stocktake> Record(const v1::RecordStocktakeRequest& request) {
    return Send(market_.get(), &Stub::RecordStocktake, request);
  }

  int64_t Stock(const std::string& good) {
    v1::GetGoodRequest request;
    request.set_name(good);
    return Send(market_.get(), &Stub::GetGood, request).value.stock();
  }
  std::vector<v1::StockMovement> Movements(const std::string& good) {
    v1::ListStockMovementsRequest request;
    request.set_good(good);
    Reply<v1::ListStockMovementsResponse> reply =
        Send(market_.get(), &Stub::ListStockMovements, request);
    EXPECT_THAT(reply, IsOk());
    return {reply.value.movements().begin(), reply.value.movements().end()};
  }

  std::unique_ptr<World> world_;
  std::unique_ptr<Stub> market_;
  std::string site_, other_site_, rice_, oil_, soap_;
};

// ---- Bad input.

TEST_F(StocktakeTest, BadCountsAreRefusedWithTheirReasonAndWriteNothing) {
  Mark();
  Reply<v1::Stocktake> negative = Record(Count(site_, {{rice_, -1}}));
  EXPECT_THAT(negative, FailsWith(kInvalid, "INVALID_COUNT"));
  EXPECT_THAT(negative.status.error_message(), HasSubstr("got -1"));
  EXPECT_THAT(Record(Count(site_, {{rice_, 10000001}})),
              FailsWith(kInvalid, "INVALID_COUNT"));
  Reply<v1::Stocktake> elsewhere =
      Record(Count(site_, {{rice_, 9}, {soap_, 5}}));
  EXPECT_THAT(elsewhere, FailsWith(grpc::StatusCode::FAILED_PRECONDITION,
                                   "GOOD_NOT_AT_SITE"));
  EXPECT_THAT(elsewhere.status.error_message(), HasSubstr(other_site_));
  EXPECT_THAT(Record(Count(site_, {{rice_, 9}, {oil_, 1}, {rice_, 8}})),
              FailsWith(kInvalid, "DUPLICATE_LINE"));
  EXPECT_THAT(Record(Count(site_, {})), FailsWith(kInvalid, "NO_LINES"));
  v1::RecordStocktakeRequest many = Count(site_, {});
  for (int i = 0; i < 1001; ++i) {
    v1::StocktakeLine* line = many.add_lines();
    line->set_good("goods/" + std::to_string(1000 + i));
    line->set_counted(1);
  }
  EXPECT_THAT(Record(many), FailsWith(kInvalid, "TOO_MANY_LINES"));
  v1::RecordStocktakeRequest no_counter = Count(site_, {{rice_, 9}});
  no_counter.clear_counter();
  EXPECT_THAT(Record(no_counter), FailsWith(kInvalid, "INVALID_COUNTER"));
  no_counter.set_counter(std::string(201, 'x'));
  EXPECT_THAT(Record(no_counter), FailsWith(kInvalid, "INVALID_COUNTER"));
  v1::RecordStocktakeRequest no_reason = Count(site_, {{rice_, 9}});
  no_reason.clear_reason();
  EXPECT_THAT(Record(no_reason), FailsWith(kInvalid, "INVALID_REASON"));
  no_reason.set_reason(std::string(1025, 'x'));
  EXPECT_THAT(Record(no_reason), FailsWith(kInvalid, "INVALID_REASON"));
  EXPECT_THAT(Record(Count("sites/999", {{rice_, 9}})),
              FailsWith(grpc::StatusCode::NOT_FOUND, "SITE_NOT_FOUND"));
  EXPECT_THAT(Record(Count(site_, {{"goods/999", 9}})),
              FailsWith(grpc::StatusCode::NOT_FOUND, "GOOD_NOT_FOUND"));
  EXPECT_THAT(Record(Count(site_, {{"goods/x", 9}})),
              FailsWith(kInvalid, "INVALID_NAME"));
  ExpectNothingWritten();
  EXPECT_EQ(Stock(rice_), 10);
  EXPECT_EQ(Stock(oil_), 4);
  EXPECT_EQ(Movements(rice_).size(), 1u);  // the stock-in only
}

// ---- Flows.

TEST_F(StocktakeTest, TheReportListsEveryCountAndTheStockLedgerTheDifferences) {
  Reply<v1::Stocktake> made = Record(Count(site_, {{rice_, 8}, {oil_, 4}}));
  ASSERT_THAT(made, IsOk());
  const v1::Stocktake& report = made.value;
  EXPECT_EQ(report.name(), "stocktakes/1");
  EXPECT_EQ(report.site(), site_);
  EXPECT_EQ(report.counter(), "王秀英、李敏");
  EXPECT_EQ(report.reason(), "月末盘点");
  EXPECT_FALSE(report.operator_().empty());
  EXPECT_GT(report.sequence(), 0u);
  ASSERT_EQ(report.lines_size(), 2);
  EXPECT_EQ(report.lines(0).good(), rice_);
  EXPECT_EQ(report.lines(0).display_name(), "大米 5 kg");
  EXPECT_EQ(report.lines(0).measure(), "袋");
  EXPECT_EQ(report.lines(0).expected(), 10);
  EXPECT_EQ(report.lines(0).counted(), 8);
  EXPECT_EQ(report.lines(0).difference(), -2);
  EXPECT_EQ(report.lines(1).good(), oil_);
  EXPECT_EQ(report.lines(1).difference(), 0);  // agreed: listed, unchanged
  EXPECT_EQ(report.goods_counted(), 2);
  EXPECT_EQ(report.differences(), 1);
  EXPECT_EQ(report.net_change(), -2);

  std::vector<v1::StockMovement> rice = Movements(rice_);
  ASSERT_EQ(rice.size(), 2u);
  EXPECT_EQ(rice[0].kind(), v1::STOCK_MOVEMENT_KIND_STOCKTAKE);
  EXPECT_EQ(rice[0].change(), -2);
  EXPECT_EQ(rice[0].stock_after(), 8);
  EXPECT_EQ(rice[0].stocktake(), "stocktakes/1");
  EXPECT_THAT(rice[0].note(), HasSubstr("stocktakes/1"));
  EXPECT_EQ(rice[0].sequence(), report.sequence());
  EXPECT_EQ(Movements(oil_).size(), 1u);
  EXPECT_EQ(Stock(rice_), 8);
  EXPECT_EQ(Stock(oil_), 4);

  // More rice turns up at the next count.
  Reply<v1::Stocktake> next = Record(Count(site_, {{rice_, 11}}));
  ASSERT_THAT(next, IsOk());
  EXPECT_EQ(next.value.lines(0).expected(), 8);
  EXPECT_EQ(next.value.net_change(), 3);
  EXPECT_EQ(Movements(rice_)[0].stock_after(), 11);

  v1::GetStocktakeRequest get;
  get.set_name(report.name());
  Reply<v1::Stocktake> got = Send(market_.get(), &Stub::GetStocktake, get);
  ASSERT_THAT(got, IsOk());
  EXPECT_THAT(got.value, EqualsProto(report));
  get.set_name("stocktakes/99");
  EXPECT_THAT(Send(market_.get(), &Stub::GetStocktake, get),
              FailsWith(grpc::StatusCode::NOT_FOUND, "STOCKTAKE_NOT_FOUND"));

  v1::AuditReport audit = client_->MustRunAudit();
  EXPECT_TRUE(audit.clean()) << audit.DebugString();
}

TEST_F(StocktakeTest, ARetriedStocktakeGetsTheFirstAnswerAndCountsOnce) {
  v1::RecordStocktakeRequest request = Count(site_, {{rice_, 7}});
  Reply<v1::Stocktake> first = Record(request);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first.value.lines(0).expected(), 10);
  // Meanwhile rice came in; the retry still answers as the first did and
  // does not count again.
  world_->StockIn(rice_, 5);
  Mark();
  Reply<v1::Stocktake> again = Record(request);
  ASSERT_THAT(again, IsOk());
  EXPECT_THAT(again.value, EqualsProto(first.value));
  ExpectNothingWritten();
  EXPECT_EQ(Stock(rice_), 12);
  EXPECT_EQ(Movements(rice_).size(), 3u);
  request.mutable_lines(0)->set_counted(6);
  EXPECT_THAT(Record(request),
              FailsWith(grpc::StatusCode::ALREADY_EXISTS, "REQUEST_ID_REUSED"));
  ExpectNothingWritten();
}

TEST_F(StocktakeTest, StocktakesAreListedPerSiteNewestFirstPageByPage) {
  for (int64_t counted : {9, 8, 7}) {
    ASSERT_THAT(Record(Count(site_, {{rice_, counted}})), IsOk());
  }
  ASSERT_THAT(Record(Count(other_site_, {{soap_, 5}})), IsOk());
  v1::ListStocktakesRequest list;
  list.set_site(site_);
  list.set_page_size(2);
  Reply<v1::ListStocktakesResponse> page =
      Send(market_.get(), &Stub::ListStocktakes, list);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page.value.stocktakes_size(), 2);
  EXPECT_EQ(page.value.stocktakes(0).name(), "stocktakes/3");
  EXPECT_EQ(page.value.stocktakes(0).lines(0).counted(), 7);
  EXPECT_EQ(page.value.stocktakes(1).name(), "stocktakes/2");
  ASSERT_FALSE(page.value.next_page_token().empty());
  list.set_page_token(page.value.next_page_token());
  page = Send(market_.get(), &Stub::ListStocktakes, list);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page.value.stocktakes_size(), 1);
  EXPECT_EQ(page.value.stocktakes(0).name(), "stocktakes/1");
  EXPECT_TRUE(page.value.next_page_token().empty());

  list.set_site(other_site_);
  list.clear_page_token();
  page = Send(market_.get(), &Stub::ListStocktakes, list);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page.value.stocktakes_size(), 1);
  EXPECT_EQ(page.value.stocktakes(0).name(), "stocktakes/4");
}

}  // namespace
}  // namespace jiamei::testing
