// The commands of points policy: a unit's settings, approvals, expiry,
// honour and rankings.
#include <cstdint>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/cli/client.h"
#include "clients/cli/command.h"
#include "clients/cli/flag_values.h"
#include "clients/cli/flags.h"
#include "clients/cli/output.h"
#include "jiamei/v1/policy.grpc.pb.h"

// The flags only these commands read.
ABSL_FLAG(std::string, deadline_days, "",
          "working days to record awards and hours in, 0 to 365 (0: none)");
ABSL_FLAG(std::string, expiry, "",
          "when points expire: never, after_days, year_end or reset_date");
ABSL_FLAG(std::string, expiry_days, "",
          "--expiry=after_days: days after earning, 1 to 3660");
ABSL_FLAG(std::string, as_of, "",
          "expiry: the day to expire as of, YYYY-MM-DD (default today)");
ABSL_FLAG(std::string, reset_date, "",
          "--expiry=reset_date: the yearly day, MM-DD");
ABSL_FLAG(std::string, star_hours, "",
          "volunteer star levels: hours for each level, ascending, e.g. "
          "100,300,600");
ABSL_FLAG(std::string, anonymous_rankings, "",
          "true or false: publish rankings without names");
ABSL_FLAG(std::string, subject, "", "rankings of households or volunteers");
ABSL_FLAG(std::string, limit, "", "most entries, 1 to 1000; default 20");

