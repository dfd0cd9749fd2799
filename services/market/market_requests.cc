#include "services/market/market_requests.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/validation.h"
#include "services/market/market_errors.h"
#include "storage/cards/cards_errors.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_errors.h"
#include "storage/market/market_errors.h"
#include "storage/market/market_state.h"

namespace jiamei::services {
namespace {

using absl::StatusCode;

absl::Status Invalid(absl::string_view reason, absl::string_view message) {
  return Refusal(StatusCode::kInvalidArgument, reason, message);
}

// "YYYY-MM-DD" from 2000 to 2099: rules may start or end in the future.
absl::Status ValidateRuleDate(absl::string_view date, absl::string_view field,
                              absl::string_view reason) {
  absl::CivilDay day;
  if (date.size() != 10 || !absl::ParseCivilTime(date, &day) ||
      absl::FormatCivilTime(day) != date || day.year() < 2000 ||
      day.year() > 2099) {
    return Invalid(reason,
                   absl::StrCat(field,
                                " must be a date YYYY-MM-DD from 2000 "
                                "to 2099, got \"",
                                absl::CHexEscape(date.substr(0, 40)), "\""));
  }
  return absl::OkStatus();
}

absl::Status ValidatePoints(int64_t points, absl::string_view field,
                            absl::string_view reason) {
  if (points < 1 || points > kMaxPoints) {
    return Invalid(reason, absl::StrCat(field, " must be 1 to ", kMaxPoints,
                                        ", got ", points));
  }
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
    if (required) {
      return Invalid(errors::kInvalidDeskTime,
                     "desk_time is required for a queued item");
    }
    return 0;
  }
  if (time.nanos() < 0 || time.nanos() > 999999999) {
    return Invalid(errors::kInvalidDeskTime, "desk_time has invalid nanos");
  }
  const absl::Time at =
      absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos());
  if (at > now + kDeskClockSlack) {
    return Invalid(errors::kDeskTimeInFuture,
                   absl::StrCat("desk_time ", absl::FormatTime(at),
                                " is in the future; check the desk's clock"));
  }
  if (at < now - kDeskQueueAge) {
    return Invalid(errors::kDeskTimeTooOld,
                   absl::StrCat("desk_time ", absl::FormatTime(at),
                                " is more than 31 days ago; record it as a "
                                "new award or redemption"));
  }
  return absl::ToUnixMicros(at);
}

