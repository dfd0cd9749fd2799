#include "services/report/report_tally.h"

#include <algorithm>
#include <map>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "services/activity/activity_records.h"
#include "services/market/market_figures.h"
#include "services/report/report_rows.h"
#include "storage/activity/activity_reader.h"
#include "storage/cards/card_state.h"
#include "storage/core/names.h"
#include "storage/core/snapshot.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/market/market_reader.h"
#include "storage/market/market_state.h"
#include "storage/policy/effective_day.h"
#include "storage/policy/policy_state.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using storage::Index;

// The awards an entry made (a desk's, or an approved proposal's); null if
// none.
const storage::AwardsMade* AppliedAwards(const storage::EntryRecord& entry) {
  if (entry.has_market() && entry.market().has_awards_made()) {
    return &entry.market().awards_made();
  }
  if (entry.has_policy() && entry.policy().has_decided() &&
      entry.policy().decided().approved() &&
      entry.policy().decided().market().has_awards_made()) {
    return &entry.policy().decided().market().awards_made();
  }
  return nullptr;
}

class Tally {
 public:
  Tally(const storage::Store* store, const storage::Snapshot& snapshot,
        const Access& access, uint64_t unit, absl::CivilDay from,
        absl::CivilDay to)
      : store_(store),
        ledger_(store, snapshot.get()),
        market_(store, snapshot.get()),
        registry_(store, snapshot.get()),
        access_(access),
        unit_(unit),
        from_(from),
        to_(to) {}

  absl::Status Run(jiamei::v1::AnnualReport* out) {
    ASSIGN_OR_RETURN(children_,
                     registry_.ListIds(Index::kUnitChild, unit_, 0, INT32_MAX));
    units_.resize(children_.size() + 1);
    RETURN_IF_ERROR(CountActivities());
    RETURN_IF_ERROR(CountEntries());
    return Fill(out);
  }

 private:
  // The unit row (index into units_) that `unit` of the subtree counts in:
  // its child of unit_, or the last row (the unit's own level).
  absl::StatusOr<size_t> RowOf(uint64_t unit) {
    auto it = row_of_.find(unit);
    if (it != row_of_.end()) return it->second;
    size_t row = children_.size();
    for (size_t i = 0; i < children_.size(); ++i) {
      ASSIGN_OR_RETURN(const bool within, access_.Within(unit, children_[i]));
      if (within) row = i;
    }
    row_of_[unit] = row;
    return row;
  }

  // The unit row of `household`'s village, or nullopt outside the unit.
  absl::StatusOr<std::optional<size_t>> RowOfHousehold(uint64_t household) {
    auto it = household_row_.find(household);
    if (it != household_row_.end()) return it->second;
    ASSIGN_OR_RETURN(const storage::HouseholdRecord record,
                     registry_.GetHousehold(household));
    ASSIGN_OR_RETURN(const bool within,
                     access_.Within(record.village(), unit_));
    std::optional<size_t> row;
    if (within) {
      ASSIGN_OR_RETURN(row, RowOf(record.village()));
    }
    household_row_[household] = row;
    return row;
  }

  // The household whose account is `account`, or 0.
  absl::StatusOr<uint64_t> HouseholdOf(uint64_t account) {
    auto it = household_of_.find(account);
    if (it != household_of_.end()) return it->second;
    ASSIGN_OR_RETURN(const storage::AccountView view,
                     ledger_.GetAccount(account));
    household_of_[account] = view.account.household();
    return view.account.household();
  }

  // Calls `add(row)` for the total and the unit row of `household`, if it is
  // the unit's.
  template <typename Add>
  absl::Status ForHousehold(uint64_t household, Add add) {
    ASSIGN_OR_RETURN(const std::optional<size_t> row,
                     RowOfHousehold(household));
    if (!row.has_value()) return absl::OkStatus();
    add(total_);
    add(units_[*row]);
    return absl::OkStatus();
  }

  absl::Status CountActivities();
  absl::Status CountActivity(const storage::ActivityReader& activities,
                             const storage::ActivityRecord& activity,
                             bool in_subtree);
  absl::Status CountEntries();
  absl::Status CountEntry(const storage::EntryRecord& entry);
  absl::Status CountAwards(const storage::AwardsMade& awards);
  absl::Status CountRedemption(uint64_t id);
  absl::Status CountTransfer(const storage::TransferBody& t, bool plain);
  absl::Status Fill(jiamei::v1::AnnualReport* out);

