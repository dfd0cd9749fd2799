// MarketState's rules and awards: a unit publishes points rules (积分细则)
// and revises them by versions; an award gives a household a rule's points
// (a deduction takes them, as far as the balance holds), within the rule's
// units, validity and monthly or yearly cap. A batch keeps its refused
// lines beside the accepted ones.
#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_errors.h"
#include "storage/market/market_state.h"
#include "storage/market/market_transfers.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"

namespace jiamei::storage {
namespace {

// Cap periods as index keys: 2026 for a year, 202611 for a month.
uint64_t YearKey(absl::CivilDay day) {
  return static_cast<uint64_t>(day.year());
}
uint64_t MonthKey(absl::CivilDay day) {
  return static_cast<uint64_t>(day.year() * 100 + day.month());
}

absl::StatusOr<int64_t> AwardedSoFar(const ReadViews& views, uint64_t household,
                                     uint64_t rule, uint64_t period) {
  const std::string key = IndexKey(Index::kAwarded, household, rule, period);
  ASSIGN_OR_RETURN(const std::optional<std::string> value,
                   views.Get(Cf::kIndex, key));
  if (!value.has_value()) return 0;
  std::optional<uint64_t> points = DecodeId(*value);
  if (!points) return Store::CorruptRecord(Cf::kIndex, key);
  return static_cast<int64_t>(*points);
}

// "YYYY-MM-DD" of `day`, as rules store their validity.
std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

bool ValidOn(const RuleFields& rule, absl::CivilDay day) {
  const std::string text = DayText(day);
  return rule.valid_from() <= text &&
         (rule.valid_to().empty() || text <= rule.valid_to());
}

}  // namespace

absl::Status MarketState::CheckRule(RuleFields* rule, bool publishing) const {
  RETURN_IF_ERROR(FindUnit(*views_, rule->unit()).status());
  if (!publishing) return absl::OkStatus();
  ASSIGN_OR_RETURN(
      const bool taken,
      Exists(*views_, Cf::kIndex,
             IndexKey(Index::kRuleCode, rule->unit(), rule->code())));
  if (taken) return errors::RuleCodeTaken(rule->unit(), rule->code());
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
      return errors::DuplicateLineInAwards(line.household(), line.rule());
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
  ASSIGN_OR_RETURN(const HouseholdRecord household,
                   FindHousehold(*views_, line->household()));
  ASSIGN_OR_RETURN(const RuleRecord record, FindRule(*views_, line->rule()));
  const RuleFields& rule = record.versions().rbegin()->rule();
  ASSIGN_OR_RETURN(const std::vector<uint64_t> units,
                   UnitAndAncestors(*views_, household.village()));
  if (std::find(units.begin(), units.end(), rule.unit()) == units.end()) {
    return errors::RuleNotApplicable(line->rule(), rule.unit(),
                                     line->household());
  }
  if (!ValidOn(rule, day)) {
    return errors::RuleNotValid(line->rule(), rule.valid_from(),
                                rule.valid_to(), DayText(day));
  }
  if (rule.cap_period() != kCapNone) {
    const bool monthly = rule.cap_period() == kCapMonth;
    ASSIGN_OR_RETURN(const int64_t so_far,
                     AwardedSoFar(*views_, line->household(), line->rule(),
                                  monthly ? MonthKey(day) : YearKey(day)));
    if (so_far + rule.points() > rule.cap_points()) {
      return errors::CapReached(line->household(), so_far, line->rule(),
                                DayText(day).substr(0, monthly ? 7 : 4),
                                rule.cap_points(), rule.points());
    }
  }
  ASSIGN_OR_RETURN(const UnitRecord issuer, FindUnit(*views_, rule.unit()));
  line->set_rule_version(record.versions_size());
  const std::string memo =
      absl::StrCat(rule.code(), " v", record.versions_size());
  auto [balance, first] = balances->try_emplace(household.account(), 0);
  if (first) {
    if (!balance_of_) return absl::InternalError("no balances to deduct from");
    ASSIGN_OR_RETURN(balance->second, balance_of_(household.account()));
  }
  if (!rule.deduction()) {
    line->set_points(rule.points());
    balance->second += rule.points();
    *transfer = MakeTransferBody(issuer.issuance_account(), household.account(),
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
    *transfer = MakeTransferBody(household.account(), issuer.issuance_account(),
                                 taken, kDeductionReasonCode, memo);
  }
  return absl::OkStatus();
}

absl::Status MarketState::ApplyRule(const EntryRecord& entry) {
  const MarketChange& m = entry.market();
  RuleRecord record;
  RuleVersion version;
  if (m.has_rule_published()) {
    record.set_id(m.rule_published().rule_id());
    *version.mutable_rule() = m.rule_published().rule();
  } else {
    ASSIGN_OR_RETURN(record, FindRule(*views_, m.rule_revised().rule_id()));
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
      ASSIGN_OR_RETURN(
          const int64_t so_far,
          AwardedSoFar(*views_, line.household(), line.rule(), period));
      // Caps count what a rule gives or asks, whatever a deduction took.
      totals.emplace_back(
          IndexKey(Index::kAwarded, line.household(), line.rule(), period),
          so_far + std::abs(line.points() - line.shortfall()));
    }
    households.push_back(line.household());
  }
  ASSIGN_OR_RETURN(const std::vector<std::string> events,
                   EventKeys(households, entry));
  for (const auto& [key, points] : totals) {
    views_->Put(Cf::kIndex, key, EncodeId(static_cast<uint64_t>(points)));
  }
  for (const std::string& key : events) views_->Put(Cf::kIndex, key, "");
  return absl::OkStatus();
}

}  // namespace jiamei::storage
