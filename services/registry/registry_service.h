// jiamei.v1.RegistryService: households, the people in them, and care
// categories.
#ifndef JIAMEI_SERVICES_REGISTRY_REGISTRY_SERVICE_H_
#define JIAMEI_SERVICES_REGISTRY_REGISTRY_SERVICE_H_

#include <set>
#include <string>
#include <vector>

#include "jiamei/v1/registry.grpc.pb.h"
#include "services/auth/attempt_throttle.h"
#include "services/common/handler.h"
#include "services/common/worker_pool.h"

namespace jiamei::services {

class RegistryService final
    : public jiamei::v1::RegistryService::CallbackService {
 public:
  explicit RegistryService(const Core& core) : core_(core) {}

  grpc::ServerUnaryReactor* CreateHousehold(
      grpc::CallbackServerContext* context,
      const jiamei::v1::CreateHouseholdRequest* request,
      jiamei::v1::Household* response) override;
  grpc::ServerUnaryReactor* GetHousehold(
      grpc::CallbackServerContext* context,
      const jiamei::v1::GetHouseholdRequest* request,
      jiamei::v1::Household* response) override;
  grpc::ServerUnaryReactor* ListHouseholds(
      grpc::CallbackServerContext* context,
      const jiamei::v1::ListHouseholdsRequest* request,
      jiamei::v1::ListHouseholdsResponse* response) override;
  grpc::ServerUnaryReactor* SearchHouseholds(
      grpc::CallbackServerContext* context,
      const jiamei::v1::SearchHouseholdsRequest* request,
      jiamei::v1::SearchHouseholdsResponse* response) override;
  grpc::ServerUnaryReactor* SetHouseholdCare(
      grpc::CallbackServerContext* context,
      const jiamei::v1::SetHouseholdCareRequest* request,
      jiamei::v1::Household* response) override;
  grpc::ServerUnaryReactor* CreatePerson(
      grpc::CallbackServerContext* context,
      const jiamei::v1::CreatePersonRequest* request,
      jiamei::v1::Person* response) override;
  grpc::ServerUnaryReactor* GetPerson(
      grpc::CallbackServerContext* context,
      const jiamei::v1::GetPersonRequest* request,
      jiamei::v1::Person* response) override;
  grpc::ServerUnaryReactor* MovePerson(
      grpc::CallbackServerContext* context,
      const jiamei::v1::MovePersonRequest* request,
      jiamei::v1::Person* response) override;
  grpc::ServerUnaryReactor* CreateCareCategory(
      grpc::CallbackServerContext* context,
      const jiamei::v1::CreateCareCategoryRequest* request,
      jiamei::v1::CareCategory* response) override;
  grpc::ServerUnaryReactor* ListCareCategories(
      grpc::CallbackServerContext* context,
      const jiamei::v1::ListCareCategoriesRequest* request,
      jiamei::v1::ListCareCategoriesResponse* response) override;
  // In registry_import.cc.
  grpc::ServerReadReactor<jiamei::v1::ImportRegisterRequest>* ImportRegister(
      grpc::CallbackServerContext* context,
      jiamei::v1::ImportRegisterResponse* response) override;

 private:
  absl::StatusOr<storage::Command> CommandFromProto(
      const Principal& caller,
      const jiamei::v1::CreateHouseholdRequest& request) const;
  // The household `name`, if the caller may see it.
  absl::StatusOr<storage::HouseholdRecord> ReadHousehold(
      const Principal& caller, absl::string_view name,
      absl::string_view field) const;
  absl::StatusOr<storage::PersonRecord> ReadPerson(
      const Principal& caller, absl::string_view name) const;
  // The household with its members now, as the caller may see it.
  absl::Status FillHousehold(const Principal& caller, uint64_t id,
                             jiamei::v1::Household* out) const;
  absl::Status FillPerson(const Principal& caller, uint64_t id,
                          jiamei::v1::Person* out) const;
  // The villages in the subtree of `unit`.
  absl::StatusOr<std::vector<uint64_t>> VillagesUnder(uint64_t unit) const;
  // The households under `unit` that `term` finds, ids > after, the
  // smallest `limit`. A caller who sees phones masked matches a phone only
  // whole; after five whole phone numbers that found nothing, each next one
  // waits, doubling from 1 s to 5 minutes (RESOURCE_EXHAUSTED,
  // PHONE_SEARCH_THROTTLED).
  absl::StatusOr<std::set<uint64_t>> Find(const Principal& caller,
                                          uint64_t unit,
                                          const std::string& term,
                                          uint64_t after, int limit) const;

  const Core core_;
  // Phone numbers that found nothing, by operator, for those who see
  // phones masked.
  mutable AttemptThrottle phone_guesses_{
      AttemptThrottleOptions{/*free_attempts=*/5}};
  // Reads import files, one at a time; one more may wait (IMPORT_BUSY).
  WorkerPool import_worker_{1, 1};
};

// Who may call each method of jiamei.v1.RegistryService
// (services/common/permissions.h).
inline constexpr auto kRegistryPermissions =
    PermissionsOf<jiamei::v1::RegistryService>({
        Rpc("CreateHousehold", kDesks),
        LoggedIn("GetHousehold"),
        Rpc("ListHouseholds", kStaff),
        Rpc("SearchHouseholds", kStaff),
        Rpc("SetHouseholdCare", kAdmin),
        Rpc("CreatePerson", kDesks),
        Rpc("GetPerson", kEveryone),
        Rpc("MovePerson", kDesks),
        Rpc("CreateCareCategory", kAdmin),
        Rpc("ListCareCategories", kOverseers),
        Rpc("ImportRegister", kDesks),
    });

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_REGISTRY_REGISTRY_SERVICE_H_