  const storage::Store* store_;
  const storage::LedgerReader ledger_;
  const storage::MarketReader market_;
  const storage::RegistryReader registry_;
  const Access& access_;
  const uint64_t unit_;
  const absl::CivilDay from_, to_;
  std::vector<uint64_t> children_;
  RowTally total_;
  std::vector<RowTally> units_;  // per child, then the unit's own level
  std::map<uint64_t, RowTally> teams_;
  RowTally teams_total_;
  absl::flat_hash_map<uint64_t, size_t> row_of_;
  absl::flat_hash_map<uint64_t, std::optional<size_t>> household_row_;
  absl::flat_hash_map<uint64_t, uint64_t> household_of_;
};

absl::Status Tally::CountActivities() {
  std::vector<uint64_t> subtree;
  RETURN_IF_ERROR(Subtree(registry_, unit_, 2, &subtree));
  for (uint64_t u : subtree) {
    ASSIGN_OR_RETURN(const std::vector<uint64_t> teams,
                     registry_.ListIds(Index::kUnitTeam, u, 0, INT32_MAX));
    for (uint64_t team : teams) teams_[team];
  }
  ASSIGN_OR_RETURN(std::vector<uint64_t> above,
                   market_.UnitAndAncestors(unit_));
  above.erase(above.begin());  // the unit itself is in `subtree`
  const storage::ActivityReader activities(store_);
  for (const std::vector<uint64_t>* units : {&subtree, &above}) {
    for (uint64_t u : *units) {
      ASSIGN_OR_RETURN(const std::vector<storage::ActivityRecord> organised,
                       activities.ListActivities(u));
      for (const storage::ActivityRecord& activity : organised) {
        if (!HeldIn(activity, from_, to_)) continue;
        RETURN_IF_ERROR(CountActivity(activities, activity, units == &subtree));
      }
    }
  }
  return absl::OkStatus();
}

// Adds `activity` to the rows it counts in: the total and its organiser's
// unit row (`in_subtree`), and the rows of the unit's teams it invited.
absl::Status Tally::CountActivity(const storage::ActivityReader& activities,
                                  const storage::ActivityRecord& activity,
                                  bool in_subtree) {
  std::vector<RowTally*> rows;
  if (in_subtree) {
    ASSIGN_OR_RETURN(const size_t row, RowOf(activity.activity().unit()));
    rows = {&total_, &units_[row]};
  }
  bool invited = false;
  for (uint64_t team : activity.activity().teams()) {
    auto it = teams_.find(team);
    if (it == teams_.end()) continue;
    rows.push_back(&it->second);
    invited = true;
  }
  if (invited) rows.push_back(&teams_total_);
  if (rows.empty()) return absl::OkStatus();
  for (RowTally* row : rows) row->activities.insert(activity.id());
  return ForEachService(
      activities, activity,
      [&](uint64_t volunteer, const storage::ServiceLine& line) {
        for (RowTally* row : rows) {
          row->person_times += 1;
          row->volunteers.insert(volunteer);
          row->minutes += line.minutes();
          row->service += line.points();
          if (line.points() > 0) row->credited.insert(line.household());
        }
      });
}

absl::Status Tally::CountEntries() {
  ASSIGN_OR_RETURN(const storage::HeadRecord head, ledger_.GetHead());
  for (uint64_t sequence = 1; sequence <= head.last_sequence(); ++sequence) {
    ASSIGN_OR_RETURN(const storage::EntryRecord entry,
                     ledger_.GetEntry(sequence));
    const absl::CivilDay day = storage::EffectiveDay(entry);
    if (day < from_ || day > to_) continue;
    RETURN_IF_ERROR(CountEntry(entry));
  }
  return absl::OkStatus();
}

absl::Status Tally::CountEntry(const storage::EntryRecord& entry) {
  if (const storage::AwardsMade* awards = AppliedAwards(entry)) {
    return CountAwards(*awards);
  }
  if (entry.has_market() && entry.market().has_redeemed()) {
    return CountRedemption(entry.market().redeemed().redemption_id());
  }
  if (entry.has_transfer()) return CountTransfer(entry.transfer(), true);
  const auto* transfers = storage::InnerTransfers(entry);
  if (transfers == nullptr || entry.has_activity()) return absl::OkStatus();
  for (const storage::TransferBody& t : *transfers) {
    RETURN_IF_ERROR(CountTransfer(t, false));
  }
  return absl::OkStatus();
}

