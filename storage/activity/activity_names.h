// The resource names of volunteer service's records, as the API and the
// refusals name them.
#ifndef JIAMEI_STORAGE_ACTIVITY_ACTIVITY_NAMES_H_
#define JIAMEI_STORAGE_ACTIVITY_ACTIVITY_NAMES_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"

namespace jiamei::storage {

inline std::string ActivityName(uint64_t id) {
  return absl::StrCat("activities/", id);
}

inline std::string RecordName(uint64_t id) {
  return absl::StrCat("records/", id);
}

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_ACTIVITY_ACTIVITY_NAMES_H_
