// Points policy between the API (jiamei.v1, policy.proto) and the records
// (storage/core/records.proto): requests checked completely on the way in,
// records shown on the way out.
#ifndef JIAMEI_SERVICES_POLICY_POLICY_CONVERT_H_
#define JIAMEI_SERVICES_POLICY_POLICY_CONVERT_H_

#include "absl/status/statusor.h"
#include "jiamei/v1/policy.pb.h"
#include "storage/core/records.pb.h"
#include "storage/policy/policy_state.h"

namespace jiamei::services {

// The unit's own settings as requested: every field in range.
absl::StatusOr<storage::PolicyFields> PolicyFieldsFromProto(
    const jiamei::v1::UnitPolicy& policy);

void UnitPolicyToProto(const storage::PolicyRecord& record,
                       jiamei::v1::UnitPolicy* out);
void EffectivePolicyToProto(uint64_t unit,
                            const storage::EffectivePolicy& policy,
                            jiamei::v1::EffectivePolicy* out);
void ApprovalToProto(uint64_t id, const storage::ApprovalRecord& record,
                     jiamei::v1::Approval* out);
void HonourToProto(const storage::HonourRecord& record,
                   jiamei::v1::Honour* out);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_POLICY_POLICY_CONVERT_H_
