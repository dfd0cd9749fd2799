// The commands of the points supermarket: rules and awards, sites and
// goods, stock, redemptions, stocktakes, the desk queue, statements and
// figures. How they show their answers is in market_output.cc.
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/cli/client.h"
#include "clients/cli/command.h"
#include "clients/cli/flag_values.h"
#include "clients/cli/flags.h"
#include "clients/cli/market_output.h"
#include "clients/cli/output.h"
#include "google/protobuf/util/json_util.h"
#include "jiamei/v1/supermarket.grpc.pb.h"

// The flags only these commands read.
ABSL_FLAG(std::string, counter, "",
          "who counted a stocktake's goods (their names)");
ABSL_FLAG(std::string, cap_period, "", "none, month or year");
ABSL_FLAG(std::string, valid_from, "", "YYYY-MM-DD");
ABSL_FLAG(std::string, valid_to, "",
          "YYYY-MM-DD; rule revise: 'open' for no end");
ABSL_FLAG(std::string, valid_on, "", "only rules valid on YYYY-MM-DD");
ABSL_FLAG(int32_t, version, 0, "a rule's version; 0: the current one");
ABSL_FLAG(std::string, villages, "", "villages a site serves, UNIT,...");
ABSL_FLAG(std::string, price, "", "points per unit of measure");
ABSL_FLAG(std::string, active, "", "yes or no: whether a good is offered");
ABSL_FLAG(bool, include_inactive, false, "list goods no longer offered too");
ABSL_FLAG(std::string, quantity, "", "how many come in, at least 1");
ABSL_FLAG(std::string, change, "", "signed change of a good's stock");
ABSL_FLAG(int32_t, width, 0, "characters per receipt line; 0 means 32");
ABSL_FLAG(bool, deduction, false,
          "rule publish: a deduction rule, taking points back");
ABSL_FLAG(std::string, event_date, "",
          "the day of the event an award is for, YYYY-MM-DD; default today");
ABSL_FLAG(std::string, late_reason, "",
          "why an award is recorded after the unit's deadline");