// The event day and late reason of awards recorded on the day of `at`: the
// event not after that day and at most a year before it.
absl::Status SetEvent(absl::string_view event_date,
                      absl::string_view late_reason, absl::Time at,
                      storage::AwardsMade* awards) {
  if (!event_date.empty()) {
    const absl::CivilDay recorded = storage::MarketDay(absl::ToUnixMicros(at));
    absl::CivilDay day;
    if (event_date.size() != 10 || !absl::ParseCivilTime(event_date, &day) ||
        absl::FormatCivilTime(day) != event_date || day > recorded ||
        day < recorded - 366) {
      return Invalid(
          errors::kInvalidEventDate,
          absl::StrCat("event_date must be a date YYYY-MM-DD within the year "
                       "before ",
                       absl::FormatCivilTime(recorded), ", got \"",
                       absl::CHexEscape(event_date.substr(0, 40)), "\""));
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
    absl::StatusOr<uint64_t> unit = ParseName(rule.unit(), "units", "unit");
    if (!unit.ok()) return unit.status();
    RETURN_IF_ERROR(ValidateIdentifier(rule.code(), "code", 32, false, "-"));
    for (char c : rule.code()) {
      if (c >= 'a' && c <= 'z') {
        return Invalid(errors::kInvalidCode, "code takes capital letters only");
      }
    }
    fields.set_unit(*unit);
    fields.set_code(rule.code());
  }
  RETURN_IF_ERROR(ValidateDisplayName(rule.display_name()));
  if (!jiamei::v1::RuleCategory_IsValid(rule.category()) ||
      rule.category() == jiamei::v1::RULE_CATEGORY_UNSPECIFIED) {
    return errors::InvalidRuleCategory();
  }
  RETURN_IF_ERROR(
      ValidatePoints(rule.points(), "points", errors::kInvalidPoints));
  if (!jiamei::v1::CapPeriod_IsValid(rule.cap_period())) {
    return Invalid(errors::kInvalidCap,
                   "cap_period must be NONE, MONTH or YEAR");
  }
  const bool capped = rule.cap_period() != jiamei::v1::CAP_PERIOD_NONE;
  if (capped ? (rule.cap_points() < rule.points() ||
                rule.cap_points() > 100 * kMaxPoints)
             : rule.cap_points() != 0) {
    return Invalid(errors::kInvalidCap,
                   capped
                       ? absl::StrCat("cap_points must be from points (",
                                      rule.points(), ") to ", 100 * kMaxPoints)
                       : "cap_points needs a cap_period");
  }
  RETURN_IF_ERROR(ValidateRuleDate(rule.valid_from(), "valid_from",
                                   errors::kInvalidValidFrom));
  if (!rule.valid_to().empty()) {
    RETURN_IF_ERROR(
        ValidateRuleDate(rule.valid_to(), "valid_to", errors::kInvalidValidTo));
    if (rule.valid_to() < rule.valid_from()) {
      return Invalid(errors::kInvalidValidTo, "valid_to is before valid_from");
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
  RETURN_IF_ERROR(ValidatePoints(good.price(), "price", errors::kInvalidPrice));
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
  absl::StatusOr<uint64_t> household =
      ParseName(line.household(), "households", "household");
  if (!household.ok()) return household.status();
  absl::StatusOr<uint64_t> rule = ParseName(line.rule(), "rules", "rule");
  if (!rule.ok()) return rule.status();
  RETURN_IF_ERROR(ValidateNote(line.note()));
  storage::AwardLine out;
  out.set_household(*household);
  out.set_rule(*rule);
  out.set_note(line.note());
  return out;
}

absl::StatusOr<storage::AwardsMade> AwardsFromProto(
    const jiamei::v1::AwardBatchRequest& request) {
  if (request.lines().empty() || request.lines_size() > kMaxBatchLines) {
    return Invalid(errors::kTooManyLines,
                   absl::StrCat("a batch has 1 to ", kMaxBatchLines,
                                " lines, got ", request.lines_size()));
  }
  storage::AwardsMade awards;
  awards.set_batch(true);
  absl::flat_hash_set<std::pair<uint64_t, uint64_t>> seen;
  for (int i = 0; i < request.lines_size(); ++i) {
    absl::StatusOr<storage::AwardLine> line =
        AwardLineFromProto(request.lines(i));
    if (!line.ok()) {
      return Refusal(line.status().code(), RefusalReason(line.status()),
                     absl::StrCat("line ", i, ": ", line.status().message()));
    }
    if (!seen.emplace(line->household(), line->rule()).second) {
      return Invalid(
          errors::kDuplicateLine,
          absl::StrCat("line ", i, ": ", request.lines(i).household(), " has ",
                       request.lines(i).rule(), " on an earlier line"));
    }
    *awards.add_lines() = *std::move(line);
  }
  RETURN_IF_ERROR(SetEvent(request.event_date(), request.late_reason(),
                           absl::Now(), &awards));
  return awards;
}

absl::StatusOr<storage::AwardsMade> AwardFromProto(
    const jiamei::v1::AwardPointsRequest& request, bool desk_queue,
    absl::Time now) {
  jiamei::v1::AwardLine line;
  line.set_household(request.household());
  line.set_rule(request.rule());
  line.set_note(request.note());
  absl::StatusOr<storage::AwardLine> parsed = AwardLineFromProto(line);
  if (!parsed.ok()) return parsed.status();
  absl::StatusOr<int64_t> desk = DeskMicrosFromProto(request, desk_queue, now);
  if (!desk.ok()) return desk.status();
  storage::AwardsMade awards;
  *awards.add_lines() = *std::move(parsed);
  awards.set_desk_time_micros(*desk);
  RETURN_IF_ERROR(SetEvent(request.event_date(), request.late_reason(),
                           *desk != 0 ? absl::FromUnixMicros(*desk) : now,
                           &awards));
  return awards;
}

absl::StatusOr<storage::SiteCreated> SiteFromProto(
    const jiamei::v1::Site& site) {
  absl::StatusOr<uint64_t> unit = ParseName(site.unit(), "units", "unit");
  if (!unit.ok()) return unit.status();
  RETURN_IF_ERROR(ValidateDisplayName(site.display_name()));
  if (site.villages().empty() || site.villages_size() > 200) {
    return Invalid(errors::kInvalidVillages, "a site serves 1 to 200 villages");
  }
  storage::SiteCreated out;
  out.set_unit(*unit);
  out.set_display_name(site.display_name());
  absl::flat_hash_set<uint64_t> seen;
  for (const std::string& name : site.villages()) {
    absl::StatusOr<uint64_t> village = ParseName(name, "units", "villages");
    if (!village.ok()) return village.status();
    if (!seen.insert(*village).second) {
      return Invalid(errors::kInvalidVillages,
                     absl::StrCat(name, " is listed twice"));
    }
    out.add_villages(*village);
  }
  return out;
}

absl::StatusOr<storage::StockMoved> StockInFromProto(
    const jiamei::v1::StockInRequest& request) {
  absl::StatusOr<uint64_t> good = ParseName(request.good(), "goods", "good");
  if (!good.ok()) return good.status();
  if (request.quantity() < 1 || request.quantity() > kMaxStockChange) {
    return Invalid(errors::kInvalidQuantity,
                   absl::StrCat("quantity must be 1 to ", kMaxStockChange,
                                ", got ", request.quantity()));
  }
  if (request.kind() != jiamei::v1::STOCK_MOVEMENT_KIND_DONATION &&
      request.kind() != jiamei::v1::STOCK_MOVEMENT_KIND_PURCHASE) {
    return Invalid(errors::kInvalidKind,
                   "a stock-in is a DONATION or a PURCHASE");
  }
  RETURN_IF_ERROR(ValidateNote(request.note()));
  storage::StockMoved move;
  move.set_good_id(*good);
  move.set_kind(request.kind());
  move.set_change(request.quantity());
  move.set_note(request.note());
  return move;
}

absl::StatusOr<storage::StockMoved> AdjustmentFromProto(
    const jiamei::v1::AdjustStockRequest& request) {
  absl::StatusOr<uint64_t> good = ParseName(request.good(), "goods", "good");
  if (!good.ok()) return good.status();
  const int64_t change = request.change();
  if (change == 0 || change < -kMaxStockChange || change > kMaxStockChange) {
    return Invalid(errors::kInvalidChange,
                   absl::StrCat("change must be non-zero, within ±",
                                kMaxStockChange, ", got ", change));
  }
  const bool takes_away =
      request.kind() == jiamei::v1::STOCK_MOVEMENT_KIND_LOSS ||
      request.kind() == jiamei::v1::STOCK_MOVEMENT_KIND_DAMAGE;
  if (!takes_away &&
      request.kind() != jiamei::v1::STOCK_MOVEMENT_KIND_CORRECTION) {
    return Invalid(errors::kInvalidKind,
                   "an adjustment is a LOSS, a DAMAGE or a CORRECTION");
  }
  if (takes_away && change > 0) {
    return Invalid(errors::kInvalidChange, "a loss or damage takes stock away");
  }
  RETURN_IF_ERROR(ValidateNote(request.note()));
  storage::StockMoved move;
  move.set_good_id(*good);
  move.set_kind(request.kind());
  move.set_change(change);
  move.set_note(request.note());
  return move;
}

absl::StatusOr<storage::Redeemed> RedeemedFromProto(
    const jiamei::v1::RedeemRequest& request, bool desk_queue, absl::Time now) {
  absl::StatusOr<uint64_t> site = ParseName(request.site(), "sites", "site");
  if (!site.ok()) return site.status();
  absl::StatusOr<uint64_t> household =
      ParseName(request.household(), "households", "household");
  if (!household.ok()) return household.status();
  if (request.lines().empty()) {
    return Invalid(errors::kNoLines, "a redemption needs at least one line");
  }
  if (request.lines_size() > kMaxRedemptionLines) {
    return Invalid(errors::kTooManyLines,
                   absl::StrCat("a redemption has at most ",
                                kMaxRedemptionLines, " lines"));
  }
  absl::StatusOr<int64_t> desk = DeskMicrosFromProto(request, desk_queue, now);
  if (!desk.ok()) return desk.status();
  storage::Redeemed out;
  out.set_site(*site);
  out.set_household(*household);
  out.set_desk_time_micros(*desk);
  absl::flat_hash_set<uint64_t> seen;
  for (const jiamei::v1::RedemptionLine& line : request.lines()) {
    absl::StatusOr<uint64_t> good = ParseName(line.good(), "goods", "good");
    if (!good.ok()) return good.status();
    if (line.quantity() < 1 || line.quantity() > kMaxRedeemQuantity) {
      return Invalid(
          errors::kInvalidQuantity,
          absl::StrCat(line.good(), ": quantity must be 1 to ",
                       kMaxRedeemQuantity, ", got ", line.quantity()));
    }
    if (!seen.insert(*good).second) {
      return Invalid(errors::kDuplicateLine,
                     absl::StrCat(line.good(), " appears twice"));
    }
    storage::RedeemedLine* item = out.add_lines();
    item->set_good(*good);
    item->set_quantity(line.quantity());
  }
  return out;
}

absl::StatusOr<storage::StocktakeRecorded> StocktakeFromProto(
    const jiamei::v1::RecordStocktakeRequest& request) {
  absl::StatusOr<uint64_t> site = ParseName(request.site(), "sites", "site");
  if (!site.ok()) return site.status();
  RETURN_IF_ERROR(
      ValidateText(request.counter(), "counter", 1, kMaxDisplayNameBytes));
  RETURN_IF_ERROR(ValidateText(request.reason(), "reason", 1, kMaxMemoBytes));
  if (request.lines().empty()) {
    return Invalid(errors::kNoLines, "a stocktake counts at least one good");
  }
  if (request.lines_size() > kMaxStocktakeLines) {
    return Invalid(errors::kTooManyLines,
                   absl::StrCat("a stocktake has at most ", kMaxStocktakeLines,
                                " lines, got ", request.lines_size()));
  }
  storage::StocktakeRecorded out;
  out.set_site(*site);
  out.set_counter(request.counter());
  out.set_reason(request.reason());
  absl::flat_hash_set<uint64_t> seen;
  for (int i = 0; i < request.lines_size(); ++i) {
    const jiamei::v1::StocktakeLine& line = request.lines(i);
    absl::StatusOr<uint64_t> good = ParseName(line.good(), "goods", "good");
    if (!good.ok()) {
      return Refusal(good.status().code(), RefusalReason(good.status()),
                     absl::StrCat("line ", i, ": ", good.status().message()));
    }
    if (line.counted() < 0 || line.counted() > kMaxStocktakeCount) {
      return Invalid(
          errors::kInvalidCount,
          absl::StrCat("line ", i, ": ", line.good(), ": counted must be 0 to ",
                       kMaxStocktakeCount, ", got ", line.counted()));
    }
    if (!seen.insert(*good).second) {
      return Invalid(errors::kDuplicateLine,
                     absl::StrCat("line ", i, ": ", line.good(),
                                  " is counted on an earlier line"));
    }
    storage::StocktakeLine* item = out.add_lines();
    item->set_good(*good);
    item->set_counted(line.counted());
  }
  return out;
}

}  // namespace jiamei::services
