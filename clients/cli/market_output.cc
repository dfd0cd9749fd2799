// How the commands of the points supermarket (market_commands.cc) show
// their answers.
#include "clients/cli/market_output.h"

#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/status_text.h"

namespace jiamei::cli {
namespace {

// "30 per month", or "none".
std::string Cap(const v1::Rule& rule) {
  return rule.cap_period() == v1::CAP_PERIOD_NONE
             ? "none"
             : absl::StrCat(rule.cap_points(), " per ",
                            Word(rule.cap_period()));
}

// "2026-01-01..2026-12-31", or "2026-01-01.." for no end.
std::string Validity(const v1::Rule& rule) {
  return absl::StrCat(rule.valid_from(), "..", rule.valid_to());
}

// "rules/3 v2 HYG-01".
std::string RuleVersion(const std::string& name, int32_t version,
                        const std::string& code) {
  return absl::StrCat(name, " v", version, " ", code);
}

// "大米5斤 (bag)": what a good is and how it is counted.
std::string GoodName(const std::string& display_name,
                     const std::string& measure) {
  return absl::StrCat(display_name, " (", measure, ")");
}

// A stock movement's note, or the redemption it was for.
std::string MovementNote(const v1::StockMovement& movement) {
  return movement.redemption().empty() ? movement.note()
                                       : movement.redemption();
}

std::string Voided(const v1::Redemption& redemption) {
  return redemption.has_voided_by() ? "voided" : "valid";
}

void PrintGoodQuantities(absl::string_view title,
                         const Repeated<v1::GoodQuantity>& goods) {
  std::vector<Row> rows;
  for (const v1::GoodQuantity& good : goods) {
    rows.push_back({good.good(), good.site(), absl::StrCat(good.quantity()),
                    good.display_name()});
  }
  std::cout << title << ":\n";
  PrintTable({{"GOOD", false},
              {"SITE", false},
              {"QUANTITY", true},
              {"DISPLAY NAME", false}},
             rows);
}

void PrintRedemptionLines(const Repeated<v1::RedemptionLine>& lines) {
  std::vector<Row> rows;
  for (const v1::RedemptionLine& line : lines) {
    rows.push_back({line.good(), absl::StrCat(line.good_version()),
                    absl::StrCat(line.quantity()), absl::StrCat(line.price()),
                    absl::StrCat(line.points()),
                    GoodName(line.display_name(), line.measure())});
  }
  std::cout << "lines:\n";
  PrintTable({{"GOOD", false},
              {"VER", true},
              {"QTY", true},
              {"PRICE", true},
              {"POINTS", true},
              {"DISPLAY NAME (MEASURE)", false}},
             rows);
}

// The row of one line of an award batch.
Row BatchRow(const v1::AwardBatchRequest& request,
             const std::vector<int>& line_numbers,
             const v1::AwardLineResult& result) {
  const int i = result.line();
  const bool known = i >= 0 && i < request.lines_size();
  const v1::AwardLine line = known ? request.lines(i) : v1::AwardLine();
  const std::string number = known && i < static_cast<int>(line_numbers.size())
                                 ? absl::StrCat(line_numbers[i])
                                 : absl::StrCat("#", i);
  if (result.has_award()) {
    return {number,
            "accepted",
            line.household(),
            line.rule(),
            absl::StrCat(result.award().points()),
            "-",
            line.note()};
  }
  return {number,
          "refused",
          line.household(),
          line.rule(),
          "0",
          Cell(result.refusal_reason()),
          result.refusal_message()};
}

// What an applied desk item did: the award's or the redemption's points
// and record.
Row DeskItemRow(int index, const v1::DeskItemResult& result) {
  std::string record = "-";
  std::string points = "-";
  if (result.has_award()) {
    record = result.award().transfer().name();
    points = Signed(result.award().points());
  } else if (result.has_redemption()) {
    record = result.redemption().name();
    points = Signed(-result.redemption().total_points());
  }
  return {absl::StrCat(index + 1),
          result.request_id(),
          result.code() == 0
              ? "applied"
              : clients::CodeName(static_cast<grpc::StatusCode>(result.code())),
          Cell(result.reason()),
          record,
          points,
          result.message()};
}

}  // namespace

template <>
void Print(const v1::Rule& rule) {
  PrintFields(
      {{"name", rule.name()},
       {"version", absl::StrCat(rule.version())},
       {"unit", rule.unit()},
       {"code", rule.code()},
       {"display_name", rule.display_name()},
       {"category", Word(rule.category())},
       {"points", rule.deduction() ? absl::StrCat(rule.points(), " (deduction)")
                                   : absl::StrCat(rule.points())},
       {"cap", Cap(rule)},
       {"valid_from", rule.valid_from()},
       {"valid_to", rule.valid_to().empty() ? "open" : rule.valid_to()},
       {"version_time", Time(rule.version_time())},
       {"version_sequence", absl::StrCat(rule.version_sequence())},
       {"operator", rule.operator_()}});
}

template <>
void Print(const v1::ListRulesResponse& page) {
  std::vector<Row> rows;
  for (const v1::Rule& rule : page.rules()) {
    rows.push_back({rule.name(), absl::StrCat(rule.version()), rule.unit(),
                    rule.code(), Word(rule.category()),
                    absl::StrCat(rule.deduction() ? "-" : "", rule.points()),
                    Cap(rule), Validity(rule), rule.display_name()});
  }
  PrintTable({{"RULE", false},
              {"VER", true},
              {"UNIT", false},
              {"CODE", false},
              {"CATEGORY", false},
              {"POINTS", true},
              {"CAP", false},
              {"VALID", false},
              {"DISPLAY NAME", false}},
             rows);
}

template <>
void Print(const v1::Award& award) {
  if (!award.approval().empty()) {
    // A proposal: judged (version, points) and made only when approved.
    std::vector<Field> fields = {
        {"household", award.household()},
        {"rule", absl::StrCat(award.rule(), " ", award.rule_code())},
        {"rule_name", award.rule_display_name()},
        {"points", "none yet: waiting for approval"},
        {"note", award.note()}};
    AddIfSet(&fields, "event_date", award.event_date());
    fields.emplace_back("approval", award.approval());
    PrintFields(fields);
    return;
  }
  std::vector<Field> fields = {
      {"household", award.household()},
      {"rule",
       RuleVersion(award.rule(), award.rule_version(), award.rule_code())},
      {"rule_name", award.rule_display_name()},
      {"category", Word(award.category())},
      {"points", absl::StrCat(award.points())}};
  if (award.deduction()) {
    fields.emplace_back("deduction", "yes");
    fields.emplace_back("shortfall", absl::StrCat(award.shortfall()));
  }
  fields.emplace_back("note", award.note());
  AddIfSet(&fields, "event_date", award.event_date());
  fields.emplace_back("transfer", award.transfer().name());
  fields.emplace_back("time", Time(award.transfer().create_time()));
  if (award.has_desk_time()) {
    fields.emplace_back("desk_time", Time(award.desk_time()));
  }
  fields.emplace_back("request_id", award.transfer().request_id());
  PrintFields(fields);
}

template <>
void Print(const v1::Site& site) {
  PrintFields({{"name", site.name()},
               {"unit", site.unit()},
               {"display_name", site.display_name()},
               {"villages", absl::StrJoin(site.villages(), ",")},
               {"account", site.account()},
               {"created", Time(site.create_time())}});
}

template <>
void Print(const v1::ListSitesResponse& page) {
  std::vector<Row> rows;
  for (const v1::Site& site : page.sites()) {
    rows.push_back({site.name(), site.unit(), site.account(),
                    absl::StrJoin(site.villages(), ","), site.display_name()});
  }
  PrintTable({{"SITE", false},
              {"UNIT", false},
              {"ACCOUNT", false},
              {"VILLAGES", false},
              {"DISPLAY NAME", false}},
             rows);
}

template <>
void Print(const v1::Good& good) {
  PrintFields({{"name", good.name()},
               {"site", good.site()},
               {"version", absl::StrCat(good.version())},
               {"display_name", good.display_name()},
               {"measure", good.measure()},
               {"price", absl::StrCat(good.price())},
               {"state", good.active() ? "active" : "inactive"},
               {"stock", absl::StrCat(good.stock())},
               {"version_time", Time(good.version_time())}});
}

template <>
void Print(const v1::ListGoodsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Good& good : page.goods()) {
    rows.push_back({good.name(), absl::StrCat(good.version()), good.site(),
                    absl::StrCat(good.price()), absl::StrCat(good.stock()),
                    good.active() ? "active" : "inactive",
                    GoodName(good.display_name(), good.measure())});
  }
  PrintTable({{"GOOD", false},
              {"VER", true},
              {"SITE", false},
              {"PRICE", true},
              {"STOCK", true},
              {"STATE", false},
              {"DISPLAY NAME (MEASURE)", false}},
             rows);
}

