// ActivityService: volunteers' sign-up, check-in codes, check-in and
// check-out by code or by the organiser, settled check-outs, and the list of
// an activity's participations.
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
#include "services/activity/activity_service.h"
#include "services/common/convert.h"
#include "storage/activity/activity_errors.h"
#include "storage/activity/activity_reader.h"
#include "storage/activity/activity_state.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

constexpr int kMaxOrganiserBatch = 1000;

}  // namespace

// ---- Sign-up and attendance.

grpc::ServerUnaryReactor* ActivityService::ServeSignUp(
    Context* context, const std::string& request_id,
    const std::string& activity, const std::string& volunteer, bool cancel,
    jiamei::v1::Participation* response) {
  return ServeWrite(
      core_, context,
      kActivityPermissions.Of(cancel ? "CancelSignUp" : "SignUp"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        ASSIGN_OR_RETURN(const Acting acting,
                         ActOn(caller, request_id, activity, volunteer));
        ActivityChange change;
        change.mutable_sign_up()->set_activity_id(acting.activity);
        change.mutable_sign_up()->set_volunteer(acting.volunteer);
        change.mutable_sign_up()->set_cancelled(cancel);
        return Command{request_id, std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Participation* out) {
        const storage::SignUpChanged& s = entry.activity().sign_up();
        return FillParticipation(s.activity_id(), s.volunteer(), out);
      });
}

grpc::ServerUnaryReactor* ActivityService::SignUp(
    Context* context, const jiamei::v1::SignUpRequest* request,
    jiamei::v1::Participation* response) {
  return ServeSignUp(context, request->request_id(), request->activity(),
                     request->volunteer(), false, response);
}

grpc::ServerUnaryReactor* ActivityService::CancelSignUp(
    Context* context, const jiamei::v1::CancelSignUpRequest* request,
    jiamei::v1::Participation* response) {
  return ServeSignUp(context, request->request_id(), request->activity(),
                     request->volunteer(), true, response);
}

grpc::ServerUnaryReactor* ActivityService::GetCheckInCode(
    Context* context, const jiamei::v1::GetCheckInCodeRequest* request,
    jiamei::v1::CheckInCode* response) {
  const Permission& permission = kActivityPermissions.Of("GetCheckInCode");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(const storage::ActivityRecord activity,
                     RunActivity(caller, request->activity()));
    const CheckInCodes::Code code = codes_.Current(activity.id(), absl::Now());
    response->set_code(code.digits);
    SetTime(absl::ToUnixMicros(code.expire_time),
            response->mutable_expire_time());
    return absl::OkStatus();
  });
}

