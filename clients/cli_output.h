// How the jiamei CLI shows the server's answers on stdout: aligned
// "key: value" lines for one resource, a table for a list, or, for scripts,
// one JSON object per line.
#ifndef JIAMEI_CLIENTS_CLI_OUTPUT_H_
#define JIAMEI_CLIENTS_CLI_OUTPUT_H_

#include <string>

#include "google/protobuf/message.h"
#include "grpc/health/v1/health.pb.h"
#include "jiamei/v1/access.pb.h"
#include "jiamei/v1/audit.pb.h"
#include "jiamei/v1/ledger.pb.h"

namespace jiamei::cli {

// Readable output, one overload per kind of answer.
void Print(const v1::Account& account);
void Print(const v1::Transfer& transfer);
void Print(const v1::ListAccountsResponse& page);
void Print(const v1::ListAccountHistoryResponse& page);
void Print(const v1::Digest& digest);
void Print(const v1::AuditReport& report);
void Print(const grpc::health::v1::HealthCheckResponse& health);
// As shell lines, so that `eval "$(jiamei login NAME)"` sets $JIAMEI_TOKEN.
void Print(const v1::LoginResponse& login);
// Any other answer (units, households, people, volunteers, teams,
// operators and their lists): its fields in protobuf text form, UTF-8 kept.
void Print(const google::protobuf::Message& message);

// Prints `message` as one line of JSON with the proto field names and every
// field, defaults included (so scripts need not know proto3 defaults).
// Returns false, with the reason in `error`, if it cannot be converted.
bool PrintJson(const google::protobuf::Message& message, std::string* error);

}  // namespace jiamei::cli

#endif  // JIAMEI_CLIENTS_CLI_OUTPUT_H_
