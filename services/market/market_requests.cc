#include "services/market/market_requests.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/validation.h"
#include "services/market/market_errors.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_errors.h"
#include "storage/market/market_state.h"

namespace jiamei::services {
namespace {

// The refusal of line `i` of a request: `refusal`'s code and reason, its
// message after "line i: ".
absl::Status AtLine(int i, const absl::Status& refusal) {
  return Refusal(refusal.code(), RefusalReason(refusal),
                 absl::StrCat("line ", i, ": ", refusal.message()));
}

// "YYYY-MM-DD" from 2000 to 2099: rules may start or end in the future.
// Otherwise the refusal `invalid` makes of the date.
absl::Status ValidateRuleDate(absl::string_view date,
                              absl::Status (*invalid)(absl::string_view date)) {
  absl::CivilDay day;
  if (date.size() != 10 || !absl::ParseCivilTime(date, &day) ||
      absl::FormatCivilTime(day) != date || day.year() < 2000 ||
      day.year() > 2099) {
    return invalid(date);
  }
  return absl::OkStatus();
}

// 1 to kMaxPoints; otherwise the refusal `invalid` makes of the range and the
// value.
absl::Status ValidatePoints(int64_t points,
                            absl::Status (*invalid)(int64_t max,
                                                    int64_t points)) {
  if (points < 1 || points > kMaxPoints) return invalid(kMaxPoints, points);
  return absl::OkStatus();
}

// Every award and stock movement says why: 1 to 1024 bytes of UTF-8.
absl::Status ValidateNote(absl::string_view note) {
  return ValidateText(note, "note", 1, kMaxMemoBytes);
}

absl::StatusOr<int64_t> DeskMicros(bool has_time,
                                   const google::protobuf::Timestamp& time,
                                   bool required, absl::Time now) {
  if (!has_time) {
    if (required) return errors::DeskTimeRequired();
    return 0;
  }
  if (time.nanos() < 0 || time.nanos() > 999999999) {
    return errors::InvalidDeskTimeNanos();
  }
  const absl::Time at =
      absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos());
  if (at > now + kDeskClockSlack) {
    return errors::DeskTimeInFuture(at);
  }
  if (at < now - kDeskQueueAge) {
    return errors::DeskTimeTooOld(at);
  }
  return absl::ToUnixMicros(at);
}

// The event day and late reason of awards. Only the date's form is checked
// here: whether the day may be recorded is the unit's back-fill window
// (storage/policy/backfill.h).
absl::Status SetEvent(absl::string_view event_date,
                      absl::string_view late_reason,
                      storage::AwardsMade* awards) {
  if (!event_date.empty()) {
    absl::CivilDay day;
    if (event_date.size() != 10 || !absl::ParseCivilTime(event_date, &day) ||
        absl::FormatCivilTime(day) != event_date) {
      return errors::InvalidEventDate(event_date);
    }
  }
  if (!late_reason.empty()) {
    RETURN_IF_ERROR(ValidateText(late_reason, "late_reason", 1, kMaxMemoBytes));
  }
  awards->set_event_date(std::string(event_date));
  awards->set_late_reason(std::string(late_reason));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<storage::RuleFields> RuleFieldsFromProto(
    const jiamei::v1::Rule& rule, bool publishing) {
  storage::RuleFields fields;
  if (publishing) {
    ASSIGN_OR_RETURN(uint64_t unit, ParseName(rule.unit(), "units", "unit"));
    RETURN_IF_ERROR(ValidateIdentifier(rule.code(), "code", 32, false, "-"));
    for (char c : rule.code()) {
      if (c >= 'a' && c <= 'z') {
        return errors::InvalidCode();
      }
    }
    fields.set_unit(unit);
    fields.set_code(rule.code());
  }
  RETURN_IF_ERROR(ValidateDisplayName(rule.display_name()));
  if (!jiamei::v1::RuleCategory_IsValid(rule.category()) ||
      rule.category() == jiamei::v1::RULE_CATEGORY_UNSPECIFIED) {
    return errors::InvalidRuleCategory();
  }
  RETURN_IF_ERROR(ValidatePoints(rule.points(), errors::InvalidRulePoints));
  if (!jiamei::v1::CapPeriod_IsValid(rule.cap_period())) {
    return errors::InvalidCapPeriod();
  }
  const bool capped = rule.cap_period() != jiamei::v1::CAP_PERIOD_NONE;
  if (capped ? (rule.cap_points() < rule.points() ||
                rule.cap_points() > 100 * kMaxPoints)
             : rule.cap_points() != 0) {
    return capped ? errors::InvalidCapPoints(rule.points(), 100 * kMaxPoints)
                  : errors::CapPointsWithoutPeriod();
  }
  RETURN_IF_ERROR(
      ValidateRuleDate(rule.valid_from(), errors::InvalidValidFrom));
  if (!rule.valid_to().empty()) {
    RETURN_IF_ERROR(ValidateRuleDate(rule.valid_to(), errors::InvalidValidTo));
    if (rule.valid_to() < rule.valid_from()) {
      return errors::ValidToBeforeValidFrom();
    }
  }
  fields.set_display_name(rule.display_name());
  fields.set_category(rule.category());
  fields.set_points(rule.points());
  fields.set_cap_period(rule.cap_period());
  fields.set_cap_points(rule.cap_points());
  fields.set_valid_from(rule.valid_from());
  fields.set_valid_to(rule.valid_to());
  fields.set_deduction(rule.deduction());
  return fields;
}

absl::StatusOr<storage::GoodFields> GoodFieldsFromProto(
    const jiamei::v1::Good& good) {
  RETURN_IF_ERROR(ValidateDisplayName(good.display_name()));
  RETURN_IF_ERROR(ValidateText(good.measure(), "measure", 1, 20));
  RETURN_IF_ERROR(ValidatePoints(good.price(), errors::InvalidPrice));
  storage::GoodFields fields;
  fields.set_display_name(good.display_name());
  fields.set_measure(good.measure());
  fields.set_price(good.price());
  fields.set_active(good.active());
  return fields;
}

absl::StatusOr<int64_t> DeskMicrosFromProto(
    const jiamei::v1::AwardPointsRequest& r, bool required, absl::Time now) {
  return DeskMicros(r.has_desk_time(), r.desk_time(), required, now);
}

absl::StatusOr<int64_t> DeskMicrosFromProto(const jiamei::v1::RedeemRequest& r,
                                            bool required, absl::Time now) {
  return DeskMicros(r.has_desk_time(), r.desk_time(), required, now);
}

absl::StatusOr<storage::AwardLine> AwardLineFromProto(
    const jiamei::v1::AwardLine& line) {
  ASSIGN_OR_RETURN(uint64_t household,
                   ParseName(line.household(), "households", "household"));
  ASSIGN_OR_RETURN(uint64_t rule, ParseName(line.rule(), "rules", "rule"));
  RETURN_IF_ERROR(ValidateNote(line.note()));
  storage::AwardLine out;
  out.set_household(household);
  out.set_rule(rule);
  out.set_note(line.note());
  return out;
}

absl::StatusOr<storage::AwardsMade> AwardsFromProto(
    const jiamei::v1::AwardBatchRequest& request) {
  if (request.lines().empty() || request.lines_size() > kMaxBatchLines) {
    return errors::InvalidBatchLines(kMaxBatchLines, request.lines_size());
  }
  storage::AwardsMade awards;
  awards.set_batch(true);
  absl::flat_hash_set<std::pair<uint64_t, uint64_t>> seen;
  for (int i = 0; i < request.lines_size(); ++i) {
    absl::StatusOr<storage::AwardLine> line =
        AwardLineFromProto(request.lines(i));
    if (!line.ok()) return AtLine(i, line.status());
    if (!seen.emplace(line->household(), line->rule()).second) {
      return errors::DuplicateAwardLine(i, request.lines(i).household(),
                                        request.lines(i).rule());
    }
    *awards.add_lines() = *std::move(line);
  }
  RETURN_IF_ERROR(
      SetEvent(request.event_date(), request.late_reason(), &awards));
  return awards;
}

absl::StatusOr<storage::AwardsMade> AwardFromProto(
    const jiamei::v1::AwardPointsRequest& request, bool desk_queue,
    absl::Time now) {
  jiamei::v1::AwardLine line;
  line.set_household(request.household());
  line.set_rule(request.rule());
  line.set_note(request.note());
  ASSIGN_OR_RETURN(storage::AwardLine parsed, AwardLineFromProto(line));
  ASSIGN_OR_RETURN(int64_t desk, DeskMicrosFromProto(request, desk_queue, now));
  storage::AwardsMade awards;
  *awards.add_lines() = std::move(parsed);
  awards.set_desk_time_micros(desk);
  RETURN_IF_ERROR(
      SetEvent(request.event_date(), request.late_reason(), &awards));
  return awards;
}

absl::StatusOr<storage::SiteCreated> SiteFromProto(
    const jiamei::v1::Site& site) {
  ASSIGN_OR_RETURN(uint64_t unit, ParseName(site.unit(), "units", "unit"));
  RETURN_IF_ERROR(ValidateDisplayName(site.display_name()));
  if (site.villages().empty() || site.villages_size() > 200) {
    return errors::InvalidVillageCount();
  }
  storage::SiteCreated out;
  out.set_unit(unit);
  out.set_display_name(site.display_name());
  absl::flat_hash_set<uint64_t> seen;
  for (const std::string& name : site.villages()) {
    ASSIGN_OR_RETURN(uint64_t village, ParseName(name, "units", "villages"));
    if (!seen.insert(village).second) {
      return errors::VillageListedTwice(name);
    }
    out.add_villages(village);
  }
  return out;
}

absl::StatusOr<storage::StockMoved> StockInFromProto(
    const jiamei::v1::StockInRequest& request) {
  ASSIGN_OR_RETURN(uint64_t good, ParseName(request.good(), "goods", "good"));
  if (request.quantity() < 1 || request.quantity() > kMaxStockChange) {
    return errors::InvalidStockInQuantity(kMaxStockChange, request.quantity());
  }
  if (request.kind() != jiamei::v1::STOCK_MOVEMENT_KIND_DONATION &&
      request.kind() != jiamei::v1::STOCK_MOVEMENT_KIND_PURCHASE) {
    return errors::InvalidStockInKind();
  }
  RETURN_IF_ERROR(ValidateNote(request.note()));
  storage::StockMoved move;
  move.set_good_id(good);
  move.set_kind(request.kind());
  move.set_change(request.quantity());
  move.set_note(request.note());
  return move;
}

absl::StatusOr<storage::StockMoved> AdjustmentFromProto(
    const jiamei::v1::AdjustStockRequest& request) {
  ASSIGN_OR_RETURN(uint64_t good, ParseName(request.good(), "goods", "good"));
  const int64_t change = request.change();
  if (change == 0 || change < -kMaxStockChange || change > kMaxStockChange) {
    return errors::InvalidStockChange(kMaxStockChange, change);
  }
  const bool takes_away =
      request.kind() == jiamei::v1::STOCK_MOVEMENT_KIND_LOSS ||
      request.kind() == jiamei::v1::STOCK_MOVEMENT_KIND_DAMAGE;
  if (!takes_away &&
      request.kind() != jiamei::v1::STOCK_MOVEMENT_KIND_CORRECTION) {
    return errors::InvalidAdjustmentKind();
  }
  if (takes_away && change > 0) {
    return errors::LossAddsStock();
  }
  RETURN_IF_ERROR(ValidateNote(request.note()));
  storage::StockMoved move;
  move.set_good_id(good);
  move.set_kind(request.kind());
  move.set_change(change);
  move.set_note(request.note());
  return move;
}

absl::StatusOr<storage::Redeemed> RedeemedFromProto(
    const jiamei::v1::RedeemRequest& request, bool desk_queue, absl::Time now) {
  ASSIGN_OR_RETURN(uint64_t site, ParseName(request.site(), "sites", "site"));
  ASSIGN_OR_RETURN(uint64_t household,
                   ParseName(request.household(), "households", "household"));
  if (request.lines().empty()) {
    return errors::NoRedemptionLines();
  }
  if (request.lines_size() > kMaxRedemptionLines) {
    return errors::TooManyRedemptionLines(kMaxRedemptionLines);
  }
  ASSIGN_OR_RETURN(int64_t desk, DeskMicrosFromProto(request, desk_queue, now));
  storage::Redeemed out;
  out.set_site(site);
  out.set_household(household);
  out.set_desk_time_micros(desk);
  absl::flat_hash_set<uint64_t> seen;
  for (const jiamei::v1::RedemptionLine& line : request.lines()) {
    ASSIGN_OR_RETURN(uint64_t good, ParseName(line.good(), "goods", "good"));
    if (line.quantity() < 1 || line.quantity() > kMaxRedeemQuantity) {
      return errors::InvalidRedeemQuantity(line.good(), kMaxRedeemQuantity,
                                           line.quantity());
    }
    if (!seen.insert(good).second) {
      return errors::DuplicateRedemptionLine(line.good());
    }
    storage::RedeemedLine* item = out.add_lines();
    item->set_good(good);
    item->set_quantity(line.quantity());
  }
  return out;
}

absl::StatusOr<storage::StocktakeRecorded> StocktakeFromProto(
    const jiamei::v1::RecordStocktakeRequest& request) {
  ASSIGN_OR_RETURN(uint64_t site, ParseName(request.site(), "sites", "site"));
  RETURN_IF_ERROR(
      ValidateText(request.counter(), "counter", 1, kMaxDisplayNameBytes));
  RETURN_IF_ERROR(ValidateText(request.reason(), "reason", 1, kMaxMemoBytes));
  if (request.lines().empty()) {
    return errors::NoLines();
  }
  if (request.lines_size() > kMaxStocktakeLines) {
    return errors::TooManyStocktakeLines(kMaxStocktakeLines,
                                         request.lines_size());
  }
  storage::StocktakeRecorded out;
  out.set_site(site);
  out.set_counter(request.counter());
  out.set_reason(request.reason());
  absl::flat_hash_set<uint64_t> seen;
  for (int i = 0; i < request.lines_size(); ++i) {
    const jiamei::v1::StocktakeLine& line = request.lines(i);
    absl::StatusOr<uint64_t> good = ParseName(line.good(), "goods", "good");
    if (!good.ok()) return AtLine(i, good.status());
    if (line.counted() < 0 || line.counted() > kMaxStocktakeCount) {
      return errors::InvalidStocktakeCount(i, line.good(), kMaxStocktakeCount,
                                           line.counted());
    }
    if (!seen.insert(*good).second) {
      return errors::DuplicateStocktakeLine(i, line.good());
    }
    storage::StocktakeLine* item = out.add_lines();
    item->set_good(*good);
    item->set_counted(line.counted());
  }
  return out;
}

}  // namespace jiamei::services
