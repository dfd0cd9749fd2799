// The refusals of points policy: approvals, recording deadlines and expiry
// runs. The format is registry_errors.h's: one comment line with the gRPC
// code, the constant, its factories.
#ifndef JIAMEI_STORAGE_POLICY_POLICY_ERRORS_H_
#define JIAMEI_STORAGE_POLICY_POLICY_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace jiamei::errors {

// NOT_FOUND: no approval has this id.
inline constexpr char kApprovalNotFound[] = "APPROVAL_NOT_FOUND";
absl::Status ApprovalNotFound(uint64_t approval);

// FAILED_PRECONDITION: an entry recorded after the deadline needs a reason.
inline constexpr char kLateReasonRequired[] = "LATE_REASON_REQUIRED";
absl::Status LateReasonRequired(absl::CivilDay event, uint64_t unit,
                                int32_t days, absl::CivilDay deadline);

// INVALID_ARGUMENT: a record counts on a day after the day it is recorded.
inline constexpr char kEffectiveDateInFuture[] = "EFFECTIVE_DATE_IN_FUTURE";
absl::Status EffectiveDateInFuture(absl::CivilDay effective,
                                   absl::CivilDay recorded);

// FAILED_PRECONDITION: a record counts on a day before the unit's back-fill
// window.
inline constexpr char kBeforeBackfillWindow[] = "BEFORE_BACKFILL_WINDOW";
absl::Status BeforeBackfillWindow(absl::CivilDay effective, uint64_t unit,
                                  int32_t years, absl::CivilDay start);

// FAILED_PRECONDITION: the approval was approved or rejected already.
inline constexpr char kAlreadyDecided[] = "ALREADY_DECIDED";
absl::Status AlreadyDecided(uint64_t approval, bool approved, uint64_t decider,
                            uint64_t decide_sequence);

// PERMISSION_DENIED: the officer who proposed an entry cannot decide it.
inline constexpr char kSelfApproval[] = "SELF_APPROVAL";
absl::Status SelfApproval(uint64_t approval);

// INVALID_ARGUMENT: an expiry run's as_of is not a date YYYY-MM-DD.
inline constexpr char kInvalidDate[] = "INVALID_DATE";
absl::Status InvalidDate();

// FAILED_PRECONDITION: the village's points for the period expired already.
inline constexpr char kExpiryAlreadyRun[] = "EXPIRY_ALREADY_RUN";
absl::Status ExpiryAlreadyRun(uint64_t village, absl::string_view period);

// INVALID_ARGUMENT: a household of an expiry run is not in its village.
inline constexpr char kNotInVillage[] = "NOT_IN_VILLAGE";
absl::Status NotInVillage(uint64_t household, uint64_t village);

// FAILED_PRECONDITION: the unit's policy lets points never expire.
inline constexpr char kExpiryNotSet[] = "EXPIRY_NOT_SET";
absl::Status ExpiryNotSet();

}  // namespace jiamei::errors

#endif  // JIAMEI_STORAGE_POLICY_POLICY_ERRORS_H_
