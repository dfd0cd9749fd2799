// One row of the annual report as it is counted (report_tally.h adds to
// it), and the row as the API shows it.
#ifndef JIAMEI_SERVICES_REPORT_REPORT_ROWS_H_
#define JIAMEI_SERVICES_REPORT_REPORT_ROWS_H_

#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "jiamei/v1/reports.pb.h"
#include "storage/market/market_reader.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {

// What one row counts; the definitions are reports.proto's.
struct RowTally {
  // Volunteer service.
  std::set<uint64_t> activities;
  int64_t person_times = 0;
  std::set<uint64_t> volunteers;
  int64_t minutes = 0;
  // Points.
  std::set<uint64_t> credited;                                 // households
  std::map<int32_t, std::pair<int64_t, int64_t>> by_category;  // points, awards
  int64_t service = 0;
  int64_t cards = 0;
  int64_t adjusted = 0;
  int64_t deducted = 0;
  int64_t expired = 0;
  int64_t redeemed = 0;
  // Redemptions.
  int64_t events = 0;
  int64_t redemption_person_times = 0;
  std::map<uint64_t, int64_t> redeemers;  // household -> members at its last
  std::map<uint64_t, int64_t> goods;      // good -> quantity
};

// Fills `out` from `row`; people credited are counted from the register now.
absl::Status FillRow(const RowTally& row,
                     const storage::RegistryReader& registry,
                     const storage::MarketReader& market,
                     jiamei::v1::ReportFigures* out);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_REPORT_REPORT_ROWS_H_
