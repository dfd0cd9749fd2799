#include "storage/policy/policy_state.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_keys.h"

namespace jiamei::storage {
namespace {

using absl::StatusCode;

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

absl::StatusOr<std::optional<PolicyRecord>> FindPolicy(const ReadViews& views,
                                                       uint64_t unit) {
  PolicyRecord record;
  absl::StatusOr<bool> found =
      views.GetProto(Cf::kRegistry, RecordKey(Record::kPolicy, unit), &record);
  if (!found.ok()) return found.status();
  if (!*found) return std::nullopt;
  return record;
}

absl::StatusOr<EffectivePolicy> EffectivePolicyAt(const ReadViews& views,
                                                  uint64_t unit) {
  absl::StatusOr<std::vector<uint64_t>> units = UnitAndAncestors(views, unit);
  if (!units.ok()) return units.status();
  EffectivePolicy out;
  out.expiry.set_mode(kExpiryNever);
  bool deadline = false, expiry = false, stars = false, anonymous = false;
  for (uint64_t id : *units) {
    absl::StatusOr<std::optional<PolicyRecord>> record = FindPolicy(views, id);
    if (!record.ok()) return record.status();
    if (!record->has_value()) continue;
    const PolicyFields& p = (*record)->policy();
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
  }
  return out;
}

absl::StatusOr<ApprovalRecord> FindApproval(const ReadViews& views,
                                            uint64_t id) {
  return views.Require<ApprovalRecord>(Record::kApproval, id,
                                       "APPROVAL_NOT_FOUND", ApprovalName(id));
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
  absl::StatusOr<OperatorRecord> op = views_->Require<OperatorRecord>(
      Record::kOperator, actor, "OPERATOR_NOT_FOUND", OperatorName(actor));
  if (!op.ok()) return op.status();
  return op->operator_().role() == kRoleGroupLeader;
}

absl::StatusOr<uint64_t> PolicyState::DecidingUnit(
    const AwardsMade& awards) const {
  // The chain of units above the first household's village, cut to the
  // part every other household's village lies under.
  std::vector<uint64_t> common;
  bool first = true;
  for (const AwardLine& line : awards.lines()) {
    absl::StatusOr<HouseholdRecord> household =
        views_->Require<HouseholdRecord>(Record::kHousehold, line.household(),
                                         "HOUSEHOLD_NOT_FOUND",
                                         HouseholdName(line.household()));
    if (!household.ok()) return household.status();
    if (!first && !common.empty() && common.front() == household->village()) {
      continue;
    }
    absl::StatusOr<std::vector<uint64_t>> units =
        UnitAndAncestors(*views_, household->village());
    if (!units.ok()) return units.status();
    if (first) {
      common = *std::move(units);
      first = false;
      continue;
    }
    while (!common.empty() && std::find(units->begin(), units->end(),
                                        common.front()) == units->end()) {
      common.erase(common.begin());
    }
  }
  return common.empty() ? 0 : common.front();
}

absl::StatusOr<std::optional<PolicyChange>> PolicyState::Propose(
    EntryProposed proposed, bool must_wait, uint64_t unit, absl::CivilDay event,
    absl::CivilDay recorded, const std::string& late_reason,
    const HeadRecord& head) const {
  absl::StatusOr<EffectivePolicy> policy = EffectivePolicyAt(*views_, unit);
  if (!policy.ok()) return policy.status();
  const int32_t days = policy->recording_deadline_days;
  const bool late = days > 0 && recorded > RecordingDeadline(event, days);
  if (late && late_reason.empty()) {
    return Refusal(
        StatusCode::kFailedPrecondition, "LATE_REASON_REQUIRED",
        absl::StrCat("the event of ", absl::FormatCivilTime(event),
                     " is recorded after ", UnitName(unit), "'s deadline of ",
                     days, " working days (",
                     absl::FormatCivilTime(RecordingDeadline(event, days)),
                     "): give a late_reason; an officer will approve it"));
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
  absl::StatusOr<bool> leader = IsGroupLeader(actor);
  if (!leader.ok()) return leader.status();
  // Judged as far as it can be now: a rule outside the households' units,
  // an unknown household or rule is refused at once.
  absl::StatusOr<MarketChange> checked =
      market_->Check(requested, head, time_micros);
  if (!checked.ok()) return checked.status();
  absl::StatusOr<uint64_t> unit = DecidingUnit(awards);
  if (!unit.ok()) return unit.status();
  const absl::CivilDay recorded = MarketDay(
      awards.desk_time_micros() != 0 ? awards.desk_time_micros() : time_micros);
  EntryProposed proposed;
  *proposed.mutable_awards() = awards;
  return Propose(std::move(proposed), *leader, *unit,
                 ParseDayOr(awards.event_date(), recorded), recorded,
                 awards.late_reason(), head);
}

absl::StatusOr<std::optional<PolicyChange>> PolicyState::ProposalFor(
    const ActivityChange& requested, uint64_t actor, const HeadRecord& head,
    int64_t time_micros) const {
  if (!requested.has_confirmed()) return std::nullopt;
  const HoursConfirmed& hours = requested.confirmed();
  absl::StatusOr<ActivityRecord> activity =
      FindActivity(*views_, hours.activity_id());
  if (!activity.ok()) return activity.status();
  absl::StatusOr<ActivityChange> checked =
      activity_->Check(requested, head, time_micros);
  if (!checked.ok()) return checked.status();
  const bool organiser =
      activity->history_size() > 0 && activity->history(0).actor() == actor;
  EntryProposed proposed;
  *proposed.mutable_hours() = hours;
  return Propose(std::move(proposed), !organiser, activity->activity().unit(),
                 MarketDay(activity->activity().end_micros()),
                 MarketDay(time_micros), hours.late_reason(), head);
}

absl::StatusOr<PolicyChange> PolicyState::Check(const PolicyChange& requested,
                                                uint64_t actor,
                                                const HeadRecord& head,
                                                int64_t time_micros) const {
  PolicyChange out = requested;
  switch (out.change_case()) {
    case PolicyChange::kPolicySet: {
      const uint64_t unit = out.policy_set().policy().unit();
      absl::StatusOr<UnitRecord> record = views_->Require<UnitRecord>(
          Record::kUnit, unit, "UNIT_NOT_FOUND", UnitName(unit));
      if (!record.ok()) return record.status();
      return out;
    }
    case PolicyChange::kDecided: {
      absl::Status s =
          CheckDecision(out.mutable_decided(), actor, head, time_micros);
      if (!s.ok()) return s;
      return out;
    }
    case PolicyChange::kExpired: {
      absl::Status s = CheckExpiry(out.mutable_expired(), &out);
      if (!s.ok()) return s;
      return out;
    }
    default:
      return Refusal(StatusCode::kInvalidArgument, "INVALID_CHANGE",
                     "no policy change given");
  }
}

absl::Status PolicyState::CheckDecision(EntryDecided* decided, uint64_t actor,
                                        const HeadRecord& head,
                                        int64_t time_micros) const {
  absl::StatusOr<ApprovalRecord> approval =
      FindApproval(*views_, decided->approval_id());
  if (!approval.ok()) return approval.status();
  const std::string name = ApprovalName(decided->approval_id());
  if (approval->state() != kApprovalPending) {
    return Refusal(
        StatusCode::kFailedPrecondition, "ALREADY_DECIDED",
        absl::StrCat(
            name, " was already ",
            approval->state() == kApprovalApproved ? "approved" : "rejected",
            " by ", OperatorName(approval->decider()), " in ",
            TransferName(approval->decide_sequence())));
  }
  if (approval->proposer() == actor) {
    return Refusal(
        StatusCode::kPermissionDenied, "SELF_APPROVAL",
        absl::StrCat(name, " is your own entry: another officer decides"));
  }
  if (!decided->approved()) return absl::OkStatus();
  const EntryProposed& proposed = approval->proposed();
  if (proposed.has_awards()) {
    MarketChange market;
    *market.mutable_awards_made() = proposed.awards();
    absl::StatusOr<MarketChange> made =
        market_->Check(market, head, time_micros);
    if (!made.ok()) return made.status();
    *decided->mutable_market() = *std::move(made);
  } else {
    ActivityChange activity;
    *activity.mutable_confirmed() = proposed.hours();
    absl::StatusOr<ActivityChange> made =
        activity_->Check(activity, head, time_micros);
    if (!made.ok()) return made.status();
    *decided->mutable_activity() = *std::move(made);
  }
  return absl::OkStatus();
}

absl::Status PolicyState::Apply(const EntryRecord& entry, HeadRecord* head) {
  const PolicyChange& change = entry.policy();
  switch (change.change_case()) {
    case PolicyChange::kPolicySet: {
      PolicyRecord record;
      *record.mutable_policy() = change.policy_set().policy();
      record.set_sequence(entry.sequence());
      record.set_time_micros(entry.time_micros());
      record.set_actor(entry.actor());
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
      absl::StatusOr<std::vector<uint64_t>> units =
          UnitAndAncestors(*views_, proposed.unit());
      if (!units.ok()) return units.status();
      for (uint64_t unit : *units) {
        views_->Put(
            Cf::kIndex,
            IndexKey(Index::kUnitApproval, unit, proposed.approval_id()), "");
      }
      head->set_last_approval_id(proposed.approval_id());
      return absl::OkStatus();
    }
    case PolicyChange::kDecided: {
      const EntryDecided& decided = change.decided();
      absl::StatusOr<ApprovalRecord> record =
          FindApproval(*views_, decided.approval_id());
      if (!record.ok()) return record.status();
      record->set_state(decided.approved() ? kApprovalApproved
                                           : kApprovalRejected);
      record->set_decider(entry.actor());
      record->set_decide_sequence(entry.sequence());
      record->set_decide_time_micros(entry.time_micros());
      record->set_note(decided.note());
      if (decided.has_market()) {
        if (absl::Status s = market_->Apply(AsBody(entry, decided), head);
            !s.ok()) {
          return s;
        }
      } else if (decided.has_activity()) {
        if (absl::Status s = activity_->Apply(AsBody(entry, decided), head);
            !s.ok()) {
          return s;
        }
      }
      views_->PutProto(Cf::kRegistry,
                       RecordKey(Record::kApproval, decided.approval_id()),
                       *record);
      return absl::OkStatus();
    }
    case PolicyChange::kExpired:
      return ApplyExpiry(entry);
    default:
      return absl::InternalError("empty policy change");
  }
}

}  // namespace jiamei::storage