absl::Status Tally::CountAwards(const storage::AwardsMade& awards) {
  for (const storage::AwardLine& line : awards.lines()) {
    if (!line.refusal_reason().empty()) continue;
    if (line.points() <= 0) {  // a deduction
      RETURN_IF_ERROR(ForHousehold(line.household(), [&](RowTally& row) {
        row.deducted -= line.points();
      }));
      continue;
    }
    ASSIGN_OR_RETURN(const storage::RuleRecord rule,
                     market_.GetRule(line.rule()));
    const int32_t category =
        rule.versions(line.rule_version() - 1).rule().category();
    RETURN_IF_ERROR(ForHousehold(line.household(), [&](RowTally& row) {
      row.by_category[category].first += line.points();
      row.by_category[category].second += 1;
      row.credited.insert(line.household());
    }));
  }
  return absl::OkStatus();
}

absl::Status Tally::CountRedemption(uint64_t id) {
  ASSIGN_OR_RETURN(const storage::RedemptionRecord record,
                   market_.GetRedemption(id));
  if (record.void_sequence() != 0) return absl::OkStatus();
  const storage::Redeemed& r = record.redemption();
  ASSIGN_OR_RETURN(const int64_t members, MembersAt(registry_, r));
  return ForHousehold(r.household(), [&](RowTally& row) {
    row.events += 1;
    row.redeemed += record.total_points();
    row.redemption_person_times += members;
    row.redeemers[r.household()] = members;  // entries in sequence order
    for (const storage::RedeemedLine& line : r.lines()) {
      row.goods[line.good()] += line.quantity();
    }
  });
}

// A card's, an expiry's or (`plain`) an adjustment's points to or from a
// household.
absl::Status Tally::CountTransfer(const storage::TransferBody& t, bool plain) {
  ASSIGN_OR_RETURN(const uint64_t to, HouseholdOf(t.credit_account()));
  ASSIGN_OR_RETURN(const uint64_t from, HouseholdOf(t.debit_account()));
  if (plain) {
    if (to != 0) {
      RETURN_IF_ERROR(
          ForHousehold(to, [&](RowTally& row) { row.adjusted += t.amount(); }));
    }
    if (from != 0) {
      RETURN_IF_ERROR(ForHousehold(
          from, [&](RowTally& row) { row.adjusted -= t.amount(); }));
    }
    return absl::OkStatus();
  }
  if (to != 0 && t.reason_code() == storage::kCardRedemptionReasonCode) {
    return ForHousehold(to, [&](RowTally& row) {
      row.cards += t.amount();
      row.credited.insert(to);
    });
  }
  if (from != 0 && t.reason_code() == storage::kExpiryReasonCode) {
    return ForHousehold(from,
                        [&](RowTally& row) { row.expired += t.amount(); });
  }
  return absl::OkStatus();
}

absl::Status Tally::Fill(jiamei::v1::AnnualReport* out) {
  RETURN_IF_ERROR(FillRow(total_, registry_, market_, out->mutable_total()));
  RETURN_IF_ERROR(AppendStock(market_, unit_,
                              out->mutable_total()->mutable_stock_on_hand()));
  if (!children_.empty()) {
    for (size_t i = 0; i < units_.size(); ++i) {
      const uint64_t u = i < children_.size() ? children_[i] : unit_;
      jiamei::v1::ReportFigures* row = out->add_units();
      RETURN_IF_ERROR(FillRow(units_[i], registry_, market_, row));
      ASSIGN_OR_RETURN(const storage::UnitRecord record, registry_.GetUnit(u));
      row->set_scope(storage::UnitName(u));
      row->set_display_name(record.unit().display_name());
      if (i < children_.size()) {
        RETURN_IF_ERROR(AppendStock(market_, u, row->mutable_stock_on_hand()));
      }
    }
  }
  for (const auto& [team, tally] : teams_) {
    jiamei::v1::ReportFigures* row = out->add_teams();
    RETURN_IF_ERROR(FillRow(tally, registry_, market_, row));
    ASSIGN_OR_RETURN(const storage::TeamRecord record, registry_.GetTeam(team));
    row->set_scope(storage::TeamName(team));
    row->set_display_name(record.team().display_name());
  }
  return FillRow(teams_total_, registry_, market_, out->mutable_teams_total());
}

}  // namespace

absl::Status ComputeAnnualReport(const storage::Store* store,
                                 const Access& access, uint64_t unit,
                                 absl::CivilDay from, absl::CivilDay to,
                                 jiamei::v1::AnnualReport* out) {
  const storage::Snapshot snapshot(store);
  return Tally(store, snapshot, access, unit, from, to).Run(out);
}

}  // namespace jiamei::services
