// RegistryState's units: the county, township, village tree, each unit
// with its issuance account opened in the entry that creates it.
#include "absl/strings/str_cat.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_errors.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"
#include "storage/registry/registry_state.h"

namespace jiamei::storage {

absl::Status RegistryState::CheckUnit(UnitCreated* unit, const HeadRecord& head,
                                      AccountOpening* account) const {
  if (unit->level() < kLevelCounty || unit->level() > kLevelVillage) {
    return errors::InvalidLevel(unit->level());
  }
  if (unit->level() == kLevelCounty && unit->parent() != 0) {
    return errors::WrongParentLevelForCounty();
  }
  if (unit->level() != kLevelCounty) {
    if (unit->parent() == 0) {
      return errors::WrongParentLevelMissing(unit->level());
    }
    ASSIGN_OR_RETURN(const UnitRecord parent,
                     FindUnit(*views_, unit->parent()));
    if (parent.unit().level() != unit->level() - 1) {
      return errors::WrongParentLevel(unit->level(), unit->parent(),
                                      parent.unit().level());
    }
  }
  ASSIGN_OR_RETURN(
      const bool taken,
      Exists(*views_, Cf::kIndex, IndexKey(Index::kUnitCode, unit->code())));
  if (taken) return errors::DuplicateCode(unit->code());
  unit->set_unit_id(head.last_unit_id() + 1);
  account->set_account_id(head.last_account_id() + 1);
  account->set_kind(kKindIssuance);
  account->set_display_name(unit->display_name());
  account->set_unit(unit->unit_id());
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyUnit(const EntryRecord& entry) {
  const RegistryChange& change = entry.registry();
  const UnitCreated& created = change.unit_created();
  UnitRecord unit;
  *unit.mutable_unit() = created;
  unit.set_issuance_account(change.account().account_id());
  unit.set_create_sequence(entry.sequence());
  unit.set_create_time_micros(entry.time_micros());
  unit.set_update_sequence(entry.sequence());
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kUnit, created.unit_id()),
                   unit);
  views_->Put(Cf::kIndex, IndexKey(Index::kUnitCode, created.code()),
              EncodeId(created.unit_id()));
  views_->Put(Cf::kIndex,
              IndexKey(Index::kUnitChild, created.parent(), created.unit_id()),
              "");
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyRename(const EntryRecord& entry) {
  const UnitRenamed& renamed = entry.registry().unit_renamed();
  ASSIGN_OR_RETURN(UnitRecord unit, FindUnit(*views_, renamed.unit_id()));
  unit.mutable_unit()->set_display_name(renamed.display_name());
  unit.set_update_sequence(entry.sequence());
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kUnit, renamed.unit_id()),
                   unit);
  return absl::OkStatus();
}

}  // namespace jiamei::storage
