// Schema 3 keys each remembered request by its operator and request id
// (RequestKey). A store of schema 1 or 2 kept them by request id alone;
// opening it re-keys them once, in the same batch that records version 3:
// a request that made an entry goes under the entry's actor; a refusal,
// whose operator was never recorded, goes under kAnyOperator (and the meta
// record kSharedRefusalsKey is written), so a retry of it still gets its
// first answer, from any operator, as before the upgrade.
#ifndef JIAMEI_STORAGE_CORE_REQUEST_KEYS_UPGRADE_H_
#define JIAMEI_STORAGE_CORE_REQUEST_KEYS_UPGRADE_H_

#include "absl/status/status.h"
#include "rocksdb/write_batch.h"
#include "storage/core/store.h"

namespace jiamei::storage {

// Adds to `batch` the re-keying of every request `store` remembers under a
// schema 2 key. DATA_LOSS when a record does not parse or names an entry
// that is missing: such a store is refused rather than half upgraded.
absl::Status UpgradeRequestKeys(const Store& store, rocksdb::WriteBatch* batch);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_REQUEST_KEYS_UPGRADE_H_
