// The supermarket's requests checked and turned into storage changes: every
// size, range, name and text of a rule, good, stock movement, award or
// redemption. What needs the records (does the household exist, is the rule
// valid that day) is judged later by storage/market/market_state.h; who may ask
// is checked by the service.
#ifndef JIAMEI_SERVICES_MARKET_MARKET_REQUESTS_H_
#define JIAMEI_SERVICES_MARKET_MARKET_REQUESTS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jiamei/v1/supermarket.pb.h"
#include "storage/core/records.pb.h"

namespace jiamei::services {

inline constexpr int kMaxBatchLines = 10000;
inline constexpr int kMaxRedemptionLines = 50;
inline constexpr int kMaxDeskItems = 1000;
inline constexpr int64_t kMaxRedeemQuantity = 1000;
inline constexpr int64_t kMaxStockChange = 1000000;
inline constexpr int64_t kMaxPoints = 100000;
inline constexpr int kMaxStocktakeLines = 1000;
inline constexpr int64_t kMaxStocktakeCount = 10000000;
// How far a desk's clock may run ahead, and how old a queued item may be.
inline constexpr absl::Duration kDeskClockSlack = absl::Minutes(5);
inline constexpr absl::Duration kDeskQueueAge = absl::Hours(24 * 31);

// A rule's fields; `publishing` also checks the unit and the code (a
// revision takes them from the rule).
absl::StatusOr<storage::RuleFields> RuleFieldsFromProto(
    const jiamei::v1::Rule& rule, bool publishing);
absl::StatusOr<storage::GoodFields> GoodFieldsFromProto(
    const jiamei::v1::Good& good);

// A desk time: absent (0) unless `required`; otherwise within
// kDeskQueueAge before `now` and kDeskClockSlack after it.
absl::StatusOr<int64_t> DeskMicrosFromProto(
    const jiamei::v1::AwardPointsRequest& r, bool required, absl::Time now);
absl::StatusOr<int64_t> DeskMicrosFromProto(const jiamei::v1::RedeemRequest& r,
                                            bool required, absl::Time now);

absl::StatusOr<storage::AwardLine> AwardLineFromProto(
    const jiamei::v1::AwardLine& line);
absl::StatusOr<storage::AwardsMade> AwardsFromProto(
    const jiamei::v1::AwardBatchRequest& request);
absl::StatusOr<storage::AwardsMade> AwardFromProto(
    const jiamei::v1::AwardPointsRequest& request, bool desk_queue,
    absl::Time now);
absl::StatusOr<storage::SiteCreated> SiteFromProto(
    const jiamei::v1::Site& site);
absl::StatusOr<storage::StockMoved> StockInFromProto(
    const jiamei::v1::StockInRequest& request);
absl::StatusOr<storage::StockMoved> AdjustmentFromProto(
    const jiamei::v1::AdjustStockRequest& request);
absl::StatusOr<storage::Redeemed> RedeemedFromProto(
    const jiamei::v1::RedeemRequest& request, bool desk_queue, absl::Time now);
// The site, the counter, the reason and 1 to kMaxStocktakeLines counts of
// 0 to kMaxStocktakeCount, each good once.
absl::StatusOr<storage::StocktakeRecorded> StocktakeFromProto(
    const jiamei::v1::RecordStocktakeRequest& request);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_MARKET_MARKET_REQUESTS_H_
