#include "services/activity/activity_requests.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/time/time.h"
#include "services/activity/activity_errors.h"
#include "services/common/convert.h"
#include "services/common/validation.h"
#include "storage/core/status_macros.h"

namespace jiamei::services {
namespace {

constexpr int kMaxTeams = 20;
constexpr int64_t kMaxRulePoints = 10000;
constexpr absl::Duration kMaxActivityLength = absl::Hours(24 * 7);

absl::Status ValidateRule(const jiamei::v1::PointsRule& rule) {
  const bool both =
      rule.points_per_hour() != 0 && rule.points_per_participation() != 0;
  for (int64_t v : {rule.points_per_hour(), rule.points_per_participation()}) {
    if (v < 0 || v > kMaxRulePoints || both) {
      return errors::InvalidPointsRule(kMaxRulePoints);
    }
  }
  if (rule.cap_points() < 0 || rule.cap_points() > 100 * kMaxRulePoints) {
    return errors::InvalidPointsRuleCap();
  }
  return absl::OkStatus();
}

}  // namespace

std::optional<int64_t> MicrosFromProto(
    const google::protobuf::Timestamp& time) {
  const absl::Time at =
      absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos());
  if (time.nanos() < 0 || time.nanos() > 999999999 ||
      at < absl::FromCivil(absl::CivilDay(2000, 1, 1), absl::UTCTimeZone()) ||
      at > absl::FromCivil(absl::CivilDay(2100, 1, 1), absl::UTCTimeZone())) {
    return std::nullopt;
  }
  return absl::ToUnixMicros(at);
}

absl::StatusOr<storage::ActivityFields> ActivityFieldsFromProto(
    const jiamei::v1::Activity& a) {
  storage::ActivityFields f;
  ASSIGN_OR_RETURN(const uint64_t unit, ParseName(a.unit(), "units", "unit"));
  RETURN_IF_ERROR(ValidateText(a.title(), "title", 1, 200));
  if (!jiamei::v1::ActivityCategory_IsValid(a.category()) ||
      a.category() == jiamei::v1::ACTIVITY_CATEGORY_UNSPECIFIED) {
    return errors::InvalidActivityCategory();
  }
  if (!a.description().empty()) {
    RETURN_IF_ERROR(ValidateText(a.description(), "description", 1, 2000));
  }
  RETURN_IF_ERROR(ValidateText(a.place(), "place", 1, 200));
  const std::optional<int64_t> start = MicrosFromProto(a.start_time());
  if (!start) return errors::InvalidStartTime();
  const std::optional<int64_t> end = MicrosFromProto(a.end_time());
  if (!end) return errors::InvalidEndTime();
  if (*end <= *start ||
      *end - *start > absl::ToInt64Microseconds(kMaxActivityLength)) {
    return errors::InvalidEndTimeLength();
  }
  if (a.capacity() < 1 || a.capacity() > 10000) {
    return errors::InvalidCapacity();
  }
  if (a.teams_size() > kMaxTeams) return errors::InvalidTeams();
  absl::flat_hash_set<uint64_t> teams;
  for (const std::string& name : a.teams()) {
    ASSIGN_OR_RETURN(const uint64_t team, ParseName(name, "teams", "teams"));
    if (teams.insert(team).second) f.add_teams(team);
  }
  RETURN_IF_ERROR(ValidateRule(a.points_rule()));
  f.set_unit(unit);
  f.set_title(a.title());
  f.set_category(a.category());
  f.set_description(a.description());
  f.set_place(a.place());
  f.set_start_micros(*start);
  f.set_end_micros(*end);
  f.set_capacity(a.capacity());
  f.set_points_per_hour(a.points_rule().points_per_hour());
  f.set_points_per_participation(a.points_rule().points_per_participation());
  f.set_cap_points(a.points_rule().cap_points());
  return f;
}

absl::StatusOr<absl::CivilDay> DayFromProto(absl::string_view date,
                                            absl::string_view field) {
  RETURN_IF_ERROR(ValidateDate(date, field, Today() + 366));
  absl::CivilDay day;
  absl::ParseCivilTime(date, &day);
  return day;
}

absl::StatusOr<DayRange> DaysFromProto(absl::string_view from_date,
                                       absl::string_view to_date) {
  DayRange days;
  ASSIGN_OR_RETURN(days.from, DayFromProto(from_date, "from_date"));
  ASSIGN_OR_RETURN(days.to, DayFromProto(to_date, "to_date"));
  if (days.to < days.from) return errors::ToDateBeforeFromDate();
  return days;
}

}  // namespace jiamei::services
