#include "services/activity/activity_records.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/auth/personal_data.h"
#include "services/common/convert.h"
#include "storage/activity/activity_reader.h"
#include "storage/activity/activity_state.h"
#include "storage/core/canonical.h"
#include "storage/core/names.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/market/market_state.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using storage::Index;

const char* ByWord(int32_t by) {
  switch (by) {
    case storage::kByCode:
      return "code";
    case storage::kByOrganiser:
      return "organiser";
    case storage::kSettled:
      return "settled";
    default:
      return "";
  }
}

std::string Hours(int64_t minutes) {
  return absl::StrFormat("%.1f 小时", static_cast<double>(minutes) / 60);
}

}  // namespace

absl::Status Subtree(const storage::RegistryReader& reader, uint64_t unit,
                     int depth, std::vector<uint64_t>* units) {
  units->push_back(unit);
  if (depth == 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(const std::vector<uint64_t> children,
                   reader.ListIds(Index::kUnitChild, unit, 0, INT32_MAX));
  for (uint64_t child : children) {
    RETURN_IF_ERROR(Subtree(reader, child, depth - 1, units));
  }
  return absl::OkStatus();
}

bool HeldIn(const storage::ActivityRecord& activity, absl::CivilDay from,
            absl::CivilDay to) {
  const absl::CivilDay day =
      storage::MarketDay(activity.activity().start_micros());
  return day >= from && day <= to &&
         storage::StatusOf(activity) == storage::kActivityConfirmed;
}

absl::Status ForEachAttendance(
    const storage::ActivityReader& activities,
    const storage::ActivityRecord& activity,
    const std::function<absl::Status(uint64_t,
                                     const storage::ParticipationRecord&,
                                     const storage::ServiceLine*)>& fn) {
  for (uint64_t volunteer : activity.participants()) {
    ASSIGN_OR_RETURN(const std::optional<storage::ParticipationRecord> p,
                     activities.GetParticipation(activity.id(), volunteer));
    if (!p.has_value()) continue;
    if (p->record_id() == 0) {
      if (p->check_in_micros() != 0)
        RETURN_IF_ERROR(fn(volunteer, *p, nullptr));
      continue;
    }
    // The record as it stands after any corrections.
    ASSIGN_OR_RETURN(const storage::ServiceRecordRecord record,
                     activities.GetCurrentServiceRecord(p->record_id()));
    RETURN_IF_ERROR(fn(volunteer, *p, &record.line()));
  }
  return absl::OkStatus();
}

absl::Status ForEachService(
    const storage::ActivityReader& activities,
    const storage::ActivityRecord& activity,
    const std::function<void(uint64_t, const storage::ServiceLine&)>& fn) {
  return ForEachAttendance(
      activities, activity,
      [&](uint64_t volunteer, const storage::ParticipationRecord&,
          const storage::ServiceLine* line) {
        if (line != nullptr) fn(volunteer, *line);
        return absl::OkStatus();
      });
}

std::string ActivityName(uint64_t id) {
  return absl::StrCat("activities/", id);
}
std::string RecordName(uint64_t id) { return absl::StrCat("records/", id); }
std::string CertificateName(uint64_t id) {
  return absl::StrCat("certificates/", id);
}

void ActivityToProto(const storage::ActivityRecord& record,
                     jiamei::v1::Activity* out) {
  const storage::ActivityFields& a = record.activity();
  out->set_name(ActivityName(record.id()));
  out->set_unit(storage::UnitName(a.unit()));
  out->set_title(a.title());
  out->set_category(static_cast<jiamei::v1::ActivityCategory>(a.category()));
  out->set_description(a.description());
  out->set_place(a.place());
  SetTime(a.start_micros(), out->mutable_start_time());
  SetTime(a.end_micros(), out->mutable_end_time());
  out->set_capacity(a.capacity());
  for (uint64_t team : a.teams()) out->add_teams(storage::TeamName(team));
  out->mutable_points_rule()->set_points_per_hour(a.points_per_hour());
  out->mutable_points_rule()->set_points_per_participation(
      a.points_per_participation());
  out->mutable_points_rule()->set_cap_points(a.cap_points());
  out->set_status(
      static_cast<jiamei::v1::ActivityStatus>(storage::StatusOf(record)));
  for (const storage::ActivityStatusEntry& entry : record.history()) {
    jiamei::v1::StatusChange* change = out->add_history();
    change->set_status(static_cast<jiamei::v1::ActivityStatus>(entry.status()));
    SetTime(entry.time_micros(), change->mutable_time());
    if (entry.actor() != 0) {
      change->set_operator_(storage::OperatorName(entry.actor()));
    }
    change->set_reason(entry.reason());
    change->set_sequence(entry.sequence());
  }
  out->set_signed_up(record.signed_up());
  out->set_checked_in(record.checked_in());
}

void ParticipationToProto(uint64_t activity, uint64_t volunteer,
                          const storage::ActivityFields& fields,
                          const storage::ParticipationRecord& p,
                          jiamei::v1::Participation* out) {
  out->set_activity(ActivityName(activity));
  out->set_volunteer(storage::VolunteerName(volunteer));
  SetTime(p.sign_up_micros(), out->mutable_signed_up_time());
  out->set_cancelled(p.cancelled());
  if (p.check_in_micros() != 0) {
    SetTime(p.check_in_micros(), out->mutable_check_in_time());
    out->set_check_in_by(ByWord(p.check_in_by()));
  }
  if (p.check_out_micros() != 0) {
    SetTime(p.check_out_micros(), out->mutable_check_out_time());
    out->set_check_out_by(ByWord(p.check_out_by()));
    out->set_minutes(storage::ServiceMinutes(fields, p));
  }
  out->set_settle_reason(p.settle_reason());
  if (p.record_id() != 0) out->set_record(RecordName(p.record_id()));
}

std::string VerificationCode(uint64_t id, absl::string_view text) {
  return absl::StrCat(id, "-",
                      storage::Hex(storage::Sha256(text)).substr(0, 16));
}

void CertificateToProto(const storage::CertificateRecord& record,
                        jiamei::v1::Certificate* out) {
  const storage::CertificateIssued& c = record.certificate();
  const std::string code = VerificationCode(c.certificate_id(), c.text());
  out->set_name(CertificateName(c.certificate_id()));
  out->set_volunteer(storage::VolunteerName(c.volunteer()));
  out->set_from_date(c.from_date());
  out->set_to_date(c.to_date());
  out->set_text(absl::StrCat(c.text(), "Verification code: ", code, "\n"));
  out->set_verification_code(code);
  SetTime(record.time_micros(), out->mutable_issue_time());
}

absl::Status ActivityRecords::ServiceRecordToProto(
    const storage::ServiceRecordRecord& record,
    jiamei::v1::ServiceRecord* out) const {
  const storage::ActivityReader activities(store_);
  ASSIGN_OR_RETURN(const storage::ActivityRecord activity,
                   activities.GetActivity(record.activity_id()));
  const storage::ServiceLine& line = record.line();
  const storage::ActivityFields& a = activity.activity();
  out->set_name(RecordName(line.record_id()));
  out->set_activity(ActivityName(record.activity_id()));
  out->set_volunteer(storage::VolunteerName(line.volunteer()));
  out->set_unit(storage::UnitName(a.unit()));
  out->set_activity_title(a.title());
  out->set_place(a.place());
  out->set_date(absl::FormatCivilTime(storage::MarketDay(a.start_micros())));
  out->set_minutes(line.minutes());
  out->set_points(line.points());
  out->set_household(storage::HouseholdName(line.household()));
  if (record.corrects() != 0) out->set_corrects(RecordName(record.corrects()));
  out->set_reason(record.reason());
  if (record.corrected_by() != 0) {
    out->set_corrected_by(RecordName(record.corrected_by()));
  }
  SetTime(record.time_micros(), out->mutable_confirm_time());
  ASSIGN_OR_RETURN(const storage::EntryRecord entry,
                   storage::LedgerReader(store_).GetEntry(record.sequence()));
  if (entry.actor() != 0) {
    out->set_operator_(storage::OperatorName(entry.actor()));
  }
  for (const storage::TransferBody& t : *storage::InnerTransfers(entry)) {
    if (t.memo() == RecordName(line.record_id())) {
      TransferToProto(entry, t, std::nullopt, out->mutable_transfer());
    }
  }
  return absl::OkStatus();
}

absl::Status ActivityRecords::FillArchive(uint64_t volunteer,
                                          jiamei::v1::Archive* out) const {
  ASSIGN_OR_RETURN(const storage::PersonRecord person,
                   storage::RegistryReader(store_).GetVolunteer(volunteer));
  out->set_volunteer(storage::VolunteerName(volunteer));
  out->set_full_name(person.fields().full_name());
  const storage::ActivityReader activities(store_);
  ASSIGN_OR_RETURN(const std::vector<storage::ServiceRecordRecord> records,
                   activities.ListCurrentRecords(volunteer));
  std::map<int32_t, std::pair<int64_t, int64_t>> years;
  for (const storage::ServiceRecordRecord& record : records) {
    ASSIGN_OR_RETURN(const storage::ActivityRecord activity,
                     activities.GetActivity(record.activity_id()));
    const int32_t year = static_cast<int32_t>(
        storage::MarketDay(activity.activity().start_micros()).year());
    years[year].first += record.line().minutes();
    years[year].second += 1;
    out->set_total_minutes(out->total_minutes() + record.line().minutes());
  }
  for (const auto& [year, sums] : years) {
    jiamei::v1::YearHours* y = out->add_years();
    y->set_year(year);
    y->set_minutes(sums.first);
    y->set_records(sums.second);
  }
  return absl::OkStatus();
}

absl::Status ActivityRecords::FillFigures(
    uint64_t unit, uint64_t team, absl::CivilDay from, absl::CivilDay to,
    jiamei::v1::ServiceFigures* out) const {
  const storage::RegistryReader reader(store_);
  std::vector<uint64_t> units;
  RETURN_IF_ERROR(Subtree(reader, unit, 2, &units));
  const storage::ActivityReader activities(store_);
  std::set<uint64_t> volunteers, households;
  for (uint64_t u : units) {
    ASSIGN_OR_RETURN(const std::vector<storage::ActivityRecord> organised,
                     activities.ListActivities(u));
    for (const storage::ActivityRecord& activity : organised) {
      const auto& teams = activity.activity().teams();
      if (!HeldIn(activity, from, to) ||
          (team != 0 &&
           std::find(teams.begin(), teams.end(), team) == teams.end())) {
        continue;
      }
      out->set_activities_held(out->activities_held() + 1);
      RETURN_IF_ERROR(ForEachService(
          activities, activity,
          [&](uint64_t volunteer, const storage::ServiceLine& line) {
            out->set_person_times(out->person_times() + 1);
            volunteers.insert(volunteer);
            out->set_minutes(out->minutes() + line.minutes());
            out->set_points_issued(out->points_issued() + line.points());
            if (line.points() > 0) households.insert(line.household());
          }));
    }
  }
  out->set_distinct_volunteers(static_cast<int64_t>(volunteers.size()));
  out->set_households_credited(static_cast<int64_t>(households.size()));
  return absl::OkStatus();
}

absl::StatusOr<std::string> ActivityRecords::CertificateText(
    uint64_t volunteer, absl::CivilDay from, absl::CivilDay to) const {
  const storage::RegistryReader reader(store_);
  ASSIGN_OR_RETURN(const storage::PersonRecord person,
                   reader.GetVolunteer(volunteer));
  ASSIGN_OR_RETURN(const storage::UnitRecord unit,
                   reader.GetUnit(person.unit()));
  const storage::ActivityReader activities(store_);
  ASSIGN_OR_RETURN(const std::vector<storage::ServiceRecordRecord> records,
                   activities.ListCurrentRecords(volunteer));
  const std::string& id = person.fields().resident_id();
  std::string text = absl::StrCat(
      "志愿服务证明\n\n", "志愿者：", person.fields().full_name(), "（",
      storage::VolunteerName(volunteer), "）\n", "身份证号：",
      id.empty() ? "-" : MaskResidentId(id), "\n", "所在单位：",
      unit.unit().display_name(), "\n", "服务期间：",
      absl::FormatCivilTime(from), " 至 ", absl::FormatCivilTime(to), "\n\n");
  int64_t total = 0;
  int count = 0;
  for (const storage::ServiceRecordRecord& record : records) {
    ASSIGN_OR_RETURN(const storage::ActivityRecord activity,
                     activities.GetActivity(record.activity_id()));
    const storage::ActivityFields& a = activity.activity();
    const absl::CivilDay day = storage::MarketDay(a.start_micros());
    if (day < from || day > to) continue;
    ASSIGN_OR_RETURN(const storage::UnitRecord organiser,
                     reader.GetUnit(a.unit()));
    absl::StrAppend(&text, absl::FormatCivilTime(day), "  ", a.title(), "  ",
                    a.place(), "  ", Hours(record.line().minutes()),
                    "  组织单位：", organiser.unit().display_name(), "  (",
                    RecordName(record.line().record_id()), ")\n");
    total += record.line().minutes();
    ++count;
  }
  absl::StrAppend(&text, "\n合计：", Hours(total), "，共 ", count, " 次活动\n");
  return text;
}

}  // namespace jiamei::services
