#include "storage/market/market_state.h"

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "storage/core/china_time.h"
#include "storage/policy/honour.h"
#include "storage/policy/lots.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_state.h"

namespace jiamei::storage {
namespace {

using absl::StatusCode;

absl::Status Conflict(absl::string_view reason, absl::string_view message) {
  return Refusal(StatusCode::kFailedPrecondition, reason, message);
}

// Cap periods as index keys: 2026 for a year, 202611 for a month.
uint64_t YearKey(absl::CivilDay day) {
  return static_cast<uint64_t>(day.year());
}
uint64_t MonthKey(absl::CivilDay day) {
  return static_cast<uint64_t>(day.year() * 100 + day.month());
}

absl::StatusOr<int64_t> AwardedSoFar(const ReadViews& views, uint64_t household,
                                     uint64_t rule, uint64_t period) {
  absl::StatusOr<std::optional<std::string>> value =
      views.Get(Cf::kIndex, IndexKey(Index::kAwarded, household, rule, period));
  if (!value.ok()) return value.status();
  if (!value->has_value()) return 0;
  std::optional<uint64_t> points = DecodeId(**value);
  if (!points) {
    return Store::CorruptRecord(
        Cf::kIndex, IndexKey(Index::kAwarded, household, rule, period));
  }
  return static_cast<int64_t>(*points);
}

// "YYYY-MM-DD" of `day`, as rules store their validity.
std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

bool ValidOn(const RuleFields& rule, absl::CivilDay day) {
  const std::string text = DayText(day);
  return rule.valid_from() <= text &&
         (rule.valid_to().empty() || text <= rule.valid_to());
}

TransferBody MakeTransferBody(uint64_t debit, uint64_t credit, int64_t amount,
                              const char* reason_code, std::string memo) {
  TransferBody t;
  t.set_debit_account(debit);
  t.set_credit_account(credit);
  t.set_amount(amount);
  t.set_reason_code(reason_code);
  t.set_memo(std::move(memo));
  return t;
}

}  // namespace

std::vector<MarketState::StockMove> MarketState::StockMoves(
    const Redeemed& redeemed, int32_t kind, int64_t sign) {
  std::vector<StockMove> moves;
  for (const RedeemedLine& item : redeemed.lines()) {
    StockMove& move = moves.emplace_back();
    move.good = item.good();
    move.line.set_kind(kind);
    move.line.set_change(sign * item.quantity());
    move.line.set_redemption(redeemed.redemption_id());
  }
  return moves;
}

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
  return views.Require<RuleRecord>(Record::kRule, id, "RULE_NOT_FOUND",
                                   RuleName(id));
}

absl::StatusOr<SiteRecord> FindSite(const ReadViews& views, uint64_t id) {
  return views.Require<SiteRecord>(Record::kSite, id, "SITE_NOT_FOUND",
                                   SiteName(id));
}

absl::StatusOr<GoodRecord> FindGood(const ReadViews& views, uint64_t id) {
  return views.Require<GoodRecord>(Record::kGood, id, "GOOD_NOT_FOUND",
                                   GoodName(id));
}

absl::StatusOr<RedemptionRecord> FindRedemption(const ReadViews& views,
                                                uint64_t id) {
  return views.Require<RedemptionRecord>(
      Record::kRedemption, id, "REDEMPTION_NOT_FOUND", RedemptionName(id));
}

absl::StatusOr<std::vector<uint64_t>> UnitAndAncestors(const ReadViews& views,
                                                       uint64_t unit) {
  std::vector<uint64_t> units;
  // Three levels at most; the bound guards against a corrupt loop.
  for (uint64_t id = unit; id != 0 && units.size() < 8;) {
    absl::StatusOr<UnitRecord> record = views.Require<UnitRecord>(
        Record::kUnit, id, "UNIT_NOT_FOUND", UnitName(id));
    if (!record.ok()) return record.status();
    units.push_back(id);
    id = record->unit().parent();
  }
  return units;
}

