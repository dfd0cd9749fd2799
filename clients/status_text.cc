#include "clients/status_text.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/status.pb.h"

namespace jiamei::clients {

std::string CodeName(grpc::StatusCode code) {
  std::string name =
      absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  return name.empty() ? absl::StrCat("CODE_", static_cast<int>(code)) : name;
}

std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return std::nullopt;
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info;
  }
  return std::nullopt;
}

std::string ErrorReason(const grpc::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  return info ? info->reason() : "";
}

std::string Describe(const grpc::Status& status) {
  std::string text = CodeName(status.error_code());
  const std::string reason = ErrorReason(status);
  if (!reason.empty()) absl::StrAppend(&text, " ", reason);
  if (!status.error_message().empty()) {
    absl::StrAppend(&text, ": ", status.error_message());
  }
  return text;
}

}  // namespace jiamei::clients
