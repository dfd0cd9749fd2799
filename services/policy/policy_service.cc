#include "services/policy/policy_service.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/common_errors.h"
#include "services/market/market_errors.h"
#include "services/market/market_figures.h"
#include "services/policy/expiry_preview.h"
#include "services/policy/expiry_runner.h"
#include "services/policy/policy_convert.h"
#include "services/policy/policy_errors.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/policy/honour.h"
#include "storage/policy/policy_reader.h"
#include "storage/policy/policy_state.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using storage::Command;
using storage::EntryRecord;
using storage::Index;
using storage::PolicyChange;

// Rankings cover at most three years.
constexpr absl::civil_diff_t kMaxRankingDays = 3 * 366;
constexpr int kDefaultRankingLimit = 20;
constexpr int kMaxRankingLimit = 1000;

absl::Status FillApproval(const storage::Store* store, uint64_t id,
                          jiamei::v1::Approval* out) {
  ASSIGN_OR_RETURN(storage::ApprovalRecord record,
                   storage::PolicyReader(store).GetApproval(id));
  ApprovalToProto(id, record, out);
  return absl::OkStatus();
}

struct Ranked {
  uint64_t subject;
  uint64_t village;
  int64_t score;
};

// Totals per subject of the honour days of the villages and days given,
// of households or (`volunteers`) of volunteers' service, `minutes` or
// points.
absl::StatusOr<std::vector<Ranked>> Totals(
    const storage::Store* store, const std::vector<uint64_t>& villages,
    bool volunteers, absl::CivilDay from, absl::CivilDay to, bool minutes) {
  absl::flat_hash_map<uint64_t, Ranked> totals;
  const storage::PolicyReader policies(store);
  for (uint64_t village : villages) {
    ASSIGN_OR_RETURN(const std::vector<storage::HonourDayLine> days,
                     policies.ListHonourDays(village, from, to, volunteers));
    for (const storage::HonourDayLine& day : days) {
      Ranked& total =
          totals.try_emplace(day.subject, Ranked{day.subject, village, 0})
              .first->second;
      total.score += minutes ? day.day.minutes() : day.day.points();
    }
  }
  std::vector<Ranked> out;
  out.reserve(totals.size());
  for (const auto& [subject, total] : totals) out.push_back(total);
  std::sort(out.begin(), out.end(), [](const Ranked& a, const Ranked& b) {
    return a.score != b.score ? a.score > b.score : a.subject < b.subject;
  });
  return out;
}

}  // namespace

// ---- Units' policies.

grpc::ServerUnaryReactor* PolicyService::SetUnitPolicy(
    Context* context, const jiamei::v1::SetUnitPolicyRequest* request,
    jiamei::v1::UnitPolicy* response) {
  return ServeWrite(
      core_, context, kPolicyPermissions.Of("SetUnitPolicy"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(storage::PolicyFields fields,
                         PolicyFieldsFromProto(request->policy()));
        RETURN_IF_ERROR(
            core_.access->RequireExistingUnit(caller, fields.unit()));
        PolicyChange change;
        *change.mutable_policy_set()->mutable_policy() = std::move(fields);
        return Command{request->request_id(), std::move(change)};
      },
      [](const Principal&, const EntryRecord& entry,
         jiamei::v1::UnitPolicy* out) {
        UnitPolicyToProto(storage::SetPolicyRecord(entry), out);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PolicyService::GetUnitPolicy(
    Context* context, const jiamei::v1::GetUnitPolicyRequest* request,
    jiamei::v1::UnitPolicyView* response) {
  const Permission& permission = kPolicyPermissions.Of("GetUnitPolicy");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t unit,
                     ParseName(request->unit(), "units", "unit"));
    const storage::PolicyReader policies(core_.store);
    RETURN_IF_ERROR(
        storage::RegistryReader(core_.store).GetUnit(unit).status());
    RETURN_IF_ERROR(core_.access->RequireUnitVisible(caller, unit));
    ASSIGN_OR_RETURN(std::optional<storage::PolicyRecord> own,
                     policies.GetOwnPolicy(unit));
    if (own.has_value()) {
      UnitPolicyToProto(*own, response->mutable_own());
    } else {
      response->mutable_own()->set_unit(storage::UnitName(unit));
    }
    ASSIGN_OR_RETURN(storage::EffectivePolicy effective,
                     policies.GetEffectivePolicy(unit));
    EffectivePolicyToProto(unit, effective, response->mutable_effective());
    return absl::OkStatus();
  });
}

