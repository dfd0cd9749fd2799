// What a caller may do: the role checks and the scope checks every handler
// makes before it reads or submits anything. A record belongs to a unit;
// staff act within the subtree of their scope unit (0: the whole system);
// a member acts only on their own household, its account and its people.
// The rules, RPC by RPC, are in docs/permissions.md; each service declares
// its table in its header (services/common/permissions.h).
#ifndef JIAMEI_SERVICES_AUTH_ACCESS_H_
#define JIAMEI_SERVICES_AUTH_ACCESS_H_

#include <cstdint>
#include <initializer_list>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "jiamei/v1/access.pb.h"
#include "services/auth/authenticator.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"

namespace jiamei::services {

using Roles = std::initializer_list<jiamei::v1::Role>;
inline constexpr Roles kAdmin = {jiamei::v1::ROLE_ADMIN};
// Admins and auditors: those who see the whole of their scope.
inline constexpr Roles kOverseers = {jiamei::v1::ROLE_ADMIN,
                                     jiamei::v1::ROLE_AUDITOR};
inline constexpr Roles kStaff = {
    jiamei::v1::ROLE_ADMIN, jiamei::v1::ROLE_AUDITOR,
    jiamei::v1::ROLE_DESK_OPERATOR, jiamei::v1::ROLE_ORGANIZER,
    jiamei::v1::ROLE_GROUP_LEADER};
// Admins and desk operators: those who record at a points desk (register a
// household, award, redeem, move stock, make a transfer).
inline constexpr Roles kDesks = {jiamei::v1::ROLE_ADMIN,
                                 jiamei::v1::ROLE_DESK_OPERATOR};
// Admins and organisers: those who run volunteer service.
inline constexpr Roles kOrganizers = {jiamei::v1::ROLE_ADMIN,
                                      jiamei::v1::ROLE_ORGANIZER};
// Those who read the books: admins, auditors and desk operators.
inline constexpr Roles kBookkeepers = {jiamei::v1::ROLE_ADMIN,
                                       jiamei::v1::ROLE_AUDITOR,
                                       jiamei::v1::ROLE_DESK_OPERATOR};
// Desks award at once; group leaders propose awards for an officer.
inline constexpr Roles kAwarders = {jiamei::v1::ROLE_ADMIN,
                                    jiamei::v1::ROLE_DESK_OPERATOR,
                                    jiamei::v1::ROLE_GROUP_LEADER};
// Those who read an account and its history: the books' readers and the
// household's own member.
inline constexpr Roles kAccountReaders = {
    jiamei::v1::ROLE_ADMIN, jiamei::v1::ROLE_AUDITOR,
    jiamei::v1::ROLE_DESK_OPERATOR, jiamei::v1::ROLE_MEMBER};
// Those who read service records and figures.
inline constexpr Roles kRecordReaders = {jiamei::v1::ROLE_ADMIN,
                                         jiamei::v1::ROLE_AUDITOR,
                                         jiamei::v1::ROLE_ORGANIZER};
// Organisers confirm hours at once; group leaders (team leaders) propose
// them for an officer.
inline constexpr Roles kConfirmers = {jiamei::v1::ROLE_ADMIN,
                                      jiamei::v1::ROLE_ORGANIZER,
                                      jiamei::v1::ROLE_GROUP_LEADER};
// Volunteers act for themselves, organisers for their volunteers.
inline constexpr Roles kVolunteersAndOrganisers = {jiamei::v1::ROLE_ADMIN,
                                                   jiamei::v1::ROLE_ORGANIZER,
                                                   jiamei::v1::ROLE_MEMBER};
// Those who read a volunteer's archive: the record readers and the
// volunteer.
inline constexpr Roles kArchiveReaders = {
    jiamei::v1::ROLE_ADMIN, jiamei::v1::ROLE_AUDITOR,
    jiamei::v1::ROLE_ORGANIZER, jiamei::v1::ROLE_MEMBER};
// Those who decide on a proposal: desks on awards, organisers on hours
// (kDesks and kOrganizers; which of the two, the handler checks against the
// proposal).
inline constexpr Roles kDeciders = {jiamei::v1::ROLE_ADMIN,
                                    jiamei::v1::ROLE_DESK_OPERATOR,
                                    jiamei::v1::ROLE_ORGANIZER};
inline constexpr Roles kEveryone = {
    jiamei::v1::ROLE_ADMIN,         jiamei::v1::ROLE_AUDITOR,
    jiamei::v1::ROLE_DESK_OPERATOR, jiamei::v1::ROLE_ORGANIZER,
    jiamei::v1::ROLE_MEMBER,        jiamei::v1::ROLE_GROUP_LEADER};

bool IsMember(const Principal& caller);

// PERMISSION_DENIED unless the caller has one of `roles`.
absl::Status RequireRole(const Principal& caller, Roles roles);

// What personal data the caller's role needs to see.
bool SeesPhone(const Principal& caller, uint64_t household);
bool SeesResidentId(const Principal& caller, uint64_t person);
bool SeesCareCategories(const Principal& caller);

class Access {
 public:
  explicit Access(const storage::Store* store) : store_(store) {}

  // PERMISSION_DENIED unless staff `caller` may act on records of `unit`
  // (0: records of the whole system). Never for a member.
  absl::Status RequireUnit(const Principal& caller, uint64_t unit) const;
  // NOT_FOUND when `unit` (not 0) does not exist, else RequireUnit.
  absl::Status RequireExistingUnit(const Principal& caller,
                                   uint64_t unit) const;
  // Like RequireUnit, but also allows the units above the caller's scope
  // (reading the name of one's own township). Only for records that hold
  // nothing of the units beside the scope: a township's stock ledger or
  // ranking holds its other villages' households.
  absl::Status RequireUnitOrAncestor(const Principal& caller,
                                     uint64_t unit) const;
  // What a unit publishes for those below it (rules, activities, policy):
  // staff read it in scope or above it (RequireUnitOrAncestor); a member
  // when their household's village is `unit` or below it.
  absl::Status RequireUnitVisible(const Principal& caller, uint64_t unit) const;
  // The village of a member's household; 0 for staff.
  absl::StatusOr<uint64_t> MemberVillage(const Principal& caller) const;
  // The caller's own household (members) or its village in scope (staff).
  absl::Status RequireHousehold(const Principal& caller,
                                const storage::HouseholdRecord& h) const;
  absl::Status RequirePerson(const Principal& caller,
                             const storage::PersonRecord& person) const;
  // An account to read or to take points from.
  absl::Status RequireAccount(const Principal& caller, uint64_t account) const;
  // An account to pay into: in scope, or one of a unit above the scope (a
  // village desk pays redemptions into its township's supermarket).
  absl::Status RequirePayee(const Principal& caller, uint64_t account) const;
  // True when `unit` is `scope` or below it.
  absl::StatusOr<bool> Within(uint64_t unit, uint64_t scope) const;

 private:
  struct Owner {
    uint64_t unit;
    uint64_t household;
  };
  // Units never move and accounts never change owner, so both are cached
  // for good once read.
  absl::StatusOr<uint64_t> Parent(uint64_t unit) const;
  absl::StatusOr<Owner> OwnerOf(uint64_t account) const;

  const storage::Store* store_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<uint64_t, uint64_t> parents_ ABSL_GUARDED_BY(mu_);
  mutable absl::flat_hash_map<uint64_t, Owner> owners_ ABSL_GUARDED_BY(mu_);
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_AUTH_ACCESS_H_
