#include "clients/export_client.h"

#include <fstream>
#include <memory>

namespace jiamei::clients {

grpc::Status ReceiveExport(jiamei::v1::ExportService::Stub* stub,
                           grpc::ClientContext* context,
                           const jiamei::v1::ExportLedgerRequest& request,
                           const std::string& path,
                           jiamei::v1::ExportFile* file, int64_t* bytes) {
  *bytes = 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::unique_ptr<grpc::ClientReader<jiamei::v1::ExportChunk>> reader =
      stub->ExportLedger(context, request);
  jiamei::v1::ExportChunk chunk;
  bool named = false;
  std::string problem;
  while (problem.empty() && reader->Read(&chunk)) {
    if (chunk.has_file() && !named) {
      *file = chunk.file();
      named = true;
    } else if (!chunk.has_file() && named) {
      out.write(chunk.data().data(),
                static_cast<std::streamsize>(chunk.data().size()));
      *bytes += static_cast<int64_t>(chunk.data().size());
      if (!out) problem = "cannot write " + path;
    } else {
      problem = "the export stream is out of order";
    }
  }
  if (!problem.empty()) {
    context->TryCancel();
    reader->Finish();
    return grpc::Status(grpc::StatusCode::DATA_LOSS, problem);
  }
  grpc::Status status = reader->Finish();
  out.close();
  if (status.ok() && !named) {
    return grpc::Status(grpc::StatusCode::DATA_LOSS,
                        "the export stream named no file");
  }
  if (status.ok() && !out) {
    return grpc::Status(grpc::StatusCode::DATA_LOSS, "cannot write " + path);
  }
  return status;
}

}  // namespace jiamei::clients
