#include "storage/policy/policy_state.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_errors.h"
#include "storage/policy/backfill.h"
#include "storage/policy/policy_errors.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"

namespace jiamei::storage {
namespace {

// Records of the same log entry, as `entry` but carrying `market` or
// `activity` as its body: how an approved change is applied.
EntryRecord AsBody(const EntryRecord& entry, const EntryDecided& decided) {
  EntryRecord inner;
  inner.set_sequence(entry.sequence());
  inner.set_time_micros(entry.time_micros());
  inner.set_request_id(entry.request_id());
  inner.set_actor(entry.actor());
  if (decided.has_market()) {
    *inner.mutable_market() = decided.market();
  } else {
    *inner.mutable_activity() = decided.activity();
  }
  return inner;
}

absl::CivilDay ParseDayOr(const std::string& text, absl::CivilDay fallback) {
  absl::CivilDay day;
  return !text.empty() && absl::ParseCivilTime(text, &day) ? day : fallback;
}

}  // namespace

PolicyRecord SetPolicyRecord(const EntryRecord& entry) {
  PolicyRecord record;
  *record.mutable_policy() = entry.policy().policy_set().policy();
  record.set_sequence(entry.sequence());
  record.set_time_micros(entry.time_micros());
  record.set_actor(entry.actor());
  return record;
}

absl::StatusOr<std::optional<PolicyRecord>> FindPolicy(const ReadViews& views,
                                                       uint64_t unit) {
  PolicyRecord record;
  ASSIGN_OR_RETURN(
      const bool found,
      views.GetProto(Cf::kRegistry, RecordKey(Record::kPolicy, unit), &record));
  if (!found) return std::nullopt;
  return record;
}

absl::StatusOr<EffectivePolicy> EffectivePolicyAt(const ReadViews& views,
                                                  uint64_t unit) {
  ASSIGN_OR_RETURN(const std::vector<uint64_t> units,
                   UnitAndAncestors(views, unit));
  EffectivePolicy out;
  out.expiry.set_mode(kExpiryNever);
  bool deadline = false, expiry = false, stars = false, anonymous = false,
       backfill = false;
  for (uint64_t id : units) {
    ASSIGN_OR_RETURN(const std::optional<PolicyRecord> record,
                     FindPolicy(views, id));
    if (!record.has_value()) continue;
    const PolicyFields& p = record->policy();
    if (!deadline && p.has_recording_deadline_days()) {
      deadline = true;
      out.recording_deadline_days = p.recording_deadline_days();
      out.recording_deadline_from = id;
    }
    if (!expiry && p.expiry().mode() != kExpiryInherit) {
      expiry = true;
      out.expiry = p.expiry();
      out.expiry_from = id;
    }
    if (!stars && p.has_star_levels()) {
      stars = true;
      out.star_hours.assign(p.star_levels().hours().begin(),
                            p.star_levels().hours().end());
      out.star_levels_from = id;
    }
    if (!anonymous && p.has_anonymous_rankings()) {
      anonymous = true;
      out.anonymous_rankings = p.anonymous_rankings();
      out.anonymous_rankings_from = id;
    }
    if (!backfill && p.has_backfill_years()) {
      backfill = true;
      out.backfill_years = p.backfill_years();
      out.backfill_years_from = id;
    }
  }
  return out;
}

absl::StatusOr<ApprovalRecord> FindApproval(const ReadViews& views,
                                            uint64_t id) {
  return RequireRecord<ApprovalRecord>(views, Record::kApproval, id,
                                       errors::ApprovalNotFound);
}

absl::CivilDay RecordingDeadline(absl::CivilDay event, int32_t days) {
  absl::CivilDay day = event;
  for (int32_t left = days; left > 0;) {
    ++day;
    const absl::Weekday weekday = absl::GetWeekday(day);
    if (weekday != absl::Weekday::saturday &&
        weekday != absl::Weekday::sunday) {
      --left;
    }
  }
  return day;
}

const MarketChange* MarketOf(const EntryRecord& entry) {
  if (entry.has_market()) return &entry.market();
  if (entry.policy().decided().has_market()) {
    return &entry.policy().decided().market();
  }
  return nullptr;
}

const ActivityChange* ActivityOf(const EntryRecord& entry) {
  if (entry.has_activity()) return &entry.activity();
  if (entry.policy().decided().has_activity()) {
    return &entry.policy().decided().activity();
  }
  return nullptr;
}

const AwardsMade* AwardsOf(const EntryRecord& entry) {
  if (const MarketChange* market = MarketOf(entry)) {
    return market->has_awards_made() ? &market->awards_made() : nullptr;
  }
  if (entry.policy().proposed().has_awards()) {
    return &entry.policy().proposed().awards();
  }
  return nullptr;
}

Command::Op AsRequested(PolicyChange logged) {
  logged.clear_transfers();
  switch (logged.change_case()) {
    case PolicyChange::kProposed: {
      const EntryProposed& p = logged.proposed();
      if (p.has_awards()) {
        MarketChange market;
        *market.mutable_awards_made() = p.awards();
        return market;
      }
      ActivityChange activity;
      *activity.mutable_confirmed() = p.hours();
      return activity;
    }
    case PolicyChange::kDecided:
      logged.mutable_decided()->clear_market();
      logged.mutable_decided()->clear_activity();
      break;
    case PolicyChange::kExpired:
      logged.mutable_expired()->clear_period();
      logged.mutable_expired()->clear_cutoff_day();
      logged.mutable_expired()->clear_issuer();
      for (ExpiredHousehold& h :
           *logged.mutable_expired()->mutable_households()) {
        h.clear_points();
      }
      break;
    default:
      break;
  }
  return logged;
}

absl::StatusOr<bool> PolicyState::IsGroupLeader(uint64_t actor) const {
  if (actor == 0) return false;
  ASSIGN_OR_RETURN(const OperatorRecord op, FindOperator(*views_, actor));
  return op.operator_().role() == kRoleGroupLeader;
}

absl::StatusOr<uint64_t> PolicyState::DecidingUnit(
    const AwardsMade& awards) const {
  // The chain of units above the first household's village, cut to the
  // part every other household's village lies under.
  std::vector<uint64_t> common;
  bool first = true;
  for (const AwardLine& line : awards.lines()) {
    ASSIGN_OR_RETURN(const HouseholdRecord household,
                     FindHousehold(*views_, line.household()));
    if (!first && !common.empty() && common.front() == household.village()) {
      continue;
    }
    ASSIGN_OR_RETURN(std::vector<uint64_t> units,
                     UnitAndAncestors(*views_, household.village()));
    if (first) {
      common = std::move(units);
      first = false;
      continue;
    }
    while (!common.empty() && std::find(units.begin(), units.end(),
                                        common.front()) == units.end()) {
      common.erase(common.begin());
    }
  }
  return common.empty() ? 0 : common.front();
}

absl::StatusOr<std::optional<PolicyChange>> PolicyState::Propose(
    EntryProposed proposed, bool must_wait, uint64_t unit,
    const EffectivePolicy& policy, absl::CivilDay event,
    absl::CivilDay recorded, const std::string& late_reason,
    const HeadRecord& head) const {
  const int32_t days = policy.recording_deadline_days;
  const bool late = days > 0 && recorded > RecordingDeadline(event, days);
  if (late && late_reason.empty()) {
    return errors::LateReasonRequired(event, unit, days,
                                      RecordingDeadline(event, days));
  }
  if (!late && !must_wait) return std::nullopt;
  proposed.set_approval_id(head.last_approval_id() + 1);
  proposed.set_unit(unit);
  proposed.set_event_date(absl::FormatCivilTime(event));
  proposed.set_late(late);
  PolicyChange change;
  *change.mutable_proposed() = std::move(proposed);
  return change;
}

absl::StatusOr<std::optional<PolicyChange>> PolicyState::ProposalFor(
    const MarketChange& requested, uint64_t actor, const HeadRecord& head,
    int64_t time_micros) const {
  if (!requested.has_awards_made()) return std::nullopt;
  const AwardsMade& awards = requested.awards_made();
  ASSIGN_OR_RETURN(const bool leader, IsGroupLeader(actor));
  // Judged as far as it can be now: a rule outside the households' units,
  // an unknown household or rule is refused at once.
  RETURN_IF_ERROR(market_->Check(requested, head, time_micros).status());
  ASSIGN_OR_RETURN(const uint64_t unit, DecidingUnit(awards));
  const absl::CivilDay recorded = MarketDay(
      awards.desk_time_micros() != 0 ? awards.desk_time_micros() : time_micros);
  const absl::CivilDay event = ParseDayOr(awards.event_date(), recorded);
  ASSIGN_OR_RETURN(const EffectivePolicy policy,
                   EffectivePolicyAt(*views_, unit));
  RETURN_IF_ERROR(CheckBackfillWindow(policy, unit, event, recorded));
  EntryProposed proposed;
  *proposed.mutable_awards() = awards;
  return Propose(std::move(proposed), leader, unit, policy, event, recorded,
                 awards.late_reason(), head);
}

absl::StatusOr<std::optional<PolicyChange>> PolicyState::ProposalFor(
    const ActivityChange& requested, uint64_t actor, const HeadRecord& head,
    int64_t time_micros) const {
  if (!requested.has_confirmed()) return std::nullopt;
  const HoursConfirmed& hours = requested.confirmed();
  ASSIGN_OR_RETURN(const ActivityRecord activity,
                   FindActivity(*views_, hours.activity_id()));
  RETURN_IF_ERROR(activity_->Check(requested, head, time_micros).status());
  const bool organiser =
      activity.history_size() > 0 && activity.history(0).actor() == actor;
  const uint64_t unit = activity.activity().unit();
  ASSIGN_OR_RETURN(const EffectivePolicy policy,
                   EffectivePolicyAt(*views_, unit));
  EntryProposed proposed;
  *proposed.mutable_hours() = hours;
  return Propose(std::move(proposed), !organiser, unit, policy,
                 MarketDay(activity.activity().end_micros()),
                 MarketDay(time_micros), hours.late_reason(), head);
}

absl::StatusOr<PolicyChange> PolicyState::Check(const PolicyChange& requested,
                                                uint64_t actor,
                                                const HeadRecord& head,
                                                int64_t time_micros) const {
  PolicyChange out = requested;
  switch (out.change_case()) {
    case PolicyChange::kPolicySet: {
      RETURN_IF_ERROR(
          FindUnit(*views_, out.policy_set().policy().unit()).status());
      return out;
    }
    case PolicyChange::kDecided:
      RETURN_IF_ERROR(
          CheckDecision(out.mutable_decided(), actor, head, time_micros));
      return out;
    case PolicyChange::kExpired:
      RETURN_IF_ERROR(CheckExpiry(out.mutable_expired(), &out));
      return out;
    default:
      return errors::InvalidChange("policy");
  }
}

absl::Status PolicyState::CheckDecision(EntryDecided* decided, uint64_t actor,
                                        const HeadRecord& head,
                                        int64_t time_micros) const {
  ASSIGN_OR_RETURN(const ApprovalRecord approval,
                   FindApproval(*views_, decided->approval_id()));
  if (approval.state() != kApprovalPending) {
    return errors::AlreadyDecided(
        decided->approval_id(), approval.state() == kApprovalApproved,
        approval.decider(), approval.decide_sequence());
  }
  if (approval.proposer() == actor) {
    return errors::SelfApproval(decided->approval_id());
  }
  if (!decided->approved()) return absl::OkStatus();
  const EntryProposed& proposed = approval.proposed();
  if (proposed.has_awards()) {
    MarketChange market;
    *market.mutable_awards_made() = proposed.awards();
    ASSIGN_OR_RETURN(*decided->mutable_market(),
                     market_->Check(market, head, time_micros));
  } else {
    ActivityChange activity;
    *activity.mutable_confirmed() = proposed.hours();
    ASSIGN_OR_RETURN(*decided->mutable_activity(),
                     activity_->Check(activity, head, time_micros));
  }
  return absl::OkStatus();
}

absl::Status PolicyState::Apply(const EntryRecord& entry, HeadRecord* head) {
  const PolicyChange& change = entry.policy();
  switch (change.change_case()) {
    case PolicyChange::kPolicySet: {
      const PolicyRecord record = SetPolicyRecord(entry);
      views_->PutProto(Cf::kRegistry,
                       RecordKey(Record::kPolicy, record.policy().unit()),
                       record);
      return absl::OkStatus();
    }
    case PolicyChange::kProposed: {
      const EntryProposed& proposed = change.proposed();
      ApprovalRecord record;
      *record.mutable_proposed() = proposed;
      record.set_proposer(entry.actor());
      record.set_propose_sequence(entry.sequence());
      record.set_propose_time_micros(entry.time_micros());
      record.set_state(kApprovalPending);
      views_->PutProto(Cf::kRegistry,
                       RecordKey(Record::kApproval, proposed.approval_id()),
                       record);
      ASSIGN_OR_RETURN(const std::vector<uint64_t> units,
                       UnitAndAncestors(*views_, proposed.unit()));
      for (uint64_t unit : units) {
        views_->Put(
            Cf::kIndex,
            IndexKey(Index::kUnitApproval, unit, proposed.approval_id()), "");
      }
      head->set_last_approval_id(proposed.approval_id());
      return absl::OkStatus();
    }
    case PolicyChange::kDecided: {
      const EntryDecided& decided = change.decided();
      ASSIGN_OR_RETURN(ApprovalRecord record,
                       FindApproval(*views_, decided.approval_id()));
      record.set_state(decided.approved() ? kApprovalApproved
                                          : kApprovalRejected);
      record.set_decider(entry.actor());
      record.set_decide_sequence(entry.sequence());
      record.set_decide_time_micros(entry.time_micros());
      record.set_note(decided.note());
      if (decided.has_market()) {
        RETURN_IF_ERROR(market_->Apply(AsBody(entry, decided), head));
      } else if (decided.has_activity()) {
        RETURN_IF_ERROR(activity_->Apply(AsBody(entry, decided), head));
      }
      views_->PutProto(Cf::kRegistry,
                       RecordKey(Record::kApproval, decided.approval_id()),
                       record);
      return absl::OkStatus();
    }
    case PolicyChange::kExpired:
      return ApplyExpiry(entry);
    default:
      return absl::InternalError("empty policy change");
  }
}

}  // namespace jiamei::storage
