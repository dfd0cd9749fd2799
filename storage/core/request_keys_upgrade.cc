#include "storage/core/request_keys_upgrade.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "storage/core/keys.h"
#include "storage/core/records.pb.h"
#include "storage/core/status_macros.h"

namespace jiamei::storage {
namespace {

// The operator a schema 2 record belongs to: the actor of the entry it
// made, or kAnyOperator for a refusal.
absl::StatusOr<uint64_t> OwnerOf(const Store& store,
                                 const IdempotencyRecord& record,
                                 absl::string_view request_id) {
  if (record.sequence() == 0) return kAnyOperator;
  EntryRecord entry;
  ASSIGN_OR_RETURN(
      const bool found,
      store.GetProto(Cf::kEntries, IdKey(record.sequence()), &entry));
  if (!found) {
    return absl::DataLossError(
        absl::StrCat("request ", request_id, " names entry ", record.sequence(),
                     ", which is missing; the store cannot be upgraded"));
  }
  return entry.actor();
}

// A schema 2 key is a request id, printable ASCII
// (services/common/validation.h); a schema 3 key starts with an operator id's
// eight bytes, of which the first is 0x00 (or 0xff for kAnyOperator). Keys
// already re-keyed are left as they are, so that opening a store twice changes
// nothing more.
bool IsSchemaTwoKey(absl::string_view key) {
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return !key.empty();
}

}  // namespace

absl::Status UpgradeRequestKeys(const Store& store,
                                rocksdb::WriteBatch* batch) {
  bool shared = false;
  std::unique_ptr<rocksdb::Iterator> it = store.NewIterator(Cf::kIdempotency);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const absl::string_view request_id = View(it->key());
    if (!IsSchemaTwoKey(request_id)) continue;
    IdempotencyRecord record;
    if (!record.ParseFromArray(it->value().data(),
                               static_cast<int>(it->value().size()))) {
      return Store::CorruptRecord(Cf::kIdempotency, request_id);
    }
    ASSIGN_OR_RETURN(const uint64_t owner, OwnerOf(store, record, request_id));
    shared = shared || owner == kAnyOperator;
    batch->Delete(store.handle(Cf::kIdempotency), it->key());
    batch->Put(store.handle(Cf::kIdempotency), RequestKey(owner, request_id),
               it->value());
  }
  if (!it->status().ok())
    return absl::UnavailableError(it->status().ToString());
  if (shared) {
    batch->Put(store.handle(Cf::kMeta), std::string(kSharedRefusalsKey), "");
  }
  return absl::OkStatus();
}

}  // namespace jiamei::storage
