// ActivityService: hours confirmed and corrected, a volunteer's archive, a
// unit's or team's service figures, and certificates issued and verified.
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
#include "storage/activity/activity_reader.h"
#include "storage/activity/activity_state.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {

// ---- Records.

grpc::ServerUnaryReactor* ActivityService::ConfirmHours(
    Context* context, const jiamei::v1::ConfirmHoursRequest* request,
    jiamei::v1::ConfirmHoursResponse* response) {
  return ServeWrite(
      core_, context, kActivityPermissions.Of("ConfirmHours"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        if (!request->late_reason().empty()) {
          RETURN_IF_ERROR(ValidateText(request->late_reason(), "late_reason", 1,
                                       kMaxMemoBytes));
        }
        if (request->adjustments_size() > 10000) {
          return errors::InvalidAdjustments();
        }
        ASSIGN_OR_RETURN(const storage::ActivityRecord activity,
                         RunActivity(caller, request->activity()));
        ActivityChange change;
        storage::HoursConfirmed* confirmed = change.mutable_confirmed();
        confirmed->set_activity_id(activity.id());
        confirmed->set_late_reason(request->late_reason());
        absl::flat_hash_set<uint64_t> seen;
        for (const jiamei::v1::HoursAdjustment& a : request->adjustments()) {
          ASSIGN_OR_RETURN(const uint64_t id,
                           ParseName(a.volunteer(), "volunteers", "volunteer"));
          if (!seen.insert(id).second) {
            return errors::DuplicateVolunteerAdjusted(a.volunteer());
          }
          storage::MinutesAdjustment* adjustment = confirmed->add_adjustments();
          adjustment->set_volunteer(id);
          adjustment->set_minutes(a.minutes());
        }
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::ConfirmHoursResponse* out) -> absl::Status {
        out->set_sequence(entry.sequence());
        if (entry.policy().has_proposed()) {
          out->set_approval(
              storage::ApprovalName(entry.policy().proposed().approval_id()));
          return absl::OkStatus();
        }
        const ActivityRecords records(core_.store);
        const storage::ActivityReader activities(core_.store);
        for (const storage::ServiceLine& line :
             entry.activity().confirmed().lines()) {
          ASSIGN_OR_RETURN(const storage::ServiceRecordRecord record,
                           activities.GetServiceRecord(line.record_id()));
          RETURN_IF_ERROR(
              records.ServiceRecordToProto(record, out->add_records()));
          out->set_points(out->points() + line.points());
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ActivityService::CorrectRecord(
    Context* context, const jiamei::v1::CorrectRecordRequest* request,
    jiamei::v1::ServiceRecord* response) {
  return ServeWrite(
      core_, context, kActivityPermissions.Of("CorrectRecord"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        RETURN_IF_ERROR(
            ValidateText(request->reason(), "reason", 1, kMaxMemoBytes));
        ASSIGN_OR_RETURN(const uint64_t id,
                         ParseName(request->record(), "records", "record"));
        ASSIGN_OR_RETURN(
            const storage::ServiceRecordRecord record,
            storage::ActivityReader(core_.store).GetServiceRecord(id));
        RETURN_IF_ERROR(
            RunActivity(caller, ActivityName(record.activity_id())).status());
        ActivityChange change;
        change.mutable_corrected()->set_record_id(id);
        change.mutable_corrected()->set_minutes(request->minutes());
        change.mutable_corrected()->set_reason(request->reason());
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::ServiceRecord* out) {
        ASSIGN_OR_RETURN(
            const storage::ServiceRecordRecord record,
            storage::ActivityReader(core_.store)
                .GetServiceRecord(
                    entry.activity().corrected().line().record_id()));
        return ActivityRecords(core_.store).ServiceRecordToProto(record, out);
      });
}

grpc::ServerUnaryReactor* ActivityService::GetArchive(
    Context* context, const jiamei::v1::GetArchiveRequest* request,
    jiamei::v1::Archive* response) {
  const Permission& permission = kActivityPermissions.Of("GetArchive");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(const uint64_t volunteer,
                     ActFor(caller, request->volunteer()));
    const ActivityRecords records(core_.store);
    RETURN_IF_ERROR(records.FillArchive(volunteer, response));
    const storage::ActivityReader activities(core_.store);
    return ListIdPage(
        core_, Index::kVolunteerRecord, volunteer,
        absl::StrCat(request->volunteer(), "/records"), request->page_size(),
        request->page_token(), response->mutable_next_page_token(),
        [&](uint64_t id) -> absl::Status {
          ASSIGN_OR_RETURN(const storage::ServiceRecordRecord record,
                           activities.GetServiceRecord(id));
          return records.ServiceRecordToProto(record, response->add_records());
        },
        /*newest_first=*/true);
  });
}

grpc::ServerUnaryReactor* ActivityService::GetServiceFigures(
    Context* context, const jiamei::v1::GetServiceFiguresRequest* request,
    jiamei::v1::ServiceFigures* response) {
  const Permission& permission = kActivityPermissions.Of("GetServiceFigures");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(const DayRange days,
                     DaysFromProto(request->from_date(), request->to_date()));
    uint64_t unit = 0;
    uint64_t team = 0;
    if (absl::StartsWith(request->scope(), "teams/")) {
      ASSIGN_OR_RETURN(team, ParseName(request->scope(), "teams", "scope"));
      ASSIGN_OR_RETURN(const storage::TeamRecord record,
                       storage::RegistryReader(core_.store).GetTeam(team));
      unit = record.team().unit_id();
    } else {
      ASSIGN_OR_RETURN(unit, ParseName(request->scope(), "units", "scope"));
    }
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
    response->set_scope(request->scope());
    response->set_from_date(request->from_date());
    response->set_to_date(request->to_date());
    return ActivityRecords(core_.store)
        .FillFigures(unit, team, days.from, days.to, response);
  });
}

