#include "services/activity/activity_service.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/activity/activity_records.h"
#include "services/common/convert.h"
#include "storage/activity/activity_state.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/views.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using storage::ActivityChange;
using storage::Command;
using storage::EntryRecord;
using storage::Index;

constexpr int kMaxTeams = 20;
constexpr int kMaxOrganiserBatch = 1000;
constexpr int64_t kMaxRulePoints = 10000;
constexpr absl::Duration kMaxActivityLength = absl::Hours(24 * 7);

absl::Status Invalid(absl::string_view reason, absl::string_view message) {
  return Refusal(absl::StatusCode::kInvalidArgument, reason, message);
}

absl::StatusOr<int64_t> ToMicros(const google::protobuf::Timestamp& time,
                                 absl::string_view field) {
  const absl::Time at =
      absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos());
  if (time.nanos() < 0 || time.nanos() > 999999999 ||
      at < absl::FromCivil(absl::CivilDay(2000, 1, 1), absl::UTCTimeZone()) ||
      at > absl::FromCivil(absl::CivilDay(2100, 1, 1), absl::UTCTimeZone())) {
    return Invalid(absl::StrCat("INVALID_", absl::AsciiStrToUpper(field)),
                   absl::StrCat(field, " must be a time from 2000 to 2099"));
  }
  return absl::ToUnixMicros(at);
}

absl::Status ValidateRule(const jiamei::v1::PointsRule& rule) {
  const bool both =
      rule.points_per_hour() != 0 && rule.points_per_participation() != 0;
  for (int64_t v : {rule.points_per_hour(), rule.points_per_participation()}) {
    if (v < 0 || v > kMaxRulePoints || both) {
      return Invalid("INVALID_POINTS_RULE",
                     absl::StrCat("points per hour or per participation (one "
                                  "of them), 0 to ",
                                  kMaxRulePoints));
    }
  }
  if (rule.cap_points() < 0 || rule.cap_points() > 100 * kMaxRulePoints) {
    return Invalid("INVALID_POINTS_RULE", "cap_points out of range");
  }
  return absl::OkStatus();
}

absl::StatusOr<storage::ActivityFields> ToFields(
    const jiamei::v1::Activity& a) {
  storage::ActivityFields f;
  absl::StatusOr<uint64_t> unit = ParseName(a.unit(), "units", "unit");
  if (!unit.ok()) return unit.status();
  if (absl::Status s = ValidateText(a.title(), "title", 1, 200); !s.ok()) {
    return s;
  }
  if (!jiamei::v1::ActivityCategory_IsValid(a.category()) ||
      a.category() == jiamei::v1::ACTIVITY_CATEGORY_UNSPECIFIED) {
    return Invalid("INVALID_CATEGORY",
                   "category must be one of ActivityCategory");
  }
  if (!a.description().empty()) {
    if (absl::Status s = ValidateText(a.description(), "description", 1, 2000);
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = ValidateText(a.place(), "place", 1, 200); !s.ok()) {
    return s;
  }
  absl::StatusOr<int64_t> start = ToMicros(a.start_time(), "start_time");
  if (!start.ok()) return start.status();
  absl::StatusOr<int64_t> end = ToMicros(a.end_time(), "end_time");
  if (!end.ok()) return end.status();
  if (*end <= *start ||
      *end - *start > absl::ToInt64Microseconds(kMaxActivityLength)) {
    return Invalid("INVALID_END_TIME",
                   "end_time must be after start_time, within 7 days");
  }
  if (a.capacity() < 1 || a.capacity() > 10000) {
    return Invalid("INVALID_CAPACITY", "capacity must be 1 to 10,000");
  }
  if (a.teams_size() > kMaxTeams) {
    return Invalid("INVALID_TEAMS", "at most 20 teams");
  }
  absl::flat_hash_set<uint64_t> teams;
  for (const std::string& name : a.teams()) {
    absl::StatusOr<uint64_t> team = ParseName(name, "teams", "teams");
    if (!team.ok()) return team.status();
    if (teams.insert(*team).second) f.add_teams(*team);
  }
  if (absl::Status s = ValidateRule(a.points_rule()); !s.ok()) return s;
  f.set_unit(*unit);
  f.set_title(a.title());
  f.set_category(a.category());
  f.set_description(a.description());
  f.set_place(a.place());
  f.set_start_micros(*start);
  f.set_end_micros(*end);
  f.set_capacity(a.capacity());
  f.set_points_per_hour(a.points_rule().points_per_hour());
  f.set_points_per_participation(a.points_rule().points_per_participation());
  f.set_cap_points(a.points_rule().cap_points());
  return f;
}

absl::StatusOr<absl::CivilDay> Day(absl::string_view date,
                                   absl::string_view field) {
  if (absl::Status s = ValidateDate(date, field, Today() + 366); !s.ok()) {
    return s;
  }
  absl::CivilDay day;
  absl::ParseCivilTime(date, &day);
  return day;
}

absl::Status FillActivity(const storage::Store* store, uint64_t id,
                          jiamei::v1::Activity* out) {
  absl::StatusOr<storage::ActivityRecord> record =
      storage::FindActivity(storage::StoreViews(store), id);
  if (!record.ok()) return record.status();
  ToActivity(*record, out);
  return absl::OkStatus();
}

}  // namespace

