// The derived views of the register and the supermarket as the sequencer
// sees them while it builds a batch: the store, plus the batches not yet
// durable, plus the writes of the batch being built. The rules read and
// write through this, so that the same rules run in the sequencer (over the
// store) and in the audit (over a replay in memory); readers for the API
// read the same records through StoreViews.
#ifndef JIAMEI_STORAGE_CORE_VIEWS_H_
#define JIAMEI_STORAGE_CORE_VIEWS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/core/store.h"

namespace jiamei::storage {

class ReadViews {
 public:
  virtual ~ReadViews() = default;

  // nullopt when absent (or deleted by a write not yet durable).
  virtual absl::StatusOr<std::optional<std::string>> Get(
      Cf cf, absl::string_view key) const = 0;

  // Parses the value at `key`; false when absent, DATA_LOSS if it does not
  // parse.
  template <typename Message>
  absl::StatusOr<bool> GetProto(Cf cf, absl::string_view key,
                                Message* message) const {
    ASSIGN_OR_RETURN(const std::optional<std::string> value, Get(cf, key));
    if (!value.has_value()) return false;
    if (!message->ParseFromString(*value)) {
      return Store::CorruptRecord(cf, key);
    }
    return true;
  }

  // The record `kind`/`id` of Cf::kRegistry that must exist: NOT_FOUND with
  // `reason` and "<name> does not exist" otherwise. `kind` is a Record
  // (storage/registry/registry_keys.h), whose RecordKey is found by
  // argument-dependent lookup where this is used.
  template <typename Message, typename Kind>
  absl::StatusOr<Message> Require(Kind kind, uint64_t id,
                                  absl::string_view reason,
                                  absl::string_view name) const {
    Message record;
    ASSIGN_OR_RETURN(const bool found,
                     GetProto(Cf::kRegistry, RecordKey(kind, id), &record));
    if (!found) {
      return Refusal(absl::StatusCode::kNotFound, reason,
                     absl::StrCat(name, " does not exist"));
    }
    return record;
  }
};

class Views : public ReadViews {
 public:
  virtual void Put(Cf cf, absl::string_view key, absl::string_view value) = 0;
  virtual void Delete(Cf cf, absl::string_view key) = 0;

  template <typename Message>
  void PutProto(Cf cf, absl::string_view key, const Message& message) {
    Put(cf, key, message.SerializeAsString());
  }
};

// The durable views, at `snapshot` (null: the latest).
class StoreViews final : public ReadViews {
 public:
  explicit StoreViews(const Store* store,
                      const rocksdb::Snapshot* snapshot = nullptr)
      : store_(store), snapshot_(snapshot) {}
  absl::StatusOr<std::optional<std::string>> Get(
      Cf cf, absl::string_view key) const override {
    return store_->Get(cf, key, snapshot_);
  }

 private:
  const Store* store_;
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_VIEWS_H_