absl::StatusOr<MarketChange> MarketState::Check(const MarketChange& requested,
                                                const HeadRecord& head,
                                                int64_t now_micros) const {
  MarketChange out = requested;
  absl::Status status;
  switch (out.change_case()) {
    case MarketChange::kRulePublished:
      status = CheckRule(out.mutable_rule_published()->mutable_rule(), true);
      out.mutable_rule_published()->set_rule_id(head.last_rule_id() + 1);
      break;
    case MarketChange::kRuleRevised: {
      RuleRevised* revised = out.mutable_rule_revised();
      absl::StatusOr<RuleRecord> rule = FindRule(*views_, revised->rule_id());
      if (!rule.ok()) return rule.status();
      const RuleFields& current = rule->versions().rbegin()->rule();
      revised->mutable_rule()->set_unit(current.unit());
      revised->mutable_rule()->set_code(current.code());
      revised->set_version(rule->versions_size() + 1);
      status = CheckRule(revised->mutable_rule(), false);
      break;
    }
    case MarketChange::kAwardsMade:
      status = CheckAwards(out.mutable_awards_made(), now_micros, &out);
      break;
    case MarketChange::kSiteCreated:
      status =
          CheckSite(out.mutable_site_created(), head, out.mutable_account());
      break;
    case MarketChange::kGoodAdded: {
      absl::StatusOr<SiteRecord> site =
          FindSite(*views_, out.good_added().site());
      if (!site.ok()) return site.status();
      out.mutable_good_added()->set_good_id(head.last_good_id() + 1);
      break;
    }
    case MarketChange::kGoodRevised: {
      absl::StatusOr<GoodRecord> good =
          FindGood(*views_, out.good_revised().good_id());
      if (!good.ok()) return good.status();
      out.mutable_good_revised()->set_version(good->versions_size() + 1);
      break;
    }
    case MarketChange::kStockMoved:
      status = CheckStock(out.stock_moved());
      break;
    case MarketChange::kRedeemed:
      out.mutable_redeemed()->set_redemption_id(head.last_redemption_id() + 1);
      status = CheckRedeem(out.mutable_redeemed(), &out);
      break;
    case MarketChange::kRedemptionVoided:
      status = CheckVoid(out.redemption_voided(), &out);
      break;
    case MarketChange::kStocktakeRecorded:
      status = CheckStocktake(out.mutable_stocktake_recorded(), head);
      break;
    default:
      return Refusal(StatusCode::kInvalidArgument, "INVALID_CHANGE",
                     "no supermarket change given");
  }
  if (!status.ok()) return status;
  return out;
}

absl::Status MarketState::CheckRule(RuleFields* rule, bool publishing) const {
  absl::StatusOr<UnitRecord> unit = views_->Require<UnitRecord>(
      Record::kUnit, rule->unit(), "UNIT_NOT_FOUND", UnitName(rule->unit()));
  if (!unit.ok()) return unit.status();
  if (!publishing) return absl::OkStatus();
  absl::StatusOr<std::optional<std::string>> taken = views_->Get(
      Cf::kIndex, IndexKey(Index::kRuleCode, rule->unit(), rule->code()));
  if (!taken.ok()) return taken.status();
  if (taken->has_value()) {
    return Refusal(StatusCode::kAlreadyExists, "RULE_CODE_TAKEN",
                   absl::StrCat(UnitName(rule->unit()), " already has a rule ",
                                rule->code()));
  }
  return absl::OkStatus();
}