template <>
void Print(const v1::StockMovement& movement) {
  std::vector<Field> fields = {
      {"good", movement.good()},
      {"kind", Word(movement.kind())},
      {"change", Signed(movement.change())},
      {"stock_after", absl::StrCat(movement.stock_after())}};
  AddIfSet(&fields, "note", movement.note());
  AddIfSet(&fields, "redemption", movement.redemption());
  AddIfSet(&fields, "stocktake", movement.stocktake());
  fields.insert(fields.end(), {{"sequence", absl::StrCat(movement.sequence())},
                               {"time", Time(movement.time())},
                               {"operator", movement.operator_()}});
  PrintFields(fields);
}

template <>
void Print(const v1::ListStockMovementsResponse& page) {
  std::vector<Row> rows;
  for (const v1::StockMovement& movement : page.movements()) {
    rows.push_back({absl::StrCat(movement.sequence()), Time(movement.time()),
                    Word(movement.kind()), Signed(movement.change()),
                    absl::StrCat(movement.stock_after()),
                    Cell(movement.operator_()), MovementNote(movement)});
  }
  PrintTable({{"SEQ", true},
              {"TIME", false},
              {"KIND", false},
              {"CHANGE", true},
              {"STOCK", true},
              {"OPERATOR", false},
              {"NOTE OR REDEMPTION", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

template <>
void Print(const v1::Redemption& redemption) {
  std::vector<Field> fields = {
      {"name", redemption.name()},
      {"receipt_number", redemption.receipt_number()},
      {"site", redemption.site()},
      {"household", redemption.household()},
      {"total_points", absl::StrCat(redemption.total_points())},
      {"transfer", redemption.transfer().name()},
      {"time", Time(redemption.transfer().create_time())}};
  if (redemption.has_desk_time()) {
    fields.emplace_back("desk_time", Time(redemption.desk_time()));
  }
  fields.emplace_back("state", Voided(redemption));
  if (redemption.has_voided_by()) {
    fields.emplace_back("voided_by", redemption.voided_by().name());
    fields.emplace_back("void_reason", redemption.void_reason());
  }
  PrintFields(fields);
  PrintRedemptionLines(redemption.lines());
}

template <>
void Print(const v1::ListRedemptionsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Redemption& redemption : page.redemptions()) {
    rows.push_back(
        {redemption.name(), redemption.receipt_number(),
         Time(redemption.transfer().create_time()), redemption.household(),
         absl::StrCat(redemption.total_points()), Voided(redemption)});
  }
  PrintTable({{"REDEMPTION", false},
              {"RECEIPT", false},
              {"TIME", false},
              {"HOUSEHOLD", false},
              {"POINTS", true},
              {"STATE", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

template <>
void Print(const v1::Stocktake& stocktake) {
  PrintFields({{"name", stocktake.name()},
               {"site", stocktake.site()},
               {"counter", stocktake.counter()},
               {"reason", stocktake.reason()},
               {"time", Time(stocktake.time())},
               {"operator", stocktake.operator_()},
               {"sequence", absl::StrCat(stocktake.sequence())},
               {"goods_counted", absl::StrCat(stocktake.goods_counted())},
               {"differences", absl::StrCat(stocktake.differences())},
               {"net_change", Signed(stocktake.net_change())}});
  std::vector<Row> differences;
  std::vector<Row> agreed;
  for (const v1::StocktakeLine& line : stocktake.lines()) {
    Row row = {line.good(), absl::StrCat(line.expected()),
               absl::StrCat(line.counted()), Signed(line.difference()),
               GoodName(line.display_name(), line.measure())};
    (line.difference() != 0 ? differences : agreed).push_back(std::move(row));
  }
  const std::vector<Column> columns = {{"GOOD", false},
                                       {"LEDGER", true},
                                       {"COUNTED", true},
                                       {"DIFFERENCE", true},
                                       {"DISPLAY NAME (MEASURE)", false}};
  std::cout << "differences from the ledger:";
  if (differences.empty()) {
    std::cout << " none\n";
  } else {
    std::cout << "\n";
    PrintTable(columns, differences);
  }
  if (!agreed.empty()) {
    std::cout << "counts that agree:\n";
    PrintTable(columns, agreed);
  }
}

template <>
void Print(const v1::ListStocktakesResponse& page) {
  std::vector<Row> rows;
  for (const v1::Stocktake& stocktake : page.stocktakes()) {
    rows.push_back({stocktake.name(), Time(stocktake.time()),
                    absl::StrCat(stocktake.goods_counted()),
                    absl::StrCat(stocktake.differences()),
                    Signed(stocktake.net_change()), stocktake.counter()});
  }
  PrintTable({{"STOCKTAKE", false},
              {"TIME", false},
              {"GOODS", true},
              {"DIFFS", true},
              {"NET", true},
              {"COUNTER", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

template <>
void Print(const v1::Receipt& receipt) {
  std::cout << receipt.text();
}

template <>
void Print(const v1::UploadDeskQueueResponse& response) {
  std::vector<Row> rows;
  int applied = 0;
  for (int i = 0; i < response.results_size(); ++i) {
    rows.push_back(DeskItemRow(i, response.results(i)));
    if (response.results(i).code() == 0) ++applied;
  }
  PrintTable({{"ITEM", true},
              {"REQUEST ID", false},
              {"RESULT", false},
              {"REASON", false},
              {"RECORD", false},
              {"POINTS", true},
              {"MESSAGE", false}},
             rows);
  PrintFields({{"applied", absl::StrCat(applied)},
               {"refused", absl::StrCat(response.results_size() - applied)}});
}

template <>
void Print(const v1::Statement& statement) {
  PrintFields({{"household", statement.household()},
               {"account", statement.account()},
               {"balance", absl::StrCat(statement.balance())}});
  std::vector<Row> rows;
  for (const v1::StatementLine& line : statement.lines()) {
    rows.push_back({absl::StrCat(line.sequence()), Time(line.time()),
                    Signed(line.change()), absl::StrCat(line.balance_after()),
                    line.description()});
  }
  PrintTable({{"SEQ", true},
              {"TIME", false},
              {"CHANGE", true},
              {"BALANCE", true},
              {"DESCRIPTION", false}},
             rows);
  PrintNextPageToken(statement.next_page_token());
  if (statement.expiring_size() == 0) return;
  std::vector<Row> expiring;
  for (const v1::ExpiringPoints& e : statement.expiring()) {
    expiring.push_back({e.date(), absl::StrCat(e.points())});
  }
  std::cout << "expiring unless spent first:\n";
  PrintTable({{"DATE", false}, {"POINTS", true}}, expiring);
}

template <>
void Print(const v1::MarketFigures& figures) {
  PrintFields(
      {{"unit", figures.unit()},
       {"from", figures.from_date()},
       {"to", figures.to_date()},
       {"points_issued", absl::StrCat(figures.points_issued())},
       {"points_redeemed", absl::StrCat(figures.points_redeemed())},
       {"redemption_events", absl::StrCat(figures.redemption_events())},
       {"households_redeemed", absl::StrCat(figures.households_redeemed())},
       {"people_benefited", absl::StrCat(figures.people_benefited())}});
  std::vector<Row> rows;
  for (const v1::CategoryPoints& category : figures.issued_by_category()) {
    rows.push_back({Word(category.category()), absl::StrCat(category.awards()),
                    absl::StrCat(category.points())});
  }
  std::cout << "issued by category:\n";
  PrintTable({{"CATEGORY", false}, {"AWARDS", true}, {"POINTS", true}}, rows);
  PrintGoodQuantities("goods handed out", figures.goods_handed_out());
  PrintGoodQuantities("stock on hand", figures.stock_on_hand());
}

void PrintBatch(const v1::AwardBatchRequest& request,
                const std::vector<int>& line_numbers,
                const v1::AwardBatchResponse& response) {
  std::vector<Row> rows;
  for (const v1::AwardLineResult& result : response.results()) {
    rows.push_back(BatchRow(request, line_numbers, result));
  }
  PrintTable({{"LINE", true},
              {"RESULT", false},
              {"HOUSEHOLD", false},
              {"RULE", false},
              {"POINTS", true},
              {"REASON", false},
              {"NOTE OR WHY REFUSED", false}},
             rows);
  std::vector<Field> fields = {{"accepted", absl::StrCat(response.accepted())},
                               {"refused", absl::StrCat(response.refused())},
                               {"points", absl::StrCat(response.points())},
                               {"sequence", absl::StrCat(response.sequence())}};
  if (!response.approval().empty()) {
    fields.emplace_back("approval", absl::StrCat(response.approval(),
                                                 " (waiting; no line judged)"));
  }
  fields.emplace_back("request_id", request.request_id());
  PrintFields(fields);
}

}  // namespace jiamei::cli
