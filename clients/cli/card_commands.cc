// The commands of paper point cards.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/client.h"
#include "clients/cli/command.h"
#include "clients/cli/flag_values.h"
#include "clients/cli/flags.h"
#include "clients/cli/output.h"
#include "jiamei/v1/cards.grpc.pb.h"

// The flags only these commands read.
ABSL_FLAG(std::string, count, "", "how many paper cards to issue, 1 to 1000");

namespace jiamei::cli {

template <>
void Print(const v1::Card& card) {
  std::vector<Field> fields = {{"name", card.name()}};
  if (!card.number().empty()) fields.emplace_back("number", card.number());
  fields.insert(fields.end(), {{"unit", card.unit()},
                               {"points", absl::StrCat(card.points())},
                               {"state", Word(card.state())},
                               {"note", card.note()},
                               {"issued", Time(card.issue_time())},
                               {"issued_by", card.issued_by()},
                               {"issue_transfer", card.issue_transfer()}});
  if (card.has_transfer()) {
    fields.emplace_back("transfer", card.transfer().name());
    fields.emplace_back("time", Time(card.transfer().create_time()));
    fields.emplace_back("by", card.closed_by());
  }
  if (!card.household().empty()) {
    fields.emplace_back("household", card.household());
  }
  if (!card.void_reason().empty()) {
    fields.emplace_back("void_reason", card.void_reason());
  }
  PrintFields(fields);
}

template <>
void Print(const v1::CardBatch& batch) {
  PrintFields({{"unit", batch.unit()},
               {"count", absl::StrCat(batch.count())},
               {"points", absl::StrCat(batch.points(), " each")},
               {"note", batch.note()},
               {"float_account", batch.float_account()},
               {"transfer", batch.transfer().name()}});
  std::vector<Row> rows;
  for (const v1::Card& card : batch.cards()) {
    rows.push_back({card.name(), card.number(), absl::StrCat(card.points())});
  }
  PrintTable({{"CARD", false}, {"NUMBER", false}, {"POINTS", true}}, rows);
}

template <>
void Print(const v1::ListCardsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Card& card : page.cards()) {
    rows.push_back({card.name(), absl::StrCat(card.points()),
                    Word(card.state()), card.transfer().name(),
                    card.household(), card.void_reason()});
  }
  PrintTable({{"CARD", false},
              {"POINTS", true},
              {"STATE", false},
              {"TRANSFER", false},
              {"HOUSEHOLD", false},
              {"VOID REASON", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

namespace {

using Cards = v1::PointCardService::Stub;

int CardIssue(Client* client, const std::string& unit) {
  v1::IssueCardsRequest request;
  request.set_unit(unit);
  request.set_note(absl::GetFlag(FLAGS_note));
  int64_t count = 0;
  const std::string text = absl::GetFlag(FLAGS_count);
  absl::Status checked = absl::OkStatus();
  if (!absl::SimpleAtoi(text, &count) || count < INT32_MIN ||
      count > INT32_MAX) {
    checked = BadFlag(FLAGS_count,
                      absl::StrCat("must be a whole number, not '", text, "'"));
  } else {
    request.set_count(static_cast<int32_t>(count));
  }
  return Mutate(
      client, &Cards::IssueCards, request,
      FirstError({checked, SetNumber(FLAGS_points, &request,
                                     &v1::IssueCardsRequest::set_points)}));
}

int CardVoid(Client* client, const std::string& name) {
  v1::VoidCardRequest request;
  request.set_name(name);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  return Mutate(client, &Cards::VoidCard, request, absl::OkStatus());
}

int CardRedeem(Client* client, const std::vector<std::string>& operands) {
  v1::RedeemCardRequest request;
  request.set_number(operands[0]);
  request.set_household(operands[1]);
  return Mutate(client, &Cards::RedeemCard, request, absl::OkStatus());
}

constexpr Command kCommands[] = {
    {"card", "issue", "UNIT",
     "--count=N --points=N --note=TEXT [--request_id=ID]",
     "issue paper point cards", kCallTimeout, CardIssue},
    {"card", "get", "CARD", "", "show a paper card", kCallTimeout,
     Get<&Cards::GetCard>},
    {"card", "list", "UNIT",
     "[--state=outstanding|redeemed|voided] [--page_size=N] [--page_token=T] "
     "[--all]",
     "list the paper cards of a unit", kCallTimeout,
     ListInState<&Cards::ListCards, v1::CardState>},
    {"card", "void", "CARD", "--reason=TEXT [--request_id=ID]",
     "void an outstanding paper card", kCallTimeout, CardVoid},
    {"card", "redeem", "NUMBER HOUSEHOLD", "[--request_id=ID]",
     "credit a household with a paper card", kCallTimeout, nullptr, false,
     CardRedeem},
};

}  // namespace

absl::Span<const Command> CardCommands() { return kCommands; }

}  // namespace jiamei::cli
