#include "services/market/market_convert.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "services/common/convert.h"
#include "services/market/market_errors.h"
#include "storage/activity/activity_reader.h"
#include "storage/core/china_time.h"
#include "storage/core/names.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/market/market_reader.h"
#include "storage/market/market_state.h"
#include "storage/policy/policy_state.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using storage::GoodName;
using storage::RedemptionName;
using storage::RuleName;

std::string TimeText(int64_t micros) {
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixMicros(micros),
                          storage::ChinaStandardTime());
}

// Length in bytes of the UTF-8 sequence starting with `lead`.
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  return 2;
}

// Decodes the code point at the start of `text` (valid UTF-8).
uint32_t CodePoint(absl::string_view text, size_t length) {
  const auto byte = [&](size_t i) {
    return static_cast<uint32_t>(static_cast<unsigned char>(text[i]));
  };
  if (length == 1) return byte(0);
  uint32_t cp = byte(0) & (0xFF >> (length + 1));
  for (size_t i = 1; i < length && i < text.size(); ++i) {
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  return cp;
}

bool IsWide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// The longest prefix of `text` at most `width` columns wide.
absl::string_view Clip(absl::string_view text, int width) {
  int used = 0;
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = std::min(
        SequenceLength(static_cast<unsigned char>(text[i])), text.size() - i);
    const int w = IsWide(CodePoint(text.substr(i), length)) ? 2 : 1;
    if (used + w > width) break;
    used += w;
    i += length;
  }
  return text.substr(0, i);
}

// `left` and `right` on one line of `width` columns, `left` clipped.
std::string Spread(absl::string_view left, absl::string_view right, int width) {
  const int room = std::max(0, width - DisplayWidth(right) - 1);
  const absl::string_view clipped = Clip(left, room);
  const int gap =
      std::max(1, width - DisplayWidth(clipped) - DisplayWidth(right));
  return absl::StrCat(clipped, std::string(gap, ' '), right, "\n");
}

std::string Centered(absl::string_view text, int width) {
  const absl::string_view clipped = Clip(text, width);
  const int pad = (width - DisplayWidth(clipped)) / 2;
  return absl::StrCat(std::string(std::max(0, pad), ' '), clipped, "\n");
}

}  // namespace

int DisplayWidth(absl::string_view text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t length = std::min(
        SequenceLength(static_cast<unsigned char>(text[i])), text.size() - i);
    width += IsWide(CodePoint(text.substr(i), length)) ? 2 : 1;
    i += length;
  }
  return width;
}

absl::Status RuleToProto(const storage::RuleRecord& rule, int32_t version,
                         jiamei::v1::Rule* out) {
  if (version < 0 || version > rule.versions_size()) {
    return errors::RuleVersionNotFound(rule.id(), rule.versions_size());
  }
  if (version == 0) version = rule.versions_size();
  const storage::RuleVersion& v = rule.versions(version - 1);
  const storage::RuleFields& f = v.rule();
  out->set_name(RuleName(rule.id()));
  out->set_version(version);
  out->set_unit(storage::UnitName(f.unit()));
  out->set_code(f.code());
  out->set_display_name(f.display_name());
  out->set_category(static_cast<jiamei::v1::RuleCategory>(f.category()));
  out->set_points(f.points());
  out->set_cap_period(static_cast<jiamei::v1::CapPeriod>(f.cap_period()));
  out->set_cap_points(f.cap_points());
  out->set_valid_from(f.valid_from());
  out->set_valid_to(f.valid_to());
  out->set_deduction(f.deduction());
  SetTime(v.time_micros(), out->mutable_version_time());
  out->set_version_sequence(v.sequence());
  if (v.actor() != 0) out->set_operator_(storage::OperatorName(v.actor()));
  return absl::OkStatus();
}

void SiteToProto(const storage::SiteRecord& site, jiamei::v1::Site* out) {
  out->set_name(storage::SiteName(site.site().site_id()));
  out->set_unit(storage::UnitName(site.site().unit()));
  out->set_display_name(site.site().display_name());
  for (uint64_t village : site.site().villages()) {
    out->add_villages(storage::UnitName(village));
  }
  out->set_account(storage::AccountName(site.account()));
  SetTime(site.create_time_micros(), out->mutable_create_time());
}

