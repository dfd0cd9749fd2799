#include "storage/policy/effective_day.h"

#include "storage/market/market_state.h"
#include "storage/policy/policy_state.h"

namespace jiamei::storage {

absl::CivilDay EffectiveDay(const EntryRecord& entry) {
  if (const AwardsMade* awards = AwardsOf(entry)) {
    absl::CivilDay day;
    if (!awards->event_date().empty() &&
        absl::ParseCivilTime(awards->event_date(), &day)) {
      return day;
    }
    if (awards->desk_time_micros() != 0) {
      return MarketDay(awards->desk_time_micros());
    }
  }
  return MarketDay(entry.time_micros());
}

}  // namespace jiamei::storage
