// MarketState's entry points and the lookups of the supermarket's records:
// Check and Apply choose the rule of each kind of change, which lives with
// its idea: rules and awards in market_awards.cc, sites, goods and stock in
// market_goods.cc, redemptions and voids in market_redemptions.cc,
// stocktakes in market_stocktake.cc.
#include "storage/market/market_state.h"

#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/time/time.h"
#include "storage/core/china_time.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_errors.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"

namespace jiamei::storage {

absl::CivilDay MarketDay(int64_t micros) {
  return ChinaDay(absl::FromUnixMicros(micros));
}

int64_t EventMicros(const EntryRecord& entry) {
  const MarketChange& m = entry.market();
  int64_t desk = 0;
  if (m.has_awards_made()) desk = m.awards_made().desk_time_micros();
  if (m.has_redeemed()) desk = m.redeemed().desk_time_micros();
  return desk != 0 ? desk : entry.time_micros();
}

MarketChange AsRequested(MarketChange logged) {
  logged.clear_account();
  logged.clear_transfers();
  switch (logged.change_case()) {
    case MarketChange::kRulePublished:
      logged.mutable_rule_published()->clear_rule_id();
      break;
    case MarketChange::kRuleRevised:
      logged.mutable_rule_revised()->clear_version();
      logged.mutable_rule_revised()->mutable_rule()->clear_unit();
      logged.mutable_rule_revised()->mutable_rule()->clear_code();
      break;
    case MarketChange::kAwardsMade:
      for (AwardLine& line : *logged.mutable_awards_made()->mutable_lines()) {
        line.clear_rule_version();
        line.clear_points();
        line.clear_refusal_reason();
        line.clear_refusal_message();
        line.clear_shortfall();
      }
      break;
    case MarketChange::kSiteCreated:
      logged.mutable_site_created()->clear_site_id();
      break;
    case MarketChange::kGoodAdded:
      logged.mutable_good_added()->clear_good_id();
      break;
    case MarketChange::kGoodRevised:
      logged.mutable_good_revised()->clear_version();
      break;
    case MarketChange::kRedeemed:
      logged.mutable_redeemed()->clear_redemption_id();
      logged.mutable_redeemed()->clear_members();
      for (RedeemedLine& line : *logged.mutable_redeemed()->mutable_lines()) {
        line.clear_good_version();
        line.clear_price();
        line.clear_display_name();
        line.clear_measure();
      }
      break;
    case MarketChange::kStocktakeRecorded:
      logged.mutable_stocktake_recorded()->clear_stocktake_id();
      for (StocktakeLine& line :
           *logged.mutable_stocktake_recorded()->mutable_lines()) {
        line.clear_expected();
        line.clear_difference();
        line.clear_display_name();
        line.clear_measure();
      }
      break;
    default:
      break;
  }
  return logged;
}

absl::StatusOr<RuleRecord> FindRule(const ReadViews& views, uint64_t id) {
  return RequireRecord<RuleRecord>(views, Record::kRule, id,
                                   errors::RuleNotFound);
}

absl::StatusOr<SiteRecord> FindSite(const ReadViews& views, uint64_t id) {
  return RequireRecord<SiteRecord>(views, Record::kSite, id,
                                   errors::SiteNotFound);
}

absl::StatusOr<GoodRecord> FindGood(const ReadViews& views, uint64_t id) {
  return RequireRecord<GoodRecord>(views, Record::kGood, id,
                                   errors::GoodNotFound);
}

absl::StatusOr<RedemptionRecord> FindRedemption(const ReadViews& views,
                                                uint64_t id) {
  return RequireRecord<RedemptionRecord>(views, Record::kRedemption, id,
                                         errors::RedemptionNotFound);
}

absl::StatusOr<StocktakeRecord> FindStocktake(const ReadViews& views,
                                              uint64_t id) {
  return RequireRecord<StocktakeRecord>(views, Record::kStocktake, id,
                                        errors::StocktakeNotFound);
}

absl::StatusOr<std::vector<uint64_t>> UnitAndAncestors(const ReadViews& views,
                                                       uint64_t unit) {
  std::vector<uint64_t> units;
  // Three levels at most; the bound guards against a corrupt loop.
  for (uint64_t id = unit; id != 0 && units.size() < 8;) {
    ASSIGN_OR_RETURN(const UnitRecord record, FindUnit(views, id));
    units.push_back(id);
    id = record.unit().parent();
  }
  return units;
}

absl::StatusOr<MarketChange> MarketState::Check(const MarketChange& requested,
                                                const HeadRecord& head,
                                                int64_t now_micros) const {
  MarketChange out = requested;
  switch (out.change_case()) {
    case MarketChange::kRulePublished:
      RETURN_IF_ERROR(
          CheckRule(out.mutable_rule_published()->mutable_rule(), true));
      out.mutable_rule_published()->set_rule_id(head.last_rule_id() + 1);
      break;
    case MarketChange::kRuleRevised: {
      RuleRevised* revised = out.mutable_rule_revised();
      ASSIGN_OR_RETURN(const RuleRecord rule,
                       FindRule(*views_, revised->rule_id()));
      const RuleFields& current = rule.versions().rbegin()->rule();
      revised->mutable_rule()->set_unit(current.unit());
      revised->mutable_rule()->set_code(current.code());
      revised->set_version(rule.versions_size() + 1);
      RETURN_IF_ERROR(CheckRule(revised->mutable_rule(), false));
      break;
    }
    case MarketChange::kAwardsMade:
      RETURN_IF_ERROR(CheckAwards(out.mutable_awards_made(), now_micros, &out));
      break;
    case MarketChange::kSiteCreated:
      RETURN_IF_ERROR(
          CheckSite(out.mutable_site_created(), head, out.mutable_account()));
      break;
    case MarketChange::kGoodAdded:
      RETURN_IF_ERROR(FindSite(*views_, out.good_added().site()).status());
      out.mutable_good_added()->set_good_id(head.last_good_id() + 1);
      break;
    case MarketChange::kGoodRevised: {
      ASSIGN_OR_RETURN(const GoodRecord good,
                       FindGood(*views_, out.good_revised().good_id()));
      out.mutable_good_revised()->set_version(good.versions_size() + 1);
      break;
    }
    case MarketChange::kStockMoved:
      RETURN_IF_ERROR(CheckStock(out.stock_moved()));
      break;
    case MarketChange::kRedeemed:
      out.mutable_redeemed()->set_redemption_id(head.last_redemption_id() + 1);
      RETURN_IF_ERROR(CheckRedeem(out.mutable_redeemed(), &out));
      break;
    case MarketChange::kRedemptionVoided:
      RETURN_IF_ERROR(CheckVoid(out.redemption_voided(), &out));
      break;
    case MarketChange::kStocktakeRecorded:
      RETURN_IF_ERROR(CheckStocktake(out.mutable_stocktake_recorded(), head));
      break;
    default:
      return errors::InvalidChange("supermarket");
  }
  return out;
}

absl::Status MarketState::Apply(const EntryRecord& entry, HeadRecord* head) {
  switch (entry.market().change_case()) {
    case MarketChange::kRulePublished:
    case MarketChange::kRuleRevised:
      RETURN_IF_ERROR(ApplyRule(entry));
      break;
    case MarketChange::kAwardsMade:
      RETURN_IF_ERROR(ApplyAwards(entry));
      break;
    case MarketChange::kSiteCreated:
      RETURN_IF_ERROR(ApplySite(entry));
      break;
    case MarketChange::kGoodAdded:
    case MarketChange::kGoodRevised:
      RETURN_IF_ERROR(ApplyGood(entry));
      break;
    case MarketChange::kStockMoved:
      RETURN_IF_ERROR(ApplyStock(entry));
      break;
    case MarketChange::kRedeemed:
      RETURN_IF_ERROR(ApplyRedeem(entry));
      break;
    case MarketChange::kRedemptionVoided:
      RETURN_IF_ERROR(ApplyVoid(entry));
      break;
    case MarketChange::kStocktakeRecorded:
      RETURN_IF_ERROR(ApplyStocktake(entry));
      break;
    default:
      return absl::InternalError("empty supermarket change");
  }
  AdvanceCounters(entry.market(), head);
  return absl::OkStatus();
}

void MarketState::AdvanceCounters(const MarketChange& change,
                                  HeadRecord* head) {
  if (change.has_rule_published()) {
    head->set_last_rule_id(change.rule_published().rule_id());
  } else if (change.has_site_created()) {
    head->set_last_site_id(change.site_created().site_id());
  } else if (change.has_good_added()) {
    head->set_last_good_id(change.good_added().good_id());
  } else if (change.has_redeemed()) {
    head->set_last_redemption_id(change.redeemed().redemption_id());
  } else if (change.has_stocktake_recorded()) {
    head->set_last_stocktake_id(change.stocktake_recorded().stocktake_id());
  }
}

absl::StatusOr<std::vector<std::string>> MarketState::EventKeys(
    const std::vector<uint64_t>& households, const EntryRecord& entry) const {
  const auto day = static_cast<uint64_t>(MarketDay(EventMicros(entry)) -
                                         absl::CivilDay(1970, 1, 1));
  absl::flat_hash_set<uint64_t> villages;
  std::vector<std::string> keys;
  for (uint64_t household : households) {
    ASSIGN_OR_RETURN(const HouseholdRecord record,
                     FindHousehold(*views_, household));
    if (!villages.insert(record.village()).second) continue;
    keys.push_back(
        IndexKey(Index::kMarketEvent, record.village(), day, entry.sequence()));
  }
  return keys;
}

}  // namespace jiamei::storage
