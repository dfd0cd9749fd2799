#include "storage/core/refusal.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/types/optional.h"

namespace jiamei {
namespace {
constexpr absl::string_view kReasonPayload = "type.jiamei.dev/reason";
// Key, NUL, value, NUL, ...: keys and values are names, numbers and texts
// already checked as UTF-8 without control characters.
constexpr absl::string_view kDetailsPayload = "type.jiamei.dev/details";
}  // namespace

RefusalDetail::RefusalDetail(absl::string_view k, int64_t v)
    : key(k), value(absl::StrCat(v)) {}

absl::Status Refusal(absl::StatusCode code, absl::string_view reason,
                     absl::string_view message, const RefusalDetails& details) {
  absl::Status status(code, message);
  status.SetPayload(kReasonPayload, absl::Cord(reason));
  if (details.empty()) return status;
  std::string encoded;
  for (const RefusalDetail& detail : details) {
    absl::StrAppend(&encoded, detail.key, absl::string_view("\0", 1),
                    detail.value, absl::string_view("\0", 1));
  }
  status.SetPayload(kDetailsPayload, absl::Cord(encoded));
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

RefusalDetails RefusalDetailsOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kDetailsPayload);
  RefusalDetails details;
  if (!payload) return details;
  const std::string encoded(*payload);
  std::vector<absl::string_view> parts =
      absl::StrSplit(encoded, absl::string_view("\0", 1));
  for (size_t i = 0; i + 1 < parts.size(); i += 2) {
    details.emplace_back(parts[i], parts[i + 1]);
  }
  return details;
}

}  // namespace jiamei
