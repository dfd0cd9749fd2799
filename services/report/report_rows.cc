#include "services/report/report_rows.h"

#include <vector>

#include "services/market/market_figures.h"
#include "storage/core/status_macros.h"

namespace jiamei::services {
namespace {

void FillService(const RowTally& row, jiamei::v1::ReportFigures* out) {
  out->set_activities_held(static_cast<int64_t>(row.activities.size()));
  out->set_person_times(row.person_times);
  out->set_distinct_volunteers(static_cast<int64_t>(row.volunteers.size()));
  out->set_service_minutes(row.minutes);
}

void FillPoints(const RowTally& row, jiamei::v1::ReportFigures* out) {
  int64_t by_rules = 0;
  for (const auto& [category, points] : row.by_category) {
    jiamei::v1::CategoryPoints* c = out->add_issued_by_category();
    c->set_category(static_cast<jiamei::v1::RuleCategory>(category));
    c->set_points(points.first);
    c->set_awards(points.second);
    by_rules += points.first;
  }
  out->set_points_service(row.service);
  out->set_points_cards(row.cards);
  out->set_points_adjusted(row.adjusted);
  out->set_points_issued(by_rules + row.service + row.cards);
  out->set_points_deducted(row.deducted);
  out->set_points_expired(row.expired);
  out->set_points_redeemed(row.redeemed);
}

}  // namespace

absl::Status FillRow(const RowTally& row,
                     const storage::RegistryReader& registry,
                     const storage::MarketReader& market,
                     jiamei::v1::ReportFigures* out) {
  FillService(row, out);
  FillPoints(row, out);
  out->set_households_credited(static_cast<int64_t>(row.credited.size()));
  for (uint64_t household : row.credited) {
    ASSIGN_OR_RETURN(
        const std::vector<uint64_t> members,
        registry.ListIds(storage::Index::kMember, household, 0, INT32_MAX));
    out->set_people_credited(out->people_credited() +
                             static_cast<int64_t>(members.size()));
  }
  out->set_redemption_events(row.events);
  out->set_redemption_person_times(row.redemption_person_times);
  out->set_households_redeemed(static_cast<int64_t>(row.redeemers.size()));
  for (const auto& [household, members] : row.redeemers) {
    out->set_people_redeemed(out->people_redeemed() + members);
  }
  return AppendGoods(market, row.goods, out->mutable_goods_handed_out());
}

}  // namespace jiamei::services
