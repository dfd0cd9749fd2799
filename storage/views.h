// The derived views of the register as the sequencer sees them while it
// builds a batch: the store, plus the batches not yet durable, plus the
// writes of the batch being built. The register's rules read and write
// through this, so that the same rules run in the sequencer (over the store)
// and in the audit (over a replay in memory).
#ifndef JIAMEI_STORAGE_VIEWS_H_
#define JIAMEI_STORAGE_VIEWS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/store.h"

namespace jiamei::storage {

class Views {
 public:
  virtual ~Views() = default;

  // nullopt when absent (or deleted by a write not yet durable).
  virtual absl::StatusOr<std::optional<std::string>> Get(
      Cf cf, absl::string_view key) const = 0;
  virtual void Put(Cf cf, absl::string_view key, absl::string_view value) = 0;
  virtual void Delete(Cf cf, absl::string_view key) = 0;

  // Parses the value at `key`; false when absent, DATA_LOSS if it does not
  // parse.
  template <typename Message>
  absl::StatusOr<bool> GetProto(Cf cf, absl::string_view key,
                                Message* message) const {
    absl::StatusOr<std::optional<std::string>> value = Get(cf, key);
    if (!value.ok()) return value.status();
    if (!value->has_value()) return false;
    if (!message->ParseFromString(**value)) {
      return Store::CorruptRecord(cf, key);
    }
    return true;
  }
  template <typename Message>
  void PutProto(Cf cf, absl::string_view key, const Message& message) {
    Put(cf, key, message.SerializeAsString());
  }
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_VIEWS_H_