namespace jiamei::cli {

namespace {

using Supermarket = v1::SupermarketService::Stub;

// What the flags of `rule publish` and `rule revise` give, over `rule`.
absl::Status Overlay(v1::Rule* rule) {
  SetText(FLAGS_display_name, rule->mutable_display_name());
  SetText(FLAGS_valid_from, rule->mutable_valid_from());
  SetText(FLAGS_valid_to, rule->mutable_valid_to());
  if (absl::GetFlag(FLAGS_valid_to) == "open") rule->clear_valid_to();
  const absl::Status status = FirstError(
      {SetWord(FLAGS_category, rule, &v1::Rule::set_category),
       SetNumber(FLAGS_points, rule, &v1::Rule::set_points),
       SetWord(FLAGS_cap_period, rule, &v1::Rule::set_cap_period),
       SetNumber(FLAGS_cap_points, rule, &v1::Rule::set_cap_points)});
  // No cap, no cap points: --cap_period=none alone lifts a cap.
  if (rule->cap_period() == v1::CAP_PERIOD_NONE &&
      absl::GetFlag(FLAGS_cap_points).empty()) {
    rule->set_cap_points(0);
  }
  return status;
}

// What the flags of `good add` and `good revise` give, over `good`.
absl::Status Overlay(v1::Good* good) {
  SetText(FLAGS_display_name, good->mutable_display_name());
  SetText(FLAGS_measure, good->mutable_measure());
  return FirstError({SetNumber(FLAGS_price, good, &v1::Good::set_price),
                     SetYesNo(FLAGS_active, good, &v1::Good::set_active)});
}

// What a revision sends of the version it starts from.
void ClearOutputOnly(v1::Rule* rule) {
  rule->clear_version();
  rule->clear_version_time();
  rule->clear_version_sequence();
  rule->clear_operator_();
}

void ClearOutputOnly(v1::Good* good) {
  good->clear_version();
  good->clear_stock();
  good->clear_version_time();
}

// `rule revise` and `good revise`: a new version, which is the current one
// with what the flags give over it (the API wants the version in full).
template <auto kGet, auto kRevise, auto kRecord>
int Revise(Client* client, const std::string& name) {
  using Record =
      std::remove_pointer_t<decltype((RequestOf<kRevise>().*kRecord)())>;
  Record scratch;  // the flags are checked before anything is asked
  if (absl::Status bad = Overlay(&scratch); !bad.ok()) {
    return UsageError(bad.message());
  }
  Record record;
  RequestOf<kGet> get;
  get.set_name(name);
  if (const grpc::Status status = client->Send(kGet, get, &record);
      !status.ok()) {
    return Refused(status);
  }
  ClearOutputOnly(&record);
  RequestOf<kRevise> request;
  *(request.*kRecord)() = record;
  return Mutate(client, kRevise, request, Overlay((request.*kRecord)()));
}

int RulePublish(Client* client, const std::string& /*operand*/) {
  v1::PublishRuleRequest request;
  v1::Rule* rule = request.mutable_rule();
  rule->set_unit(NameFlag(FLAGS_unit, "units"));
  rule->set_code(absl::GetFlag(FLAGS_code));
  rule->set_deduction(absl::GetFlag(FLAGS_deduction));
  return Mutate(client, &Supermarket::PublishRule, request, Overlay(rule));
}

int RuleGet(Client* client, const std::string& name) {
  v1::GetRuleRequest request;
  request.set_name(name);
  request.set_version(absl::GetFlag(FLAGS_version));
  return client->Call(&Supermarket::GetRule, request);
}

int RuleList(Client* client, const std::string& /*operand*/) {
  v1::ListRulesRequest request;
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  request.set_valid_on(absl::GetFlag(FLAGS_valid_on));
  return client->Call(&Supermarket::ListRules, request);
}

int Award(Client* client, const std::vector<std::string>& operands) {
  v1::AwardPointsRequest request;
  request.set_rule(operands[0]);
  request.set_household(operands[1]);
  request.set_note(absl::GetFlag(FLAGS_note));
  request.set_event_date(absl::GetFlag(FLAGS_event_date));
  request.set_late_reason(absl::GetFlag(FLAGS_late_reason));
  return Mutate(client, &Supermarket::AwardPoints, request, absl::OkStatus());
}

// "households/12,rules/3,courtyard checked" (or "12,3,...") -> an award
// line; the note is the rest of the line, commas and all.
absl::StatusOr<v1::AwardLine> ParseAwardLine(absl::string_view text) {
  const std::vector<absl::string_view> fields =
      absl::StrSplit(text, absl::MaxSplits(',', 2));
  if (fields.size() < 2) {
    return absl::InvalidArgumentError("want household,rule,note");
  }
  v1::AwardLine line;
  line.set_household(Normalize(
      std::string(absl::StripAsciiWhitespace(fields[0])), "households"));
  line.set_rule(
      Normalize(std::string(absl::StripAsciiWhitespace(fields[1])), "rules"));
  if (fields.size() > 2) {
    line.set_note(std::string(absl::StripAsciiWhitespace(fields[2])));
  }
  return line;
}

// An award batch read from a CSV file, and the file's line number of each
// of its lines.
struct BatchFile {
  v1::AwardBatchRequest request;
  std::vector<int> line_numbers;
};

// Reads FILE of `award batch`: household,rule,note per line; blank lines,
// "# comments" and a "household,..." header line are passed over.
absl::StatusOr<BatchFile> ReadBatch(const std::string& path) {
  absl::StatusOr<std::vector<std::string>> lines = ReadLines(path);
  if (!lines.ok()) return lines.status();
  BatchFile batch;
  for (size_t i = 0; i < lines->size(); ++i) {
    const std::string& text = (*lines)[i];
    if (Blank(text) || absl::StartsWith(text, "household,")) continue;
    absl::StatusOr<v1::AwardLine> line = ParseAwardLine(text);
    if (!line.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", i + 1, ": ", line.status().message()));
    }
    *batch.request.add_lines() = *std::move(line);
    batch.line_numbers.push_back(static_cast<int>(i + 1));
  }
  if (batch.request.lines().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": no award lines"));
  }
  return batch;
}

int AwardBatch(Client* client, const std::string& path) {
  absl::StatusOr<BatchFile> batch = ReadBatch(path);
  if (!batch.ok()) return UsageError(batch.status().message());
  batch->request.set_event_date(absl::GetFlag(FLAGS_event_date));
  batch->request.set_late_reason(absl::GetFlag(FLAGS_late_reason));
  batch->request.set_request_id(RequestId());
  v1::AwardBatchResponse response;
  const grpc::Status status =
      client->Send(&Supermarket::AwardBatch, batch->request, &response);
  if (!status.ok()) return Refused(status);
  if (absl::GetFlag(FLAGS_json)) return ShowJson(response);
  PrintBatch(batch->request, batch->line_numbers, response);
  return kExitOk;
}

int SiteCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateSiteRequest request;
  v1::Site* site = request.mutable_site();
  site->set_unit(NameFlag(FLAGS_unit, "units"));
  site->set_display_name(absl::GetFlag(FLAGS_display_name));
  SetList(FLAGS_villages, site->mutable_villages(), "units");
  return Mutate(client, &Supermarket::CreateSite, request, absl::OkStatus());
}

int SiteList(Client* client, const std::string& /*operand*/) {
  v1::ListSitesRequest request;
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  return client->Call(&Supermarket::ListSites, request);
}

int GoodAdd(Client* client, const std::string& /*operand*/) {
  v1::AddGoodRequest request;
  v1::Good* good = request.mutable_good();
  good->set_site(NameFlag(FLAGS_site, "sites"));
  good->set_active(true);
  return Mutate(client, &Supermarket::AddGood, request, Overlay(good));
}

int GoodList(Client* client, const std::string& /*operand*/) {
  v1::ListGoodsRequest request;
  request.set_site(NameFlag(FLAGS_site, "sites"));
  request.set_include_inactive(absl::GetFlag(FLAGS_include_inactive));
  return client->Call(&Supermarket::ListGoods, request);
}

int StockIn(Client* client, const std::string& good) {
  v1::StockInRequest request;
  request.set_good(good);
  request.set_note(absl::GetFlag(FLAGS_note));
  return Mutate(
      client, &Supermarket::StockIn, request,
      FirstError({SetNumber(FLAGS_quantity, &request,
                            &v1::StockInRequest::set_quantity),
                  SetWord(FLAGS_kind, &request, &v1::StockInRequest::set_kind,
                          {v1::STOCK_MOVEMENT_KIND_DONATION,
                           v1::STOCK_MOVEMENT_KIND_PURCHASE})}));
}

int StockAdjust(Client* client, const std::string& good) {
  v1::AdjustStockRequest request;
  request.set_good(good);
  request.set_note(absl::GetFlag(FLAGS_note));
  return Mutate(client, &Supermarket::AdjustStock, request,
                FirstError({SetNumber(FLAGS_change, &request,
                                      &v1::AdjustStockRequest::set_change),
                            SetWord(FLAGS_kind, &request,
                                    &v1::AdjustStockRequest::set_kind,
                                    {v1::STOCK_MOVEMENT_KIND_LOSS,
                                     v1::STOCK_MOVEMENT_KIND_DAMAGE,
                                     v1::STOCK_MOVEMENT_KIND_CORRECTION})}));
}

// The operands from `first` on, each GOOD=N ("goods/3=2" or "3=2"): how
// many of a good are handed out or counted. Refused in the CLI's words,
// which name `form` ("GOOD=QUANTITY, e.g. goods/3=2"), when one is not.
absl::StatusOr<std::vector<NamedCount>> GoodCounts(
    const std::vector<std::string>& operands, size_t first,
    absl::string_view form) {
  std::vector<NamedCount> counts;
  for (size_t i = first; i < operands.size(); ++i) {
    NamedCount count;
    if (!ParseNamedCount(operands[i], "goods", &count) || count.name.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", operands[i], "' is not ", form));
    }
    counts.push_back(std::move(count));
  }
  return counts;
}

int Redeem(Client* client, const std::vector<std::string>& operands) {
  v1::RedeemRequest request;
  request.set_site(NameFlag(FLAGS_site, "sites"));
  request.set_household(NameFlag(FLAGS_household, "households"));
  absl::StatusOr<std::vector<NamedCount>> counts =
      GoodCounts(operands, 0, "GOOD=QUANTITY, e.g. goods/3=2");
  if (!counts.ok()) return UsageError(counts.status().message());
  for (const NamedCount& count : *counts) {
    v1::RedemptionLine* line = request.add_lines();
    line->set_good(count.name);
    line->set_quantity(count.count);
  }
  return Mutate(client, &Supermarket::Redeem, request, absl::OkStatus());
}

int RedemptionVoid(Client* client, const std::string& name) {
  v1::VoidRedemptionRequest request;
  request.set_name(name);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  return Mutate(client, &Supermarket::VoidRedemption, request,
                absl::OkStatus());
}

