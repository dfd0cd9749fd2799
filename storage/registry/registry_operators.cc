// RegistryState's operators: the officers who sign in, each with a login,
// a role and a scope, their password's hash kept beside them; disabled,
// never deleted.
#include "storage/registry/registry_operators.h"

#include "absl/strings/str_cat.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_errors.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"
#include "storage/registry/registry_state.h"

namespace jiamei::storage {

OperatorRecord CreatedOperatorRecord(const EntryRecord& entry) {
  OperatorRecord op;
  *op.mutable_operator_() = entry.registry().operator_created();
  op.set_create_sequence(entry.sequence());
  op.set_create_time_micros(entry.time_micros());
  return op;
}

absl::Status RegistryState::CheckOperator(OperatorCreated* op,
                                          const HeadRecord& head) const {
  if (op->scope_unit() != 0) {
    RETURN_IF_ERROR(FindUnit(*views_, op->scope_unit()).status());
  }
  if (op->person_id() != 0) {
    RETURN_IF_ERROR(FindPerson(*views_, op->person_id()).status());
  }
  ASSIGN_OR_RETURN(
      const bool taken,
      Exists(*views_, Cf::kIndex, IndexKey(Index::kLogin, op->login())));
  if (taken) return errors::DuplicateLogin(op->login());
  op->set_operator_id(head.last_operator_id() + 1);
  return absl::OkStatus();
}

absl::Status RegistryState::CheckDisable(
    const OperatorDisabled& disabled) const {
  ASSIGN_OR_RETURN(const OperatorRecord op,
                   FindOperator(*views_, disabled.operator_id()));
  if (op.disabled()) return errors::AlreadyDisabled(disabled.operator_id());
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyOperator(const EntryRecord& entry,
                                          const std::string& password_hash) {
  const OperatorCreated& created = entry.registry().operator_created();
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kOperator, created.operator_id()),
                   CreatedOperatorRecord(entry));
  views_->Put(Cf::kIndex, IndexKey(Index::kLogin, created.login()),
              EncodeId(created.operator_id()));
  PutCredential(created.operator_id(), password_hash, entry.sequence());
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyDisable(const EntryRecord& entry) {
  const uint64_t id = entry.registry().operator_disabled().operator_id();
  ASSIGN_OR_RETURN(OperatorRecord op, FindOperator(*views_, id));
  op.set_disabled(true);
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kOperator, id), op);
  return absl::OkStatus();
}

void RegistryState::PutCredential(uint64_t operator_id,
                                  const std::string& password_hash,
                                  uint64_t sequence) {
  CredentialRecord credential;
  credential.set_password_hash(password_hash);
  credential.set_sequence(sequence);
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kCredential, operator_id),
                   credential);
}

}  // namespace jiamei::storage
