// What a caller of the sequencer is told about one command.
#ifndef JIAMEI_STORAGE_CORE_OUTCOME_H_
#define JIAMEI_STORAGE_CORE_OUTCOME_H_

#include "absl/status/statusor.h"
#include "storage/core/records.pb.h"

namespace jiamei::storage {

// The entry its request wrote (or, when retried, the entry the first
// attempt wrote), or the refusal.
using Outcome = absl::StatusOr<EntryRecord>;

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_OUTCOME_H_