int RedemptionList(Client* client, const std::string& /*operand*/) {
  v1::ListRedemptionsRequest request;
  request.set_site(NameFlag(FLAGS_site, "sites"));
  return client->List(&Supermarket::ListRedemptions, request);
}

// `stocktake record SITE GOOD=COUNT ...`.
int StocktakeRecord(Client* client, const std::vector<std::string>& operands) {
  v1::RecordStocktakeRequest request;
  request.set_site(operands[0]);
  request.set_counter(absl::GetFlag(FLAGS_counter));
  request.set_reason(absl::GetFlag(FLAGS_reason));
  absl::StatusOr<std::vector<NamedCount>> counts =
      GoodCounts(operands, 1, "GOOD=COUNT, e.g. goods/3=12");
  if (!counts.ok()) return UsageError(counts.status().message());
  for (const NamedCount& count : *counts) {
    v1::StocktakeLine* line = request.add_lines();
    line->set_good(count.name);
    line->set_counted(count.count);
  }
  return Mutate(client, &Supermarket::RecordStocktake, request,
                absl::OkStatus());
}

int Receipt(Client* client, const std::string& name) {
  v1::GetReceiptRequest request;
  request.set_name(name);
  request.set_width(absl::GetFlag(FLAGS_width));
  return client->Call(&Supermarket::GetReceipt, request);
}

// Reads FILE of `queue upload`: one DeskItem per line in protobuf's JSON
// form; blank lines and "# comments" are passed over.
absl::StatusOr<v1::UploadDeskQueueRequest> ReadQueue(const std::string& path) {
  absl::StatusOr<std::vector<std::string>> lines = ReadLines(path);
  if (!lines.ok()) return lines.status();
  v1::UploadDeskQueueRequest request;
  for (size_t i = 0; i < lines->size(); ++i) {
    if (Blank((*lines)[i])) continue;
    const auto parsed = google::protobuf::util::JsonStringToMessage(
        (*lines)[i], request.add_items());
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", i + 1,
                       ": not a DeskItem: ", parsed.message().as_string()));
    }
  }
  if (request.items().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": no items"));
  }
  return request;
}

int QueueUpload(Client* client, const std::string& path) {
  absl::StatusOr<v1::UploadDeskQueueRequest> request = ReadQueue(path);
  if (!request.ok()) return UsageError(request.status().message());
  return client->Call(&Supermarket::UploadDeskQueue, *request);
}

int Figures(Client* client, const std::string& /*operand*/) {
  v1::GetMarketFiguresRequest request;
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  request.set_from_date(absl::GetFlag(FLAGS_from));
  request.set_to_date(absl::GetFlag(FLAGS_to));
  return client->Call(&Supermarket::GetMarketFigures, request);
}

