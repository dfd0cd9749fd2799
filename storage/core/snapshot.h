// A consistent read of the store: every reader built on one Snapshot
// (LedgerReader, RegistryReader, MarketReader, PolicyReader, ...) sees the
// same durable state, however many batches are written meanwhile. For a
// figure that must add up (a work report's totals, an expiry preview).
#ifndef JIAMEI_STORAGE_CORE_SNAPSHOT_H_
#define JIAMEI_STORAGE_CORE_SNAPSHOT_H_

#include "storage/core/store.h"

namespace jiamei::storage {

// Holds a RocksDB snapshot of `store` for as long as it lives; `store` must
// outlive it. Not copyable. Thread-safe like the store itself.
class Snapshot {
 public:
  explicit Snapshot(const Store* store)
      : store_(store), snapshot_(store->db()->GetSnapshot()) {}
  ~Snapshot() { store_->db()->ReleaseSnapshot(snapshot_); }
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  // What the readers take as their `snapshot` argument.
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  const Store* store_;
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_SNAPSHOT_H_
