// Names the damaged WAL file behind a corruption RocksDB reported when it
// opened a store: RocksDB's status says only what is wrong ("Corruption:
// checksum mismatch"), its info log says where (storage/core/rocksdb_log.h).
#ifndef JIAMEI_STORAGE_CORE_WAL_DAMAGE_H_
#define JIAMEI_STORAGE_CORE_WAL_DAMAGE_H_

#include <string>

#include "rocksdb/status.h"

namespace jiamei::storage {

// For a person: the WAL file (a path) and what is wrong with it, from
// `line`, RocksDB's first "dropping" line (RocksDbLogger::FirstWalDamage);
// when that is empty, `status` and the WAL files `dir` holds.
std::string DescribeWalDamage(const std::string& dir,
                              const rocksdb::Status& status,
                              const std::string& line);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_WAL_DAMAGE_H_