// ---- Who may act.

absl::StatusOr<storage::ActivityRecord> ActivityService::RunActivity(
    const Principal& caller, absl::string_view name) const {
  absl::StatusOr<uint64_t> id = ParseName(name, "activities", "activity");
  if (!id.ok()) return id.status();
  absl::StatusOr<storage::ActivityRecord> record =
      storage::FindActivity(storage::StoreViews(core_.store), *id);
  if (!record.ok()) return record.status();
  if (absl::Status s =
          core_.access->RequireUnit(caller, record->activity().unit());
      !s.ok()) {
    return s;
  }
  return record;
}

absl::StatusOr<uint64_t> ActivityService::ActFor(const Principal& caller,
                                                 absl::string_view name) const {
  absl::StatusOr<uint64_t> id = ParseName(name, "volunteers", "volunteer");
  if (!id.ok()) return id.status();
  absl::StatusOr<storage::PersonRecord> person =
      storage::RegistryReader(core_.store).GetVolunteer(*id);
  if (!person.ok()) return person.status();
  if (IsMember(caller) && *id != caller.person) {
    return Refusal(absl::StatusCode::kPermissionDenied, "PERMISSION_DENIED",
                   absl::StrCat(name, " is outside your scope"));
  }
  if (absl::Status s = core_.access->RequirePerson(caller, *person); !s.ok()) {
    return s;
  }
  return *id;
}

absl::StatusOr<uint64_t> ActivityService::ActivityFor(
    const Principal& caller, absl::string_view name) const {
  if (!IsMember(caller)) {
    absl::StatusOr<storage::ActivityRecord> activity =
        RunActivity(caller, name);
    if (!activity.ok()) return activity.status();
    return activity->id();
  }
  absl::StatusOr<uint64_t> id = ParseName(name, "activities", "activity");
  if (!id.ok()) return id.status();
  absl::StatusOr<storage::ActivityRecord> activity =
      storage::FindActivity(storage::StoreViews(core_.store), *id);
  if (!activity.ok()) return activity.status();
  if (absl::Status s =
          core_.access->RequireUnitVisible(caller, activity->activity().unit());
      !s.ok()) {
    return s;
  }
  return *id;
}

