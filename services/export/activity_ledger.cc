// ActivityRows (services/export/ledgers.h): the 志愿服务活动记录's rows,
// read through storage/activity's reader at the export's snapshot. The
// activities are those the annual report counts (services/activity's
// HeldIn), so that 人次 and 服务时长 total as its person_times and
// service_minutes.
#include <vector>

#include "absl/time/time.h"
#include "jiamei/v1/registry.pb.h"
#include "services/activity/activity_records.h"
#include "services/export/ledgers.h"
#include "services/registry/registry_convert.h"
#include "storage/activity/activity_reader.h"
#include "storage/core/china_time.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_state.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

// "14:05" in China, or "" for no time.
std::string ClockText(int64_t micros) {
  if (micros == 0) return "";
  return absl::FormatTime("%H:%M", absl::FromUnixMicros(micros),
                          storage::ChinaStandardTime());
}

}  // namespace

absl::Status ActivityRows(const ExportScope& scope, LedgerSheet* sheet) {
  const storage::RegistryReader registry(scope.store, scope.snapshot->get());
  const storage::ActivityReader activities(scope.store, scope.snapshot->get());
  std::vector<uint64_t> units;
  RETURN_IF_ERROR(Subtree(registry, scope.unit, 2, &units));
  for (uint64_t unit : units) {
    ASSIGN_OR_RETURN(const storage::UnitRecord organiser,
                     registry.GetUnit(unit));
    ASSIGN_OR_RETURN(const std::vector<storage::ActivityRecord> organised,
                     activities.ListActivities(unit));
    for (const storage::ActivityRecord& activity : organised) {
      if (!HeldIn(activity, scope.from, scope.to)) continue;
      const storage::ActivityFields& a = activity.activity();
      const std::string day = DayText(storage::MarketDay(a.start_micros()));
      RETURN_IF_ERROR(ForEachAttendance(
          activities, activity,
          [&](uint64_t volunteer, const storage::ParticipationRecord& p,
              const storage::ServiceLine* line) -> absl::Status {
            ASSIGN_OR_RETURN(const storage::PersonRecord record,
                             registry.GetPerson(volunteer));
            // The name as the register's reads show it to the caller.
            jiamei::v1::Person person;
            PersonToProto(record, scope.caller, &person);
            return sheet->Add(
                {Cell::Text(day), Cell::Text(organiser.unit().display_name()),
                 Cell::Text(a.title()), Cell::Text(a.place()),
                 Cell::Text(person.full_name()),
                 Cell::Text(ClockText(p.check_in_micros())),
                 Cell::Text(ClockText(p.check_out_micros())),
                 Cell::Number(line != nullptr ? 1 : 0),
                 Cell::Number(line != nullptr ? line->minutes() : 0)});
          }));
    }
  }
  return absl::OkStatus();
}

}  // namespace jiamei::services
