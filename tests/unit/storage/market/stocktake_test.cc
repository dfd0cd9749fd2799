// Stocktakes as the sequencer applies them: differences become STOCKTAKE
// lines of the goods' stock ledgers, agreeing counts change nothing, bad
// counts write nothing, and the audit replays them.
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "storage/core/refusal.h"
#include "storage/core/views.h"
#include "storage/market/market_state.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_state.h"
#include "tests/unit/storage/store_fixture.h"

namespace jiamei::storage {
namespace {

// A township with a village and two sites; rice (10 in stock) and oil (4)
// at the first, soap (7) at the second.
class StocktakeTest : public StoreFixture {
 protected:
  void SetUp() override {
    const uint64_t county = AddUnit(kLevelCounty, 0, "C1");
    const uint64_t township = AddUnit(kLevelTownship, county, "T1");
    const uint64_t village = AddUnit(kLevelVillage, township, "V1");
    site_ = AddSite(township, village);
    other_site_ = AddSite(township, village);
    rice_ = AddGood(site_, "Rice 5 kg", 10);
    oil_ = AddGood(site_, "Oil 1 l", 4);
    soap_ = AddGood(other_site_, "Soap", 7);
  }

  uint64_t AddSite(uint64_t unit, uint64_t village) {
    MarketChange change;
    change.mutable_site_created()->set_unit(unit);
    change.mutable_site_created()->set_display_name("points supermarket");
    change.mutable_site_created()->add_villages(village);
    Outcome outcome = Apply(change);
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? outcome->market().site_created().site_id() : 0;
  }
  uint64_t AddGood(uint64_t site, const std::string& name, int64_t stock) {
    MarketChange good;
    good.mutable_good_added()->set_site(site);
    good.mutable_good_added()->mutable_good()->set_display_name(name);
    good.mutable_good_added()->mutable_good()->set_measure("bag");
    good.mutable_good_added()->mutable_good()->set_price(15);
    good.mutable_good_added()->mutable_good()->set_active(true);
    Outcome added = Apply(good);
    EXPECT_TRUE(added.ok()) << added.status();
    const uint64_t id = added.ok() ? added->market().good_added().good_id() : 0;
    MarketChange in;
    in.mutable_stock_moved()->set_good_id(id);
    in.mutable_stock_moved()->set_kind(kStockDonation);
    in.mutable_stock_moved()->set_change(stock);
    Outcome stocked = Apply(in);
    EXPECT_TRUE(stocked.ok()) << stocked.status();
    return id;
  }
  static MarketChange Count(
      uint64_t site, const std::vector<std::pair<uint64_t, int64_t>>& counts) {
    MarketChange change;
    StocktakeRecorded* s = change.mutable_stocktake_recorded();
    s->set_site(site);
    s->set_counter("Wang Xiuying");
    s->set_reason("monthly count");
    for (const auto& [good, counted] : counts) {
      StocktakeLine* line = s->add_lines();
      line->set_good(good);
      line->set_counted(counted);
    }
    return change;
  }
  int64_t Stock(uint64_t good) {
    absl::StatusOr<GoodRecord> record = FindGood(StoreViews(db_.store()), good);
    return record.ok() ? record->stock() : -1;
  }
  // The stock line the entry `sequence` wrote for `good`, if any.
  std::optional<StockLine> LineAt(uint64_t good, uint64_t sequence) {
    StockLine line;
    absl::StatusOr<bool> found =
        StoreViews(db_.store())
            .GetProto(Cf::kIndex, IndexKey(Index::kStockLine, good, sequence),
                      &line);
    EXPECT_TRUE(found.ok()) << found.status();
    if (!found.ok() || !*found) return std::nullopt;
    return line;
  }