absl::Status MarketState::CheckAwards(AwardsMade* awards, int64_t now_micros,
                                      MarketChange* out) const {
  const absl::CivilDay day =
      MarketDay(awards->desk_time_micros() != 0 ? awards->desk_time_micros()
                                                : now_micros);
  absl::flat_hash_set<std::pair<uint64_t, uint64_t>> seen;
  absl::flat_hash_map<uint64_t, int64_t> balances;
  for (AwardLine& line : *awards->mutable_lines()) {
    if (!seen.emplace(line.household(), line.rule()).second) {
      return Refusal(StatusCode::kInvalidArgument, "DUPLICATE_LINE",
                     absl::StrCat(HouseholdName(line.household()), " and ",
                                  RuleName(line.rule()), " appear twice"));
    }
    std::optional<TransferBody> transfer;
    absl::Status status = CheckAwardLine(&line, day, &balances, &transfer);
    if (status.ok()) {
      if (transfer) *out->add_transfers() = *std::move(transfer);
      continue;
    }
    if (!awards->batch() || !IsAnswer(status)) return status;
    line.set_refusal_reason(RefusalReason(status));
    line.set_refusal_message(std::string(status.message()));
  }
  return absl::OkStatus();
}

absl::Status MarketState::CheckAwardLine(
    AwardLine* line, absl::CivilDay day,
    absl::flat_hash_map<uint64_t, int64_t>* balances,
    std::optional<TransferBody>* transfer) const {
  absl::StatusOr<HouseholdRecord> household = views_->Require<HouseholdRecord>(
      Record::kHousehold, line->household(), "HOUSEHOLD_NOT_FOUND",
      HouseholdName(line->household()));
  if (!household.ok()) return household.status();
  absl::StatusOr<RuleRecord> record = FindRule(*views_, line->rule());
  if (!record.ok()) return record.status();
  const RuleFields& rule = record->versions().rbegin()->rule();
  absl::StatusOr<std::vector<uint64_t>> units =
      UnitAndAncestors(*views_, household->village());
  if (!units.ok()) return units.status();
  if (std::find(units->begin(), units->end(), rule.unit()) == units->end()) {
    return Conflict(
        "RULE_NOT_APPLICABLE",
        absl::StrCat(RuleName(line->rule()), " is published by ",
                     UnitName(rule.unit()), "; ",
                     HouseholdName(line->household()), " is outside it"));
  }
  if (!ValidOn(rule, day)) {
    return Conflict(
        "RULE_NOT_VALID",
        absl::StrCat(RuleName(line->rule()), " is valid from ",
                     rule.valid_from(), " to ",
                     rule.valid_to().empty() ? "open end" : rule.valid_to(),
                     ", not on ", DayText(day)));
  }
  if (rule.cap_period() != kCapNone) {
    const bool monthly = rule.cap_period() == kCapMonth;
    absl::StatusOr<int64_t> so_far =
        AwardedSoFar(*views_, line->household(), line->rule(),
                     monthly ? MonthKey(day) : YearKey(day));
    if (!so_far.ok()) return so_far.status();
    if (*so_far + rule.points() > rule.cap_points()) {
      return Conflict(
          "CAP_REACHED",
          absl::StrCat(HouseholdName(line->household()), " has ", *so_far,
                       " points from ", RuleName(line->rule()), " in ",
                       DayText(day).substr(0, monthly ? 7 : 4), "; the cap is ",
                       rule.cap_points(), ", this award is ", rule.points()));
    }
  }
  absl::StatusOr<UnitRecord> issuer = views_->Require<UnitRecord>(
      Record::kUnit, rule.unit(), "UNIT_NOT_FOUND", UnitName(rule.unit()));
  if (!issuer.ok()) return issuer.status();
  line->set_rule_version(record->versions_size());
  const std::string memo =
      absl::StrCat(rule.code(), " v", record->versions_size());
  auto [balance, first] = balances->try_emplace(household->account(), 0);
  if (first) {
    if (!balance_of_) return absl::InternalError("no balances to deduct from");
    absl::StatusOr<int64_t> now = balance_of_(household->account());
    if (!now.ok()) return now.status();
    balance->second = *now;
  }
  if (!rule.deduction()) {
    line->set_points(rule.points());
    balance->second += rule.points();
    *transfer =
        MakeTransferBody(issuer->issuance_account(), household->account(),
                         rule.points(), kAwardReasonCode, memo);
    return absl::OkStatus();
  }
  // A deduction takes what the balance holds, up to the rule's points; the
  // rest is recorded as the line's shortfall, not lost.
  const int64_t taken =
      std::min(rule.points(), std::max<int64_t>(balance->second, 0));
  line->set_points(-taken);
  line->set_shortfall(rule.points() - taken);
  balance->second -= taken;
  if (taken > 0) {
    *transfer =
        MakeTransferBody(household->account(), issuer->issuance_account(),
                         taken, kDeductionReasonCode, memo);
  }
  return absl::OkStatus();
}

