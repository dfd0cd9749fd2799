// The client's side of RegistryService.ImportRegister: a register file sent
// in parts of a stream. For `jiamei household import`, the bench and the
// tests.
#ifndef JIAMEI_CLIENTS_IMPORT_CLIENT_H_
#define JIAMEI_CLIENTS_IMPORT_CLIENT_H_

#include <cstddef>

#include "absl/strings/string_view.h"
#include "grpcpp/client_context.h"
#include "jiamei/v1/registry.grpc.pb.h"

namespace jiamei::clients {

// The bytes of the file each message carries: well under the server's
// message limit.
inline constexpr size_t kImportPartBytes = size_t{256} << 10;

// Sends `file` with `context`: the first message is `first` (request id,
// village, dry run) with the file's size and its first part, the others
// the parts that follow. The server's answer or refusal comes back as it
// is.
grpc::Status SendRegisterImport(jiamei::v1::RegistryService::Stub* stub,
                                grpc::ClientContext* context,
                                jiamei::v1::ImportRegisterRequest first,
                                absl::string_view file,
                                jiamei::v1::ImportRegisterResponse* response);

}  // namespace jiamei::clients

#endif  // JIAMEI_CLIENTS_IMPORT_CLIENT_H_
