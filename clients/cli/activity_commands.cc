// The commands of volunteer service: activities, sign-ups, check-in and
// check-out, hours, service records and certificates.
#include <algorithm>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "clients/cli/client.h"
#include "clients/cli/command.h"
#include "clients/cli/flag_values.h"
#include "clients/cli/flags.h"
#include "clients/cli/output.h"
#include "jiamei/v1/activities.grpc.pb.h"
#include "storage/core/china_time.h"

// The flags only these commands read.
ABSL_FLAG(std::string, title, "", "an activity's title");
ABSL_FLAG(std::string, place, "", "where an activity is held");
ABSL_FLAG(std::string, description, "", "what an activity is about");
ABSL_FLAG(std::string, start, "", "when an activity starts");
ABSL_FLAG(std::string, end, "", "when an activity ends");
ABSL_FLAG(std::string, at, "", "when a volunteer left (a settled check-out)");
ABSL_FLAG(std::string, capacity, "", "most volunteers an activity takes");
ABSL_FLAG(std::string, teams, "", "teams invited, TEAM,...");
ABSL_FLAG(std::string, points_per_hour, "", "points per confirmed hour");
ABSL_FLAG(std::string, points_per_participation, "",
          "points per participation, instead of per hour");
ABSL_FLAG(std::string, minutes, "", "confirmed minutes of service");

