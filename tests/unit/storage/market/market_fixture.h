// The world the supermarket's and points policy's unit tests share: a
// county, a township with two villages, a household in each, and helpers
// that publish rules, make awards, stock a site and read balances.
#ifndef JIAMEI_TESTS_UNIT_STORAGE_MARKET_MARKET_FIXTURE_H_
#define JIAMEI_TESTS_UNIT_STORAGE_MARKET_MARKET_FIXTURE_H_

#include <cstdint>
#include <string>

#include "gtest/gtest.h"
#include "storage/core/views.h"
#include "storage/market/market_state.h"
#include "storage/policy/policy_state.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"
#include "storage/registry/registry_state.h"
#include "tests/unit/storage/store_fixture.h"

namespace jiamei::storage {

class MarketFixture : public StoreFixture {
 protected:
  void SetUp() override {
    county_ = AddUnit(kLevelCounty, 0, "C1");
    township_ = AddUnit(kLevelTownship, county_, "T1");
    village_ = AddUnit(kLevelVillage, township_, "V1");
    other_village_ = AddUnit(kLevelVillage, township_, "V2");
    household_ = AddHousehold(village_, "0001");
    neighbour_ = AddHousehold(other_village_, "0002");
  }

  // A rule of the township: 10 points, at most 20 a month.
  uint64_t PublishRule(const std::string& valid_to = "",
                       const std::string& code = "HYG-01") {
    MarketChange change;
    RuleFields* rule = change.mutable_rule_published()->mutable_rule();
    rule->set_unit(township_);
    rule->set_code(code);
    rule->set_display_name("Courtyard hygiene");
    rule->set_category(1);
    rule->set_points(10);
    rule->set_cap_period(kCapMonth);
    rule->set_cap_points(20);
    rule->set_valid_from("2020-01-01");
    rule->set_valid_to(valid_to);
    Outcome outcome = Apply(change);
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? outcome->market().rule_published().rule_id() : 0;
  }
  MarketChange Award(uint64_t household, uint64_t rule, bool batch = false) {
    MarketChange change;
    AwardsMade* awards = change.mutable_awards_made();
    awards->set_batch(batch);
    AwardLine* line = awards->add_lines();
    line->set_household(household);
    line->set_rule(rule);
    line->set_note("checked");
    return change;
  }
  // A site serving the first village, with one good of price 15 and 3 in
  // stock; returns the good.
  uint64_t StockedGood() {
    MarketChange site;
    site.mutable_site_created()->set_unit(township_);
    site.mutable_site_created()->set_display_name("T1 points supermarket");
    site.mutable_site_created()->add_villages(village_);
    Outcome created = Apply(site);
    EXPECT_TRUE(created.ok()) << created.status();
    site_ = created->market().site_created().site_id();
    site_account_ = created->market().account().account_id();
    MarketChange good;
    good.mutable_good_added()->set_site(site_);
    good.mutable_good_added()->mutable_good()->set_display_name("Rice 5 kg");
    good.mutable_good_added()->mutable_good()->set_measure("bag");
    good.mutable_good_added()->mutable_good()->set_price(15);
    good.mutable_good_added()->mutable_good()->set_active(true);
    Outcome added = Apply(good);
    EXPECT_TRUE(added.ok()) << added.status();
    const uint64_t id = added->market().good_added().good_id();
    MarketChange stock;
    stock.mutable_stock_moved()->set_good_id(id);
    stock.mutable_stock_moved()->set_kind(kStockDonation);
    stock.mutable_stock_moved()->set_change(3);
    EXPECT_TRUE(Apply(stock).ok());
    return id;
  }
  MarketChange Redeem(uint64_t household, uint64_t good, int64_t quantity) {
    MarketChange change;
    change.mutable_redeemed()->set_site(site_);
    change.mutable_redeemed()->set_household(household);
    RedeemedLine* line = change.mutable_redeemed()->add_lines();
    line->set_good(good);
    line->set_quantity(quantity);
    return change;
  }
  // A rule of the other village only: 5 points, a deduction if asked.
  MarketChange OtherVillageRule(bool deduction = false) {
    MarketChange change;
    RuleFields* rule = change.mutable_rule_published()->mutable_rule();
    rule->set_unit(other_village_);
    rule->set_code("V2-ONLY");
    rule->set_display_name("V2 only");
    rule->set_category(1);
    rule->set_points(5);
    rule->set_valid_from("2020-01-01");
    rule->set_deduction(deduction);
    return change;
  }
  // Two awards of `rule` to the household (20 points), then one `good`
  // redeemed by it; returns the redemption's outcome.
  Outcome RedeemOneAfterTwoAwards(uint64_t rule, uint64_t good) {
    EXPECT_TRUE(Apply(Award(household_, rule)).ok());
    EXPECT_TRUE(Apply(Award(household_, rule)).ok());
    return Apply(Redeem(household_, good, 1));
  }
  // Voids the redemption `redeemed` made, for `reason`.
  MarketChange VoidOf(const Outcome& redeemed, const std::string& reason) {
    MarketChange change;
    change.mutable_redemption_voided()->set_redemption_id(
        redeemed->market().redeemed().redemption_id());
    change.mutable_redemption_voided()->set_reason(reason);
    return change;
  }
  // A township rule that takes 15 points (扣分).
  uint64_t PublishDeduction() {
    MarketChange change;
    RuleFields* rule = change.mutable_rule_published()->mutable_rule();
    rule->set_unit(township_);
    rule->set_code("LITTER");
    rule->set_display_name("Littering");
    rule->set_category(1);
    rule->set_points(15);
    rule->set_valid_from("2020-01-01");
    rule->set_deduction(true);
    Outcome outcome = Apply(change);
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? outcome->market().rule_published().rule_id() : 0;
  }
  uint64_t AddOperator(const std::string& login, int32_t role) {
    RegistryChange change;
    OperatorCreated* op = change.mutable_operator_created();
    op->set_login(login);
    op->set_display_name(login);
    op->set_role(role);
    op->set_scope_unit(village_);
    Outcome outcome = Apply(change);
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? outcome->registry().operator_created().operator_id()
                        : 0;
  }
  PolicyChange Decision(uint64_t approval, bool approve) {
    PolicyChange change;
    change.mutable_decided()->set_approval_id(approval);
    change.mutable_decided()->set_approved(approve);
    change.mutable_decided()->set_note("seen");
    return change;
  }
  int64_t Honour(uint64_t household) {
    HonourRecord honour;
    EXPECT_TRUE(db_.store()
                    ->GetProto(Cf::kRegistry,
                               RecordKey(Record::kHonour, household), &honour)
                    .ok());
    return honour.score();
  }
  int64_t Stock(uint64_t good) {
    absl::StatusOr<GoodRecord> record = FindGood(StoreViews(db_.store()), good);
    return record.ok() ? record->stock() : -1;
  }

  uint64_t county_ = 0, township_ = 0, village_ = 0, other_village_ = 0;
  uint64_t household_ = 0, neighbour_ = 0;
  uint64_t site_ = 0, site_account_ = 0;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_TESTS_UNIT_STORAGE_MARKET_MARKET_FIXTURE_H_
