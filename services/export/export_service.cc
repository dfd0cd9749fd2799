#include "services/export/export_service.h"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/blocking_stream.h"
#include "services/export/csv_output.h"
#include "services/export/export_errors.h"
#include "services/export/xlsx_output.h"
#include "storage/core/snapshot.h"
#include "storage/core/store_info.h"
#include "storage/market/market_reader.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

namespace fs = std::filesystem;
using Stream = BlockingStream<jiamei::v1::ExportChunk>;

std::string TmpDirOf(const storage::Store& store) {
  std::error_code ec;
  return (fs::absolute(storage::StoreDirectory(store), ec) / "export-tmp")
      .string();
}

// A file in `dir` removed when this goes away.
class TempFile {
 public:
  TempFile(const std::string& dir, const std::string& suffix) {
    static std::atomic<uint64_t> counter{0};
    path_ =
        (fs::path(dir) / absl::StrCat("export-", ++counter, suffix)).string();
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

absl::Status WriteSheet(const LedgerSpec& spec, const ExportScope& scope,
                        SheetLayout layout, SheetOutput* out) {
  LedgerSheet sheet(std::move(layout), out);
  RETURN_IF_ERROR(sheet.Begin());
  RETURN_IF_ERROR(spec.rows(scope, &sheet));
  return sheet.End();
}

// Writes the file of `format` to `path`.
absl::Status WriteFile(const LedgerSpec& spec, const ExportScope& scope,
                       SheetLayout layout, int32_t format,
                       const std::string& path, const std::string& tmpdir) {
  if (format == jiamei::v1::EXPORT_FORMAT_XLSX) {
    XlsxOutput out(path, tmpdir);
    return WriteSheet(spec, scope, std::move(layout), &out);
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
      std::fopen(path.c_str(), "wb"), &std::fclose);
  if (file == nullptr) return errors::ExportFileFailed("open");
  CsvOutput out(file.get());
  return WriteSheet(spec, scope, std::move(layout), &out);
}

// Streams the file at `path` in chunks of kExportChunkBytes.
absl::Status SendFile(const std::string& path, Stream* stream) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
      std::fopen(path.c_str(), "rb"), &std::fclose);
  if (file == nullptr) return errors::ExportFileFailed("reopen");
  std::string buffer(kExportChunkBytes, '\0');
  while (true) {
    const size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get());
    if (n == 0) break;
    stream->next()->set_data(buffer.data(), n);
    RETURN_IF_ERROR(stream->Send(errors::ExportCancelled()));
  }
  if (std::ferror(file.get())) return errors::ExportFileFailed("read");
  return absl::OkStatus();
}

}  // namespace

ExportService::ExportService(const Core& core)
    : core_(core), tmpdir_(TmpDirOf(*core.store)) {
  std::error_code ec;
  fs::remove_all(tmpdir_, ec);
  fs::create_directories(tmpdir_, ec);
}

absl::StatusOr<ExportService::Job> ExportService::Plan(
    const Principal& caller,
    const jiamei::v1::ExportLedgerRequest& request) const {
  ASSIGN_OR_RETURN(LedgerSpec spec, LedgerSpecOf(request.ledger()));
  if (request.format() != jiamei::v1::EXPORT_FORMAT_XLSX &&
      request.format() != jiamei::v1::EXPORT_FORMAT_CSV) {
    return errors::UnknownExportFormat(request.format());
  }
  if (spec.of_site ? !request.unit().empty() : !request.site().empty()) {
    return errors::ExportTargetMismatch(spec.of_site);
  }
  uint64_t unit = 0;
  uint64_t site = 0;
  if (spec.of_site) {
    ASSIGN_OR_RETURN(site, ParseName(request.site(), "sites", "site"));
  } else {
    ASSIGN_OR_RETURN(unit, ParseName(request.unit(), "units", "unit"));
  }
  ASSIGN_OR_RETURN(const absl::CivilDay from,
                   ParseDay(request.from_date(), "from_date"));
  ASSIGN_OR_RETURN(const absl::CivilDay to,
                   ParseDay(request.to_date(), "to_date"));
  if (to < from || to - from >= kMaxExportDays) {
    return errors::ExportPeriodTooLong(kMaxExportDays);
  }
  RETURN_IF_ERROR(RequireRole(caller, spec.roles));
  std::string name;
  if (spec.of_site) {
    // Like ListStockMovements: the site's unit in scope, not only visible.
    ASSIGN_OR_RETURN(const storage::SiteRecord record,
                     storage::MarketReader(core_.store).GetSite(site));
    unit = record.site().unit();
    RETURN_IF_ERROR(core_.access->RequireUnit(caller, unit));
    name = record.site().display_name();
  } else {
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
    ASSIGN_OR_RETURN(const storage::UnitRecord record,
                     storage::RegistryReader(core_.store).GetUnit(unit));
    name = record.unit().display_name();
  }
  return Job{std::move(spec),
             ExportScope{core_.store, nullptr, core_.access, caller, unit, site,
                         from, to},
             request.format(), std::move(name)};
}

absl::Status ExportService::Run(const Job& job, Stream* stream) const {
  const bool xlsx = job.format == jiamei::v1::EXPORT_FORMAT_XLSX;
  const char* suffix = xlsx ? ".xlsx" : ".csv";
  const TempFile file(tmpdir_, suffix);
  const storage::Snapshot snapshot(core_.store);
  ExportScope scope = job.scope;
  scope.snapshot = &snapshot;
  SheetLayout layout = job.spec.layout;
  layout.title =
      LedgerTitle(job.unit_name, job.spec.heading, scope.from, scope.to);
  layout.caption = LedgerCaption(job.unit_name, scope.from, scope.to);
  RETURN_IF_ERROR(WriteFile(job.spec, scope, std::move(layout), job.format,
                            file.path(), tmpdir_));
  jiamei::v1::ExportFile* header = stream->next()->mutable_file();
  header->set_file_name(absl::StrCat(job.unit_name, "-", job.spec.name, "-",
                                     DayText(scope.from), "-",
                                     DayText(scope.to), suffix));
  header->set_content_type(
      xlsx ? "application/"
             "vnd.openxmlformats-officedocument.spreadsheetml.sheet"
           : "text/csv; charset=utf-8");
  RETURN_IF_ERROR(stream->Send(errors::ExportCancelled()));
  return SendFile(file.path(), stream);
}

grpc::ServerWriteReactor<jiamei::v1::ExportChunk>* ExportService::ExportLedger(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ExportLedgerRequest* request) {
  auto* stream = new Stream();
  absl::StatusOr<Principal> caller = Admit(
      *core_.authenticator, *context, kExportPermissions.Of("ExportLedger"));
  absl::StatusOr<Job> job =
      caller.ok() ? Plan(*caller, *request) : caller.status();
  if (!job.ok()) {
    stream->Finish(ToGrpcStatus(job.status()));
    return stream;
  }
  const bool started = workers_.TrySubmit([this, stream, job = *job] {
    stream->Finish(ToGrpcStatus(Run(job, stream)));
  });
  if (!started) stream->Finish(ToGrpcStatus(errors::ExportsBusy()));
  return stream;
}

}  // namespace jiamei::services