void GoodToProto(const storage::GoodRecord& good, jiamei::v1::Good* out) {
  const storage::GoodVersion& v = *good.versions().rbegin();
  out->set_name(GoodName(good.id()));
  out->set_site(storage::SiteName(good.site()));
  out->set_version(good.versions_size());
  out->set_display_name(v.good().display_name());
  out->set_measure(v.good().measure());
  out->set_price(v.good().price());
  out->set_active(v.good().active());
  out->set_stock(good.stock());
  SetTime(v.time_micros(), out->mutable_version_time());
}

void StockMovementToProto(uint64_t good, const storage::StockLine& line,
                          const storage::EntryRecord& entry,
                          jiamei::v1::StockMovement* out) {
  out->set_good(GoodName(good));
  out->set_kind(static_cast<jiamei::v1::StockMovementKind>(line.kind()));
  out->set_change(line.change());
  out->set_stock_after(line.stock_after());
  out->set_note(line.note());
  if (line.redemption() != 0) {
    out->set_redemption(RedemptionName(line.redemption()));
  }
  if (line.stocktake() != 0) {
    out->set_stocktake(storage::StocktakeName(line.stocktake()));
  }
  out->set_sequence(entry.sequence());
  SetTime(entry.time_micros(), out->mutable_time());
  if (entry.actor() != 0) {
    out->set_operator_(storage::OperatorName(entry.actor()));
  }
}

void StocktakeToProto(const storage::StocktakeRecord& record,
                      jiamei::v1::Stocktake* out) {
  const storage::StocktakeRecorded& s = record.stocktake();
  out->set_name(storage::StocktakeName(s.stocktake_id()));
  out->set_site(storage::SiteName(s.site()));
  out->set_counter(s.counter());
  out->set_reason(s.reason());
  int64_t differences = 0;
  int64_t net = 0;
  for (const storage::StocktakeLine& line : s.lines()) {
    jiamei::v1::StocktakeLine* l = out->add_lines();
    l->set_good(GoodName(line.good()));
    l->set_counted(line.counted());
    l->set_display_name(line.display_name());
    l->set_measure(line.measure());
    l->set_expected(line.expected());
    l->set_difference(line.difference());
    if (line.difference() != 0) ++differences;
    // Counts are bounded by the API; a corrupt record saturates.
    if (__builtin_add_overflow(net, line.difference(), &net)) {
      net = line.difference() > 0 ? INT64_MAX : INT64_MIN;
    }
  }
  SetTime(record.time_micros(), out->mutable_time());
  if (record.actor() != 0) {
    out->set_operator_(storage::OperatorName(record.actor()));
  }
  out->set_sequence(record.sequence());
  out->set_goods_counted(s.lines_size());
  out->set_differences(differences);
  out->set_net_change(net);
}

