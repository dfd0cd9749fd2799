#include "storage/core/refusal.h"

#include "absl/strings/cord.h"
#include "absl/types/optional.h"

namespace jiamei {
namespace {
constexpr absl::string_view kReasonPayload = "type.jiamei.dev/reason";
}  // namespace

absl::Status Refusal(absl::StatusCode code, absl::string_view reason,
                     absl::string_view message) {
  absl::Status status(code, message);
  status.SetPayload(kReasonPayload, absl::Cord(reason));
  return status;
}

bool IsAnswer(const absl::Status& status) {
  return status.code() != absl::StatusCode::kUnavailable &&
         status.code() != absl::StatusCode::kDataLoss &&
         status.code() != absl::StatusCode::kInternal;
}

std::string RefusalReason(const absl::Status& status) {
  absl::optional<absl::Cord> reason = status.GetPayload(kReasonPayload);
  return reason ? std::string(*reason) : std::string();
}

}  // namespace jiamei
