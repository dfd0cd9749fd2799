// The witness of a store's last durable head (the file: witness_file.h),
// checked when the server starts and by the audit.
//
// Invariant: after any crash the witness is never ahead of the store. The
// sequencer updates it only once a batch is durable in RocksDB, and before
// that batch's callers hear "done" (SequencerOptions::on_durable). So a
// store whose log ends before its witness's sequence has lost entries that
// were acknowledged (a damaged, cut or removed WAL, a restored older copy),
// and one whose entry at that sequence has another hash was rewritten.
#ifndef JIAMEI_STORAGE_CORE_WITNESS_H_
#define JIAMEI_STORAGE_CORE_WITNESS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"
#include "storage/core/witness_file.h"

namespace jiamei::storage {

// The witness file in directory `dir`.
std::string WitnessPath(const std::string& dir);

// The store's identity (meta/store_id): made, written and flushed to an SST
// file by the first call on a store that has none.
absl::StatusOr<std::string> StoreIdentity(Store* store);

// Why `witness` does not vouch for a log that belongs to the store
// `store_id` and ends at `head_sequence`, e.g. kind WITNESS_AHEAD; nullopt
// when it does. `hash_at(s)` is the hash of the log's entry s (s at most
// `head_sequence`, at least 1); its errors pass through.
struct WitnessFinding {
  std::string kind;  // WITNESS_OTHER_STORE, WITNESS_AHEAD, WITNESS_MISMATCH
  std::string expected;
  std::string found;
  std::string message;  // the whole story, for a person
};
absl::StatusOr<std::optional<WitnessFinding>> CompareWitness(
    const WitnessState& witness, const std::string& path,
    absl::string_view store_id, uint64_t head_sequence,
    absl::FunctionRef<absl::StatusOr<std::string>(uint64_t)> hash_at);

struct WitnessCheck {
  // Open for updates, holding the store's head.
  std::unique_ptr<WitnessFile> file;
  // Set when the operator accepted a loss: the entry to log before serving.
  std::optional<LossAccepted> loss;
};

// Compares the head of `store` with the witness at `path` when the server
// starts. DATA_LOSS (saying both sequences and where the witness is) when
// the store is behind it, has another hash at its sequence, is not the
// witness's store, or the witness is damaged; likewise when `wal_damage`
// (what was wrong with the WAL of a store opened up to its damage) is not
// empty. With `accept_loss` each of these is instead described in the
// returned `loss`, and the witness is made anew at the store's head. A
// store without a witness (a first start, an older store) gets one.
absl::StatusOr<WitnessCheck> CheckWitness(Store* store, const std::string& path,
                                          const std::string& wal_damage,
                                          bool accept_loss);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_WITNESS_H_
