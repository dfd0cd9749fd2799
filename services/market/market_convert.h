// The supermarket's records as API messages, and the texts made from them:
// a receipt for the desk printer, a statement line's description.
#ifndef JIAMEI_SERVICES_MARKET_MARKET_CONVERT_H_
#define JIAMEI_SERVICES_MARKET_MARKET_CONVERT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "jiamei/v1/supermarket.pb.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"

namespace jiamei::services {

// Version `version` (from 1) of `rule`; 0 for the current one.
absl::Status RuleToProto(const storage::RuleRecord& rule, int32_t version,
                         jiamei::v1::Rule* out);
void SiteToProto(const storage::SiteRecord& site, jiamei::v1::Site* out);
void GoodToProto(const storage::GoodRecord& good, jiamei::v1::Good* out);
void StockMovementToProto(uint64_t good, const storage::StockLine& line,
                          const storage::EntryRecord& entry,
                          jiamei::v1::StockMovement* out);
// A stocktake report: every line counted, with its difference, and the
// totals.
void StocktakeToProto(const storage::StocktakeRecord& record,
                      jiamei::v1::Stocktake* out);

// Reads what the messages name beyond the record itself (rules' and goods'
// versions, the entries that moved the points).
class MarketRecords {
 public:
  explicit MarketRecords(const storage::Store* store) : store_(store) {}

  // Line `index` of the awards in `entry`, with the transfer that made it
  // unless `without_transfer` (a batch's lines share one entry).
  absl::Status AwardToProto(const storage::EntryRecord& entry, int index,
                            jiamei::v1::Award* out,
                            bool without_transfer = false) const;
  // `entry`, when given, is the redemption's own (saves reading it).
  absl::Status RedemptionToProto(
      const storage::RedemptionRecord& record, jiamei::v1::Redemption* out,
      const storage::EntryRecord* entry = nullptr) const;
  // The receipt of `redemption`, `width` columns wide.
  absl::StatusOr<std::string> Receipt(
      const storage::RedemptionRecord& redemption, int width) const;
  // What a household's statement says of `entry`: "Award: ...", and the
  // rule or redemption it names; for service hours, the activity's title,
  // day and organising unit.
  absl::Status Describe(const storage::EntryRecord& entry, uint64_t household,
                        jiamei::v1::StatementLine* out) const;

 private:
  // "志愿服务：<title>（<day>，<unit>组织）" for an entry crediting service
  // hours (confirmed or corrected), else nullopt.
  absl::StatusOr<std::optional<std::string>> ServiceText(
      const storage::EntryRecord& entry) const;

  const storage::Store* store_;
};

// Display width of UTF-8 text on a desk printer: East Asian wide
// characters take two columns.
int DisplayWidth(absl::string_view text);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_MARKET_MARKET_CONVERT_H_
