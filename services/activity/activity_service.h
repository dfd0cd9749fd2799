// jiamei.v1.ActivityService: volunteer activities, sign-up, check-in and
// check-out, confirmed service records and their points, corrections,
// archives, figures and certificates. The rules are in
// storage/activity/activity_state.h; records are shown through
// activity_records.h.
#ifndef JIAMEI_SERVICES_ACTIVITY_ACTIVITY_SERVICE_H_
#define JIAMEI_SERVICES_ACTIVITY_ACTIVITY_SERVICE_H_

#include <string>

#include "jiamei/v1/activities.grpc.pb.h"
#include "services/activity/checkin_code.h"
#include "services/auth/attempt_throttle.h"
#include "services/common/handler.h"
#include "storage/core/commands.h"
#include "storage/core/records.pb.h"

namespace jiamei::services {

class ActivityService final
    : public jiamei::v1::ActivityService::CallbackService {
 public:
  explicit ActivityService(const Core& core)
      : core_(core), codes_(core.store->page_token_secret()) {}

  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  Reactor* CreateActivity(Context* context,
                          const jiamei::v1::CreateActivityRequest* request,
                          jiamei::v1::Activity* response) override;
  Reactor* GetActivity(Context* context,
                       const jiamei::v1::GetActivityRequest* request,
                       jiamei::v1::Activity* response) override;
  Reactor* ListActivities(
      Context* context, const jiamei::v1::ListActivitiesRequest* request,
      jiamei::v1::ListActivitiesResponse* response) override;
  Reactor* SetActivityStatus(
      Context* context, const jiamei::v1::SetActivityStatusRequest* request,
      jiamei::v1::Activity* response) override;
  Reactor* SignUp(Context* context, const jiamei::v1::SignUpRequest* request,
                  jiamei::v1::Participation* response) override;
  Reactor* CancelSignUp(Context* context,
                        const jiamei::v1::CancelSignUpRequest* request,
                        jiamei::v1::Participation* response) override;
  Reactor* GetCheckInCode(Context* context,
                          const jiamei::v1::GetCheckInCodeRequest* request,
                          jiamei::v1::CheckInCode* response) override;
  Reactor* CheckIn(Context* context, const jiamei::v1::CheckInRequest* request,
                   jiamei::v1::Participation* response) override;
  Reactor* CheckOut(Context* context,
                    const jiamei::v1::CheckOutRequest* request,
                    jiamei::v1::Participation* response) override;
  Reactor* OrganiserCheck(
      Context* context, const jiamei::v1::OrganiserCheckRequest* request,
      jiamei::v1::OrganiserCheckResponse* response) override;
  Reactor* SettleCheckOut(Context* context,
                          const jiamei::v1::SettleCheckOutRequest* request,
                          jiamei::v1::Participation* response) override;
  Reactor* ListParticipations(
      Context* context, const jiamei::v1::ListParticipationsRequest* request,
      jiamei::v1::ListParticipationsResponse* response) override;
  Reactor* ConfirmHours(Context* context,
                        const jiamei::v1::ConfirmHoursRequest* request,
                        jiamei::v1::ConfirmHoursResponse* response) override;
  Reactor* CorrectRecord(Context* context,
                         const jiamei::v1::CorrectRecordRequest* request,
                         jiamei::v1::ServiceRecord* response) override;
  Reactor* GetArchive(Context* context,
                      const jiamei::v1::GetArchiveRequest* request,
                      jiamei::v1::Archive* response) override;
  Reactor* GetServiceFigures(
      Context* context, const jiamei::v1::GetServiceFiguresRequest* request,
      jiamei::v1::ServiceFigures* response) override;
  Reactor* IssueCertificate(Context* context,
                            const jiamei::v1::IssueCertificateRequest* request,
                            jiamei::v1::Certificate* response) override;
  Reactor* VerifyCertificate(
      Context* context, const jiamei::v1::VerifyCertificateRequest* request,
      jiamei::v1::VerifyCertificateResponse* response) override;

 private:
  // The storage names the handlers (activity_*.cc) write with.
  using ActivityChange = storage::ActivityChange;
  using Command = storage::Command;
  using EntryRecord = storage::EntryRecord;
  using Index = storage::Index;

  // The activity and the volunteer that a volunteer's own write (sign-up,
  // check-in, check-out) is about.
  struct Acting {
    uint64_t activity = 0;
    uint64_t volunteer = 0;
  };

  // The activity named by `name`, which staff `caller` runs (its unit in
  // scope).
  absl::StatusOr<storage::ActivityRecord> RunActivity(
      const Principal& caller, absl::string_view name) const;
  // The volunteer named by `name` that `caller` may act for: members
  // themselves, admins and organisers a volunteer in scope.
  absl::StatusOr<uint64_t> ActFor(const Principal& caller,
                                  absl::string_view name) const;
  // The activity a volunteer acts on: one visible to member `caller` (the
  // rules judge the rest), or one that staff `caller` runs.
  absl::StatusOr<uint64_t> ActivityFor(const Principal& caller,
                                       absl::string_view name) const;
  // The prologue of a volunteer's own write, checked in this order:
  // `request_id`, ActivityFor(`activity`), ActFor(`volunteer`).
  absl::StatusOr<Acting> ActOn(const Principal& caller,
                               absl::string_view request_id,
                               absl::string_view activity,
                               absl::string_view volunteer) const;
  // A sign-up or its cancellation, as the volunteer or for them.
  Reactor* ServeSignUp(Context* context, const std::string& request_id,
                       const std::string& activity,
                       const std::string& volunteer, bool cancel,
                       jiamei::v1::Participation* response);
  // A check-in or check-out with the organiser's code (members) or by staff.
  Reactor* ServeCheck(Context* context, const std::string& request_id,
                      const std::string& activity, const std::string& volunteer,
                      const std::string& code, bool check_in,
                      jiamei::v1::Participation* response);
  // OK if `code` is the activity's code now. Wrong codes are counted per
  // volunteer and activity (AttemptThrottle: 3 free, then 1 s doubling to
  // 5 minutes, CHECKIN_CODE_THROTTLED), so at most 12 guesses fit in the
  // 10 minutes a code is taken; one volunteer's guesses never slow another.
  absl::Status CheckCode(uint64_t activity, uint64_t volunteer,
                         absl::string_view code);
  absl::Status FillParticipation(uint64_t activity, uint64_t volunteer,
                                 jiamei::v1::Participation* out) const;

  const Core core_;
  const CheckInCodes codes_;
  AttemptThrottle code_throttle_;
};

// Who may call each method of jiamei.v1.ActivityService
// (services/common/permissions.h).
inline constexpr auto kActivityPermissions =
    PermissionsOf<jiamei::v1::ActivityService>({
        Rpc("CreateActivity", kOrganizers),
        Rpc("GetActivity", kEveryone),
        Rpc("ListActivities", kStaff),
        Rpc("SetActivityStatus", kOrganizers),
        Rpc("SignUp", kVolunteersAndOrganisers),
        Rpc("CancelSignUp", kVolunteersAndOrganisers),
        Rpc("GetCheckInCode", kOrganizers),
        Rpc("CheckIn", kVolunteersAndOrganisers),
        Rpc("CheckOut", kVolunteersAndOrganisers),
        Rpc("OrganiserCheck", kOrganizers),
        Rpc("SettleCheckOut", kOrganizers),
        Rpc("ListParticipations", kRecordReaders),
        Rpc("ConfirmHours", kConfirmers),
        Rpc("CorrectRecord", kOrganizers),
        Rpc("GetArchive", kArchiveReaders),
        Rpc("GetServiceFigures", kRecordReaders),
        Rpc("IssueCertificate", kVolunteersAndOrganisers),
        Rpc("VerifyCertificate", kEveryone),
    });

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_ACTIVITY_ACTIVITY_SERVICE_H_
