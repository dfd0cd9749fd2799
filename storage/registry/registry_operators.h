// The operator record an operator's creation writes, built in one place for
// the state machine (RegistryState::ApplyOperator writes it) and for the
// answer to CreateOperator (which must not change when the operator is
// later disabled).
#ifndef JIAMEI_STORAGE_REGISTRY_REGISTRY_OPERATORS_H_
#define JIAMEI_STORAGE_REGISTRY_REGISTRY_OPERATORS_H_

#include "storage/core/records.pb.h"

namespace jiamei::storage {

// The operator `entry` (an operator_created registry change) created, as it
// stood right after: not disabled.
OperatorRecord CreatedOperatorRecord(const EntryRecord& entry);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_REGISTRY_REGISTRY_OPERATORS_H_
