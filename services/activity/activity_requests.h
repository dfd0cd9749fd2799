// Activities' requests as the rules take them: an activity's fields, and
// the times and dates of requests, checked.
#ifndef JIAMEI_SERVICES_ACTIVITY_ACTIVITY_REQUESTS_H_
#define JIAMEI_SERVICES_ACTIVITY_ACTIVITY_REQUESTS_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/timestamp.pb.h"
#include "jiamei/v1/activities.pb.h"
#include "storage/core/records.pb.h"

namespace jiamei::services {

// `time` in microseconds; nullopt unless it is a time from 2000 to 2099.
std::optional<int64_t> MicrosFromProto(const google::protobuf::Timestamp& time);

// An activity to create or revise: every field in range (INVALID_ARGUMENT
// with the field's reason otherwise).
absl::StatusOr<storage::ActivityFields> ActivityFieldsFromProto(
    const jiamei::v1::Activity& activity);

// A date "YYYY-MM-DD" of `field`, at most a year from today.
absl::StatusOr<absl::CivilDay> DayFromProto(absl::string_view date,
                                            absl::string_view field);

// The days from `from_date` to `to_date` of a request: each a DayFromProto
// (checked in that order), the last not before the first
// (TO_DATE_BEFORE_FROM_DATE).
struct DayRange {
  absl::CivilDay from;
  absl::CivilDay to;
};
absl::StatusOr<DayRange> DaysFromProto(absl::string_view from_date,
                                       absl::string_view to_date);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_ACTIVITY_ACTIVITY_REQUESTS_H_
