#include "services/export/indexed_ids.h"

#include <vector>

#include "storage/core/status_macros.h"

namespace jiamei::services {

absl::Status ForEachIndexed(
    const storage::RegistryReader& reader, storage::Index index,
    uint64_t parent, const std::function<absl::Status(uint64_t)>& visit) {
  constexpr int kPage = 1000;
  uint64_t after = 0;
  while (true) {
    ASSIGN_OR_RETURN(const std::vector<uint64_t> ids,
                     reader.ListIds(index, parent, after, kPage));
    for (uint64_t id : ids) RETURN_IF_ERROR(visit(id));
    if (static_cast<int>(ids.size()) < kPage) return absl::OkStatus();
    after = ids.back();
  }
}

}  // namespace jiamei::services