namespace jiamei::cli {
namespace {

// "year_end", "after_days 30", "reset_date 01-10"; "" when not set.
std::string ExpiryText(const v1::ExpiryPolicy& expiry) {
  switch (expiry.mode()) {
    case v1::EXPIRY_MODE_UNSPECIFIED:
      return "";
    case v1::EXPIRY_MODE_AFTER_DAYS:
      return absl::StrCat(Word(expiry.mode()), " ", expiry.days());
    case v1::EXPIRY_MODE_RESET_DATE:
      return absl::StrCat(Word(expiry.mode()), " ", expiry.reset_date());
    default:
      return Word(expiry.mode());
  }
}

// "100,300,600 h"; "" for none.
std::string StarText(const v1::StarLevels& levels) {
  if (levels.hours().empty()) return "";
  return absl::StrCat(absl::StrJoin(levels.hours(), ","), " h");
}

// Where an effective setting comes from: the unit, or the default.
std::string From(const std::string& unit) {
  return unit.empty() ? "default" : unit;
}

// "awards: 3 lines" or "hours: activities/7".
std::string WhatWaits(const v1::Approval& approval) {
  if (!approval.activity().empty()) {
    return absl::StrCat("hours of ", approval.activity());
  }
  return absl::StrCat(approval.award_lines_size(), " award line",
                      approval.award_lines_size() == 1 ? "" : "s");
}

void PrintRuns(const google::protobuf::RepeatedPtrField<v1::ExpiryRun>& runs) {
  std::vector<Row> rows;
  for (const v1::ExpiryRun& run : runs) {
    rows.push_back({run.village(), run.period(), run.cutoff(),
                    absl::StrCat(run.households()), absl::StrCat(run.points()),
                    absl::StrCat(run.sequences_size()), Time(run.time())});
  }
  PrintTable({{"VILLAGE", false},
              {"PERIOD", false},
              {"CUTOFF", false},
              {"HOUSEHOLDS", true},
              {"POINTS", true},
              {"ENTRIES", true},
              {"TIME", false}},
             rows);
}

}  // namespace

template <>
void Print(const v1::UnitPolicy& policy) {
  std::vector<Field> fields = {{"unit", policy.unit()}};
  fields.emplace_back(
      "recording_deadline",
      policy.has_recording_deadline_days()
          ? absl::StrCat(policy.recording_deadline_days(), " working days")
          : "inherited");
  const std::string expiry = ExpiryText(policy.expiry());
  fields.emplace_back("expiry", expiry.empty() ? "inherited" : expiry);
  const std::string stars = StarText(policy.star_levels());
  fields.emplace_back("star_levels", stars.empty() ? "inherited" : stars);
  fields.emplace_back("anonymous_rankings",
                      policy.has_anonymous_rankings()
                          ? YesNo(policy.anonymous_rankings())
                          : "inherited");
  if (policy.sequence() != 0) {
    fields.emplace_back("sequence", absl::StrCat(policy.sequence()));
    fields.emplace_back("update_time", Time(policy.update_time()));
    fields.emplace_back("operator", policy.operator_());
  }
  PrintFields(fields);
}

template <>
void Print(const v1::UnitPolicyView& view) {
  const v1::UnitPolicy& own = view.own();
  const v1::EffectivePolicy& in_force = view.effective();
  std::vector<Field> fields = {{"unit", in_force.unit()}};
  if (own.sequence() != 0) {
    fields.emplace_back("own_policy",
                        absl::StrCat("set by ", own.operator_(), " at ",
                                     Time(own.update_time()), " (sequence ",
                                     own.sequence(), ")"));
  } else {
    fields.emplace_back("own_policy", "none: all inherited");
  }
  PrintFields(fields);
  const auto own_or_dash = [](bool set, std::string text) {
    return set ? std::move(text) : std::string("-");
  };
  const std::string deadline =
      absl::StrCat(in_force.recording_deadline_days(), " working days");
  const std::vector<Row> rows = {
      {"recording_deadline",
       own_or_dash(
           own.has_recording_deadline_days(),
           absl::StrCat(own.recording_deadline_days(), " working days")),
       in_force.recording_deadline_days() == 0 ? "none" : deadline,
       From(in_force.recording_deadline_from())},
      {"expiry", Cell(ExpiryText(own.expiry())),
       Cell(ExpiryText(in_force.expiry())), From(in_force.expiry_from())},
      {"star_levels", Cell(StarText(own.star_levels())),
       StarText(in_force.star_levels()).empty()
           ? "none"
           : StarText(in_force.star_levels()),
       From(in_force.star_levels_from())},
      {"anonymous_rankings",
       own_or_dash(own.has_anonymous_rankings(),
                   YesNo(own.anonymous_rankings())),
       YesNo(in_force.anonymous_rankings()),
       From(in_force.anonymous_rankings_from())},
  };
  PrintTable({{"SETTING", false},
              {"OWN", false},
              {"IN FORCE", false},
              {"FROM", false}},
             rows);
}

template <>
void Print(const v1::Approval& approval) {
  std::vector<Field> fields = {{"name", approval.name()},
                               {"state", Word(approval.state())},
                               {"unit", approval.unit()},
                               {"waiting", WhatWaits(approval)}};
  AddIfSet(&fields, "activity", approval.activity());
  AddIfSet(&fields, "event_date", approval.event_date());
  if (approval.late()) {
    fields.emplace_back("late", "yes");
    fields.emplace_back("late_reason", approval.late_reason());
  }
  fields.emplace_back("proposer", approval.proposer());
  fields.emplace_back("propose_time", Time(approval.propose_time()));
  fields.emplace_back("propose_sequence",
                      absl::StrCat(approval.propose_sequence()));
  if (approval.decide_sequence() != 0) {
    fields.emplace_back("decider", approval.decider());
    fields.emplace_back("decide_time", Time(approval.decide_time()));
    fields.emplace_back("decide_sequence",
                        absl::StrCat(approval.decide_sequence()));
  }
  AddIfSet(&fields, "note", approval.note());
  PrintFields(fields);
  if (approval.award_lines_size() > 0) {
    std::vector<Row> rows;
    for (const v1::AwardLine& line : approval.award_lines()) {
      rows.push_back({line.household(), line.rule(), line.note()});
    }
    std::cout << "award lines:\n";
    PrintTable({{"HOUSEHOLD", false}, {"RULE", false}, {"NOTE", false}}, rows);
  }
  if (approval.adjustments_size() > 0) {
    std::vector<Row> rows;
    for (const v1::HoursAdjustment& a : approval.adjustments()) {
      rows.push_back({a.volunteer(), absl::StrCat(a.minutes())});
    }
    std::cout << "adjusted minutes:\n";
    PrintTable({{"VOLUNTEER", false}, {"MINUTES", true}}, rows);
  }
}

template <>
void Print(const v1::ListApprovalsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Approval& a : page.approvals()) {
    rows.push_back({a.name(), Word(a.state()), a.unit(), Cell(a.event_date()),
                    a.late() ? "late" : "-", Time(a.propose_time()),
                    a.proposer(), WhatWaits(a)});
  }
  PrintTable({{"APPROVAL", false},
              {"STATE", false},
              {"UNIT", false},
              {"EVENT DATE", false},
              {"LATE", false},
              {"PROPOSED", false},
              {"PROPOSER", false},
              {"WAITING", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

template <>
void Print(const v1::ExpiryPreview& preview) {
  PrintFields({{"unit", preview.unit()},
               {"as_of", preview.as_of()},
               {"households", absl::StrCat(preview.households())},
               {"points", absl::StrCat(preview.points())}});
  std::vector<Row> rows;
  for (const v1::ExpiryLine& line : preview.lines()) {
    rows.push_back({line.household(), line.household_number(),
                    absl::StrCat(line.balance()), absl::StrCat(line.points())});
  }
  PrintTable({{"HOUSEHOLD", false},
              {"NUMBER", false},
              {"BALANCE", true},
              {"EXPIRES", true}},
             rows);
  PrintNextPageToken(preview.next_page_token());
}

template <>
void Print(const v1::RunExpiryResponse& response) {
  PrintFields({{"households", absl::StrCat(response.households())},
               {"points", absl::StrCat(response.points())}});
  PrintRuns(response.runs());
}

template <>
void Print(const v1::ListExpiryRunsResponse& response) {
  PrintRuns(response.runs());
}

template <>
void Print(const v1::Honour& honour) {
  std::vector<Field> fields = {{"subject", honour.subject()},
                               {"score", absl::StrCat(honour.score())}};
  if (absl::StartsWith(honour.subject(), "volunteers/")) {
    fields.emplace_back("service", Hours(honour.service_minutes()));
    fields.emplace_back("star_level", absl::StrCat(honour.star_level()));
  }
  PrintFields(fields);
  if (honour.stars_size() > 0) {
    std::vector<Row> rows;
    for (const v1::StarReached& star : honour.stars()) {
      rows.push_back({absl::StrCat(star.level()),
                      absl::StrCat(star.hours(), " h"), star.date(),
                      absl::StrCat(star.sequence())});
    }
    std::cout << "stars:\n";
    PrintTable(
        {{"LEVEL", true}, {"HOURS", true}, {"REACHED", false}, {"SEQ", true}},
        rows);
  }
}

template <>
void Print(const v1::Rankings& rankings) {
  const bool hours = rankings.measure() == v1::RANKING_MEASURE_HOURS;
  PrintFields({{"unit", rankings.unit()},
               {"subject", Word(rankings.subject())},
               {"measure", Word(rankings.measure())},
               {"from", rankings.from_date()},
               {"to", rankings.to_date()},
               {"anonymous", YesNo(rankings.anonymous())}});
  std::vector<Row> rows;
  for (const v1::RankingEntry& e : rankings.entries()) {
    rows.push_back({absl::StrCat(e.rank()),
                    hours ? Hours(e.score()) : absl::StrCat(e.score()),
                    e.village(), Cell(e.subject()), e.display_name()});
  }
  PrintTable({{"RANK", true},
              {hours ? "HOURS" : "HONOUR", true},
              {"VILLAGE", false},
              {"SUBJECT", false},
              {"NAME", false}},
             rows);
}

namespace {

using Policy = v1::PolicyService::Stub;

// --star_hours=100,300,600 -> the hours of levels 1, 2 and 3. Without the
// flag the policy has no star_levels at all, so they are inherited (an
// empty list would be refused).
absl::Status SetStarHours(v1::UnitPolicy* policy) {
  if (absl::GetFlag(FLAGS_star_hours).empty()) return absl::OkStatus();
  v1::StarLevels* levels = policy->mutable_star_levels();
  for (absl::string_view item : absl::StrSplit(absl::GetFlag(FLAGS_star_hours),
                                               ',', absl::SkipWhitespace())) {
    int32_t hours = 0;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(item), &hours)) {
      return BadFlag(FLAGS_star_hours,
                     absl::StrCat("takes whole numbers of hours, e.g. "
                                  "100,300,600, not '",
                                  item, "'"));
    }
    levels->add_hours(hours);
  }
  return absl::OkStatus();
}

// `policy set`: the unit's own settings, in full; those not given are
// inherited from the unit above.
int PolicySet(Client* client, const std::string& unit) {
  v1::SetUnitPolicyRequest request;
  v1::UnitPolicy* policy = request.mutable_policy();
  policy->set_unit(unit);
  SetText(FLAGS_reset_date, policy->mutable_expiry()->mutable_reset_date());
  return Mutate(
      client, &Policy::SetUnitPolicy, request,
      FirstError({SetNumber(FLAGS_deadline_days, policy,
                            &v1::UnitPolicy::set_recording_deadline_days),
                  SetWord(FLAGS_expiry, policy->mutable_expiry(),
                          &v1::ExpiryPolicy::set_mode),
                  SetNumber(FLAGS_expiry_days, policy->mutable_expiry(),
                            &v1::ExpiryPolicy::set_days),
                  SetStarHours(policy),
                  SetYesNo(FLAGS_anonymous_rankings, policy,
                           &v1::UnitPolicy::set_anonymous_rankings)}));
}

// `approval approve` and `approval reject`.
template <auto kMethod>
int ApprovalDecide(Client* client, const std::string& name) {
  v1::DecideApprovalRequest request;
  request.set_name(name);
  request.set_note(absl::GetFlag(FLAGS_note));
  return Mutate(client, kMethod, request, absl::OkStatus());
}

int ExpiryPreview(Client* client, const std::string& unit) {
  v1::PreviewExpiryRequest request;
  request.set_unit(unit);
  request.set_as_of(absl::GetFlag(FLAGS_as_of));
  return client->List(&Policy::PreviewExpiry, request);
}

int ExpiryRun(Client* client, const std::string& unit) {
  v1::RunExpiryRequest request;
  request.set_unit(unit);
  request.set_as_of(absl::GetFlag(FLAGS_as_of));
  return Mutate(client, &Policy::RunExpiry, request, absl::OkStatus());
}

int Rankings(Client* client, const std::string& unit) {
  v1::GetRankingsRequest request;
  request.set_unit(unit);
  request.set_from_date(absl::GetFlag(FLAGS_from));
  request.set_to_date(absl::GetFlag(FLAGS_to));
  const absl::Status checked = FirstError(
      {SetWord(FLAGS_subject, &request, &v1::GetRankingsRequest::set_subject),
       SetWord(FLAGS_measure, &request, &v1::GetRankingsRequest::set_measure),
       SetNumber(FLAGS_limit, &request, &v1::GetRankingsRequest::set_limit)});
  if (!checked.ok()) return UsageError(checked.message());
  return client->Call(&Policy::GetRankings, request);
}

constexpr Command kCommands[] = {
    {"policy", "set", "UNIT",
     "[--deadline_days=N] [--expiry=never|after_days|year_end|reset_date] "
     "[--expiry_days=N] [--reset_date=MM-DD] [--star_hours=H,...] "
     "[--anonymous_rankings=true|false] [--request_id=ID]",
     "set a unit's own points policy", kCallTimeout, PolicySet},
    {"policy", "get", "UNIT", "",
     "show a unit's policy: its own and the one in force", kCallTimeout,
     About<&Policy::GetUnitPolicy, &v1::GetUnitPolicyRequest::mutable_unit>},
    {"approval", "list", "UNIT",
     "[--state=pending|approved|rejected] [--page_size=N] [--page_token=T] "
     "[--all]",
     "list the approvals of a unit", kCallTimeout,
     ListInState<&Policy::ListApprovals, v1::ApprovalState>},
    {"approval", "get", "APPROVAL", "", "show an approval and what waits on it",
     kCallTimeout, Get<&Policy::GetApproval>},
    {"approval", "approve", "APPROVAL", "[--note=TEXT] [--request_id=ID]",
     "approve what waits, which then takes effect", kCallTimeout,
     ApprovalDecide<&Policy::ApproveEntry>},
    {"approval", "reject", "APPROVAL", "--note=TEXT [--request_id=ID]",
     "reject what waits, with why", kCallTimeout,
     ApprovalDecide<&Policy::RejectEntry>},
    {"expiry", "preview", "UNIT",
     "[--as_of=YYYY-MM-DD] [--page_size=N] [--page_token=T] [--all]",
     "list the points that would expire in a unit", kCallTimeout,
     ExpiryPreview},
    {"expiry", "run", "UNIT", "[--as_of=YYYY-MM-DD] [--request_id=ID]",
     "expire the points due in a unit", kAuditTimeout, ExpiryRun},
    {"expiry", "runs", "UNIT", "", "list the expiry runs of a unit",
     kCallTimeout,
     About<&Policy::ListExpiryRuns, &v1::ListExpiryRunsRequest::mutable_unit>},
    {"honour", "", "SUBJECT", "",
     "show the honour score of a household or volunteer", kCallTimeout,
     About<&Policy::GetHonour, &v1::GetHonourRequest::mutable_subject>},
    {"rankings", "", "UNIT",
     "--subject=households|volunteers --measure=honour|hours "
     "--from=YYYY-MM-DD --to=YYYY-MM-DD [--limit=N]",
     "rank households or volunteers by honour or hours", kCallTimeout,
     Rankings},
};

}  // namespace

absl::Span<const Command> PolicyCommands() { return kCommands; }

}  // namespace jiamei::cli