absl::Status MarketRecords::AwardToProto(const storage::EntryRecord& entry,
                                         int index, jiamei::v1::Award* out,
                                         bool without_transfer) const {
  const storage::AwardsMade& awards = *storage::AwardsOf(entry);
  const storage::AwardLine& line = awards.lines(index);
  ASSIGN_OR_RETURN(storage::RuleRecord rule,
                   storage::MarketReader(store_).GetRule(line.rule()));
  jiamei::v1::Rule version;
  RETURN_IF_ERROR(RuleToProto(rule, line.rule_version(), &version));
  out->set_household(storage::HouseholdName(line.household()));
  out->set_rule(RuleName(line.rule()));
  out->set_rule_version(line.rule_version());
  out->set_rule_code(version.code());
  out->set_rule_display_name(version.display_name());
  out->set_category(version.category());
  out->set_points(line.points());
  out->set_note(line.note());
  out->set_deduction(version.deduction());
  out->set_shortfall(line.shortfall());
  out->set_event_date(awards.event_date());
  if (awards.desk_time_micros() != 0) {
    SetTime(awards.desk_time_micros(), out->mutable_desk_time());
  }
  if (entry.policy().has_proposed()) {
    // Waiting for an officer: nothing judged or moved yet.
    out->set_points(0);
    out->set_event_date(entry.policy().proposed().event_date());
    out->set_approval(
        storage::ApprovalName(entry.policy().proposed().approval_id()));
    return absl::OkStatus();
  }
  if (without_transfer || line.points() == 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(
      storage::HouseholdRecord household,
      storage::RegistryReader(store_).GetHousehold(line.household()));
  TransferToProto(entry, std::nullopt, out->mutable_transfer(),
                  household.account());
  return absl::OkStatus();
}

absl::Status MarketRecords::RedemptionToProto(
    const storage::RedemptionRecord& record, jiamei::v1::Redemption* out,
    const storage::EntryRecord* entry) const {
  const storage::Redeemed& r = record.redemption();
  out->set_name(RedemptionName(r.redemption_id()));
  out->set_receipt_number(storage::ReceiptNumber(r.site(), r.redemption_id()));
  out->set_site(storage::SiteName(r.site()));
  out->set_household(storage::HouseholdName(r.household()));
  for (const storage::RedeemedLine& item : r.lines()) {
    jiamei::v1::RedemptionLine* line = out->add_lines();
    line->set_good(GoodName(item.good()));
    line->set_quantity(item.quantity());
    line->set_good_version(item.good_version());
    line->set_display_name(item.display_name());
    line->set_measure(item.measure());
    line->set_price(item.price());
    line->set_points(item.price() * item.quantity());
  }
  out->set_total_points(record.total_points());
  if (r.desk_time_micros() != 0) {
    SetTime(r.desk_time_micros(), out->mutable_desk_time());
  }
  const storage::LedgerReader reader(store_);
  if (entry == nullptr) {
    ASSIGN_OR_RETURN(storage::EntryRecord read,
                     reader.GetEntry(record.sequence()));
    TransferToProto(read, std::nullopt, out->mutable_transfer());
  } else {
    TransferToProto(*entry, std::nullopt, out->mutable_transfer());
  }
  if (record.void_sequence() != 0) {
    ASSIGN_OR_RETURN(storage::EntryRecord void_entry,
                     reader.GetEntry(record.void_sequence()));
    TransferToProto(void_entry, std::nullopt, out->mutable_voided_by());
    out->set_void_reason(record.void_reason());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> MarketRecords::Receipt(
    const storage::RedemptionRecord& record, int width) const {
  const storage::LedgerReader ledger(store_);
  ASSIGN_OR_RETURN(const storage::EntryRecord entry,
                   ledger.GetEntry(record.sequence()));
  jiamei::v1::Redemption r;
  RETURN_IF_ERROR(RedemptionToProto(record, &r, &entry));
  const storage::Redeemed& redeemed = record.redemption();
  ASSIGN_OR_RETURN(storage::SiteRecord site,
                   storage::MarketReader(store_).GetSite(redeemed.site()));
  const storage::RegistryReader registry(store_);
  ASSIGN_OR_RETURN(const storage::HouseholdRecord household,
                   registry.GetHousehold(redeemed.household()));
  std::string head = "-";
  if (household.head() != 0) {
    ASSIGN_OR_RETURN(const storage::PersonRecord person,
                     registry.GetPerson(household.head()));
    head = person.fields().full_name();
  }
  // The household's balance right after the redemption: its history line.
  ASSIGN_OR_RETURN(
      const std::vector<storage::HistoryItem> after,
      ledger.ListHistory(household.account(), record.sequence() + 1, 1));
  const std::string rule(static_cast<size_t>(width), '-');
  const int64_t micros = redeemed.desk_time_micros() != 0
                             ? redeemed.desk_time_micros()
                             : entry.time_micros();
  std::string text = Centered(site.site().display_name(), width);
  text += Centered("积分兑换单", width);
  text += Spread(absl::StrCat("单号 ", r.receipt_number()), TimeText(micros),
                 width);
  text += Spread("户号", household.number(), width);
  text += Spread("户主", head, width);
  text += rule + "\n";
  for (const jiamei::v1::RedemptionLine& line : r.lines()) {
    text += absl::StrCat(Clip(line.display_name(), width), "\n");
    text += Spread(absl::StrCat("  ", line.quantity(), " ", line.measure(),
                                " × ", line.price(), " 分"),
                   absl::StrCat(line.points()), width);
  }
  text += rule + "\n";
  text += Spread("合计积分", absl::StrCat(r.total_points()), width);
  if (!after.empty()) {
    text += Spread("兑换后余额",
                   absl::StrCat(after.front().value.balance_after), width);
  }
  if (entry.actor() != 0) {
    ASSIGN_OR_RETURN(const storage::OperatorRecord officer,
                     registry.GetOperator(entry.actor()));
    text += Spread("经办人", officer.operator_().display_name(), width);
  }
  text += "领取人签字：\n\n";
  if (r.has_voided_by()) {
    const google::protobuf::Timestamp& voided = r.voided_by().create_time();
    text += Spread("已作废",
                   TimeText(voided.seconds() * 1000000 + voided.nanos() / 1000),
                   width);
    text += absl::StrCat(Clip(r.void_reason(), width), "\n");
  }
  return text;
}

absl::StatusOr<std::optional<std::string>> MarketRecords::ServiceText(
    const storage::EntryRecord& entry) const {
  const storage::ActivityChange* change = storage::ActivityOf(entry);
  if (change == nullptr) return std::nullopt;
  const storage::ActivityReader activities(store_);
  uint64_t activity_id = 0;
  const char* what = "志愿服务";
  if (change->has_confirmed()) {
    activity_id = change->confirmed().activity_id();
  } else if (change->has_corrected()) {
    ASSIGN_OR_RETURN(
        const storage::ServiceRecordRecord corrected,
        activities.GetServiceRecord(change->corrected().record_id()));
    activity_id = corrected.activity_id();
    what = "志愿服务更正";
  } else {
    return std::nullopt;
  }
  ASSIGN_OR_RETURN(const storage::ActivityRecord activity,
                   activities.GetActivity(activity_id));
  const storage::ActivityFields& a = activity.activity();
  ASSIGN_OR_RETURN(const storage::UnitRecord organiser,
                   storage::RegistryReader(store_).GetUnit(a.unit()));
  return absl::StrCat(
      what, "：", a.title(), "（",
      absl::FormatCivilTime(storage::MarketDay(a.start_micros())), "，",
      organiser.unit().display_name(), "组织）");
}

absl::Status MarketRecords::Describe(const storage::EntryRecord& entry,
                                     uint64_t household,
                                     jiamei::v1::StatementLine* out) const {
  const storage::MarketChange* market = storage::MarketOf(entry);
  if (market == nullptr) {
    ASSIGN_OR_RETURN(const std::optional<std::string> service,
                     ServiceText(entry));
    if (service.has_value()) {
      out->set_description(*service);
      return absl::OkStatus();
    }
    const storage::TransferBody* t = storage::TransferTouching(entry);
    if (t != nullptr) {
      out->set_description(
          t->memo().empty() ? t->reason_code()
                            : absl::StrCat(t->reason_code(), ": ", t->memo()));
    }
    return absl::OkStatus();
  }
  const storage::MarketChange& m = *market;
  if (m.has_awards_made()) {
    // A batch may give one household several rules' points in one entry.
    std::vector<std::string> rules;
    const auto& lines = m.awards_made().lines();
    for (int i = 0; i < lines.size(); ++i) {
      if (lines[i].household() != household || lines[i].points() == 0) {
        continue;
      }
      jiamei::v1::Award award;
      RETURN_IF_ERROR(AwardToProto(entry, i, &award, true));
      rules.push_back(absl::StrCat(
          award.deduction() ? "扣分 " : "", award.rule_display_name(), " (",
          award.rule_code(), " v", award.rule_version(), ") ",
          award.points() > 0 ? "+" : "", award.points(),
          award.shortfall() != 0
              ? absl::StrCat("（", award.shortfall(), " 分余额不足未扣）")
              : ""));
      if (out->rule().empty()) out->set_rule(award.rule());
    }
    out->set_description(absl::StrCat("积分：", absl::StrJoin(rules, "；")));
    return absl::OkStatus();
  }
  const uint64_t id = m.has_redeemed() ? m.redeemed().redemption_id()
                                       : m.redemption_voided().redemption_id();
  ASSIGN_OR_RETURN(const storage::RedemptionRecord record,
                   storage::MarketReader(store_).GetRedemption(id));
  jiamei::v1::Redemption redemption;
  RETURN_IF_ERROR(RedemptionToProto(record, &redemption));
  std::vector<std::string> items;
  for (const jiamei::v1::RedemptionLine& line : redemption.lines()) {
    items.push_back(absl::StrCat(line.display_name(), " ×", line.quantity()));
  }
  out->set_redemption(redemption.name());
  out->set_description(
      m.has_redeemed()
          ? absl::StrCat("兑换 单号 ", redemption.receipt_number(), "：",
                         absl::StrJoin(items, "，"))
          : absl::StrCat("作废兑换 单号 ", redemption.receipt_number(), "：",
                         m.redemption_voided().reason()));
  return absl::OkStatus();
}

}  // namespace jiamei::services