absl::Status MarketState::CheckSite(SiteCreated* site, const HeadRecord& head,
                                    AccountOpening* account) const {
  absl::StatusOr<UnitRecord> unit = views_->Require<UnitRecord>(
      Record::kUnit, site->unit(), "UNIT_NOT_FOUND", UnitName(site->unit()));
  if (!unit.ok()) return unit.status();
  if (unit->unit().level() == kLevelCounty) {
    return Conflict("NOT_A_SITE_UNIT",
                    "a site belongs to a township or a village");
  }
  for (uint64_t village : site->villages()) {
    absl::StatusOr<UnitRecord> v = views_->Require<UnitRecord>(
        Record::kUnit, village, "UNIT_NOT_FOUND", UnitName(village));
    if (!v.ok()) return v.status();
    if (v->unit().level() != kLevelVillage) {
      return Conflict("NOT_A_VILLAGE",
                      absl::StrCat(UnitName(village), " is not a village"));
    }
    if (village != site->unit() && v->unit().parent() != site->unit()) {
      return Conflict("VILLAGE_OUTSIDE_SITE",
                      absl::StrCat(UnitName(village), " is not within ",
                                   UnitName(site->unit())));
    }
  }
  site->set_site_id(head.last_site_id() + 1);
  account->set_account_id(head.last_account_id() + 1);
  account->set_kind(kKindSupermarket);
  account->set_display_name(site->display_name());
  account->set_unit(site->unit());
  return absl::OkStatus();
}

absl::Status MarketState::CheckStock(const StockMoved& move) const {
  absl::StatusOr<GoodRecord> good = FindGood(*views_, move.good_id());
  if (!good.ok()) return good.status();
  if (good->stock() + move.change() < 0) {
    return Conflict(
        "INSUFFICIENT_STOCK",
        absl::StrCat(GoodName(move.good_id()), " has ", good->stock(),
                     " in stock; the change is ", move.change()));
  }
  return absl::OkStatus();
}

absl::Status MarketState::CheckRedeem(Redeemed* redeemed,
                                      MarketChange* out) const {
  absl::StatusOr<SiteRecord> site = FindSite(*views_, redeemed->site());
  if (!site.ok()) return site.status();
  absl::StatusOr<HouseholdRecord> household = views_->Require<HouseholdRecord>(
      Record::kHousehold, redeemed->household(), "HOUSEHOLD_NOT_FOUND",
      HouseholdName(redeemed->household()));
  if (!household.ok()) return household.status();
  const auto& villages = site->site().villages();
  if (std::find(villages.begin(), villages.end(), household->village()) ==
      villages.end()) {
    return Conflict("SITE_DOES_NOT_SERVE",
                    absl::StrCat(SiteName(redeemed->site()), " does not serve ",
                                 UnitName(household->village()), " of ",
                                 HouseholdName(redeemed->household())));
  }
  int64_t total = 0;
  absl::flat_hash_set<uint64_t> seen;
  for (RedeemedLine& line : *redeemed->mutable_lines()) {
    if (!seen.insert(line.good()).second) {
      return Refusal(StatusCode::kInvalidArgument, "DUPLICATE_LINE",
                     absl::StrCat(GoodName(line.good()), " appears twice"));
    }
    absl::StatusOr<GoodRecord> good = FindGood(*views_, line.good());
    if (!good.ok()) return good.status();
    const GoodFields& current = good->versions().rbegin()->good();
    if (good->site() != redeemed->site()) {
      return Conflict("GOOD_NOT_AT_SITE",
                      absl::StrCat(GoodName(line.good()), " belongs to ",
                                   SiteName(good->site())));
    }
    if (!current.active()) {
      return Conflict("GOOD_INACTIVE",
                      absl::StrCat(GoodName(line.good()), " (",
                                   current.display_name(), ") is not offered"));
    }
    if (good->stock() < line.quantity()) {
      return Conflict(
          "INSUFFICIENT_STOCK",
          absl::StrCat(GoodName(line.good()), " (", current.display_name(),
                       ") has ", good->stock(), " ", current.measure(),
                       " in stock, ", line.quantity(), " asked"));
    }
    line.set_good_version(good->versions_size());
    line.set_price(current.price());
    line.set_display_name(current.display_name());
    line.set_measure(current.measure());
    // Quantities and prices are bounded by the API; the sum cannot
    // overflow, but a corrupt record must not make it.
    if (__builtin_add_overflow(total, current.price() * line.quantity(),
                               &total)) {
      return Refusal(StatusCode::kInvalidArgument, "INVALID_QUANTITY",
                     "the redemption's total is too large");
    }
  }
  *out->add_transfers() = MakeTransferBody(
      household->account(), site->account(), total, kRedemptionReasonCode,
      absl::StrCat("receipt ",
                   ReceiptNumber(redeemed->site(), redeemed->redemption_id())));
  return absl::OkStatus();
}

