// ActivityService: who may act, and the activities themselves (created,
// read, listed, moved through their statuses). Sign-up and attendance are in
// activity_attendance.cc, hours, records and certificates in
// activity_hours.cc.
#include "services/activity/activity_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/activity/activity_errors.h"
#include "services/activity/activity_records.h"
#include "services/activity/activity_requests.h"
#include "services/auth/auth_errors.h"
#include "services/common/common_errors.h"
#include "services/common/convert.h"
#include "storage/activity/activity_reader.h"
#include "storage/activity/activity_state.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

absl::Status FillActivity(const storage::Store* store, uint64_t id,
                          jiamei::v1::Activity* out) {
  ASSIGN_OR_RETURN(const storage::ActivityRecord record,
                   storage::ActivityReader(store).GetActivity(id));
  ActivityToProto(record, out);
  return absl::OkStatus();
}

}  // namespace

// ---- Who may act.

absl::StatusOr<storage::ActivityRecord> ActivityService::RunActivity(
    const Principal& caller, absl::string_view name) const {
  ASSIGN_OR_RETURN(const uint64_t id,
                   ParseName(name, "activities", "activity"));
  ASSIGN_OR_RETURN(storage::ActivityRecord record,
                   storage::ActivityReader(core_.store).GetActivity(id));
  RETURN_IF_ERROR(core_.access->RequireUnit(caller, record.activity().unit()));
  return record;
}

absl::StatusOr<uint64_t> ActivityService::ActFor(const Principal& caller,
                                                 absl::string_view name) const {
  ASSIGN_OR_RETURN(const uint64_t id,
                   ParseName(name, "volunteers", "volunteer"));
  ASSIGN_OR_RETURN(const storage::PersonRecord person,
                   storage::RegistryReader(core_.store).GetVolunteer(id));
  if (IsMember(caller) && id != caller.person) {
    return errors::OutOfScope(name);
  }
  RETURN_IF_ERROR(core_.access->RequirePerson(caller, person));
  return id;
}

absl::StatusOr<uint64_t> ActivityService::ActivityFor(
    const Principal& caller, absl::string_view name) const {
  if (!IsMember(caller)) {
    ASSIGN_OR_RETURN(const storage::ActivityRecord activity,
                     RunActivity(caller, name));
    return activity.id();
  }
  ASSIGN_OR_RETURN(const uint64_t id,
                   ParseName(name, "activities", "activity"));
  ASSIGN_OR_RETURN(const storage::ActivityRecord activity,
                   storage::ActivityReader(core_.store).GetActivity(id));
  RETURN_IF_ERROR(
      core_.access->RequireUnitVisible(caller, activity.activity().unit()));
  return id;
}

absl::StatusOr<ActivityService::Acting> ActivityService::ActOn(
    const Principal& caller, absl::string_view request_id,
    absl::string_view activity, absl::string_view volunteer) const {
  RETURN_IF_ERROR(ValidateRequestId(request_id));
  Acting acting;
  ASSIGN_OR_RETURN(acting.activity, ActivityFor(caller, activity));
  ASSIGN_OR_RETURN(acting.volunteer, ActFor(caller, volunteer));
  return acting;
}

absl::Status ActivityService::FillParticipation(
    uint64_t activity, uint64_t volunteer,
    jiamei::v1::Participation* out) const {
  const storage::ActivityReader activities(core_.store);
  ASSIGN_OR_RETURN(const storage::ActivityRecord record,
                   activities.GetActivity(activity));
  ASSIGN_OR_RETURN(const std::optional<storage::ParticipationRecord> p,
                   activities.GetParticipation(activity, volunteer));
  ParticipationToProto(activity, volunteer, record.activity(),
                       p.value_or(storage::ParticipationRecord()), out);
  return absl::OkStatus();
}

// ---- Activities.

grpc::ServerUnaryReactor* ActivityService::CreateActivity(
    Context* context, const jiamei::v1::CreateActivityRequest* request,
    jiamei::v1::Activity* response) {
  return ServeWrite(
      core_, context, kActivityPermissions.Of("CreateActivity"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(storage::ActivityFields fields,
                         ActivityFieldsFromProto(request->activity()));
        RETURN_IF_ERROR(
            core_.access->RequireExistingUnit(caller, fields.unit()));
        // Invited teams are records of their units: in scope too (storage
        // then checks they lie within the activity's unit).
        for (uint64_t team : fields.teams()) {
          ASSIGN_OR_RETURN(const storage::TeamRecord record,
                           storage::RegistryReader(core_.store).GetTeam(team));
          RETURN_IF_ERROR(
              core_.access->RequireUnit(caller, record.team().unit_id()));
        }
        ActivityChange change;
        *change.mutable_created()->mutable_activity() = std::move(fields);
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Activity* out) {
        return FillActivity(core_.store,
                            entry.activity().created().activity_id(), out);
      });
}

grpc::ServerUnaryReactor* ActivityService::GetActivity(
    Context* context, const jiamei::v1::GetActivityRequest* request,
    jiamei::v1::Activity* response) {
  const Permission& permission = kActivityPermissions.Of("GetActivity");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(const uint64_t id,
                     ParseName(request->name(), "activities", "name"));
    ASSIGN_OR_RETURN(const storage::ActivityRecord record,
                     storage::ActivityReader(core_.store).GetActivity(id));
    RETURN_IF_ERROR(
        core_.access->RequireUnitVisible(caller, record.activity().unit()));
    ActivityToProto(record, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ActivityService::ListActivities(
    Context* context, const jiamei::v1::ListActivitiesRequest* request,
    jiamei::v1::ListActivitiesResponse* response) {
  const Permission& permission = kActivityPermissions.Of("ListActivities");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(const uint64_t unit,
                     ParseName(request->unit(), "units", "unit"));
    RETURN_IF_ERROR(core_.access->RequireUnitOrAncestor(caller, unit));
    return ListIdPage(core_, Index::kUnitActivity, unit,
                      absl::StrCat(request->unit(), "/activities"),
                      request->page_size(), request->page_token(),
                      response->mutable_next_page_token(), [&](uint64_t id) {
                        return FillActivity(core_.store, id,
                                            response->add_activities());
                      });
  });
}

grpc::ServerUnaryReactor* ActivityService::SetActivityStatus(
    Context* context, const jiamei::v1::SetActivityStatusRequest* request,
    jiamei::v1::Activity* response) {
  return ServeWrite(
      core_, context, kActivityPermissions.Of("SetActivityStatus"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        const int32_t status = request->status();
        if (status < jiamei::v1::ACTIVITY_STATUS_OPEN ||
            status > jiamei::v1::ACTIVITY_STATUS_CANCELLED ||
            status == jiamei::v1::ACTIVITY_STATUS_HOURS_CONFIRMED) {
          return errors::InvalidActivityStatus();
        }
        const bool cancelling = status == jiamei::v1::ACTIVITY_STATUS_CANCELLED;
        if (cancelling || !request->reason().empty()) {
          RETURN_IF_ERROR(
              ValidateText(request->reason(), "reason", 1, kMaxMemoBytes));
        }
        ASSIGN_OR_RETURN(const storage::ActivityRecord activity,
                         RunActivity(caller, request->name()));
        ActivityChange change;
        change.mutable_status_set()->set_activity_id(activity.id());
        change.mutable_status_set()->set_status(status);
        change.mutable_status_set()->set_reason(request->reason());
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Activity* out) {
        return FillActivity(core_.store,
                            entry.activity().status_set().activity_id(), out);
      });
}

}  // namespace jiamei::services
