#include "clients/cli/client.h"

#include <iostream>
#include <utility>

#include "absl/strings/match.h"
#include "clients/channel_security.h"
#include "clients/export_client.h"
#include "clients/import_client.h"
#include "clients/status_text.h"
#include "clients/tls_flags.h"

namespace jiamei::cli {
namespace {

// What a connection the server closed at once most likely means.
std::string ClosedHint() {
  const clients::ChannelSecurity security = clients::ChannelSecurityFromFlags();
  if (!clients::WantsTls(security)) {
    return "the server may speak TLS only: give --tls_ca=FILE (or --tls)";
  }
  if (security.cert_file.empty()) {
    return "the server may require a terminal certificate: give --tls_cert "
           "and --tls_key";
  }
  return "the server may not accept this terminal's certificate (one of "
         "another CA, or expired?)";
}

}  // namespace

int UsageError(absl::string_view problem) {
  std::cerr << "jiamei: " << problem
            << "\n(`jiamei help` lists the commands and their flags)\n";
  return kExitUsage;
}

int Refused(const grpc::Status& status) {
  std::cerr << "error: " << clients::Describe(status) << "\n";
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE &&
      absl::StrContains(status.error_message(), "Socket closed")) {
    std::cerr << "hint: " << ClosedHint() << "\n";
  }
  return kExitRefused;
}

void Client::Prepare(grpc::ClientContext* context) const {
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  if (!token_.empty()) {
    context->AddMetadata("authorization", "Bearer " + token_);
  }
}

grpc::Status Client::Backup(storage::BackupSink* sink,
                            v1::BackupManifest* manifest) {
  grpc::ClientContext context;
  Prepare(&context);
  v1::BackupService::Stub stub(channel_);
  return clients::ReceiveBackup(&stub, &context, sink, manifest);
}

grpc::Status Client::ImportRegister(v1::ImportRegisterRequest first,
                                    absl::string_view file,
                                    v1::ImportRegisterResponse* response) {
  grpc::ClientContext context;
  Prepare(&context);
  v1::RegistryService::Stub stub(channel_);
  return clients::SendRegisterImport(&stub, &context, std::move(first), file,
                                     response);
}

grpc::Status Client::Export(const v1::ExportLedgerRequest& request,
                            const std::string& path, v1::ExportFile* file,
                            int64_t* bytes) {
  grpc::ClientContext context;
  Prepare(&context);
  v1::ExportService::Stub stub(channel_);
  return clients::ReceiveExport(&stub, &context, request, path, file, bytes);
}

}  // namespace jiamei::cli