absl::Status MarketState::CheckVoid(const RedemptionVoided& request,
                                    MarketChange* out) const {
  absl::StatusOr<RedemptionRecord> redemption =
      FindRedemption(*views_, request.redemption_id());
  if (!redemption.ok()) return redemption.status();
  if (redemption->void_sequence() != 0) {
    return Conflict(
        "ALREADY_VOIDED",
        absl::StrCat(RedemptionName(request.redemption_id()), " was voided by ",
                     TransferName(redemption->void_sequence())));
  }
  const Redeemed& r = redemption->redemption();
  absl::StatusOr<SiteRecord> site = FindSite(*views_, r.site());
  if (!site.ok()) return site.status();
  absl::StatusOr<HouseholdRecord> household = views_->Require<HouseholdRecord>(
      Record::kHousehold, r.household(), "HOUSEHOLD_NOT_FOUND",
      HouseholdName(r.household()));
  if (!household.ok()) return household.status();
  *out->add_transfers() = MakeTransferBody(
      site->account(), household->account(), redemption->total_points(),
      kVoidReasonCode,
      absl::StrCat("void of receipt ",
                   ReceiptNumber(r.site(), r.redemption_id())));
  return absl::OkStatus();
}

absl::Status MarketState::Apply(const EntryRecord& entry, HeadRecord* head) {
  absl::Status status;
  switch (entry.market().change_case()) {
    case MarketChange::kRulePublished:
    case MarketChange::kRuleRevised:
      status = ApplyRule(entry);
      break;
    case MarketChange::kAwardsMade:
      status = ApplyAwards(entry);
      break;
    case MarketChange::kSiteCreated:
      status = ApplySite(entry);
      break;
    case MarketChange::kGoodAdded:
    case MarketChange::kGoodRevised:
      status = ApplyGood(entry);
      break;
    case MarketChange::kStockMoved:
      status = ApplyStock(entry);
      break;
    case MarketChange::kRedeemed:
      status = ApplyRedeem(entry);
      break;
    case MarketChange::kRedemptionVoided:
      status = ApplyVoid(entry);
      break;
    case MarketChange::kStocktakeRecorded:
      status = ApplyStocktake(entry);
      break;
    default:
      status = absl::InternalError("empty supermarket change");
  }
  if (status.ok()) AdvanceCounters(entry.market(), head);
  return status;
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

absl::Status MarketState::ApplyRule(const EntryRecord& entry) {
  const MarketChange& m = entry.market();
  RuleRecord record;
  RuleVersion version;
  if (m.has_rule_published()) {
    record.set_id(m.rule_published().rule_id());
    *version.mutable_rule() = m.rule_published().rule();
  } else {
    absl::StatusOr<RuleRecord> found =
        FindRule(*views_, m.rule_revised().rule_id());
    if (!found.ok()) return found.status();
    record = *std::move(found);
    *version.mutable_rule() = m.rule_revised().rule();
  }
  version.set_sequence(entry.sequence());
  version.set_time_micros(entry.time_micros());
  version.set_actor(entry.actor());
  *record.add_versions() = std::move(version);
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kRule, record.id()),
                   record);
  if (m.has_rule_published()) {
    const RuleFields& rule = m.rule_published().rule();
    views_->Put(Cf::kIndex,
                IndexKey(Index::kRuleCode, rule.unit(), rule.code()),
                EncodeId(record.id()));
    views_->Put(Cf::kIndex,
                IndexKey(Index::kUnitRule, rule.unit(), record.id()), "");
  }
  return absl::OkStatus();
}