// ---- Certificates.

grpc::ServerUnaryReactor* ActivityService::IssueCertificate(
    Context* context, const jiamei::v1::IssueCertificateRequest* request,
    jiamei::v1::Certificate* response) {
  return ServeWrite(
      core_, context, kActivityPermissions.Of("IssueCertificate"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(
            const DayRange days,
            DaysFromProto(request->from_date(), request->to_date()));
        ASSIGN_OR_RETURN(const uint64_t volunteer,
                         ActFor(caller, request->volunteer()));
        ASSIGN_OR_RETURN(std::string text,
                         ActivityRecords(core_.store)
                             .CertificateText(volunteer, days.from, days.to));
        ActivityChange change;
        storage::CertificateIssued* c = change.mutable_certificate();
        c->set_volunteer(volunteer);
        c->set_from_date(request->from_date());
        c->set_to_date(request->to_date());
        c->set_text(std::move(text));
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Certificate* out) -> absl::Status {
        // A certificate's record never changes: a retry gets the first
        // answer.
        const uint64_t id = entry.activity().certificate().certificate_id();
        ASSIGN_OR_RETURN(
            const std::optional<storage::CertificateRecord> record,
            storage::ActivityReader(core_.store).GetCertificate(id));
        if (!record) {
          return absl::InternalError(
              absl::StrCat("no record of ", CertificateName(id)));
        }
        CertificateToProto(*record, out);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ActivityService::VerifyCertificate(
    Context* context, const jiamei::v1::VerifyCertificateRequest* request,
    jiamei::v1::VerifyCertificateResponse* response) {
  const Permission& permission = kActivityPermissions.Of("VerifyCertificate");
  return ServeRead(core_, context, permission, [&](const Principal&) {
    const std::string& code = request->verification_code();
    const size_t dash = code.find('-');
    if (code.size() > 64 || dash == std::string::npos) {
      return errors::InvalidVerificationCode();
    }
    ASSIGN_OR_RETURN(
        const uint64_t id,
        ParseName(absl::StrCat("certificates/", code.substr(0, dash)),
                  "certificates", "verification_code"));
    ASSIGN_OR_RETURN(const std::optional<storage::CertificateRecord> record,
                     storage::ActivityReader(core_.store).GetCertificate(id));
    if (record && VerificationCode(id, record->certificate().text()) == code) {
      response->set_genuine(true);
      CertificateToProto(*record, response->mutable_certificate());
    }
    return absl::OkStatus();
  });
}

}  // namespace jiamei::services
