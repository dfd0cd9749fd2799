// The witness file: the last durable head of the log (sequence and hash)
// and the identity of the store it belongs to, kept outside RocksDB so that
// a store which lost acknowledged entries cannot pass for whole.
//
// Its own torn write cannot hurt it: the file is two fixed-size slots, each
// in its own 4 KiB block and carrying its own SHA-256, written alternately
// in place (pwrite + fdatasync). A write torn by a crash spoils only the
// slot being written; the other still holds the head before it, which is
// never ahead of the store. The file is created full size (real zeros, not
// a hole), so an update needs no new space on a full disk.
#ifndef JIAMEI_STORAGE_CORE_WITNESS_FILE_H_
#define JIAMEI_STORAGE_CORE_WITNESS_FILE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jiamei::storage {

struct WitnessState {
  std::string store_id;  // kStoreIdSize bytes (see storage/core/witness.h)
  uint64_t sequence = 0;
  std::string hash;  // 32 bytes; empty at sequence 0
};

class WitnessFile {
 public:
  static constexpr char kFileName[] = "jiamei.witness";
  static constexpr size_t kStoreIdSize = 16;

  // The state in the newest intact slot of the file at `path`; nullopt when
  // there is no such file. DATA_LOSS (naming the file) when the file has
  // the wrong size or neither slot is intact.
  static absl::StatusOr<std::optional<WitnessState>> Read(
      const std::string& path);

  // Creates the file at `path` holding `state`, replacing any there: written
  // in full to a temporary file, synced, renamed over it, directory synced.
  // Then open for updates.
  static absl::StatusOr<std::unique_ptr<WitnessFile>> Create(
      const std::string& path, const WitnessState& state);

  // Opens the existing file at `path` for updates. NOT_FOUND when there is
  // none; DATA_LOSS as for Read.
  static absl::StatusOr<std::unique_ptr<WitnessFile>> Open(
      const std::string& path);

  ~WitnessFile();
  WitnessFile(const WitnessFile&) = delete;
  WitnessFile& operator=(const WitnessFile&) = delete;

  // Makes (`sequence`, `hash`) the witnessed head: writes the older slot in
  // place and fdatasyncs. Durable when this returns OK. One thread at a
  // time.
  absl::Status Update(uint64_t sequence, absl::string_view hash);

  const std::string& path() const { return path_; }
  // The witnessed head: as read, created or last updated.
  const WitnessState& state() const { return state_; }

 private:
  WitnessFile(std::string path, int fd, WitnessState state, uint64_t generation)
      : path_(std::move(path)),
        fd_(fd),
        state_(std::move(state)),
        generation_(generation) {}

  const std::string path_;
  const int fd_;
  WitnessState state_;
  uint64_t generation_;  // of the newest slot written
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_WITNESS_FILE_H_