namespace jiamei::cli {
namespace {

void PrintParticipations(
    const google::protobuf::RepeatedPtrField<v1::Participation>& list) {
  std::vector<Row> rows;
  for (const v1::Participation& p : list) {
    rows.push_back({p.volunteer(), p.cancelled() ? "cancelled" : "signed up",
                    Cell(MaybeTime(p.check_in_time())),
                    Cell(MaybeTime(p.check_out_time())), Cell(p.check_out_by()),
                    absl::StrCat(p.minutes()), Cell(p.record())});
  }
  PrintTable({{"VOLUNTEER", false},
              {"STATE", false},
              {"CHECK-IN", false},
              {"CHECK-OUT", false},
              {"BY", false},
              {"MINUTES", true},
              {"RECORD", false}},
             rows);
}

void PrintRecords(
    const google::protobuf::RepeatedPtrField<v1::ServiceRecord>& list) {
  std::vector<Row> rows;
  for (const v1::ServiceRecord& r : list) {
    rows.push_back({r.name(), r.date(), r.volunteer(), Hours(r.minutes()),
                    absl::StrCat(r.points()), Cell(r.corrected_by()),
                    absl::StrCat(r.activity_title(), " @ ", r.place())});
  }
  PrintTable({{"RECORD", false},
              {"DATE", false},
              {"VOLUNTEER", false},
              {"HOURS", true},
              {"POINTS", true},
              {"CORRECTED BY", false},
              {"ACTIVITY", false}},
             rows);
}

}  // namespace

template <>
void Print(const v1::Activity& a) {
  const v1::PointsRule& rule = a.points_rule();
  std::string points =
      rule.points_per_participation() != 0
          ? absl::StrCat(rule.points_per_participation(), " per participation")
          : absl::StrCat(rule.points_per_hour(), " per hour");
  if (rule.cap_points() != 0)
    absl::StrAppend(&points, ", at most ", rule.cap_points());
  std::vector<Field> fields = {{"name", a.name()},
                               {"unit", a.unit()},
                               {"title", a.title()},
                               {"category", Word(a.category())},
                               {"place", a.place()},
                               {"start", Time(a.start_time())},
                               {"end", Time(a.end_time())},
                               {"capacity", absl::StrCat(a.capacity())},
                               {"points", points},
                               {"status", Word(a.status())},
                               {"signed_up", absl::StrCat(a.signed_up())},
                               {"checked_in", absl::StrCat(a.checked_in())}};
  AddIfSet(&fields, "teams", absl::StrJoin(a.teams(), ","));
  AddIfSet(&fields, "description", a.description());
  PrintFields(fields);
  std::vector<Row> rows;
  for (const v1::StatusChange& change : a.history()) {
    rows.push_back({Time(change.time()), Word(change.status()),
                    Cell(change.operator_()), change.reason()});
  }
  std::cout << "history:\n";
  PrintTable({{"TIME", false},
              {"STATUS", false},
              {"OPERATOR", false},
              {"REASON", false}},
             rows);
}

template <>
void Print(const v1::ListActivitiesResponse& page) {
  std::vector<Row> rows;
  for (const v1::Activity& a : page.activities()) {
    rows.push_back({a.name(), Time(a.start_time()), Word(a.status()),
                    absl::StrCat(a.signed_up(), "/", a.capacity()), a.title()});
  }
  PrintTable({{"ACTIVITY", false},
              {"START", false},
              {"STATUS", false},
              {"SIGNED UP", true},
              {"TITLE", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

template <>
void Print(const v1::Participation& p) {
  std::vector<Field> fields = {
      {"activity", p.activity()},
      {"volunteer", p.volunteer()},
      {"state", p.cancelled() ? "cancelled" : "signed up"},
      {"signed_up", Time(p.signed_up_time())}};
  AddIfSet(&fields, "check_in", MaybeTime(p.check_in_time()));
  AddIfSet(&fields, "check_in_by", p.check_in_by());
  AddIfSet(&fields, "check_out", MaybeTime(p.check_out_time()));
  AddIfSet(&fields, "check_out_by", p.check_out_by());
  AddIfSet(&fields, "settle_reason", p.settle_reason());
  if (!p.check_out_by().empty()) {
    fields.emplace_back("minutes", absl::StrCat(p.minutes()));
  }
  AddIfSet(&fields, "record", p.record());
  PrintFields(fields);
}

template <>
void Print(const v1::OrganiserCheckResponse& response) {
  PrintParticipations(response.participations());
}

template <>
void Print(const v1::ListParticipationsResponse& page) {
  PrintParticipations(page.participations());
  PrintNextPageToken(page.next_page_token());
}

template <>
void Print(const v1::CheckInCode& code) {
  PrintFields(
      {{"code", code.code()}, {"valid_until", Time(code.expire_time())}});
}

template <>
void Print(const v1::ConfirmHoursResponse& response) {
  if (!response.approval().empty()) {
    PrintFields({{"approval", response.approval()},
                 {"hours", "none confirmed yet: waiting for approval"},
                 {"sequence", absl::StrCat(response.sequence())}});
    return;
  }
  PrintRecords(response.records());
  PrintFields({{"records", absl::StrCat(response.records_size())},
               {"points", absl::StrCat(response.points())},
               {"sequence", absl::StrCat(response.sequence())}});
}

template <>
void Print(const v1::ServiceRecord& r) {
  std::vector<Field> fields = {{"name", r.name()},
                               {"activity", r.activity()},
                               {"title", r.activity_title()},
                               {"date", r.date()},
                               {"volunteer", r.volunteer()},
                               {"minutes", absl::StrCat(r.minutes())},
                               {"points", absl::StrCat(r.points())},
                               {"household", r.household()}};
  AddIfSet(&fields, "transfer", r.transfer().name());
  AddIfSet(&fields, "corrects", r.corrects());
  AddIfSet(&fields, "reason", r.reason());
  AddIfSet(&fields, "corrected_by", r.corrected_by());
  PrintFields(fields);
}

template <>
void Print(const v1::Archive& archive) {
  PrintFields({{"volunteer", archive.volunteer()},
               {"full_name", archive.full_name()},
               {"total", Hours(archive.total_minutes())}});
  std::vector<Row> years;
  for (const v1::YearHours& y : archive.years()) {
    years.push_back({absl::StrCat(y.year()), absl::StrCat(y.records()),
                     Hours(y.minutes())});
  }
  std::cout << "by year:\n";
  PrintTable({{"YEAR", false}, {"RECORDS", true}, {"HOURS", true}}, years);
  std::cout << "records:\n";
  PrintRecords(archive.records());
  PrintNextPageToken(archive.next_page_token());
}

template <>
void Print(const v1::ServiceFigures& f) {
  PrintFields({{"scope", f.scope()},
               {"from", f.from_date()},
               {"to", f.to_date()},
               {"activities_held", absl::StrCat(f.activities_held())},
               {"person_times", absl::StrCat(f.person_times())},
               {"distinct_volunteers", absl::StrCat(f.distinct_volunteers())},
               {"hours", Hours(f.minutes())},
               {"households_credited", absl::StrCat(f.households_credited())},
               {"points_issued", absl::StrCat(f.points_issued())}});
}

template <>
void Print(const v1::Certificate& certificate) {
  std::cout << certificate.text();
}

template <>
void Print(const v1::VerifyCertificateResponse& response) {
  if (!response.genuine()) {
    std::cout << "NOT GENUINE: no certificate issued here has this code\n";
    return;
  }
  std::cout << "GENUINE " << response.certificate().name() << ", issued "
            << Time(response.certificate().issue_time()) << ":\n\n"
            << response.certificate().text();
}

namespace {

using Activities = v1::ActivityService::Stub;

// --start and its kin: YYYY-MM-DDTHH:MM[:SS] in China Standard Time, or
// RFC 3339 with an offset.
absl::Status SetTime(const absl::Flag<std::string>& flag,
                     google::protobuf::Timestamp* out) {
  const std::string text = absl::GetFlag(flag);
  absl::Time time;
  std::string error;
  const absl::TimeZone china = storage::ChinaStandardTime();
  if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error) &&
      !absl::ParseTime("%Y-%m-%dT%H:%M", text, china, &time, &error) &&
      !absl::ParseTime("%Y-%m-%dT%H:%M:%S", text, china, &time, &error)) {
    return BadFlag(flag, absl::StrCat("must be YYYY-MM-DDTHH:MM (China "
                                      "Standard Time) or RFC 3339, not '",
                                      text, "'"));
  }
  out->set_seconds(absl::ToUnixSeconds(time));
  return absl::OkStatus();
}

int ActivityCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateActivityRequest request;
  v1::Activity* a = request.mutable_activity();
  a->set_unit(NameFlag(FLAGS_unit, "units"));
  a->set_title(absl::GetFlag(FLAGS_title));
  a->set_place(absl::GetFlag(FLAGS_place));
  a->set_description(absl::GetFlag(FLAGS_description));
  SetList(FLAGS_teams, a->mutable_teams(), "teams");
  v1::PointsRule* rule = a->mutable_points_rule();
  int64_t capacity = 0;
  const absl::Status checked = FirstError(
      {SetWord(FLAGS_category, a, &v1::Activity::set_category),
       SetTime(FLAGS_start, a->mutable_start_time()),
       SetTime(FLAGS_end, a->mutable_end_time()),
       SetNumber(FLAGS_points_per_hour, rule,
                 &v1::PointsRule::set_points_per_hour),
       SetNumber(FLAGS_points_per_participation, rule,
                 &v1::PointsRule::set_points_per_participation),
       SetNumber(FLAGS_cap_points, rule, &v1::PointsRule::set_cap_points),
       absl::SimpleAtoi(absl::GetFlag(FLAGS_capacity), &capacity)
           ? absl::OkStatus()
           : BadFlag(FLAGS_capacity, "must be a whole number")});
  a->set_capacity(static_cast<int32_t>(
      std::clamp<int64_t>(capacity, INT32_MIN, INT32_MAX)));
  return Mutate(client, &Activities::CreateActivity, request, checked);
}

int ActivityList(Client* client, const std::string& /*operand*/) {
  v1::ListActivitiesRequest request;
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  return client->List(&Activities::ListActivities, request);
}

// `activity open` and its kin: the status they move the activity to.
template <v1::ActivityStatus kStatus>
int ActivityMove(Client* client, const std::string& name) {
  v1::SetActivityStatusRequest request;
  request.set_name(name);
  request.set_status(kStatus);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  return Mutate(client, &Activities::SetActivityStatus, request,
                absl::OkStatus());
}

int SignUp(Client* client, const std::vector<std::string>& operands) {
  v1::SignUpRequest request;
  request.set_activity(operands[0]);
  request.set_volunteer(operands[1]);
  return Mutate(client, &Activities::SignUp, request, absl::OkStatus());
}

int SignUpCancel(Client* client, const std::vector<std::string>& operands) {
  v1::CancelSignUpRequest request;
  request.set_activity(operands[0]);
  request.set_volunteer(operands[1]);
  return Mutate(client, &Activities::CancelSignUp, request, absl::OkStatus());
}

// `checkin` (kIn) or `checkout` by the volunteer with --code, or by staff.
template <bool kIn>
int Check(Client* client, const std::vector<std::string>& operands) {
  v1::CheckInRequest in;
  in.set_activity(operands[0]);
  in.set_volunteer(operands[1]);
  in.set_code(absl::GetFlag(FLAGS_code));
  if (kIn) return Mutate(client, &Activities::CheckIn, in, absl::OkStatus());
  v1::CheckOutRequest out;
  out.set_activity(in.activity());
  out.set_volunteer(in.volunteer());
  out.set_code(in.code());
  return Mutate(client, &Activities::CheckOut, out, absl::OkStatus());
}

// `checkin organiser` and `checkout organiser`: a list of volunteers.
template <bool kIn>
int OrganiserCheck(Client* client, const std::vector<std::string>& operands) {
  v1::OrganiserCheckRequest request;
  request.set_activity(operands[0]);
  for (size_t i = 1; i < operands.size(); ++i) {
    request.add_volunteers(operands[i]);
  }
  request.set_check_in(kIn);
  return Mutate(client, &Activities::OrganiserCheck, request, absl::OkStatus());
}

int SettleCheckOut(Client* client, const std::vector<std::string>& operands) {
  v1::SettleCheckOutRequest request;
  request.set_activity(operands[0]);
  request.set_volunteer(operands[1]);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  return Mutate(client, &Activities::SettleCheckOut, request,
                SetTime(FLAGS_at, request.mutable_check_out_time()));
}

// `hours confirm ACTIVITY volunteers/3=90 ...`: minutes that differ.
int HoursConfirm(Client* client, const std::vector<std::string>& operands) {
  v1::ConfirmHoursRequest request;
  request.set_activity(operands[0]);
  for (size_t i = 1; i < operands.size(); ++i) {
    NamedCount minutes;
    if (!ParseNamedCount(operands[i], "volunteers", &minutes)) {
      return UsageError(absl::StrCat("'", operands[i],
                                     "' is not VOLUNTEER=MINUTES, e.g. "
                                     "volunteers/3=90"));
    }
    v1::HoursAdjustment* adjustment = request.add_adjustments();
    adjustment->set_volunteer(minutes.name);
    adjustment->set_minutes(minutes.count);
  }
  return Mutate(client, &Activities::ConfirmHours, request, absl::OkStatus());
}

int RecordCorrect(Client* client, const std::string& record) {
  v1::CorrectRecordRequest request;
  request.set_record(record);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  return Mutate(client, &Activities::CorrectRecord, request,
                SetNumber(FLAGS_minutes, &request,
                          &v1::CorrectRecordRequest::set_minutes));
}

int ServiceFigures(Client* client, const std::string& /*operand*/) {
  v1::GetServiceFiguresRequest request;
  const std::string scope = absl::GetFlag(FLAGS_scope);
  request.set_scope(
      absl::StartsWith(scope, "teams/") ? scope : Normalize(scope, "units"));
  request.set_from_date(absl::GetFlag(FLAGS_from));
  request.set_to_date(absl::GetFlag(FLAGS_to));
  return client->Call(&Activities::GetServiceFigures, request);
}

int Certificate(Client* client, const std::string& volunteer) {
  v1::IssueCertificateRequest request;
  request.set_volunteer(volunteer);
  request.set_from_date(absl::GetFlag(FLAGS_from));
  request.set_to_date(absl::GetFlag(FLAGS_to));
  return Mutate(client, &Activities::IssueCertificate, request,
                absl::OkStatus());
}

constexpr Command kCommands[] = {
    {"activity", "create", "",
     "--unit=UNIT --title=TEXT --category=WORD --place=TEXT --start=TIME "
     "--end=TIME --capacity=N [--teams=TEAM,...] [--description=TEXT] "
     "[--points_per_hour=N] [--points_per_participation=N] [--cap_points=N] "
     "[--request_id=ID]",
     "create a volunteer activity", kCallTimeout, ActivityCreate},
    {"activity", "get", "ACTIVITY", "", "show an activity and its history",
     kCallTimeout, Get<&Activities::GetActivity>},
    {"activity", "list", "",
     "--unit=UNIT [--page_size=N] [--page_token=T] "
     "[--all]",
     "list the activities of a unit", kCallTimeout, ActivityList},
    {"activity", "open", "ACTIVITY", "[--request_id=ID]",
     "open an activity for sign-up", kCallTimeout,
     ActivityMove<v1::ACTIVITY_STATUS_OPEN>},
    {"activity", "start", "ACTIVITY", "[--request_id=ID]",
     "start an activity (check-in opens)", kCallTimeout,
     ActivityMove<v1::ACTIVITY_STATUS_IN_PROGRESS>},
    {"activity", "close", "ACTIVITY", "[--request_id=ID]",
     "close an activity (hours can be confirmed)", kCallTimeout,
     ActivityMove<v1::ACTIVITY_STATUS_CLOSED>},
    {"activity", "cancel", "ACTIVITY", "--reason=TEXT [--request_id=ID]",
     "cancel an activity", kCallTimeout,
     ActivityMove<v1::ACTIVITY_STATUS_CANCELLED>},
    {"signup", "cancel", "ACTIVITY VOLUNTEER", "[--request_id=ID]",
     "cancel a volunteer's sign-up", kCallTimeout, nullptr, false,
     SignUpCancel},
    {"signup", "", "ACTIVITY VOLUNTEER", "[--request_id=ID]",
     "sign a volunteer up for an activity", kCallTimeout, nullptr, false,
     SignUp},
    {"checkin", "code", "ACTIVITY", "",
     "show an activity's current check-in code", kCallTimeout,
     About<&Activities::GetCheckInCode,
           &v1::GetCheckInCodeRequest::mutable_activity>},
    {"checkin", "organiser", "ACTIVITY VOLUNTEER ...", "[--request_id=ID]",
     "check volunteers in, as the organiser", kCallTimeout, nullptr, false,
     OrganiserCheck<true>},
    {"checkin", "", "ACTIVITY VOLUNTEER", "[--code=DIGITS] [--request_id=ID]",
     "check a volunteer in (with the code, or as staff)", kCallTimeout, nullptr,
     false, Check<true>},
    {"checkout", "organiser", "ACTIVITY VOLUNTEER ...", "[--request_id=ID]",
     "check volunteers out, as the organiser", kCallTimeout, nullptr, false,
     OrganiserCheck<false>},
    {"checkout", "settle", "ACTIVITY VOLUNTEER",
     "--at=TIME --reason=TEXT [--request_id=ID]",
     "record when a volunteer who did not check out left", kCallTimeout,
     nullptr, false, SettleCheckOut},
    {"checkout", "", "ACTIVITY VOLUNTEER", "[--code=DIGITS] [--request_id=ID]",
     "check a volunteer out (with the code, or as staff)", kCallTimeout,
     nullptr, false, Check<false>},
    {"participations", "", "ACTIVITY", kPagingFlags,
     "list the participations of an activity", kCallTimeout,
     ListOf<&Activities::ListParticipations,
            &v1::ListParticipationsRequest::mutable_activity>},
    {"hours", "confirm", "ACTIVITY [VOLUNTEER=MINUTES]...", "[--request_id=ID]",
     "confirm an activity's hours, with any minutes that differ", kCallTimeout,
     nullptr, false, HoursConfirm},
    {"record", "correct", "RECORD",
     "--minutes=N --reason=TEXT [--request_id=ID]",
     "correct the minutes of a service record", kCallTimeout, RecordCorrect},
    {"archive", "", "VOLUNTEER", kPagingFlags,
     "show a volunteer's hours and service records", kCallTimeout,
     ListOf<&Activities::GetArchive,
            &v1::GetArchiveRequest::mutable_volunteer>},
    {"service", "figures", "",
     "--scope=UNIT|TEAM --from=YYYY-MM-DD --to=YYYY-MM-DD",
     "show the service figures of a unit or team", kCallTimeout,
     ServiceFigures},
    {"certificate", "verify", "CODE", "",
     "check a service certificate's verification code", kCallTimeout,
     About<&Activities::VerifyCertificate,
           &v1::VerifyCertificateRequest::mutable_verification_code>},
    {"certificate", "", "VOLUNTEER",
     "--from=YYYY-MM-DD --to=YYYY-MM-DD [--request_id=ID]",
     "issue a volunteer's service certificate for a period", kCallTimeout,
     Certificate},
};

}  // namespace

absl::Span<const Command> ActivityCommands() { return kCommands; }

}  // namespace jiamei::cli
