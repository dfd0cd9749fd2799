#include "services/common/status_mapping.h"

#include <string>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "storage/core/refusal.h"

namespace jiamei::services {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbering.
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  std::string reason = RefusalReason(status);
  if (reason.empty()) reason = absl::StatusCodeToString(status.code());

  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain(kErrorDomain);
  RefusalMetadata(status, info.mutable_metadata());
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  details.add_details()->PackFrom(info);
  return grpc::Status(code, message, details.SerializeAsString());
}

void RefusalMetadata(
    const absl::Status& status,
    google::protobuf::Map<std::string, std::string>* metadata) {
  for (const RefusalDetail& detail : RefusalDetailsOf(status)) {
    (*metadata)[detail.key] = detail.value;
  }
}

std::string ReasonOf(const grpc::Status& status) {
  if (status.error_details().empty()) return "";
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  google::rpc::ErrorInfo info;
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&info) && info.domain() == kErrorDomain) {
      return info.reason();
    }
  }
  return "";
}

}  // namespace jiamei::services
