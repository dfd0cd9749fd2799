// Points policy as villages run it: each unit's settings, inherited by the
// units below it; the entries that wait for an officer's approval (made by
// a group leader, hours confirmed by someone other than the organiser, or
// recorded after the unit's deadline) and the decisions on them. Like the
// supermarket's rules, only the sequencer's applier calls it (through
// StateMachine) and the audit replays the log through it.
#ifndef JIAMEI_STORAGE_POLICY_POLICY_STATE_H_
#define JIAMEI_STORAGE_POLICY_POLICY_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "storage/activity/activity_state.h"
#include "storage/core/commands.h"
#include "storage/core/records.pb.h"
#include "storage/core/views.h"
#include "storage/market/market_state.h"
#include "storage/policy/backfill.h"

namespace jiamei::storage {

// Values of jiamei.v1 enums, as stored.
inline constexpr int32_t kExpiryInherit = 0;
inline constexpr int32_t kExpiryNever = 1;
inline constexpr int32_t kExpiryAfterDays = 2;
inline constexpr int32_t kExpiryYearEnd = 3;
inline constexpr int32_t kExpiryResetDate = 4;
inline constexpr int32_t kApprovalPending = 1;
inline constexpr int32_t kApprovalApproved = 2;
inline constexpr int32_t kApprovalRejected = 3;
inline constexpr int32_t kRoleGroupLeader = 6;
// Where no unit sets its back-fill window: the current and previous year.
inline constexpr int32_t kDefaultBackfillYears = 1;
inline constexpr int32_t kMaxBackfillYears = 5;

// The settings in force at a unit, each with the unit that set it (0: the
// built-in default).
struct EffectivePolicy {
  int32_t recording_deadline_days = 0;
  uint64_t recording_deadline_from = 0;
  ExpirySetting expiry;  // mode kExpiryNever by default
  uint64_t expiry_from = 0;
  std::vector<int32_t> star_hours;
  uint64_t star_levels_from = 0;
  bool anonymous_rankings = false;
  uint64_t anonymous_rankings_from = 0;
  // Back-fills (补录) may count on days from 1 January of this many years
  // before the current one (storage/policy/backfill.h).
  int32_t backfill_years = kDefaultBackfillYears;
  uint64_t backfill_years_from = 0;
};

// The record a policy_set entry writes for its unit: the unit's own
// settings as `entry` set them. Built here for the state machine and for
// the answer to SetUnitPolicy, which a later change must not alter.
PolicyRecord SetPolicyRecord(const EntryRecord& entry);

// The unit's own settings, if it set any.
absl::StatusOr<std::optional<PolicyRecord>> FindPolicy(const ReadViews& views,
                                                       uint64_t unit);
absl::StatusOr<EffectivePolicy> EffectivePolicyAt(const ReadViews& views,
                                                  uint64_t unit);
absl::StatusOr<ApprovalRecord> FindApproval(const ReadViews& views,
                                            uint64_t id);

// A village's expiry run for `period`, if there was one.
absl::StatusOr<std::optional<ExpiryRunRecord>> FindExpiryRun(
    const ReadViews& views, uint64_t village, const std::string& period);

inline constexpr char kExpiryReasonCode[] = "EXPIRY";

// The last day an event of `event` may be recorded on: `days` working days
// (Monday to Friday) after it.
absl::CivilDay RecordingDeadline(absl::CivilDay event, int32_t days);

// `logged` as it was requested. A proposal was requested as the award or
// confirmation it holds, so this may return a MarketChange or an
// ActivityChange.
Command::Op AsRequested(PolicyChange logged);

// The supermarket change an entry makes: its own, or the one an approval
// made; null for other entries.
const MarketChange* MarketOf(const EntryRecord& entry);
// The volunteer-service change an entry makes: its own, or the one an
// approval made; null for other entries.
const ActivityChange* ActivityOf(const EntryRecord& entry);
// The awards an entry makes or, for a proposal, asks for; null if none.
const AwardsMade* AwardsOf(const EntryRecord& entry);

class PolicyState {
 public:
  PolicyState(Views* views, MarketState* market, ActivityState* activity)
      : views_(views), market_(market), activity_(activity) {}

  // Whether an award or confirmation made by `actor` at `time_micros` must
  // wait for an officer: if so, the proposal to log instead (checked as
  // far as it can be now); nullopt when it is made at once.
  absl::StatusOr<std::optional<PolicyChange>> ProposalFor(
      const MarketChange& requested, uint64_t actor, const HeadRecord& head,
      int64_t time_micros) const;
  absl::StatusOr<std::optional<PolicyChange>> ProposalFor(
      const ActivityChange& requested, uint64_t actor, const HeadRecord& head,
      int64_t time_micros) const;

  // Checks `requested` by `actor` and fills what the sequencer decides.
  absl::StatusOr<PolicyChange> Check(const PolicyChange& requested,
                                     uint64_t actor, const HeadRecord& head,
                                     int64_t time_micros) const;

  // Writes the derived records of the logged `entry`, and of the change an
  // approval makes, and advances the id counters in `head`.
  absl::Status Apply(const EntryRecord& entry, HeadRecord* head);

 private:
  absl::StatusOr<bool> IsGroupLeader(uint64_t actor) const;
  // Completes `proposed` (id, deciding unit, event day, lateness), or
  // nullopt when nothing makes it wait; refuses a late one without a
  // reason. `policy` is the one in force at `unit`.
  absl::StatusOr<std::optional<PolicyChange>> Propose(
      EntryProposed proposed, bool must_wait, uint64_t unit,
      const EffectivePolicy& policy, absl::CivilDay event,
      absl::CivilDay recorded, const std::string& late_reason,
      const HeadRecord& head) const;
  // In policy_expiry.cc.
  absl::Status CheckExpiry(PointsExpired* expired, PolicyChange* out) const;
  absl::Status ApplyExpiry(const EntryRecord& entry);
  absl::Status CheckDecision(EntryDecided* decided, uint64_t actor,
                             const HeadRecord& head, int64_t time_micros) const;
  // The unit nearest to every household of `awards`.
  absl::StatusOr<uint64_t> DecidingUnit(const AwardsMade& awards) const;

  Views* views_;
  MarketState* market_;
  ActivityState* activity_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_POLICY_POLICY_STATE_H_
