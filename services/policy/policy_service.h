// jiamei.v1.PolicyService: units' points policies, approvals, expiry,
// honour and rankings. Policies and approvals are judged by
// storage/policy/policy_state.h; honour is kept by storage/policy/honour.h.
#ifndef JIAMEI_SERVICES_POLICY_POLICY_SERVICE_H_
#define JIAMEI_SERVICES_POLICY_POLICY_SERVICE_H_

#include "jiamei/v1/policy.grpc.pb.h"
#include "services/common/handler.h"

namespace jiamei::services {

class PolicyService final : public jiamei::v1::PolicyService::CallbackService {
 public:
  explicit PolicyService(const Core& core) : core_(core) {}

  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  Reactor* SetUnitPolicy(Context* context,
                         const jiamei::v1::SetUnitPolicyRequest* request,
                         jiamei::v1::UnitPolicy* response) override;
  Reactor* GetUnitPolicy(Context* context,
                         const jiamei::v1::GetUnitPolicyRequest* request,
                         jiamei::v1::UnitPolicyView* response) override;
  Reactor* GetApproval(Context* context,
                       const jiamei::v1::GetApprovalRequest* request,
                       jiamei::v1::Approval* response) override;
  Reactor* ListApprovals(Context* context,
                         const jiamei::v1::ListApprovalsRequest* request,
                         jiamei::v1::ListApprovalsResponse* response) override;
  Reactor* ApproveEntry(Context* context,
                        const jiamei::v1::DecideApprovalRequest* request,
                        jiamei::v1::Approval* response) override;
  Reactor* RejectEntry(Context* context,
                       const jiamei::v1::DecideApprovalRequest* request,
                       jiamei::v1::Approval* response) override;
  Reactor* PreviewExpiry(Context* context,
                         const jiamei::v1::PreviewExpiryRequest* request,
                         jiamei::v1::ExpiryPreview* response) override;
  Reactor* RunExpiry(Context* context,
                     const jiamei::v1::RunExpiryRequest* request,
                     jiamei::v1::RunExpiryResponse* response) override;
  Reactor* ListExpiryRuns(
      Context* context, const jiamei::v1::ListExpiryRunsRequest* request,
      jiamei::v1::ListExpiryRunsResponse* response) override;
  Reactor* GetHonour(Context* context,
                     const jiamei::v1::GetHonourRequest* request,
                     jiamei::v1::Honour* response) override;
  Reactor* GetRankings(Context* context,
                       const jiamei::v1::GetRankingsRequest* request,
                       jiamei::v1::Rankings* response) override;

 private:
  Reactor* Decide(Context* context,
                  const jiamei::v1::DecideApprovalRequest& request,
                  bool approve, jiamei::v1::Approval* response);

  const Core core_;
};

// Who may call each method of jiamei.v1.PolicyService
// (services/common/permissions.h).
inline constexpr auto kPolicyPermissions =
    PermissionsOf<jiamei::v1::PolicyService>({
        Rpc("SetUnitPolicy", kAdmin),
        Rpc("GetUnitPolicy", kEveryone),
        Rpc("GetApproval", kStaff),
        Rpc("ListApprovals", kStaff),
        Rpc("ApproveEntry", kDeciders),
        Rpc("RejectEntry", kDeciders),
        Rpc("PreviewExpiry", kBookkeepers),
        Rpc("RunExpiry", kAdmin),
        Rpc("ListExpiryRuns", kBookkeepers),
        Rpc("GetHonour", kEveryone),
        Rpc("GetRankings", kEveryone),
    });

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_POLICY_POLICY_SERVICE_H_
