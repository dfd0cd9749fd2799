// The figures of a year-end work report for the points supermarket: what a
// unit and the units below it issued and redeemed over a period.
#ifndef JIAMEI_SERVICES_MARKET_MARKET_FIGURES_H_
#define JIAMEI_SERVICES_MARKET_MARKET_FIGURES_H_

#include <cstdint>
#include <map>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "jiamei/v1/supermarket.pb.h"
#include "services/auth/access.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"
#include "storage/market/market_reader.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {

using GoodQuantities =
    google::protobuf::RepeatedPtrField<jiamei::v1::GoodQuantity>;

// `quantity` of `good` as the figures show it.
void GoodToProto(const storage::GoodRecord& good, int64_t quantity,
                 jiamei::v1::GoodQuantity* out);
// Appends a line per good of `quantities` (good id -> quantity), in id order.
absl::Status AppendGoods(const storage::MarketReader& market,
                         const std::map<uint64_t, int64_t>& quantities,
                         GoodQuantities* out);
// Appends the stock now of every good at the sites of `unit`.
absl::Status AppendStock(const storage::MarketReader& market, uint64_t unit,
                         GoodQuantities* out);
// The members of the redeeming household as it was at the redemption (its
// `members`); today's count for an entry logged before that was kept (or a
// household that had none).
absl::StatusOr<int64_t> MembersAt(const storage::RegistryReader& registry,
                                  const storage::Redeemed& redeemed);

// Appends the villages of `unit`'s subtree (the unit itself if it is one)
// `depth` levels down.
absl::Status VillagesOf(const storage::RegistryReader& reader, uint64_t unit,
                        int depth, std::vector<uint64_t>* villages);

// Fills `out` for `unit` from `from` to `to` (inclusive, UTC+8 days). Reads
// one snapshot, so the figures add up even while desks keep working.
absl::Status ComputeMarketFigures(const storage::Store* store,
                                  const Access& access, uint64_t unit,
                                  absl::CivilDay from, absl::CivilDay to,
                                  jiamei::v1::MarketFigures* out);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_MARKET_MARKET_FIGURES_H_