// ---- Approvals.

grpc::ServerUnaryReactor* PolicyService::GetApproval(
    Context* context, const jiamei::v1::GetApprovalRequest* request,
    jiamei::v1::Approval* response) {
  const Permission& permission = kPolicyPermissions.Of("GetApproval");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t id,
                     ParseName(request->name(), "approvals", "name"));
    ASSIGN_OR_RETURN(storage::ApprovalRecord record,
                     storage::PolicyReader(core_.store).GetApproval(id));
    RETURN_IF_ERROR(
        core_.access->RequireUnit(caller, record.proposed().unit()));
    ApprovalToProto(id, record, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* PolicyService::ListApprovals(
    Context* context, const jiamei::v1::ListApprovalsRequest* request,
    jiamei::v1::ListApprovalsResponse* response) {
  const Permission& permission = kPolicyPermissions.Of("ListApprovals");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t unit,
                     ParseName(request->unit(), "units", "unit"));
    if (!jiamei::v1::ApprovalState_IsValid(request->state())) {
      return Refusal(absl::StatusCode::kInvalidArgument, errors::kInvalidState,
                     "state must be one of ApprovalState");
    }
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
    const storage::PolicyReader policies(core_.store);
    // A page holds fewer than page_size approvals when a state is asked.
    return ListIdPage(
        core_, Index::kUnitApproval, unit,
        absl::StrCat("approvals:", unit, ":", request->state()),
        request->page_size(), request->page_token(),
        response->mutable_next_page_token(), [&](uint64_t id) -> absl::Status {
          ASSIGN_OR_RETURN(storage::ApprovalRecord record,
                           policies.GetApproval(id));
          if (request->state() == jiamei::v1::APPROVAL_STATE_UNSPECIFIED ||
              record.state() == request->state()) {
            ApprovalToProto(id, record, response->add_approvals());
          }
          return absl::OkStatus();
        });
  });
}

