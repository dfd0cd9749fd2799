#include "clients/bench_market.h"

#include <iostream>
#include <utility>

#include "absl/strings/str_cat.h"

namespace jiamei::bench {
namespace {

// One AwardBatch line per household under `rule`.
jiamei::v1::AwardBatchRequest AwardEveryone(
    RequestIds* ids, const std::string& rule,
    const std::vector<std::string>& households) {
  jiamei::v1::AwardBatchRequest request;
  request.set_request_id(ids->Next());
  for (const std::string& household : households) {
    jiamei::v1::AwardLine* line = request.add_lines();
    line->set_household(household);
    line->set_rule(rule);
    line->set_note("bench evaluation");
  }
  return request;
}

}  // namespace

grpc::Status AwardLines(jiamei::v1::SupermarketService::Stub* stub,
                        RequestIds* ids, const std::string& rule,
                        const std::vector<std::string>& households,
                        int64_t lines) {
  std::vector<std::string> batch;
  for (int64_t i = 0; i < lines; ++i) {
    batch.push_back(households[static_cast<size_t>(i) % households.size()]);
    if (batch.size() < static_cast<size_t>(kAwardBatchLines) && i + 1 < lines) {
      continue;
    }
    jiamei::v1::AwardBatchResponse awarded;
    const grpc::Status status = stub->AwardBatch(
        NewContext().get(), AwardEveryone(ids, rule, batch), &awarded);
    if (!status.ok()) return status;
    if (awarded.refused() > 0) {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                          absl::StrCat(awarded.refused(), " lines refused"));
    }
    batch.clear();
  }
  return grpc::Status::OK;
}

grpc::Status MakeMarket(const std::shared_ptr<grpc::Channel>& channel,
                        RequestIds* ids, const std::string& village,
                        const std::vector<std::string>& households,
                        Market* market) {
  auto stub = jiamei::v1::SupermarketService::NewStub(channel);
  jiamei::v1::PublishRuleRequest publish;
  publish.set_request_id(ids->Next());
  jiamei::v1::Rule* rule = publish.mutable_rule();
  rule->set_unit(village);
  rule->set_code("BENCH-01");
  rule->set_display_name("bench rule");
  rule->set_category(jiamei::v1::RULE_CATEGORY_HYGIENE);
  rule->set_points(100000);
  rule->set_valid_from("2000-01-01");
  jiamei::v1::Rule published;
  grpc::Status status =
      stub->PublishRule(NewContext().get(), publish, &published);
  if (!status.ok()) return status;
  market->rule = published.name();
  status = AwardLines(stub.get(), ids, market->rule, households,
                      static_cast<int64_t>(households.size()));
  if (!status.ok()) return status;
  jiamei::v1::CreateSiteRequest create;
  create.set_request_id(ids->Next());
  create.mutable_site()->set_unit(village);
  create.mutable_site()->set_display_name("bench site");
  create.mutable_site()->add_villages(village);
  jiamei::v1::Site site;
  status = stub->CreateSite(NewContext().get(), create, &site);
  if (!status.ok()) return status;
  market->site = site.name();
  for (int i = 0; i < 6 && status.ok(); ++i) {
    jiamei::v1::AddGoodRequest add;
    add.set_request_id(ids->Next());
    add.mutable_good()->set_site(site.name());
    add.mutable_good()->set_display_name(absl::StrCat("bench good ", i));
    add.mutable_good()->set_measure("piece");
    add.mutable_good()->set_price(1 + i % 3);
    add.mutable_good()->set_active(true);
    jiamei::v1::Good good;
    status = stub->AddGood(NewContext().get(), add, &good);
    if (!status.ok()) break;
    market->goods.push_back(good.name());
    jiamei::v1::StockInRequest stock;
    stock.set_request_id(ids->Next());
    stock.set_good(good.name());
    stock.set_quantity(1000000);
    stock.set_kind(jiamei::v1::STOCK_MOVEMENT_KIND_PURCHASE);
    stock.set_note("bench stock");
    jiamei::v1::StockMovement movement;
    status = stub->StockIn(NewContext().get(), stock, &movement);
  }
  return status;
}

void RedeemSlot::Start(std::function<void(const grpc::Status&)> done) {
  context_ = NewContext();
  request_.set_request_id(ids_->Next());
  request_.set_household((*households_)[random_() % households_->size()]);
  const size_t first = random_() % goods_->size();
  for (size_t i = 0; i < 3; ++i) {
    request_.mutable_lines(static_cast<int>(i))
        ->set_good((*goods_)[(first + i) % goods_->size()]);
  }
  stub_->async()->Redeem(context_.get(), &request_, &response_,
                         std::move(done));
}

Row TimeAwardBatch(jiamei::v1::SupermarketService::Stub* stub, RequestIds* ids,
                   const std::string& rule,
                   const std::vector<std::string>& households, int round,
                   bool* failed) {
  const jiamei::v1::AwardBatchRequest request =
      AwardEveryone(ids, rule, households);
  jiamei::v1::AwardBatchResponse response;
  const Clock::time_point start = Clock::now();
  grpc::Status status =
      stub->AwardBatch(NewContext().get(), request, &response);
  const double ms =
      std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!status.ok() || response.refused() > 0) {
    std::cerr << "award_batch #" << round << ": " << status.error_message()
              << " refused " << response.refused() << "\n";
    *failed = true;
  }
  return OneCallRow("award_batch", round, response.accepted(), ms);
}

}  // namespace jiamei::bench