absl::Status ActivityService::FillParticipation(
    uint64_t activity, uint64_t volunteer,
    jiamei::v1::Participation* out) const {
  const storage::StoreViews views(core_.store);
  absl::StatusOr<storage::ActivityRecord> record =
      storage::FindActivity(views, activity);
  if (!record.ok()) return record.status();
  absl::StatusOr<std::optional<storage::ParticipationRecord>> p =
      storage::FindParticipation(views, activity, volunteer);
  if (!p.ok()) return p.status();
  ToParticipation(activity, volunteer, record->activity(),
                  p->value_or(storage::ParticipationRecord()), out);
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
        absl::StatusOr<storage::ActivityFields> fields =
            ToFields(request->activity());
        if (!fields.ok()) return fields.status();
        if (absl::Status s =
                core_.access->RequireExistingUnit(caller, fields->unit());
            !s.ok()) {
          return s;
        }
        // Invited teams are records of their units: in scope too (storage
        // then checks they lie within the activity's unit).
        for (uint64_t team : fields->teams()) {
          absl::StatusOr<storage::TeamRecord> record =
              storage::RegistryReader(core_.store).GetTeam(team);
          if (!record.ok()) return record.status();
          if (absl::Status s =
                  core_.access->RequireUnit(caller, record->team().unit_id());
              !s.ok()) {
            return s;
          }
        }
        ActivityChange change;
        *change.mutable_created()->mutable_activity() = *std::move(fields);
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
    absl::StatusOr<uint64_t> id =
        ParseName(request->name(), "activities", "name");
    if (!id.ok()) return id.status();
    absl::StatusOr<storage::ActivityRecord> record =
        storage::FindActivity(storage::StoreViews(core_.store), *id);
    if (!record.ok()) return record.status();
    if (absl::Status s =
            core_.access->RequireUnitVisible(caller, record->activity().unit());
        !s.ok()) {
      return s;
    }
    ToActivity(*record, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ActivityService::ListActivities(
    Context* context, const jiamei::v1::ListActivitiesRequest* request,
    jiamei::v1::ListActivitiesResponse* response) {
  const Permission& permission = kActivityPermissions.Of("ListActivities");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    absl::StatusOr<uint64_t> unit = ParseName(request->unit(), "units", "unit");
    if (!unit.ok()) return unit.status();
    if (absl::Status s = core_.access->RequireUnitOrAncestor(caller, *unit);
        !s.ok()) {
      return s;
    }
    return ListIdPage(core_, Index::kUnitActivity, *unit,
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
          return Invalid("INVALID_STATUS",
                         "status must be OPEN, IN_PROGRESS, CLOSED or "
                         "CANCELLED (hours are confirmed by ConfirmHours)");
        }
        const bool cancelling = status == jiamei::v1::ACTIVITY_STATUS_CANCELLED;
        if (cancelling || !request->reason().empty()) {
          if (absl::Status s =
                  ValidateText(request->reason(), "reason", 1, kMaxMemoBytes);
              !s.ok()) {
            return s;
          }
        }
        absl::StatusOr<storage::ActivityRecord> activity =
            RunActivity(caller, request->name());
        if (!activity.ok()) return activity.status();
        ActivityChange change;
        change.mutable_status_set()->set_activity_id(activity->id());
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

// ---- Sign-up and attendance.

grpc::ServerUnaryReactor* ActivityService::ServeSignUp(
    Context* context, const std::string& request_id,
    const std::string& activity, const std::string& volunteer, bool cancel,
    jiamei::v1::Participation* response) {
  return ServeWrite(
      core_, context,
      kActivityPermissions.Of(cancel ? "CancelSignUp" : "SignUp"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request_id));
        absl::StatusOr<uint64_t> id = ActivityFor(caller, activity);
        if (!id.ok()) return id.status();
        absl::StatusOr<uint64_t> person = ActFor(caller, volunteer);
        if (!person.ok()) return person.status();
        ActivityChange change;
        change.mutable_sign_up()->set_activity_id(*id);
        change.mutable_sign_up()->set_volunteer(*person);
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
    absl::StatusOr<storage::ActivityRecord> activity =
        RunActivity(caller, request->activity());
    if (!activity.ok()) return activity.status();
    const CheckInCodes::Code code = codes_.Current(activity->id(), absl::Now());
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
  if (absl::Status s = code_throttle_.Admit(key, now, "CHECKIN_CODE_THROTTLED",
                                            "wrong check-in codes");
      !s.ok()) {
    return s;
  }
  if (!codes_.Accepts(activity, code, now)) {
    code_throttle_.RecordFailure(key, now);
    return Refusal(absl::StatusCode::kFailedPrecondition, "STALE_CODE",
                   "the check-in code is wrong or has expired; read the "
                   "organiser's current code");
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
        RETURN_IF_ERROR(ValidateRequestId(request_id));
        absl::StatusOr<uint64_t> id = ActivityFor(caller, activity);
        if (!id.ok()) return id.status();
        absl::StatusOr<uint64_t> person = ActFor(caller, volunteer);
        if (!person.ok()) return person.status();
        // A volunteer proves presence with the organiser's code; staff
        // acting for a volunteer are the organiser.
        const bool by_code = IsMember(caller);
        if (absl::Status s =
                by_code ? CheckCode(*id, *person, code) : absl::OkStatus();
            !s.ok()) {
          return s;
        }
        ActivityChange change;
        storage::AttendanceMarked* marked = change.mutable_attendance();
        marked->set_activity_id(*id);
        marked->add_volunteers(*person);
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
          return Invalid("INVALID_VOLUNTEERS", "1 to 1,000 volunteers");
        }
        absl::StatusOr<storage::ActivityRecord> activity =
            RunActivity(caller, request->activity());
        if (!activity.ok()) return activity.status();
        ActivityChange change;
        storage::AttendanceMarked* marked = change.mutable_attendance();
        marked->set_activity_id(activity->id());
        marked->set_check_in(request->check_in());
        marked->set_by(storage::kByOrganiser);
        absl::flat_hash_set<uint64_t> seen;
        for (const std::string& name : request->volunteers()) {
          absl::StatusOr<uint64_t> id =
              ParseName(name, "volunteers", "volunteers");
          if (!id.ok()) return id.status();
          if (!seen.insert(*id).second) {
            return Invalid("DUPLICATE_VOLUNTEER",
                           absl::StrCat(name, " is listed twice"));
          }
          marked->add_volunteers(*id);
        }
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::OrganiserCheckResponse* out) -> absl::Status {
        const storage::AttendanceMarked& m = entry.activity().attendance();
        for (uint64_t volunteer : m.volunteers()) {
          if (absl::Status s = FillParticipation(m.activity_id(), volunteer,
                                                 out->add_participations());
              !s.ok()) {
            return s;
          }
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
        if (absl::Status s =
                ValidateText(request->reason(), "reason", 1, kMaxMemoBytes);
            !s.ok()) {
          return s;
        }
        absl::StatusOr<int64_t> at =
            ToMicros(request->check_out_time(), "check_out_time");
        if (!at.ok()) return at.status();
        absl::StatusOr<storage::ActivityRecord> activity =
            RunActivity(caller, request->activity());
        if (!activity.ok()) return activity.status();
        absl::StatusOr<uint64_t> volunteer =
            ParseName(request->volunteer(), "volunteers", "volunteer");
        if (!volunteer.ok()) return volunteer.status();
        if (*at > activity->activity().end_micros()) {
          return Refusal(absl::StatusCode::kFailedPrecondition,
                         "OUTSIDE_WINDOW",
                         "a settled check-out is within the activity's window");
        }
        ActivityChange change;
        storage::AttendanceMarked* marked = change.mutable_attendance();
        marked->set_activity_id(activity->id());
        marked->add_volunteers(*volunteer);
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
    absl::StatusOr<storage::ActivityRecord> activity =
        RunActivity(caller, request->activity());
    if (!activity.ok()) return activity.status();
    const uint64_t id = activity->id();
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

// ---- Records.

grpc::ServerUnaryReactor* ActivityService::ConfirmHours(
    Context* context, const jiamei::v1::ConfirmHoursRequest* request,
    jiamei::v1::ConfirmHoursResponse* response) {
  return ServeWrite(
      core_, context, kActivityPermissions.Of("ConfirmHours"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        if (!request->late_reason().empty()) {
          if (absl::Status s = ValidateText(request->late_reason(),
                                            "late_reason", 1, kMaxMemoBytes);
              !s.ok()) {
            return s;
          }
        }
        if (request->adjustments_size() > 10000) {
          return Invalid("INVALID_ADJUSTMENTS", "at most 10,000 adjustments");
        }
        absl::StatusOr<storage::ActivityRecord> activity =
            RunActivity(caller, request->activity());
        if (!activity.ok()) return activity.status();
        ActivityChange change;
        storage::HoursConfirmed* confirmed = change.mutable_confirmed();
        confirmed->set_activity_id(activity->id());
        confirmed->set_late_reason(request->late_reason());
        absl::flat_hash_set<uint64_t> seen;
        for (const jiamei::v1::HoursAdjustment& a : request->adjustments()) {
          absl::StatusOr<uint64_t> id =
              ParseName(a.volunteer(), "volunteers", "volunteer");
          if (!id.ok()) return id.status();
          if (!seen.insert(*id).second) {
            return Invalid("DUPLICATE_VOLUNTEER",
                           absl::StrCat(a.volunteer(), " is adjusted twice"));
          }
          storage::MinutesAdjustment* adjustment = confirmed->add_adjustments();
          adjustment->set_volunteer(*id);
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
        const storage::StoreViews views(core_.store);
        for (const storage::ServiceLine& line :
             entry.activity().confirmed().lines()) {
          absl::StatusOr<storage::ServiceRecordRecord> record =
              storage::FindServiceRecord(views, line.record_id());
          if (!record.ok()) return record.status();
          if (absl::Status s =
                  records.ToServiceRecord(*record, out->add_records());
              !s.ok()) {
            return s;
          }
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
        if (absl::Status s =
                ValidateText(request->reason(), "reason", 1, kMaxMemoBytes);
            !s.ok()) {
          return s;
        }
        absl::StatusOr<uint64_t> id =
            ParseName(request->record(), "records", "record");
        if (!id.ok()) return id.status();
        const storage::StoreViews views(core_.store);
        absl::StatusOr<storage::ServiceRecordRecord> record =
            storage::FindServiceRecord(views, *id);
        if (!record.ok()) return record.status();
        absl::StatusOr<storage::ActivityRecord> activity =
            RunActivity(caller, ActivityName(record->activity_id()));
        if (!activity.ok()) return activity.status();
        ActivityChange change;
        change.mutable_corrected()->set_record_id(*id);
        change.mutable_corrected()->set_minutes(request->minutes());
        change.mutable_corrected()->set_reason(request->reason());
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::ServiceRecord* out) {
        absl::StatusOr<storage::ServiceRecordRecord> record =
            storage::FindServiceRecord(
                storage::StoreViews(core_.store),
                entry.activity().corrected().line().record_id());
        if (!record.ok()) return record.status();
        return ActivityRecords(core_.store).ToServiceRecord(*record, out);
      });
}

grpc::ServerUnaryReactor* ActivityService::GetArchive(
    Context* context, const jiamei::v1::GetArchiveRequest* request,
    jiamei::v1::Archive* response) {
  const Permission& permission = kActivityPermissions.Of("GetArchive");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    absl::StatusOr<uint64_t> volunteer = ActFor(caller, request->volunteer());
    if (!volunteer.ok()) return volunteer.status();
    const ActivityRecords records(core_.store);
    if (absl::Status s = records.FillArchive(*volunteer, response); !s.ok()) {
      return s;
    }
    const storage::StoreViews views(core_.store);
    return ListIdPage(
        core_, Index::kVolunteerRecord, *volunteer,
        absl::StrCat(request->volunteer(), "/records"), request->page_size(),
        request->page_token(), response->mutable_next_page_token(),
        [&](uint64_t id) -> absl::Status {
          absl::StatusOr<storage::ServiceRecordRecord> record =
              storage::FindServiceRecord(views, id);
          if (!record.ok()) return record.status();
          return records.ToServiceRecord(*record, response->add_records());
        },
        /*newest_first=*/true);
  });
}

grpc::ServerUnaryReactor* ActivityService::GetServiceFigures(
    Context* context, const jiamei::v1::GetServiceFiguresRequest* request,
    jiamei::v1::ServiceFigures* response) {
  const Permission& permission = kActivityPermissions.Of("GetServiceFigures");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    absl::StatusOr<absl::CivilDay> from =
        Day(request->from_date(), "from_date");
    if (!from.ok()) return from.status();
    absl::StatusOr<absl::CivilDay> to = Day(request->to_date(), "to_date");
    if (!to.ok()) return to.status();
    if (*to < *from)
      return Invalid("INVALID_PERIOD", "to_date is before from_date");
    uint64_t unit = 0;
    uint64_t team = 0;
    if (absl::StartsWith(request->scope(), "teams/")) {
      absl::StatusOr<uint64_t> id =
          ParseName(request->scope(), "teams", "scope");
      if (!id.ok()) return id.status();
      absl::StatusOr<storage::TeamRecord> record =
          storage::RegistryReader(core_.store).GetTeam(*id);
      if (!record.ok()) return record.status();
      team = *id;
      unit = record->team().unit_id();
    } else {
      absl::StatusOr<uint64_t> id =
          ParseName(request->scope(), "units", "scope");
      if (!id.ok()) return id.status();
      unit = *id;
    }
    if (absl::Status s = core_.access->RequireExistingUnit(caller, unit);
        !s.ok()) {
      return s;
    }
    response->set_scope(request->scope());
    response->set_from_date(request->from_date());
    response->set_to_date(request->to_date());
    return ActivityRecords(core_.store)
        .FillFigures(unit, team, *from, *to, response);
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
        absl::StatusOr<absl::CivilDay> from =
            Day(request->from_date(), "from_date");
        if (!from.ok()) return from.status();
        absl::StatusOr<absl::CivilDay> to = Day(request->to_date(), "to_date");
        if (!to.ok()) return to.status();
        if (*to < *from) {
          return Invalid("INVALID_PERIOD", "to_date is before from_date");
        }
        absl::StatusOr<uint64_t> volunteer =
            ActFor(caller, request->volunteer());
        if (!volunteer.ok()) return volunteer.status();
        absl::StatusOr<std::string> text =
            ActivityRecords(core_.store)
                .CertificateText(*volunteer, *from, *to);
        if (!text.ok()) return text.status();
        ActivityChange change;
        storage::CertificateIssued* c = change.mutable_certificate();
        c->set_volunteer(*volunteer);
        c->set_from_date(request->from_date());
        c->set_to_date(request->to_date());
        c->set_text(*std::move(text));
        return Command{request->request_id(), std::move(change)};
      },
      [](const Principal&, const EntryRecord& entry,
         jiamei::v1::Certificate* out) {
        storage::CertificateRecord record;
        *record.mutable_certificate() = entry.activity().certificate();
        record.set_sequence(entry.sequence());
        record.set_time_micros(entry.time_micros());
        ToCertificate(record, out);
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
      return Invalid("INVALID_VERIFICATION_CODE",
                     "a verification code looks like 12-0123456789abcdef");
    }
    absl::StatusOr<uint64_t> id =
        ParseName(absl::StrCat("certificates/", code.substr(0, dash)),
                  "certificates", "verification_code");
    if (!id.ok()) return id.status();
    storage::CertificateRecord record;
    absl::StatusOr<bool> found = core_.store->GetProto(
        storage::Cf::kRegistry,
        storage::RecordKey(storage::Record::kCertificate, *id), &record);
    if (!found.ok()) return found.status();
    if (*found && VerificationCode(*id, record.certificate().text()) == code) {
      response->set_genuine(true);
      ToCertificate(record, response->mutable_certificate());
    }
    return absl::OkStatus();
  });
}

}  // namespace jiamei::services
