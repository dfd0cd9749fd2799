#include "clients/import_client.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

namespace jiamei::clients {

grpc::Status SendRegisterImport(jiamei::v1::RegistryService::Stub* stub,
                                grpc::ClientContext* context,
                                jiamei::v1::ImportRegisterRequest first,
                                absl::string_view file,
                                jiamei::v1::ImportRegisterResponse* response) {
  std::unique_ptr<grpc::ClientWriter<jiamei::v1::ImportRegisterRequest>>
      writer = stub->ImportRegister(context, response);
  jiamei::v1::ImportRegisterRequest part = std::move(first);
  part.set_size(static_cast<int64_t>(file.size()));
  size_t offset = 0;
  do {
    const size_t n = std::min(kImportPartBytes, file.size() - offset);
    part.set_data(std::string(file.substr(offset, n)));
    offset += n;
    // A refused write means the server has answered: Finish says how.
    if (!writer->Write(part)) break;
    part.Clear();
  } while (offset < file.size());
  writer->WritesDone();
  return writer->Finish();
}

}  // namespace jiamei::clients