absl::Status ActivityService::CheckCode(uint64_t activity, uint64_t volunteer,
                                        absl::string_view code) {
  const std::string key = absl::StrCat(volunteer, ":", activity);
  const absl::Time now = absl::Now();
  RETURN_IF_ERROR(code_throttle_.Admit(key, now, errors::kCheckinCodeThrottled,
                                       "wrong check-in codes"));
  if (!codes_.Accepts(activity, code, now)) {
    code_throttle_.RecordFailure(key, now);
    return errors::StaleCode();
  }
  code_throttle_.RecordSuccess(key);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* ActivityService::ServeCheck(
    Context* context, const std::string& request_id,
    const std::string& activity, const std::string& volunteer,
    const std::string& code, bool check_in,
    jiamei::v1::Participation* response) {
  return ServeWrite(
      core_, context,
      kActivityPermissions.Of(check_in ? "CheckIn" : "CheckOut"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        ASSIGN_OR_RETURN(const Acting acting,
                         ActOn(caller, request_id, activity, volunteer));
        // A volunteer proves presence with the organiser's code; staff
        // acting for a volunteer are the organiser.
        const bool by_code = IsMember(caller);
        RETURN_IF_ERROR(by_code
                            ? CheckCode(acting.activity, acting.volunteer, code)
                            : absl::OkStatus());
        ActivityChange change;
        storage::AttendanceMarked* marked = change.mutable_attendance();
        marked->set_activity_id(acting.activity);
        marked->add_volunteers(acting.volunteer);
        marked->set_check_in(check_in);
        marked->set_by(by_code ? storage::kByCode : storage::kByOrganiser);
        return Command{request_id, std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Participation* out) {
        const storage::AttendanceMarked& m = entry.activity().attendance();
        return FillParticipation(m.activity_id(), m.volunteers(0), out);
      });
}

grpc::ServerUnaryReactor* ActivityService::CheckIn(
    Context* context, const jiamei::v1::CheckInRequest* request,
    jiamei::v1::Participation* response) {
  return ServeCheck(context, request->request_id(), request->activity(),
                    request->volunteer(), request->code(), true, response);
}

grpc::ServerUnaryReactor* ActivityService::CheckOut(
    Context* context, const jiamei::v1::CheckOutRequest* request,
    jiamei::v1::Participation* response) {
  return ServeCheck(context, request->request_id(), request->activity(),
                    request->volunteer(), request->code(), false, response);
}

grpc::ServerUnaryReactor* ActivityService::OrganiserCheck(
    Context* context, const jiamei::v1::OrganiserCheckRequest* request,
    jiamei::v1::OrganiserCheckResponse* response) {
  return ServeWrite(
      core_, context, kActivityPermissions.Of("OrganiserCheck"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        if (request->volunteers().empty() ||
            request->volunteers_size() > kMaxOrganiserBatch) {
          return errors::InvalidVolunteers();
        }
        ASSIGN_OR_RETURN(const storage::ActivityRecord activity,
                         RunActivity(caller, request->activity()));
        ActivityChange change;
        storage::AttendanceMarked* marked = change.mutable_attendance();
        marked->set_activity_id(activity.id());
        marked->set_check_in(request->check_in());
        marked->set_by(storage::kByOrganiser);
        absl::flat_hash_set<uint64_t> seen;
        for (const std::string& name : request->volunteers()) {
          ASSIGN_OR_RETURN(const uint64_t id,
                           ParseName(name, "volunteers", "volunteers"));
          if (!seen.insert(id).second) {
            return errors::DuplicateVolunteer(name);
          }
          marked->add_volunteers(id);
        }
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::OrganiserCheckResponse* out) -> absl::Status {
        const storage::AttendanceMarked& m = entry.activity().attendance();
        for (uint64_t volunteer : m.volunteers()) {
          RETURN_IF_ERROR(FillParticipation(m.activity_id(), volunteer,
                                            out->add_participations()));
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ActivityService::SettleCheckOut(
    Context* context, const jiamei::v1::SettleCheckOutRequest* request,
    jiamei::v1::Participation* response) {
  return ServeWrite(
      core_, context, kActivityPermissions.Of("SettleCheckOut"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        RETURN_IF_ERROR(
            ValidateText(request->reason(), "reason", 1, kMaxMemoBytes));
        const std::optional<int64_t> at =
            MicrosFromProto(request->check_out_time());
        if (!at) return errors::InvalidCheckOutTime();
        ASSIGN_OR_RETURN(const storage::ActivityRecord activity,
                         RunActivity(caller, request->activity()));
        ASSIGN_OR_RETURN(
            const uint64_t volunteer,
            ParseName(request->volunteer(), "volunteers", "volunteer"));
        if (*at > activity.activity().end_micros()) {
          return Refusal(absl::StatusCode::kFailedPrecondition,
                         errors::kOutsideWindow,
                         "a settled check-out is within the activity's window");
        }
        ActivityChange change;
        storage::AttendanceMarked* marked = change.mutable_attendance();
        marked->set_activity_id(activity.id());
        marked->add_volunteers(volunteer);
        marked->set_check_in(false);
        marked->set_by(storage::kSettled);
        marked->set_at_micros(*at);
        marked->set_reason(request->reason());
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Participation* out) {
        const storage::AttendanceMarked& m = entry.activity().attendance();
        return FillParticipation(m.activity_id(), m.volunteers(0), out);
      });
}

grpc::ServerUnaryReactor* ActivityService::ListParticipations(
    Context* context, const jiamei::v1::ListParticipationsRequest* request,
    jiamei::v1::ListParticipationsResponse* response) {
  const Permission& permission = kActivityPermissions.Of("ListParticipations");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(const storage::ActivityRecord activity,
                     RunActivity(caller, request->activity()));
    const uint64_t id = activity.id();
    return ListIdPage(core_, Index::kParticipation, id,
                      absl::StrCat(request->activity(), "/participations"),
                      request->page_size(), request->page_token(),
                      response->mutable_next_page_token(),
                      [&](uint64_t volunteer) {
                        return FillParticipation(
                            id, volunteer, response->add_participations());
                      });
  });
}

}  // namespace jiamei::services