grpc::ServerUnaryReactor* PolicyService::Decide(
    Context* context, const jiamei::v1::DecideApprovalRequest& request,
    bool approve, jiamei::v1::Approval* response) {
  return ServeWrite(
      core_, context,
      kPolicyPermissions.Of(approve ? "ApproveEntry" : "RejectEntry"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
        ASSIGN_OR_RETURN(uint64_t id,
                         ParseName(request.name(), "approvals", "name"));
        if (!approve || !request.note().empty()) {
          RETURN_IF_ERROR(
              ValidateText(request.note(), "note", 1, kMaxMemoBytes));
        }
        ASSIGN_OR_RETURN(storage::ApprovalRecord record,
                         storage::PolicyReader(core_.store).GetApproval(id));
        // Desk officers decide on awards, organisers on hours.
        RETURN_IF_ERROR(RequireRole(
            caller, record.proposed().has_awards() ? kDesks : kOrganizers));
        RETURN_IF_ERROR(
            core_.access->RequireUnit(caller, record.proposed().unit()));
        PolicyChange change;
        storage::EntryDecided* decided = change.mutable_decided();
        decided->set_approval_id(id);
        decided->set_approved(approve);
        decided->set_note(request.note());
        return Command{request.request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Approval* out) {
        return FillApproval(core_.store, entry.policy().decided().approval_id(),
                            out);
      });
}

grpc::ServerUnaryReactor* PolicyService::ApproveEntry(
    Context* context, const jiamei::v1::DecideApprovalRequest* request,
    jiamei::v1::Approval* response) {
  return Decide(context, *request, true, response);
}

grpc::ServerUnaryReactor* PolicyService::RejectEntry(
    Context* context, const jiamei::v1::DecideApprovalRequest* request,
    jiamei::v1::Approval* response) {
  return Decide(context, *request, false, response);
}

// ---- Expiry.

namespace {

// The day to expire as of: today when empty, never after today.
absl::StatusOr<absl::CivilDay> AsOf(absl::string_view as_of,
                                    absl::CivilDay latest) {
  if (as_of.empty()) return Today();
  RETURN_IF_ERROR(ValidateDate(as_of, "as_of", latest));
  absl::CivilDay day;
  absl::ParseCivilTime(as_of, &day);
  if (day > latest) {  // ValidateDate leaves a day of slack; not here
    return errors::InvalidAsOf(absl::FormatCivilTime(latest), as_of);
  }
  return day;
}

}  // namespace

grpc::ServerUnaryReactor* PolicyService::PreviewExpiry(
    Context* context, const jiamei::v1::PreviewExpiryRequest* request,
    jiamei::v1::ExpiryPreview* response) {
  const Permission& permission = kPolicyPermissions.Of("PreviewExpiry");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t unit,
                     ParseName(request->unit(), "units", "unit"));
    // A preview may look ahead: what will expire at the year's end.
    ASSIGN_OR_RETURN(absl::CivilDay as_of,
                     AsOf(request->as_of(), Today() + 3 * 366));
    ASSIGN_OR_RETURN(int size, ValidatePageSize(request->page_size()));
    const std::string list =
        absl::StrCat("expiry:", unit, ":", absl::FormatCivilTime(as_of));
    ASSIGN_OR_RETURN(uint64_t after,
                     core_.page_tokens->Resume(list, request->page_token(), 0));
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
    ASSIGN_OR_RETURN(std::vector<ExpiryPreviewLine> lines,
                     PreviewExpiryOf(core_.store, unit, as_of));
    response->set_unit(storage::UnitName(unit));
    response->set_as_of(absl::FormatCivilTime(as_of));
    uint64_t last_listed = 0;
    for (const ExpiryPreviewLine& line : lines) {
      response->set_households(response->households() + 1);
      response->set_points(response->points() + line.points);
      if (line.household <= after) continue;
      if (response->lines_size() == size) {
        if (response->next_page_token().empty()) {
          response->set_next_page_token(
              core_.page_tokens->Encode(list, last_listed));
        }
        continue;
      }
      last_listed = line.household;
      jiamei::v1::ExpiryLine* out = response->add_lines();
      out->set_household(storage::HouseholdName(line.household));
      out->set_household_number(line.number);
      out->set_balance(line.balance);
      out->set_points(line.points);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* PolicyService::RunExpiry(
    Context* context, const jiamei::v1::RunExpiryRequest* request,
    jiamei::v1::RunExpiryResponse* response) {
  absl::StatusOr<Principal> caller =
      Admit(*core_.authenticator, *context, kPolicyPermissions.Of("RunExpiry"));
  if (!caller.ok()) return Answer(context, caller.status());
  absl::Status status = ValidateRequestId(request->request_id());
  absl::StatusOr<uint64_t> unit = ParseName(request->unit(), "units", "unit");
  if (status.ok()) status = unit.status();
  absl::StatusOr<absl::CivilDay> as_of = AsOf(request->as_of(), Today());
  if (status.ok()) status = as_of.status();
  if (status.ok()) status = core_.access->RequireExistingUnit(*caller, *unit);
  if (!status.ok()) return Answer(context, status);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  services::RunExpiry(
      core_, *unit, *as_of, request->request_id(), caller->operator_id,
      [reactor,
       response](absl::StatusOr<jiamei::v1::RunExpiryResponse> result) {
        if (result.ok()) *response = *std::move(result);
        reactor->Finish(ToGrpcStatus(result.status()));
      });
  return reactor;
}

grpc::ServerUnaryReactor* PolicyService::ListExpiryRuns(
    Context* context, const jiamei::v1::ListExpiryRunsRequest* request,
    jiamei::v1::ListExpiryRunsResponse* response) {
  const Permission& permission = kPolicyPermissions.Of("ListExpiryRuns");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t unit,
                     ParseName(request->unit(), "units", "unit"));
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
    return ListExpiryRunsOf(core_.store, unit, response);
  });
}

// ---- Honour and rankings.