absl::Status MarketState::ApplyAwards(const EntryRecord& entry) {
  const AwardsMade& awards = entry.market().awards_made();
  const absl::CivilDay day = MarketDay(EventMicros(entry));
  // Reads first: the running totals of every accepted line.
  std::vector<std::pair<std::string, int64_t>> totals;
  std::vector<uint64_t> households;
  for (const AwardLine& line : awards.lines()) {
    if (!line.refusal_reason().empty()) continue;
    for (uint64_t period : {MonthKey(day), YearKey(day)}) {
      absl::StatusOr<int64_t> so_far =
          AwardedSoFar(*views_, line.household(), line.rule(), period);
      if (!so_far.ok()) return so_far.status();
      // Caps count what a rule gives or asks, whatever a deduction took.
      totals.emplace_back(
          IndexKey(Index::kAwarded, line.household(), line.rule(), period),
          *so_far + std::abs(line.points() - line.shortfall()));
    }
    households.push_back(line.household());
  }
  absl::StatusOr<std::vector<std::string>> events =
      EventKeys(households, entry);
  if (!events.ok()) return events.status();
  for (const auto& [key, points] : totals) {
    views_->Put(Cf::kIndex, key, EncodeId(static_cast<uint64_t>(points)));
  }
  for (const std::string& key : *events) views_->Put(Cf::kIndex, key, "");
  const absl::CivilDay earned = EarnedDay(entry);
  for (const AwardLine& line : awards.lines()) {
    if (!line.refusal_reason().empty()) continue;
    // A deduction lowers honour by all it asked, also what it could not
    // take from the balance. It counts on the day of the event.
    if (absl::Status s = AddHouseholdHonour(
            views_, line.household(), line.points() - line.shortfall(), earned);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> MarketState::EventKeys(
    const std::vector<uint64_t>& households, const EntryRecord& entry) const {
  const auto day = static_cast<uint64_t>(MarketDay(EventMicros(entry)) -
                                         absl::CivilDay(1970, 1, 1));
  absl::flat_hash_set<uint64_t> villages;
  std::vector<std::string> keys;
  for (uint64_t household : households) {
    absl::StatusOr<HouseholdRecord> record = views_->Require<HouseholdRecord>(
        Record::kHousehold, household, "HOUSEHOLD_NOT_FOUND",
        HouseholdName(household));
    if (!record.ok()) return record.status();
    if (!villages.insert(record->village()).second) continue;
    keys.push_back(IndexKey(Index::kMarketEvent, record->village(), day,
                            entry.sequence()));
  }
  return keys;
}

absl::Status MarketState::ApplySite(const EntryRecord& entry) {
  const MarketChange& m = entry.market();
  const SiteCreated& site = m.site_created();
  absl::StatusOr<std::vector<uint64_t>> units =
      UnitAndAncestors(*views_, site.unit());
  if (!units.ok()) return units.status();
  SiteRecord record;
  *record.mutable_site() = site;
  record.set_account(m.account().account_id());
  record.set_create_sequence(entry.sequence());
  record.set_create_time_micros(entry.time_micros());
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kSite, site.site_id()),
                   record);
  for (uint64_t unit : *units) {
    views_->Put(Cf::kIndex, IndexKey(Index::kUnitSite, unit, site.site_id()),
                "");
  }
  return absl::OkStatus();
}

absl::Status MarketState::ApplyGood(const EntryRecord& entry) {
  const MarketChange& m = entry.market();
  GoodRecord record;
  GoodVersion version;
  if (m.has_good_added()) {
    record.set_id(m.good_added().good_id());
    record.set_site(m.good_added().site());
    *version.mutable_good() = m.good_added().good();
    views_->Put(Cf::kIndex,
                IndexKey(Index::kSiteGood, record.site(), record.id()), "");
  } else {
    absl::StatusOr<GoodRecord> found =
        FindGood(*views_, m.good_revised().good_id());
    if (!found.ok()) return found.status();
    record = *std::move(found);
    *version.mutable_good() = m.good_revised().good();
  }
  version.set_sequence(entry.sequence());
  version.set_time_micros(entry.time_micros());
  *record.add_versions() = std::move(version);
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kGood, record.id()),
                   record);
  return absl::OkStatus();
}