constexpr Command kCommands[] = {
    {"rule", "publish", "",
     "--unit=UNIT --code=CODE --display_name=NAME "
     "--category=hygiene|garbage_sorting|changing_customs|village_governance|"
     "volunteer_service|honours --points=N [--cap_period=none|month|year] "
     "[--cap_points=N] --valid_from=YYYY-MM-DD [--valid_to=YYYY-MM-DD] "
     "[--deduction] [--request_id=ID]",
     "publish a points rule", kCallTimeout, RulePublish},
    {"rule", "revise", "RULE",
     "[--display_name=NAME] [--category=CATEGORY] [--points=N] "
     "[--cap_period=none|month|year] [--cap_points=N] "
     "[--valid_from=YYYY-MM-DD] [--valid_to=YYYY-MM-DD|open] "
     "[--request_id=ID]",
     "make a new version of a rule", kCallTimeout,
     Revise<&Supermarket::GetRule, &Supermarket::ReviseRule,
            &v1::ReviseRuleRequest::mutable_rule>},
    {"rule", "get", "RULE", "[--version=K]",
     "show a rule (its current version, or --version)", kCallTimeout, RuleGet},
    {"rule", "list", "", "--unit=UNIT [--valid_on=YYYY-MM-DD]",
     "list the rules in force in a unit", kCallTimeout, RuleList},
    // Before "award", which would take "batch" for a rule.
    {"award", "batch", "FILE",
     "[--event_date=YYYY-MM-DD] [--late_reason=TEXT] [--request_id=ID]",
     "award points for each line of a CSV file", kCallTimeout, AwardBatch},
    {"award", "", "RULE HOUSEHOLD",
     "--note=TEXT [--event_date=YYYY-MM-DD] [--late_reason=TEXT] "
     "[--request_id=ID]",
     "award a household the points of a rule", kCallTimeout, nullptr, false,
     Award},
    {"site", "create", "",
     "--unit=UNIT --display_name=NAME --villages=UNIT,... [--request_id=ID]",
     "create a supermarket site for its villages", kCallTimeout, SiteCreate},
    {"site", "get", "SITE", "", "show a supermarket site", kCallTimeout,
     Get<&Supermarket::GetSite>},
    {"site", "list", "", "--unit=UNIT", "list the supermarket sites of a unit",
     kCallTimeout, SiteList},
    {"good", "add", "",
     "--site=SITE --display_name=NAME --measure=WORD --price=N "
     "[--request_id=ID]",
     "add a good to a site", kCallTimeout, GoodAdd},
    {"good", "revise", "GOOD",
     "[--display_name=NAME] [--measure=WORD] [--price=N] [--active=yes|no] "
     "[--request_id=ID]",
     "make a new version of a good", kCallTimeout,
     Revise<&Supermarket::GetGood, &Supermarket::ReviseGood,
            &v1::ReviseGoodRequest::mutable_good>},
    {"good", "get", "GOOD", "", "show a good and its stock", kCallTimeout,
     Get<&Supermarket::GetGood>},
    {"good", "list", "", "--site=SITE [--include_inactive]",
     "list the goods of a site", kCallTimeout, GoodList},
    {"stock", "in", "GOOD",
     "--quantity=N --kind=donation|purchase [--note=TEXT] [--request_id=ID]",
     "take goods into stock (a donation or a purchase)", kCallTimeout, StockIn},
    {"stock", "adjust", "GOOD",
     "--change=N --kind=loss|damage|correction --note=TEXT [--request_id=ID]",
     "correct a good's stock (a loss, damage or a correction)", kCallTimeout,
     StockAdjust},
    {"stock", "list", "GOOD", kPagingFlags,
     "list the stock movements of a good", kCallTimeout,
     ListOf<&Supermarket::ListStockMovements,
            &v1::ListStockMovementsRequest::mutable_good>},
    {"redeem", "", "GOOD=QUANTITY ...",
     "--site=SITE --household=HOUSEHOLD [--request_id=ID]",
     "hand a household goods for its points", kCallTimeout, nullptr, false,
     Redeem},
    {"redemption", "void", "REDEMPTION", "--reason=TEXT [--request_id=ID]",
     "void a redemption, giving the points and goods back", kCallTimeout,
     RedemptionVoid},
    {"redemption", "get", "REDEMPTION", "", "show a redemption and its lines",
     kCallTimeout, Get<&Supermarket::GetRedemption>},
    {"redemption", "list", "",
     "--site=SITE [--page_size=N] [--page_token=T] [--all]",
     "list the redemptions of a site", kCallTimeout, RedemptionList},
    {"receipt", "", "REDEMPTION", "[--width=N]", "print a redemption's receipt",
     kCallTimeout, Receipt},
    {"stocktake", "record", "SITE GOOD=COUNT ...",
     "--counter=NAME --reason=TEXT [--request_id=ID]",
     "record what was counted on a site's shelves", kCallTimeout, nullptr,
     false, StocktakeRecord},
    {"stocktake", "get", "STOCKTAKE", "",
     "show a stocktake and its differences", kCallTimeout,
     Get<&Supermarket::GetStocktake>},
    {"stocktake", "list", "SITE", kPagingFlags, "list the stocktakes of a site",
     kCallTimeout,
     ListOf<&Supermarket::ListStocktakes,
            &v1::ListStocktakesRequest::mutable_site>},
    {"queue", "upload", "FILE", "",
     "send the desk's offline queue (FILE of DeskItems)", kCallTimeout,
     QueueUpload},
    {"statement", "", "HOUSEHOLD", kPagingFlags,
     "show a household's points statement", kCallTimeout,
     ListOf<&Supermarket::GetStatement,
            &v1::GetStatementRequest::mutable_household>},
    {"figures", "", "", "--unit=UNIT --from=YYYY-MM-DD --to=YYYY-MM-DD",
     "show a unit's supermarket figures for a period", kCallTimeout, Figures},
};

}  // namespace

absl::Span<const Command> MarketCommands() { return kCommands; }

}  // namespace jiamei::cli
