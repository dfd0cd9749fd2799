// RegistryService.ImportRegister: a register import read from its stream,
// decoded (services/registry/csv_file.h) and laid out as households
// (import_layout.h) on the service's import worker, then answered (a dry
// run) or submitted as one command that the ledger logs as one entry per
// batch of households (storage/registry/registry_import.h).
#include "storage/registry/registry_import.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/handler.h"
#include "services/registry/csv_file.h"
#include "services/registry/import_layout.h"
#include "services/registry/registry_errors.h"
#include "services/registry/registry_service.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using jiamei::v1::ImportRegisterRequest;
using jiamei::v1::ImportRegisterResponse;

// How many problems IMPORT_HAS_PROBLEMS names.
constexpr size_t kProblemsNamed = 5;

void ProblemsToProto(const ImportRows& rows, ImportRegisterResponse* out) {
  for (const ImportProblem& p : rows.problems) {
    jiamei::v1::ImportProblem* problem = out->add_problems();
    problem->set_row(static_cast<int32_t>(p.row));
    problem->set_column(p.header);
    problem->set_reason(RefusalReason(p.problem));
    problem->set_message(std::string(p.problem.message()));
  }
  out->set_problem_count(static_cast<int32_t>(rows.problem_count));
}

absl::Status HasProblems(const ImportRows& rows) {
  std::string named;
  for (size_t i = 0; i < rows.problems.size() && i < kProblemsNamed; ++i) {
    const ImportProblem& p = rows.problems[i];
    absl::StrAppend(&named, i == 0 ? "" : "; ", "row ", p.row, ", column ",
                    p.header, ": ", p.problem.message());
  }
  return errors::ImportHasProblems(
      static_cast<int64_t>(rows.problem_count),
      rows.problems.empty() ? 0 : rows.problems.front().row, named);
}

// One call: reads the stream, then works on the import worker, then (not a
// dry run) waits for the ledger. Deletes itself when the call is done.
class ImportUpload : public grpc::ServerReadReactor<ImportRegisterRequest> {
 public:
  ImportUpload(const Core& core, WorkerPool* worker,
               grpc::CallbackServerContext* context,
               ImportRegisterResponse* response)
      : core_(core), worker_(worker), context_(context), response_(response) {
    StartRead(&part_);
  }

  void OnReadDone(bool ok) override {
    const absl::Status taken = ok ? Take() : EndOfStream();
    if (!taken.ok()) return Finish(ToGrpcStatus(taken));
    if (ok) return StartRead(&part_);
    const bool queued = worker_->TrySubmit([this] {
      bool submitted = false;
      const absl::Status answer = Import(&submitted);
      // Once submitted, the ledger's answer finishes the call, and `this`
      // may be gone already.
      if (!submitted) Finish(ToGrpcStatus(answer));
    });
    if (!queued) {
      Finish(ToGrpcStatus(errors::ImportBusy()));
    }
  }
  void OnDone() override { delete this; }

 private:
  // The caller, asked once the first message is read (or the stream ended
  // without one), so that bytes which do not parse are named first, as in
  // every call.
  absl::Status AdmitCaller(const absl::Status& parsed) {
    ASSIGN_OR_RETURN(caller_,
                     Admit(*core_.authenticator, *context_,
                           kRegistryPermissions.Of("ImportRegister"), parsed));
    return absl::OkStatus();
  }

  // One message of the stream, the first naming the import.
  absl::Status Take() {
    const absl::Status parsed = CheckStreamedParsed(&part_);
    if (first_) {
      first_ = false;
      RETURN_IF_ERROR(AdmitCaller(parsed));
      RETURN_IF_ERROR(Begin());
    } else if (!parsed.ok()) {
      return parsed;
    } else if (!part_.request_id().empty() || !part_.village().empty() ||
               part_.dry_run() || part_.size() != 0) {
      return errors::ImportFieldsAfterFirst();
    }
    if (data_.size() + part_.data().size() > size_) {
      return errors::ImportSizeDiffers(static_cast<int64_t>(size_),
                                       data_.size() + part_.data().size());
    }
    data_.append(part_.data());
    return absl::OkStatus();
  }