grpc::ServerUnaryReactor* PolicyService::GetHonour(
    Context* context, const jiamei::v1::GetHonourRequest* request,
    jiamei::v1::Honour* response) {
  const Permission& permission = kPolicyPermissions.Of("GetHonour");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    const bool household = absl::StartsWith(request->subject(), "households/");
    ASSIGN_OR_RETURN(
        uint64_t id,
        ParseName(request->subject(), household ? "households" : "volunteers",
                  "subject"));
    const storage::RegistryReader reader(core_.store);
    if (household) {
      ASSIGN_OR_RETURN(storage::HouseholdRecord record,
                       reader.GetHousehold(id));
      RETURN_IF_ERROR(core_.access->RequireHousehold(caller, record));
    } else {
      ASSIGN_OR_RETURN(storage::PersonRecord record, reader.GetVolunteer(id));
      RETURN_IF_ERROR(core_.access->RequirePerson(caller, record));
    }
    ASSIGN_OR_RETURN(
        const storage::HonourRecord honour,
        storage::PolicyReader(core_.store).GetHonour(id, !household));
    response->set_subject(request->subject());
    HonourToProto(honour, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* PolicyService::GetRankings(
    Context* context, const jiamei::v1::GetRankingsRequest* request,
    jiamei::v1::Rankings* response) {
  const Permission& permission = kPolicyPermissions.Of("GetRankings");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t unit,
                     ParseName(request->unit(), "units", "unit"));
    const bool households =
        request->subject() == jiamei::v1::RANKING_SUBJECT_HOUSEHOLDS;
    if (!households &&
        request->subject() != jiamei::v1::RANKING_SUBJECT_VOLUNTEERS) {
      return errors::InvalidSubject();
    }
    const bool hours = request->measure() == jiamei::v1::RANKING_MEASURE_HOURS;
    if (hours ? households
              : request->measure() != jiamei::v1::RANKING_MEASURE_HONOUR) {
      return errors::InvalidMeasure();
    }
    ASSIGN_OR_RETURN(absl::CivilDay from,
                     ParseDay(request->from_date(), "from_date"));
    ASSIGN_OR_RETURN(absl::CivilDay to,
                     ParseDay(request->to_date(), "to_date"));
    if (to < from || to - from > kMaxRankingDays) {
      return errors::InvalidPeriod();
    }
    if (request->limit() < 0 || request->limit() > kMaxRankingLimit) {
      return errors::InvalidLimit(kMaxRankingLimit);
    }
    const storage::PolicyReader policies(core_.store);
    RETURN_IF_ERROR(
        storage::RegistryReader(core_.store).GetUnit(unit).status());
    RETURN_IF_ERROR(core_.access->RequireUnitVisible(caller, unit));
    ASSIGN_OR_RETURN(storage::EffectivePolicy policy,
                     policies.GetEffectivePolicy(unit));
    const storage::RegistryReader reader(core_.store);
    ASSIGN_OR_RETURN(uint64_t own_village, core_.access->MemberVillage(caller));
    std::vector<uint64_t> villages;
    RETURN_IF_ERROR(VillagesOf(reader, unit, 2, &villages));
    ASSIGN_OR_RETURN(
        std::vector<Ranked> ranked,
        Totals(core_.store, villages, !households, from, to, hours));
    const size_t limit =
        request->limit() == 0 ? kDefaultRankingLimit : request->limit();
    response->set_unit(storage::UnitName(unit));
    response->set_subject(request->subject());
    response->set_measure(request->measure());
    response->set_from_date(request->from_date());
    response->set_to_date(request->to_date());
    response->set_anonymous(policy.anonymous_rankings);
    for (size_t i = 0; i < ranked.size() && i < limit; ++i) {
      const Ranked& r = ranked[i];
      jiamei::v1::RankingEntry* entry = response->add_entries();
      entry->set_rank(i > 0 && ranked[i - 1].score == r.score
                          ? response->entries(i - 1).rank()
                          : static_cast<int32_t>(i + 1));
      entry->set_score(r.score);
      entry->set_village(storage::UnitName(r.village));
      if (policy.anonymous_rankings) continue;
      // Names only of the villages the caller sees: a township's ranking
      // read from one of its villages shows the others' ranks and scores.
      ASSIGN_OR_RETURN(
          bool named, IsMember(caller)
                          ? r.village == own_village
                          : core_.access->Within(r.village, caller.scope_unit));
      if (!named) continue;
      uint64_t person = r.subject;
      if (households) {
        ASSIGN_OR_RETURN(storage::HouseholdRecord h,
                         reader.GetHousehold(r.subject));
        person = h.head();
        entry->set_subject(storage::HouseholdName(r.subject));
      } else {
        entry->set_subject(storage::VolunteerName(r.subject));
      }
      ASSIGN_OR_RETURN(storage::PersonRecord p, reader.GetPerson(person));
      entry->set_display_name(p.fields().full_name());
    }
    return absl::OkStatus();
  });
}

}  // namespace jiamei::services
