#include "storage/core/witness.h"

#include <openssl/rand.h>

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "storage/core/canonical.h"
#include "storage/core/keys.h"
#include "storage/core/log_reader.h"
#include "storage/core/status_macros.h"

namespace jiamei::storage {
namespace {

std::string HashText(absl::string_view hash) {
  return hash.empty() ? Hex(ZeroHash()) : Hex(hash);
}

// What the witness is compared with when the server starts.
struct Head {
  std::string store_id;
  uint64_t sequence = 0;
  std::string hash;
};

WitnessState StateOf(const Head& head) {
  return WitnessState{head.store_id, head.sequence, head.hash};
}

// Describes the loss an operator accepts; `witness` is null when it was
// missing or unreadable.
LossAccepted LossOf(const WitnessState* witness, const Head& head,
                    std::string reason) {
  LossAccepted loss;
  if (witness != nullptr) {
    loss.set_witness_sequence(witness->sequence);
    loss.set_witness_hash(witness->hash);
  }
  loss.set_store_sequence(head.sequence);
  loss.set_reason(std::move(reason));
  return loss;
}

// The witness at `path` as it stands, or why it cannot vouch for `head`
// (in `problem`); `file` is null when it is missing or unreadable.
struct Reading {
  std::unique_ptr<WitnessFile> file;
  std::string problem;
};

absl::StatusOr<Reading> ReadAgainst(Store* store, const std::string& path,
                                    const Head& head) {
  Reading reading;
  absl::StatusOr<std::unique_ptr<WitnessFile>> file = WitnessFile::Open(path);
  if (absl::IsNotFound(file.status())) return reading;
  if (absl::IsDataLoss(file.status())) {
    reading.problem = std::string(file.status().message());
    return reading;
  }
  if (!file.ok()) return file.status();
  reading.file = *std::move(file);
  const LogReader reader(store);
  ASSIGN_OR_RETURN(
      const std::optional<WitnessFinding> finding,
      CompareWitness(reading.file->state(), path, head.store_id, head.sequence,
                     [&](uint64_t sequence) -> absl::StatusOr<std::string> {
                       ASSIGN_OR_RETURN(const EntryRecord entry,
                                        reader.GetEntry(sequence));
                       return entry.hash();
                     }));
  if (finding.has_value()) reading.problem = finding->message;
  return reading;
}

}  // namespace

std::string WitnessPath(const std::string& dir) {
  return (std::filesystem::path(dir) / WitnessFile::kFileName).string();
}

absl::StatusOr<std::string> StoreIdentity(Store* store) {
  ASSIGN_OR_RETURN(std::optional<std::string> id,
                   store->Get(Cf::kMeta, kStoreIdKey));
  if (id.has_value()) return *std::move(id);
  std::string made(WitnessFile::kStoreIdSize, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(made.data()),
                 static_cast<int>(made.size())) != 1) {
    return absl::InternalError("no randomness for the store's identity");
  }
  rocksdb::WriteBatch batch;
  batch.Put(store->handle(Cf::kMeta), std::string(kStoreIdKey), made);
  RETURN_IF_ERROR(store->Write(&batch));
  // Into an SST file at once: a lost WAL must not take the identity with
  // it, or the witness would look like another store's.
  rocksdb::FlushOptions flush;
  rocksdb::Status flushed = store->db()->Flush(flush, store->handle(Cf::kMeta));
  if (!flushed.ok()) {
    return absl::UnavailableError("storage flush failed: " +
                                  flushed.ToString());
  }
  return made;
}

absl::StatusOr<std::optional<WitnessFinding>> CompareWitness(
    const WitnessState& witness, const std::string& path,
    absl::string_view store_id, uint64_t head_sequence,
    absl::FunctionRef<absl::StatusOr<std::string>(uint64_t)> hash_at) {
  if (witness.store_id != store_id) {
    return WitnessFinding{
        "WITNESS_OTHER_STORE", Hex(store_id), Hex(witness.store_id),
        absl::StrCat("the witness ", path, " belongs to another store (",
                     Hex(witness.store_id), "; this one is ", Hex(store_id),
                     ")")};
  }
  if (witness.sequence > head_sequence) {
    return WitnessFinding{
        "WITNESS_AHEAD", absl::StrCat("at most entry ", head_sequence),
        absl::StrCat("entry ", witness.sequence, " durable"),
        absl::StrCat("the store's log ends at entry ", head_sequence,
                     ", but its witness ", path, " saw entry ",
                     witness.sequence,
                     " durable: ", witness.sequence - head_sequence,
                     " acknowledged entries are missing")};
  }
  if (witness.sequence == 0) return std::nullopt;
  absl::StatusOr<std::string> hash = hash_at(witness.sequence);
  if (!hash.ok() && !absl::IsNotFound(hash.status())) return hash.status();
  const std::string found = hash.ok() ? HashText(*hash) : "no entry";
  if (hash.ok() && *hash == witness.hash) return std::nullopt;
  return WitnessFinding{
      "WITNESS_MISMATCH", HashText(witness.hash), found,
      absl::StrCat("entry ", witness.sequence, " of the store has hash ", found,
                   ", but its witness ", path, " saw ", HashText(witness.hash),
                   " there: the log was rewritten")};
}

absl::StatusOr<WitnessCheck> CheckWitness(Store* store, const std::string& path,
                                          const std::string& wal_damage,
                                          bool accept_loss) {
  Head head;
  ASSIGN_OR_RETURN(head.store_id, StoreIdentity(store));
  ASSIGN_OR_RETURN(const HeadRecord record, LogReader(store).GetHead());
  head.sequence = record.last_sequence();
  head.hash = record.head_hash();

  ASSIGN_OR_RETURN(Reading reading, ReadAgainst(store, path, head));
  std::string problem = wal_damage;
  if (!reading.problem.empty()) {
    absl::StrAppend(&problem, problem.empty() ? "" : "; ", reading.problem);
  }
  WitnessCheck check;
  if (problem.empty() && reading.file != nullptr) {
    check.file = std::move(reading.file);
    if (check.file->state().sequence != head.sequence) {
      RETURN_IF_ERROR(check.file->Update(head.sequence, head.hash));
    }
    return check;
  }
  if (!problem.empty() && !accept_loss) return absl::DataLossError(problem);
  if (!problem.empty()) {
    const WitnessState* witness =
        reading.file != nullptr ? &reading.file->state() : nullptr;
    check.loss = LossOf(witness, head, problem);
  }
  reading.file.reset();
  ASSIGN_OR_RETURN(check.file, WitnessFile::Create(path, StateOf(head)));
  return check;
}

}  // namespace jiamei::storage