  absl::Status Begin() {
    dry_run_ = part_.dry_run();
    request_id_ = part_.request_id();
    if (!dry_run_ || !request_id_.empty()) {
      RETURN_IF_ERROR(ValidateRequestId(request_id_));
    }
    ASSIGN_OR_RETURN(village_, ParseName(part_.village(), "units", "village"));
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller_, village_));
    if (part_.size() <= 0 || static_cast<size_t>(part_.size()) > kMaxBytes) {
      return errors::ImportTooLarge(kMaxBytes);
    }
    size_ = static_cast<size_t>(part_.size());
    data_.reserve(size_);
    return absl::OkStatus();
  }

  // The client has sent everything (or gone: then nothing is imported).
  absl::Status EndOfStream() {
    if (context_->IsCancelled()) return absl::CancelledError("cancelled");
    if (first_) {
      part_.Clear();
      RETURN_IF_ERROR(AdmitCaller(absl::OkStatus()));
      return Begin();  // says what the first message lacks
    }
    if (data_.size() != size_) {
      return errors::ImportSizeDiffers(static_cast<int64_t>(size_),
                                       data_.size());
    }
    return absl::OkStatus();
  }

  // On the worker: reads the file, then answers a dry run, or submits the
  // import and sets `submitted` (the ledger's answer finishes the call).
  absl::Status Import(bool* submitted) {
    const storage::RegistryReader reader(core_.store);
    RETURN_IF_ERROR(reader.GetVillage(village_).status());
    ASSIGN_OR_RETURN(const CsvFile file, DecodeCsv(data_, kMaxRows));
    std::string().swap(data_);
    ASSIGN_OR_RETURN(ImportRows rows, ReadImportRows(file, Today()));
    rows.import.set_village(village_);
    rows.import.set_batch_size(storage::kDefaultImportBatch);
    response_->set_dry_run(dry_run_);
    response_->set_encoding(EncodingName(file.encoding));
    response_->set_rows(rows.rows);
    response_->set_households(rows.import.households_size());
    response_->set_people(rows.people);
    for (const std::string& column : rows.ignored_columns) {
      response_->add_ignored_columns(column);
    }
    // A dry run, or a file refused for its own problems, lists the
    // register's conflicts too, so that one answer has them all. Otherwise
    // the ledger checks them as it logs the import, after it has answered
    // a retry of an import applied already.
    if (dry_run_ || rows.problem_count > 0) {
      ASSIGN_OR_RETURN(const std::vector<storage::ImportConflict> conflicts,
                       reader.FindImportConflicts(rows.import));
      rows.AddConflicts(conflicts);
    }
    if (dry_run_) {
      ProblemsToProto(rows, response_);
      return absl::OkStatus();
    }
    if (rows.problem_count > 0) return HasProblems(rows);
    *submitted = true;
    Submit(std::move(rows.import));
    return absl::OkStatus();
  }

  // Submits `import`; the ledger's answer finishes the call.
  void Submit(storage::HouseholdsImported import) {
    storage::RegistryChange change;
    *change.mutable_households_imported() = std::move(import);
    storage::Command command{request_id_, std::move(change)};
    command.actor = caller_.operator_id;
    core_.sequencer->Submit(std::move(command),
                            [this](storage::Outcome outcome) {
                              Finish(ToGrpcStatus(Imported(outcome)));
                            });
  }

  // The households and entries of the import the ledger logged.
  absl::Status Imported(const storage::Outcome& outcome) {
    RETURN_IF_ERROR(outcome.status());
    const storage::HouseholdsImported& first =
        outcome->registry().households_imported();
    const uint64_t last_sequence = outcome->sequence() + first.batches() - 1;
    ASSIGN_OR_RETURN(
        const storage::EntryRecord last,
        storage::LedgerReader(core_.store).GetEntry(last_sequence));
    const auto& households = last.registry().households_imported().households();
    if (first.households().empty() || households.empty()) {
      return absl::InternalError("an import entry without households");
    }
    response_->set_first_household(
        storage::HouseholdName(first.households(0).household_id()));
    response_->set_last_household(
        storage::HouseholdName(households.rbegin()->household_id()));
    for (uint64_t s = outcome->sequence(); s <= last_sequence; ++s) {
      response_->add_sequences(s);
    }
    return absl::OkStatus();
  }

  static constexpr size_t kMaxBytes = size_t{16} << 20;
  static constexpr size_t kMaxRows = 100000;

  const Core core_;
  WorkerPool* const worker_;
  grpc::CallbackServerContext* const context_;
  ImportRegisterResponse* const response_;
  Principal caller_;
  ImportRegisterRequest part_;  // the message being read
  bool first_ = true;
  bool dry_run_ = false;
  std::string request_id_;
  uint64_t village_ = 0;
  size_t size_ = 0;
  std::string data_;
};

}  // namespace

grpc::ServerReadReactor<ImportRegisterRequest>* RegistryService::ImportRegister(
    grpc::CallbackServerContext* context, ImportRegisterResponse* response) {
  return new ImportUpload(core_, &import_worker_, context, response);
}

}  // namespace jiamei::services
