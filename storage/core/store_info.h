// What the server reads of the store itself, not of its records: where it
// lives and RocksDB's own figures (for metrics). So that services/ never
// reaches the raw database (tests/structure_check.py).
#ifndef JIAMEI_STORAGE_CORE_STORE_INFO_H_
#define JIAMEI_STORAGE_CORE_STORE_INFO_H_

#include <cstdint>
#include <optional>
#include <string>

#include "storage/core/store.h"

namespace jiamei::storage {

// The directory the store was opened from.
inline std::string StoreDirectory(const Store& store) {
  return store.db()->GetName();
}

// RocksDB's integer property `property` ("rocksdb.total-sst-files-size",
// ...) of column family `cf`; nullopt when RocksDB has no such figure.
inline std::optional<uint64_t> IntProperty(const Store& store, Cf cf,
                                           const std::string& property) {
  uint64_t value = 0;
  if (!store.db()->GetIntProperty(store.handle(cf), property, &value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_STORE_INFO_H_
