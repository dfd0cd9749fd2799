#include "storage/policy/lots.h"

#include <algorithm>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "storage/core/accounts.h"
#include "storage/core/status_macros.h"
#include "storage/policy/effective_day.h"
#include "storage/policy/policy_errors.h"
#include "storage/policy/policy_state.h"
#include "storage/registry/registry_keys.h"

namespace jiamei::storage {
namespace {

absl::CivilDay FromDayNumber(int64_t day) {
  return absl::CivilDay(1970, 1, 1) + day;
}

// The reset day of `year` for "MM-DD".
absl::CivilDay ResetDay(int64_t year, const std::string& month_day) {
  absl::CivilDay day;
  absl::ParseCivilTime(absl::StrCat(year, "-", month_day), &day);
  return day;
}

void Move(LotsRecord* lots, int64_t change, int64_t day) {
  if (change > 0) {
    auto* all = lots->mutable_lots();
    auto it = std::lower_bound(
        all->begin(), all->end(), day,
        [](const Lot& lot, int64_t d) { return lot.day() < d; });
    if (it != all->end() && it->day() == day) {
      it->set_points(it->points() + change);
      return;
    }
    Lot lot;
    lot.set_day(day);
    lot.set_points(change);
    const int index = static_cast<int>(it - all->begin());
    all->Add(std::move(lot));
    for (int i = all->size() - 1; i > index; --i) all->SwapElements(i, i - 1);
    return;
  }
  int64_t owed = -change;
  int consumed = 0;
  for (Lot& lot : *lots->mutable_lots()) {
    const int64_t taken = std::min(owed, lot.points());
    lot.set_points(lot.points() - taken);
    owed -= taken;
    if (lot.points() > 0) break;
    ++consumed;
  }
  lots->mutable_lots()->DeleteSubrange(0, consumed);
}

}  // namespace

absl::StatusOr<LotsRecord> FindLots(const ReadViews& views, uint64_t account) {
  LotsRecord lots;
  RETURN_IF_ERROR(
      views.GetProto(Cf::kIndex, IndexKey(Index::kLots, account), &lots)
          .status());
  return lots;
}

absl::Status MoveLotsOf(const EntryRecord& entry,
                        const std::vector<Posting>& postings,
                        const std::function<int32_t(uint64_t)>& kind_of,
                        Views* views) {
  const auto day = static_cast<int64_t>(DayNumber(EffectiveDay(entry)));
  for (const Posting& p : postings) {
    if (p.change == 0 || kind_of(p.account) != kKindHousehold) continue;
    ASSIGN_OR_RETURN(LotsRecord lots, FindLots(*views, p.account));
    Move(&lots, p.change, day);
    views->PutProto(Cf::kIndex, IndexKey(Index::kLots, p.account), lots);
  }
  return absl::OkStatus();
}

int64_t PointsUpTo(const LotsRecord& lots, absl::CivilDay cutoff) {
  const auto last = static_cast<int64_t>(DayNumber(cutoff));
  int64_t points = 0;
  for (const Lot& lot : lots.lots()) {
    if (lot.day() > last) break;
    points += lot.points();
  }
  return points;
}

std::vector<std::pair<absl::CivilDay, int64_t>> ExpiryDates(
    const LotsRecord& lots, const ExpirySetting& expiry) {
  std::map<absl::CivilDay, int64_t> dates;
  for (const Lot& lot : lots.lots()) {
    const absl::CivilDay earned = FromDayNumber(lot.day());
    absl::CivilDay when;
    switch (expiry.mode()) {
      case kExpiryAfterDays:
        when = earned + expiry.days();
        break;
      case kExpiryYearEnd:
        when = absl::CivilDay(earned.year() + 1, 1, 1);
        break;
      case kExpiryResetDate:
        when = ResetDay(earned.year(), expiry.reset_date());
        if (when <= earned)
          when = ResetDay(earned.year() + 1, expiry.reset_date());
        break;
      default:
        return {};
    }
    dates[when] += lot.points();
  }
  return {dates.begin(), dates.end()};
}

absl::StatusOr<ExpiryPeriod> PeriodOf(const ExpirySetting& expiry,
                                      absl::CivilDay as_of) {
  switch (expiry.mode()) {
    case kExpiryAfterDays:
      return ExpiryPeriod{absl::FormatCivilTime(as_of), as_of - expiry.days()};
    case kExpiryYearEnd: {
      const absl::CivilDay end(as_of.year() - 1, 12, 31);
      return ExpiryPeriod{absl::StrCat(end.year()), end};
    }
    case kExpiryResetDate: {
      absl::CivilDay reset = ResetDay(as_of.year(), expiry.reset_date());
      if (reset > as_of)
        reset = ResetDay(as_of.year() - 1, expiry.reset_date());
      return ExpiryPeriod{absl::StrCat(reset.year()), reset - 1};
    }
    default:
      return errors::ExpiryNotSet();
  }
}

}  // namespace jiamei::storage
