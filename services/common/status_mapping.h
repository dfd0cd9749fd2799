// The one place where absl::Status becomes grpc::Status. The refusal reason
// (storage/core/refusal.h) travels as a google.rpc.ErrorInfo in the standard
// grpc-status-details-bin trailer, so any gRPC client can read it.
#ifndef JIAMEI_SERVICES_COMMON_STATUS_MAPPING_H_
#define JIAMEI_SERVICES_COMMON_STATUS_MAPPING_H_

#include <string>

#include "absl/status/status.h"
#include "google/protobuf/map.h"
#include "grpcpp/support/status.h"

namespace jiamei::services {

inline constexpr char kErrorDomain[] = "jiamei.v1";

grpc::Status ToGrpcStatus(const absl::Status& status);

// The names and figures of a refusal (RefusalDetailsOf) as the metadata of
// an ErrorInfo, or of an answer that reports refusals item by item
// (DeskItemResult).
void RefusalMetadata(const absl::Status& status,
                     google::protobuf::Map<std::string, std::string>* metadata);

// The reason ToGrpcStatus put in `status`'s details; "" when it has none.
std::string ReasonOf(const grpc::Status& status);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_COMMON_STATUS_MAPPING_H_