absl::Status MarketState::MoveStock(const EntryRecord& entry,
                                    std::vector<StockMove> moves) {
  std::vector<GoodRecord> goods;
  for (const StockMove& move : moves) {
    absl::StatusOr<GoodRecord> good = FindGood(*views_, move.good);
    if (!good.ok()) return good.status();
    goods.push_back(*std::move(good));
  }
  for (size_t i = 0; i < goods.size(); ++i) {
    GoodRecord& good = goods[i];
    StockLine& line = moves[i].line;
    good.set_stock(good.stock() + line.change());
    line.set_stock_after(good.stock());
    views_->PutProto(Cf::kRegistry, RecordKey(Record::kGood, good.id()), good);
    views_->PutProto(Cf::kIndex,
                     IndexKey(Index::kStockLine, good.id(), entry.sequence()),
                     line);
  }
  return absl::OkStatus();
}

absl::Status MarketState::ApplyStock(const EntryRecord& entry) {
  const StockMoved& move = entry.market().stock_moved();
  StockMove stock{move.good_id(), {}};
  stock.line.set_kind(move.kind());
  stock.line.set_change(move.change());
  stock.line.set_note(move.note());
  return MoveStock(entry, {std::move(stock)});
}

absl::Status MarketState::ApplyRedeem(const EntryRecord& entry) {
  const MarketChange& m = entry.market();
  const Redeemed& r = m.redeemed();
  RedemptionRecord record;
  *record.mutable_redemption() = r;
  record.set_total_points(m.transfers(0).amount());
  record.set_sequence(entry.sequence());
  absl::StatusOr<std::vector<std::string>> events =
      EventKeys({r.household()}, entry);
  if (!events.ok()) return events.status();
  if (absl::Status s = MoveStock(entry, StockMoves(r, kStockRedemption, -1));
      !s.ok()) {
    return s;
  }
  for (const std::string& key : *events) views_->Put(Cf::kIndex, key, "");
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kRedemption, r.redemption_id()), record);
  views_->Put(Cf::kIndex,
              IndexKey(Index::kSiteRedemption, r.site(), r.redemption_id()),
              "");
  return absl::OkStatus();
}

absl::Status MarketState::ApplyVoid(const EntryRecord& entry) {
  const RedemptionVoided& v = entry.market().redemption_voided();
  absl::StatusOr<RedemptionRecord> record =
      FindRedemption(*views_, v.redemption_id());
  if (!record.ok()) return record.status();
  record->set_void_sequence(entry.sequence());
  record->set_void_reason(v.reason());
  if (absl::Status s =
          MoveStock(entry, StockMoves(record->redemption(), kStockVoid, 1));
      !s.ok()) {
    return s;
  }
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kRedemption, v.redemption_id()), *record);
  return absl::OkStatus();
}

}  // namespace jiamei::storage
