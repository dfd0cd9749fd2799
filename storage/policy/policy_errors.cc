#include "storage/policy/policy_errors.h"

#include "absl/strings/str_cat.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_errors.h"

namespace jiamei::errors {

using absl::StatusCode;
using storage::ApprovalName;
using storage::HouseholdName;
using storage::OperatorName;
using storage::TransferName;
using storage::UnitName;

absl::Status ApprovalNotFound(uint64_t approval) {
  return DoesNotExist(kApprovalNotFound, ApprovalName(approval));
}

absl::Status LateReasonRequired(absl::CivilDay event, uint64_t unit,
                                int32_t days, absl::CivilDay deadline) {
  return Refusal(
      StatusCode::kFailedPrecondition, kLateReasonRequired,
      absl::StrCat("the event of ", absl::FormatCivilTime(event),
                   " is recorded after ", UnitName(unit), "'s deadline of ",
                   days, " working days (", absl::FormatCivilTime(deadline),
                   "): give a late_reason; an officer will approve it"),
      {{"event_date", absl::FormatCivilTime(event)},
       {"unit", UnitName(unit)},
       {"deadline_days", days},
       {"deadline", absl::FormatCivilTime(deadline)}});
}

absl::Status EffectiveDateInFuture(absl::CivilDay effective,
                                   absl::CivilDay recorded) {
  return Refusal(
      StatusCode::kInvalidArgument, kEffectiveDateInFuture,
      absl::StrCat("the effective date ", absl::FormatCivilTime(effective),
                   " is after the day it is recorded on, ",
                   absl::FormatCivilTime(recorded), " (China Standard Time)"),
      {{"effective_date", absl::FormatCivilTime(effective)},
       {"recorded_date", absl::FormatCivilTime(recorded)}});
}

absl::Status BeforeBackfillWindow(absl::CivilDay effective, uint64_t unit,
                                  int32_t years, absl::CivilDay start) {
  return Refusal(
      StatusCode::kFailedPrecondition, kBeforeBackfillWindow,
      absl::StrCat("the effective date ", absl::FormatCivilTime(effective),
                   " is before ", UnitName(unit), "'s back-fill window, which ",
                   "starts on ", absl::FormatCivilTime(start), " (", years,
                   " years before this one)"),
      {{"effective_date", absl::FormatCivilTime(effective)},
       {"unit", UnitName(unit)},
       {"backfill_years", years},
       {"window_start", absl::FormatCivilTime(start)}});
}

absl::Status AlreadyDecided(uint64_t approval, bool approved, uint64_t decider,
                            uint64_t decide_sequence) {
  return Refusal(StatusCode::kFailedPrecondition, kAlreadyDecided,
                 absl::StrCat(ApprovalName(approval), " was already ",
                              approved ? "approved" : "rejected", " by ",
                              OperatorName(decider), " in ",
                              TransferName(decide_sequence)),
                 {{"approval", ApprovalName(approval)},
                  {"decision", approved ? "approved" : "rejected"},
                  {"decider", OperatorName(decider)},
                  {"transfer", TransferName(decide_sequence)}});
}

absl::Status SelfApproval(uint64_t approval) {
  return Refusal(StatusCode::kPermissionDenied, kSelfApproval,
                 absl::StrCat(ApprovalName(approval),
                              " is your own entry: another officer decides"),
                 {{"approval", ApprovalName(approval)}});
}

absl::Status InvalidDate() {
  return Refusal(StatusCode::kInvalidArgument, kInvalidDate,
                 "as_of must be a date YYYY-MM-DD");
}

absl::Status ExpiryAlreadyRun(uint64_t village, absl::string_view period) {
  return Refusal(StatusCode::kFailedPrecondition, kExpiryAlreadyRun,
                 absl::StrCat(UnitName(village),
                              " already expired its points for ", period),
                 {{"village", UnitName(village)}, {"period", period}});
}

absl::Status NotInVillage(uint64_t household, uint64_t village) {
  return Refusal(
      StatusCode::kInvalidArgument, kNotInVillage,
      absl::StrCat(HouseholdName(household), " is not in ", UnitName(village)),
      {{"household", HouseholdName(household)},
       {"village", UnitName(village)}});
}

absl::Status ExpiryNotSet() {
  return Refusal(StatusCode::kFailedPrecondition, kExpiryNotSet,
                 "points never expire here");
}

}  // namespace jiamei::errors