  uint64_t site_ = 0, other_site_ = 0;
  uint64_t rice_ = 0, oil_ = 0, soap_ = 0;
};

TEST_F(StocktakeTest, DifferencesBecomeStocktakeLinesWithTheCountAsStockAfter) {
  Outcome outcome = Apply(Count(site_, {{rice_, 8}, {oil_, 6}}));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  const StocktakeRecorded& s = outcome->market().stocktake_recorded();
  EXPECT_EQ(s.stocktake_id(), 1u);
  ASSERT_EQ(s.lines_size(), 2);
  EXPECT_EQ(s.lines(0).expected(), 10);
  EXPECT_EQ(s.lines(0).difference(), -2);
  EXPECT_EQ(s.lines(0).display_name(), "Rice 5 kg");
  EXPECT_EQ(s.lines(1).expected(), 4);
  EXPECT_EQ(s.lines(1).difference(), 2);
  EXPECT_EQ(outcome->market().transfers_size(), 0);  // no points move
  EXPECT_EQ(Stock(rice_), 8);
  EXPECT_EQ(Stock(oil_), 6);

  std::optional<StockLine> rice = LineAt(rice_, outcome->sequence());
  ASSERT_TRUE(rice.has_value());
  EXPECT_EQ(rice->kind(), kStockStocktake);
  EXPECT_EQ(rice->change(), -2);
  EXPECT_EQ(rice->stock_after(), 8);
  EXPECT_EQ(rice->stocktake(), 1u);
  EXPECT_NE(rice->note().find("stocktakes/1"), std::string::npos)
      << rice->note();
  std::optional<StockLine> oil = LineAt(oil_, outcome->sequence());
  ASSERT_TRUE(oil.has_value());
  EXPECT_EQ(oil->change(), 2);
  EXPECT_EQ(oil->stock_after(), 6);

  absl::StatusOr<StocktakeRecord> record =
      FindStocktake(StoreViews(db_.store()), 1);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->sequence(), outcome->sequence());
  EXPECT_EQ(record->stocktake().counter(), "Wang Xiuying");
  EXPECT_EQ(record->stocktake().lines(0).difference(), -2);
  EXPECT_EQ(ledger_.head().last_stocktake_id(), 1u);
}

TEST_F(StocktakeTest, AgreeingCountIsRecordedWithoutAnyStockLine) {
  Outcome outcome = Apply(Count(site_, {{rice_, 10}}));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->market().stocktake_recorded().lines(0).difference(), 0);
  EXPECT_EQ(Stock(rice_), 10);
  EXPECT_FALSE(LineAt(rice_, outcome->sequence()).has_value());
  // Oil was not counted: untouched.
  EXPECT_EQ(Stock(oil_), 4);
  EXPECT_FALSE(LineAt(oil_, outcome->sequence()).has_value());
  EXPECT_TRUE(FindStocktake(StoreViews(db_.store()), 1).ok());
}

TEST_F(StocktakeTest, CountOfZeroEmptiesTheShelfAndTheNextCountSeesIt) {
  ASSERT_TRUE(Apply(Count(site_, {{oil_, 0}})).ok());
  EXPECT_EQ(Stock(oil_), 0);
  Outcome second = Apply(Count(site_, {{oil_, 1}}));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->market().stocktake_recorded().stocktake_id(), 2u);
  EXPECT_EQ(second->market().stocktake_recorded().lines(0).expected(), 0);
  EXPECT_EQ(second->market().stocktake_recorded().lines(0).difference(), 1);
  EXPECT_EQ(Stock(oil_), 1);
}

TEST_F(StocktakeTest, BadCountsAreRefusedWithAReasonAndWriteNothing) {
  const uint64_t before = ledger_.head().last_sequence();
  EXPECT_EQ(RefusalReason(Apply(Count(site_, {{soap_, 7}})).status()),
            "GOOD_NOT_AT_SITE");
  EXPECT_EQ(
      RefusalReason(Apply(Count(site_, {{rice_, 1}, {rice_, 2}})).status()),
      "DUPLICATE_LINE");
  EXPECT_EQ(RefusalReason(Apply(Count(site_, {{rice_, -1}})).status()),
            "INVALID_COUNT");
  EXPECT_EQ(RefusalReason(Apply(Count(site_, {})).status()), "NO_LINES");
  EXPECT_EQ(RefusalReason(Apply(Count(99, {{rice_, 1}})).status()),
            "SITE_NOT_FOUND");
  EXPECT_EQ(RefusalReason(Apply(Count(site_, {{99, 1}})).status()),
            "GOOD_NOT_FOUND");
  // A good counted right before a refused line changes nothing either.
  EXPECT_EQ(
      RefusalReason(Apply(Count(site_, {{rice_, 3}, {soap_, 7}})).status()),
      "GOOD_NOT_AT_SITE");
  EXPECT_EQ(ledger_.head().last_sequence(), before);
  EXPECT_EQ(ledger_.head().last_stocktake_id(), 0u);
  EXPECT_EQ(Stock(rice_), 10);
  EXPECT_EQ(Stock(soap_), 7);
}

TEST_F(StocktakeTest, AuditReplaysStocktakesAndFindsADamagedReport) {
  ASSERT_TRUE(Apply(Count(site_, {{rice_, 8}, {oil_, 4}})).ok());
  ASSERT_TRUE(Apply(Count(other_site_, {{soap_, 9}})).ok());
  jiamei::v1::AuditReport clean = Audit();
  EXPECT_TRUE(clean.clean()) << clean.DebugString();

  absl::StatusOr<StocktakeRecord> record =
      FindStocktake(StoreViews(db_.store()), 1);
  ASSERT_TRUE(record.ok());
  // A report rewritten to hide a loss.
  record->mutable_stocktake()->mutable_lines(0)->set_difference(0);
  Damage(Record::kStocktake, 1, *record);
  ExpectAuditFindsRegistryMismatch();
}

}  // namespace
}  // namespace jiamei::storage
