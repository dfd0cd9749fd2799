// How clients read a jiamei refusal: the gRPC code and the reason in the
// google.rpc.ErrorInfo the server attaches (services/common/status_mapping.h).
#ifndef JIAMEI_CLIENTS_STATUS_TEXT_H_
#define JIAMEI_CLIENTS_STATUS_TEXT_H_

#include <optional>
#include <string>

#include "google/rpc/error_details.pb.h"
#include "grpcpp/support/status.h"

namespace jiamei::clients {

// "FAILED_PRECONDITION", ... (gRPC and Abseil share the numbering).
std::string CodeName(grpc::StatusCode code);
// The google.rpc.ErrorInfo in the status details, if there is one.
std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const grpc::Status& status);
// Its reason, or "" when there is none.
std::string ErrorReason(const grpc::Status& status);
// "FAILED_PRECONDITION INSUFFICIENT_POINTS: accounts/2 has 3 points, ...".
std::string Describe(const grpc::Status& status);

}  // namespace jiamei::clients

#endif  // JIAMEI_CLIENTS_STATUS_TEXT_H_
