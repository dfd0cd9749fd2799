// Register records to API messages, with personal data masked unless the
// caller's role needs it (services/auth/access.h).
#ifndef JIAMEI_SERVICES_REGISTRY_REGISTRY_CONVERT_H_
#define JIAMEI_SERVICES_REGISTRY_REGISTRY_CONVERT_H_

#include <cstdint>
#include <vector>

#include "jiamei/v1/access.pb.h"
#include "jiamei/v1/organization.pb.h"
#include "jiamei/v1/registry.pb.h"
#include "jiamei/v1/volunteers.pb.h"
#include "services/auth/authenticator.h"
#include "storage/core/records.pb.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {

void UnitToProto(const storage::UnitRecord& record, jiamei::v1::Unit* out);
void PersonToProto(const storage::PersonRecord& record, const Principal& caller,
                   jiamei::v1::Person* out);
void HouseholdToProto(const storage::HouseholdRecord& record,
                      const std::vector<storage::PersonRecord>& members,
                      const Principal& caller, jiamei::v1::Household* out);
// HouseholdToProto with the household's members now, read through
// `reader`: the household as RegistryService's reads show it to `caller`.
absl::Status HouseholdWithMembersToProto(const storage::RegistryReader& reader,
                                         const storage::HouseholdRecord& record,
                                         const Principal& caller,
                                         jiamei::v1::Household* out);
void MembershipEventToProto(const storage::MembershipEvent& event,
                            jiamei::v1::TeamMembershipEvent* out);
void VolunteerToProto(const storage::PersonRecord& record,
                      const std::vector<uint64_t>& teams,
                      const std::vector<storage::MembershipEvent>& history,
                      const Principal& caller, jiamei::v1::Volunteer* out);
void TeamToProto(const storage::TeamRecord& record,
                 const std::vector<uint64_t>& members,
                 const std::vector<storage::MembershipEvent>& history,
                 jiamei::v1::Team* out);
void OperatorToProto(const storage::OperatorRecord& record,
                     jiamei::v1::Operator* out);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_REGISTRY_REGISTRY_CONVERT_H_
