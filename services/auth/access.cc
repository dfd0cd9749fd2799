#include "services/auth/access.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/auth/auth_errors.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using jiamei::v1::Role;

}  // namespace

bool IsMember(const Principal& caller) {
  return caller.role == jiamei::v1::ROLE_MEMBER;
}

absl::Status RequireRole(const Principal& caller, Roles roles) {
  if (std::find(roles.begin(), roles.end(), caller.role) != roles.end()) {
    return absl::OkStatus();
  }
  return errors::RoleMayNotCall(
      jiamei::v1::Role_Name(static_cast<Role>(caller.role)));
}

bool SeesPhone(const Principal& caller, uint64_t household) {
  switch (caller.role) {
    case jiamei::v1::ROLE_ADMIN:
    case jiamei::v1::ROLE_DESK_OPERATOR:
    case jiamei::v1::ROLE_ORGANIZER:
      return true;
    case jiamei::v1::ROLE_MEMBER:
      return household == caller.household;
    default:
      return false;
  }
}

bool SeesResidentId(const Principal& caller, uint64_t person) {
  return caller.role == jiamei::v1::ROLE_ADMIN ||
         (IsMember(caller) && person == caller.person);
}

bool SeesCareCategories(const Principal& caller) {
  return caller.role == jiamei::v1::ROLE_ADMIN ||
         caller.role == jiamei::v1::ROLE_AUDITOR;
}

absl::StatusOr<uint64_t> Access::Parent(uint64_t unit) const {
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = parents_.find(unit);
    if (it != parents_.end()) return it->second;
  }
  ASSIGN_OR_RETURN(storage::UnitRecord record,
                   storage::RegistryReader(store_).GetUnit(unit));
  absl::MutexLock lock(&mu_);
  parents_[unit] = record.unit().parent();
  return record.unit().parent();
}

absl::StatusOr<bool> Access::Within(uint64_t unit, uint64_t scope) const {
  if (scope == 0) return true;
  // The tree is three levels deep; the bound guards against a damaged one.
  for (int depth = 0; unit != 0 && depth < 8; ++depth) {
    if (unit == scope) return true;
    ASSIGN_OR_RETURN(uint64_t parent, Parent(unit));
    unit = parent;
  }
  return false;
}

absl::Status Access::RequireUnit(const Principal& caller, uint64_t unit) const {
  if (IsMember(caller)) return errors::OutOfScope(storage::UnitName(unit));
  ASSIGN_OR_RETURN(bool within, Within(unit, caller.scope_unit));
  if (within) return absl::OkStatus();
  return errors::OutOfScope(unit == 0 ? "the whole system"
                                      : storage::UnitName(unit));
}

absl::Status Access::RequireExistingUnit(const Principal& caller,
                                         uint64_t unit) const {
  if (unit != 0) {
    RETURN_IF_ERROR(Parent(unit).status());
  }
  return RequireUnit(caller, unit);
}

absl::Status Access::RequireUnitOrAncestor(const Principal& caller,
                                           uint64_t unit) const {
  if (!IsMember(caller)) {
    ASSIGN_OR_RETURN(bool above, Within(caller.scope_unit, unit));
    if (above && caller.scope_unit != 0) return absl::OkStatus();
  }
  return RequireUnit(caller, unit);
}

absl::Status Access::RequireUnitVisible(const Principal& caller,
                                        uint64_t unit) const {
  if (!IsMember(caller)) return RequireUnitOrAncestor(caller, unit);
  ASSIGN_OR_RETURN(uint64_t village, MemberVillage(caller));
  ASSIGN_OR_RETURN(bool within, Within(village, unit));
  return within ? absl::OkStatus()
                : errors::OutOfScope(storage::UnitName(unit));
}

absl::StatusOr<uint64_t> Access::MemberVillage(const Principal& caller) const {
  if (!IsMember(caller)) return 0;
  ASSIGN_OR_RETURN(
      storage::HouseholdRecord household,
      storage::RegistryReader(store_).GetHousehold(caller.household));
  return household.village();
}

absl::Status Access::RequireHousehold(const Principal& caller,
                                      const storage::HouseholdRecord& h) const {
  if (!IsMember(caller)) return RequireUnit(caller, h.village());
  if (h.id() == caller.household) return absl::OkStatus();
  return errors::OutOfScope(storage::HouseholdName(h.id()));
}

absl::Status Access::RequirePerson(const Principal& caller,
                                   const storage::PersonRecord& person) const {
  if (!IsMember(caller)) return RequireUnit(caller, person.unit());
  if (person.household() == caller.household) return absl::OkStatus();
  return errors::OutOfScope(storage::PersonName(person.id()));
}

absl::StatusOr<Access::Owner> Access::OwnerOf(uint64_t account) const {
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = owners_.find(account);
    if (it != owners_.end()) return it->second;
  }
  ASSIGN_OR_RETURN(storage::AccountView view,
                   storage::LedgerReader(store_).GetAccount(account));
  const Owner owner{view.account.unit(), view.account.household()};
  absl::MutexLock lock(&mu_);
  owners_[account] = owner;
  return owner;
}

absl::Status Access::RequireAccount(const Principal& caller,
                                    uint64_t account) const {
  ASSIGN_OR_RETURN(Owner owner, OwnerOf(account));
  if (!IsMember(caller)) return RequireUnit(caller, owner.unit);
  if (owner.household != 0 && owner.household == caller.household) {
    return absl::OkStatus();
  }
  return errors::OutOfScope(storage::AccountName(account));
}

absl::Status Access::RequirePayee(const Principal& caller,
                                  uint64_t account) const {
  ASSIGN_OR_RETURN(Owner owner, OwnerOf(account));
  return RequireUnitOrAncestor(caller, owner.unit);
}

}  // namespace jiamei::services
