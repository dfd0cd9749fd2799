#include "services/policy/policy_convert.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/convert.h"
#include "services/common/validation.h"
#include "services/policy/policy_errors.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"

namespace jiamei::services {
namespace {

constexpr int32_t kMaxDeadlineDays = 365;
constexpr int32_t kMaxExpiryDays = 3660;
constexpr int kMaxStarLevels = 10;
constexpr int32_t kMaxStarHours = 100000;

absl::StatusOr<storage::ExpirySetting> ExpiryFromProto(
    const jiamei::v1::ExpiryPolicy& expiry) {
  if (!jiamei::v1::ExpiryMode_IsValid(expiry.mode())) {
    return errors::InvalidExpiryMode();
  }
  const bool after = expiry.mode() == jiamei::v1::EXPIRY_MODE_AFTER_DAYS;
  const bool reset = expiry.mode() == jiamei::v1::EXPIRY_MODE_RESET_DATE;
  if (after ? (expiry.days() < 1 || expiry.days() > kMaxExpiryDays)
            : expiry.days() != 0) {
    return after ? errors::InvalidExpiryDays(kMaxExpiryDays, expiry.days())
                 : errors::InvalidExpiryDaysUnused();
  }
  if (reset) {
    // A day of a year that is not a leap year: "02-29" would skip years.
    absl::CivilDay day;
    const std::string text = absl::StrCat("2026-", expiry.reset_date());
    if (expiry.reset_date().size() != 5 || !absl::ParseCivilTime(text, &day) ||
        absl::FormatCivilTime(day) != text) {
      return errors::InvalidExpiryResetDate();
    }
  } else if (!expiry.reset_date().empty()) {
    return errors::InvalidExpiryResetDateUnused();
  }
  storage::ExpirySetting out;
  out.set_mode(expiry.mode());
  out.set_days(expiry.days());
  out.set_reset_date(expiry.reset_date());
  return out;
}

absl::Status CheckStarLevels(const jiamei::v1::StarLevels& levels) {
  if (levels.hours_size() < 1 || levels.hours_size() > kMaxStarLevels) {
    return errors::InvalidStarLevels(kMaxStarLevels, levels.hours_size());
  }
  int32_t before = 0;
  for (int32_t hours : levels.hours()) {
    if (hours <= before || hours > kMaxStarHours) {
      return errors::InvalidStarLevelHours(kMaxStarHours, hours, before);
    }
    before = hours;
  }
  return absl::OkStatus();
}

std::string UnitOrDefault(uint64_t unit) {
  return unit == 0 ? "" : storage::UnitName(unit);
}

}  // namespace

absl::StatusOr<storage::PolicyFields> PolicyFieldsFromProto(
    const jiamei::v1::UnitPolicy& policy) {
  ASSIGN_OR_RETURN(uint64_t unit, ParseName(policy.unit(), "units", "unit"));
  storage::PolicyFields out;
  out.set_unit(unit);
  if (policy.has_recording_deadline_days()) {
    const int32_t days = policy.recording_deadline_days();
    if (days < 0 || days > kMaxDeadlineDays) {
      return errors::InvalidDeadline(kMaxDeadlineDays, days);
    }
    out.set_recording_deadline_days(days);
  }
  if (policy.has_expiry() &&
      policy.expiry().mode() != jiamei::v1::EXPIRY_MODE_UNSPECIFIED) {
    ASSIGN_OR_RETURN(storage::ExpirySetting expiry,
                     ExpiryFromProto(policy.expiry()));
    *out.mutable_expiry() = std::move(expiry);
  } else if (policy.expiry().days() != 0 ||
             !policy.expiry().reset_date().empty()) {
    return errors::InvalidExpiryWithoutMode();
  }
  if (policy.has_star_levels()) {
    RETURN_IF_ERROR(CheckStarLevels(policy.star_levels()));
    *out.mutable_star_levels()->mutable_hours() = policy.star_levels().hours();
  }
  if (policy.has_anonymous_rankings()) {
    out.set_anonymous_rankings(policy.anonymous_rankings());
  }
  if (policy.has_backfill_years()) {
    const int32_t years = policy.backfill_years();
    if (years < 0 || years > storage::kMaxBackfillYears) {
      return errors::InvalidBackfillYears(storage::kMaxBackfillYears, years);
    }
    out.set_backfill_years(years);
  }
  return out;
}

void UnitPolicyToProto(const storage::PolicyRecord& record,
                       jiamei::v1::UnitPolicy* out) {
  const storage::PolicyFields& p = record.policy();
  out->set_unit(storage::UnitName(p.unit()));
  if (p.has_recording_deadline_days()) {
    out->set_recording_deadline_days(p.recording_deadline_days());
  }
  if (p.has_expiry()) {
    out->mutable_expiry()->set_mode(
        static_cast<jiamei::v1::ExpiryMode>(p.expiry().mode()));
    out->mutable_expiry()->set_days(p.expiry().days());
    out->mutable_expiry()->set_reset_date(p.expiry().reset_date());
  }
  if (p.has_star_levels()) {
    *out->mutable_star_levels()->mutable_hours() = p.star_levels().hours();
  }
  if (p.has_anonymous_rankings()) {
    out->set_anonymous_rankings(p.anonymous_rankings());
  }
  if (p.has_backfill_years()) out->set_backfill_years(p.backfill_years());
  out->set_sequence(record.sequence());
  SetTime(record.time_micros(), out->mutable_update_time());
  if (record.actor() != 0) {
    out->set_operator_(storage::OperatorName(record.actor()));
  }
}

void EffectivePolicyToProto(uint64_t unit,
                            const storage::EffectivePolicy& policy,
                            jiamei::v1::EffectivePolicy* out) {
  out->set_unit(storage::UnitName(unit));
  out->set_recording_deadline_days(policy.recording_deadline_days);
  out->set_recording_deadline_from(
      UnitOrDefault(policy.recording_deadline_from));
  out->mutable_expiry()->set_mode(
      static_cast<jiamei::v1::ExpiryMode>(policy.expiry.mode()));
  out->mutable_expiry()->set_days(policy.expiry.days());
  out->mutable_expiry()->set_reset_date(policy.expiry.reset_date());
  out->set_expiry_from(UnitOrDefault(policy.expiry_from));
  for (int32_t hours : policy.star_hours) {
    out->mutable_star_levels()->add_hours(hours);
  }
  out->set_star_levels_from(UnitOrDefault(policy.star_levels_from));
  out->set_anonymous_rankings(policy.anonymous_rankings);
  out->set_anonymous_rankings_from(
      UnitOrDefault(policy.anonymous_rankings_from));
  out->set_backfill_years(policy.backfill_years);
  out->set_backfill_years_from(UnitOrDefault(policy.backfill_years_from));
}

void ApprovalToProto(uint64_t id, const storage::ApprovalRecord& record,
                     jiamei::v1::Approval* out) {
  const storage::EntryProposed& p = record.proposed();
  out->set_name(storage::ApprovalName(id));
  out->set_state(static_cast<jiamei::v1::ApprovalState>(record.state()));
  out->set_unit(storage::UnitName(p.unit()));
  for (const storage::AwardLine& line : p.awards().lines()) {
    jiamei::v1::AwardLine* shown = out->add_award_lines();
    shown->set_household(storage::HouseholdName(line.household()));
    shown->set_rule(storage::RuleName(line.rule()));
    shown->set_note(line.note());
  }
  if (p.has_hours()) {
    out->set_activity(absl::StrCat("activities/", p.hours().activity_id()));
    for (const storage::MinutesAdjustment& a : p.hours().adjustments()) {
      jiamei::v1::HoursAdjustment* shown = out->add_adjustments();
      shown->set_volunteer(storage::VolunteerName(a.volunteer()));
      shown->set_minutes(a.minutes());
    }
  }
  out->set_event_date(p.event_date());
  out->set_late(p.late());
  out->set_late_reason(p.has_awards() ? p.awards().late_reason()
                                      : p.hours().late_reason());
  out->set_proposer(storage::OperatorName(record.proposer()));
  SetTime(record.propose_time_micros(), out->mutable_propose_time());
  out->set_propose_sequence(record.propose_sequence());
  if (record.decide_sequence() == 0) return;
  out->set_decider(storage::OperatorName(record.decider()));
  SetTime(record.decide_time_micros(), out->mutable_decide_time());
  out->set_decide_sequence(record.decide_sequence());
  out->set_note(record.note());
}

void HonourToProto(const storage::HonourRecord& record,
                   jiamei::v1::Honour* out) {
  out->set_score(record.score());
  out->set_service_minutes(record.service_minutes());
  out->set_star_level(record.stars_size());
  for (const storage::StarEntry& star : record.stars()) {
    jiamei::v1::StarReached* shown = out->add_stars();
    shown->set_level(star.level());
    shown->set_hours(star.hours());
    shown->set_date(star.date());
    shown->set_sequence(star.sequence());
  }
}

}  // namespace jiamei::services
