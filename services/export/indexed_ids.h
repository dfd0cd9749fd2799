// The ids of an index under one parent (a village's households, a good's
// stock lines), read a page at a time so that an export of a long list
// never holds it whole.
#ifndef JIAMEI_SERVICES_EXPORT_INDEXED_IDS_H_
#define JIAMEI_SERVICES_EXPORT_INDEXED_IDS_H_

#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {

// Calls `visit(id)` for each id of (`index`, `parent`), in order; stops at
// the first error `visit` or the reader returns.
absl::Status ForEachIndexed(const storage::RegistryReader& reader,
                            storage::Index index, uint64_t parent,
                            const std::function<absl::Status(uint64_t)>& visit);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_EXPORT_INDEXED_IDS_H_
