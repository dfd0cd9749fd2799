// jiamei-bench's points-supermarket phases: `redeem` (redemptions of 3
// goods each at one site, random households) and `award_batch` (one
// AwardBatch of every household, timed as one call per round).
#ifndef JIAMEI_CLIENTS_BENCH_MARKET_H_
#define JIAMEI_CLIENTS_BENCH_MARKET_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "clients/bench_common.h"
#include "clients/bench_load.h"
#include "clients/bench_report.h"
#include "grpcpp/grpcpp.h"
#include "jiamei/v1/supermarket.grpc.pb.h"

namespace jiamei::bench {

// The most lines of one AwardBatch (services/market's kMaxBatchLines).
inline constexpr int kAwardBatchLines = 10000;

// Awards `lines` lines of `rule` through the real write path, going round
// `households` (each awarded once per round), in AwardBatch calls of at
// most kAwardBatchLines; a refused call or line ends it with its status.
grpc::Status AwardLines(jiamei::v1::SupermarketService::Stub* stub,
                        RequestIds* ids, const std::string& rule,
                        const std::vector<std::string>& households,
                        int64_t lines);

// A supermarket for the village: a rule without cap, every household
// awarded its points once (AwardLines), a site with six goods (1 to 3 points)
// and a million of each in stock.
struct Market {
  std::string rule;
  std::string site;
  std::vector<std::string> goods;
};

grpc::Status MakeMarket(const std::shared_ptr<grpc::Channel>& channel,
                        RequestIds* ids, const std::string& village,
                        const std::vector<std::string>& households,
                        Market* market);

// Redeems 3 distinct goods, 1 of each, for a random household.
class RedeemSlot : public Slot {
 public:
  RedeemSlot(jiamei::v1::SupermarketService::Stub* stub, RequestIds* ids,
             std::string site, const std::vector<std::string>* households,
             const std::vector<std::string>* goods, uint32_t seed)
      : stub_(stub),
        ids_(ids),
        households_(households),
        goods_(goods),
        random_(seed) {
    request_.set_site(std::move(site));
    for (int i = 0; i < 3; ++i) request_.add_lines()->set_quantity(1);
  }
  void Start(std::function<void(const grpc::Status&)> done) override;

 private:
  jiamei::v1::SupermarketService::Stub* stub_;
  RequestIds* ids_;
  const std::vector<std::string>* households_;
  const std::vector<std::string>* goods_;
  std::minstd_rand random_;
  std::unique_ptr<grpc::ClientContext> context_;
  jiamei::v1::RedeemRequest request_;
  jiamei::v1::Redemption response_;
};

// One AwardBatch of every household, timed: the row's calls are the lines
// accepted, its p50 and p99 the call's wall time. Sets `failed` if the call
// or a line is refused.
Row TimeAwardBatch(jiamei::v1::SupermarketService::Stub* stub, RequestIds* ids,
                   const std::string& rule,
                   const std::vector<std::string>& households, int round,
                   bool* failed);

}  // namespace jiamei::bench

#endif  // JIAMEI_CLIENTS_BENCH_MARKET_H_
