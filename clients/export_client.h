// The client's side of ExportService.ExportLedger: the stream of one 台账
// file written to a file where the client runs. For `jiamei export`, the
// bench and the tests.
#ifndef JIAMEI_CLIENTS_EXPORT_CLIENT_H_
#define JIAMEI_CLIENTS_EXPORT_CLIENT_H_

#include <cstdint>
#include <string>

#include "grpcpp/client_context.h"
#include "jiamei/v1/exports.grpc.pb.h"

namespace jiamei::clients {

// Calls ExportLedger with `context` and writes the file's bytes to `path`
// (created or truncated); `file` gets the name and type the server gave,
// `bytes` the size written. A stream that does not start with the file's
// name, or a file that cannot be written, cancels the call and comes back
// as DATA_LOSS; the server's refusals come back as they are (and `path`
// may then hold a part, or nothing).
grpc::Status ReceiveExport(jiamei::v1::ExportService::Stub* stub,
                           grpc::ClientContext* context,
                           const jiamei::v1::ExportLedgerRequest& request,
                           const std::string& path,
                           jiamei::v1::ExportFile* file, int64_t* bytes);

}  // namespace jiamei::clients

#endif  // JIAMEI_CLIENTS_EXPORT_CLIENT_H_
