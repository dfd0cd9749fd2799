// Paper point cards over gRPC against the real server: a batch issued,
// redeemed and voided with the points moving through the unit's card float;
// retries; listing by state; and every bad input of the issue, each refused
// with its status and reason while the ledger's digest stays where it was.
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/audit.grpc.pb.h"
#include "jiamei/v1/cards.grpc.pb.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/world.h"

namespace jiamei::testing {
namespace {

using ::testing::HasSubstr;
using Stub = v1::PointCardService::Stub;

constexpr grpc::StatusCode kInvalid = grpc::StatusCode::INVALID_ARGUMENT;
constexpr grpc::StatusCode kConflict = grpc::StatusCode::FAILED_PRECONDITION;
constexpr grpc::StatusCode kNotFound = grpc::StatusCode::NOT_FOUND;

// The world's units (world.h) and a second township T2; household H1 in
// A and H2 in T2's village; no rules, no sites.
WorldPlan CardWorld() {
  WorldPlan plan;
  plan.other_township = true;
  plan.households.resize(2);
  plan.households[0].number = "0001";
  plan.households[1].village = Where::kOtherVillage;
  plan.households[1].number = "0002";
  plan.rules.clear();
  plan.sites.clear();
  return plan;
}

class CardTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    world_ = std::make_unique<World>(server_, CardWorld());
    cards_ = v1::PointCardService::NewStub(server_.channel());
    township_ = world_->township();
    township_issuance_ = world_->unit(Where::kTownship).issuance_account();
    h1_ = world_->household(0);
    h2_ = world_->household(1);
  }

  std::string Id() { return world_->NewId(); }

  v1::IssueCardsRequest IssueRequest(const std::string& unit, int32_t count,
                                     int64_t points) {
    v1::IssueCardsRequest request;
    request.set_request_id(Id());
    request.set_unit(unit);
    request.set_count(count);
    request.set_points(points);
    request.set_note("2026年3月 评比 无手机户");
    return request;
  }
  Reply<v1::CardBatch> Issue(const std::string& unit, int32_t count,
                             int64_t points) {
    return Send(cards_.get(), &Stub::IssueCards,
                IssueRequest(unit, count, points));
  }
  // The printed numbers of a new batch of the township.
  std::vector<std::string> Numbers(int32_t count, int64_t points) {
    Reply<v1::CardBatch> batch = Issue(township_, count, points);
    EXPECT_THAT(batch, IsOk());
    std::vector<std::string> numbers;
    for (const v1::Card& card : batch.value.cards()) {
      numbers.push_back(card.number());
    }
    return numbers;
  }

  v1::RedeemCardRequest RedeemRequest(const std::string& number,
                                      const std::string& household) {
    v1::RedeemCardRequest request;
    request.set_request_id(Id());
    request.set_number(number);
    request.set_household(household);
    return request;
  }
  Reply<v1::Card> Redeem(const std::string& number,
                         const std::string& household) {
    return Send(cards_.get(), &Stub::RedeemCard,
                RedeemRequest(number, household));
  }
  Reply<v1::Card> Void(const std::string& name,
                       const std::string& reason = "lost") {
    v1::VoidCardRequest request;
    request.set_request_id(Id());
    request.set_name(name);
    request.set_reason(reason);
    return Send(cards_.get(), &Stub::VoidCard, request);
  }
  Reply<v1::Card> Get(const std::string& name) {
    v1::GetCardRequest request;
    request.set_name(name);
    return Send(cards_.get(), &Stub::GetCard, request);
  }
  Reply<v1::ListCardsResponse> List(v1::CardState state, int32_t page_size = 0,
                                    const std::string& token = "") {
    v1::ListCardsRequest request;
    request.set_unit(township_);
    request.set_state(state);
    request.set_page_size(page_size);
    request.set_page_token(token);
    return Send(cards_.get(), &Stub::ListCards, request);
  }

  int64_t Balance(const std::string& household) {
    return world_->Statement(household).balance();
  }
  int64_t AccountBalance(const std::string& account) {
    Reply<v1::Account> reply = client_->GetAccount(account);
    EXPECT_THAT(reply, IsOk());
    return reply.value.balance();
  }

  // `number` ("{serial}-{code}") with its code changed.
  static std::string WrongCode(const std::string& number) {
    std::string wrong = number;
    char& last = wrong.back();
    last = last == '9' ? '0' : static_cast<char>(last + 1);
    return wrong;
  }
  static std::string NameOf(const std::string& number) {
    return "cards/" + number.substr(0, number.find('-'));
  }

  std::unique_ptr<World> world_;
  std::unique_ptr<Stub> cards_;
  std::string township_, township_issuance_, h1_, h2_;
};

// ---- Bad input.

TEST_F(CardTest, IssuesWithCountPointsOrNoteOutOfRangeAreRefused) {
  Mark();
  for (int32_t count : {0, -1, 1001}) {
    EXPECT_THAT(Issue(township_, count, 10),
                FailsWith(kInvalid, "INVALID_COUNT"))
        << count;
  }
  for (int64_t points : {int64_t{0}, int64_t{-5}, int64_t{100001}}) {
    EXPECT_THAT(Issue(township_, 1, points),
                FailsWith(kInvalid, "INVALID_POINTS"))
        << points;
  }
  v1::IssueCardsRequest no_note = IssueRequest(township_, 1, 10);
  no_note.clear_note();
  EXPECT_THAT(Send(cards_.get(), &Stub::IssueCards, no_note),
              FailsWith(kInvalid, "INVALID_NOTE"));
  v1::IssueCardsRequest long_note = IssueRequest(township_, 1, 10);
  long_note.set_note(std::string(1025, 'x'));
  EXPECT_THAT(Send(cards_.get(), &Stub::IssueCards, long_note),
              FailsWith(kInvalid, "INVALID_NOTE"));
  v1::IssueCardsRequest control = IssueRequest(township_, 1, 10);
  control.set_note("bad\x01note");
  EXPECT_THAT(Send(cards_.get(), &Stub::IssueCards, control),
              FailsWith(kInvalid, "INVALID_NOTE"));
  EXPECT_THAT(Issue("units/999", 1, 10),
              FailsWith(kNotFound, "UNIT_NOT_FOUND"));
  ExpectNothingWritten();
}

TEST_F(CardTest, AUsedCardCannotBeRedeemedAgainOrVoided) {
  const std::vector<std::string> numbers = Numbers(1, 50);
  ASSERT_THAT(Redeem(numbers[0], h1_), IsOk());
  Mark();
  Reply<v1::Card> again = Redeem(numbers[0], h1_);
  EXPECT_THAT(again, FailsWith(kConflict, "CARD_ALREADY_USED"));
  EXPECT_THAT(again.status.error_message(), HasSubstr("was redeemed by"));
  std::map<std::string, std::string> used = MetadataOf(again);
  EXPECT_EQ(used["card"], NameOf(numbers[0]));
  EXPECT_THAT(used["transfer"], ::testing::StartsWith("transfers/"));
  EXPECT_THAT(Void(NameOf(numbers[0])),
              FailsWith(kConflict, "CARD_ALREADY_USED"));
  ExpectNothingWritten();
  EXPECT_EQ(Balance(h1_), 50);
}

TEST_F(CardTest, AVoidedCardCannotBeRedeemedOrVoidedAgain) {
  const std::vector<std::string> numbers = Numbers(1, 50);
  ASSERT_THAT(Void(NameOf(numbers[0])), IsOk());
  Mark();
  EXPECT_THAT(Redeem(numbers[0], h1_), FailsWith(kConflict, "CARD_VOIDED"));
  EXPECT_THAT(Void(numbers[0]), FailsWith(kConflict, "CARD_VOIDED"));
  ExpectNothingWritten();
  EXPECT_EQ(Balance(h1_), 0);
}

TEST_F(CardTest, UnknownNumbersWrongCodesAndMalformedNumbersAreRefused) {
  const std::vector<std::string> numbers = Numbers(1, 50);
  Mark();
  EXPECT_THAT(Redeem("999-123456", h1_),
              FailsWith(kNotFound, "CARD_NOT_FOUND"));
  EXPECT_THAT(Void("cards/999"), FailsWith(kNotFound, "CARD_NOT_FOUND"));
  EXPECT_THAT(Get("cards/999"), FailsWith(kNotFound, "CARD_NOT_FOUND"));
  EXPECT_THAT(Redeem(WrongCode(numbers[0]), h1_),
              FailsWith(kInvalid, "CARD_CODE_MISMATCH"));
  EXPECT_THAT(Void(WrongCode(numbers[0])),
              FailsWith(kInvalid, "CARD_CODE_MISMATCH"));
  EXPECT_THAT(Get(WrongCode(numbers[0])),
              FailsWith(kInvalid, "CARD_CODE_MISMATCH"));
  // Redemption needs the code from the paper, not just the serial.
  for (const std::string& malformed :
       {NameOf(numbers[0]), std::string("1"), std::string("1-12345"),
        std::string("01-123456"), std::string("1-1234567"),
        std::string("x-123456"), std::string("")}) {
    EXPECT_THAT(Redeem(malformed, h1_),
                FailsWith(kInvalid, "INVALID_CARD_NUMBER"))
        << malformed;
  }
  EXPECT_THAT(Redeem(numbers[0], "households/999"),
              FailsWith(kNotFound, "HOUSEHOLD_NOT_FOUND"));
  EXPECT_THAT(Void(NameOf(numbers[0]), ""),
              FailsWith(kInvalid, "INVALID_REASON"));
  ExpectNothingWritten();
  EXPECT_EQ(Get(NameOf(numbers[0])).value.state(), v1::CARD_STATE_OUTSTANDING);
}

TEST_F(CardTest, GuessingCodesIsSlowedDownAfterFiveWrongOnes) {
  const std::vector<std::string> numbers = Numbers(1, 50);
  Mark();
  std::string guess = numbers[0];
  for (int i = 0; i < 5; ++i) {
    guess = WrongCode(guess);
    if (guess == numbers[0]) guess = WrongCode(guess);
    EXPECT_THAT(Redeem(guess, h1_), FailsWith(kInvalid, "CARD_CODE_MISMATCH"))
        << i;
  }
  // Even the right code now waits: the guesser learns nothing.
  EXPECT_THAT(
      Redeem(numbers[0], h1_),
      FailsWith(grpc::StatusCode::RESOURCE_EXHAUSTED, "CARD_CODE_THROTTLED"));
  ExpectNothingWritten();
  // A serial without a code is not a guess (an admin voids a lost card).
  EXPECT_THAT(Void(NameOf(numbers[0])), IsOk());
}

TEST_F(CardTest, ACardIsRedeemedOnlyIntoAHouseholdOfTheIssuingUnit) {
  const std::vector<std::string> numbers = Numbers(1, 50);
  Mark();
  EXPECT_THAT(Redeem(numbers[0], h2_),
              FailsWith(kConflict, "CARD_NOT_APPLICABLE"));
  ExpectNothingWritten();
}

TEST_F(CardTest, ListingWithAnUnknownStateOrPageSizeIsRefused) {
  Numbers(1, 50);
  EXPECT_THAT(List(static_cast<v1::CardState>(7)),
              FailsWith(kInvalid, "INVALID_STATE"));
  EXPECT_THAT(List(v1::CARD_STATE_UNSPECIFIED, 1001),
              FailsWith(kInvalid, "INVALID_PAGE_SIZE"));
  EXPECT_THAT(List(v1::CARD_STATE_UNSPECIFIED, 1, "forged"),
              FailsWith(kInvalid, "INVALID_PAGE_TOKEN"));
}

// ---- Flows.

TEST_F(CardTest, PointsMoveThroughTheFloatAndTheAuditIsClean) {
  Reply<v1::CardBatch> batch = Issue(township_, 3, 40);
  ASSERT_THAT(batch, IsOk());
  ASSERT_EQ(batch.value.cards_size(), 3);
  EXPECT_EQ(batch.value.transfer().amount(), 120);
  EXPECT_EQ(batch.value.transfer().debit_account(), township_issuance_);
  EXPECT_EQ(batch.value.transfer().reason_code(), "CARD_ISSUE");
  const std::string float_account = batch.value.float_account();
  EXPECT_EQ(batch.value.transfer().credit_account(), float_account);
  Reply<v1::Account> opened = client_->GetAccount(float_account);
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(opened.value.kind(), v1::ACCOUNT_KIND_CARDS);
  EXPECT_EQ(opened.value.unit(), township_);
  EXPECT_EQ(opened.value.balance(), 120);
  for (const v1::Card& card : batch.value.cards()) {
    EXPECT_THAT(card.number(), ::testing::MatchesRegex("[0-9]+-[0-9]{6}"));
    EXPECT_EQ(card.state(), v1::CARD_STATE_OUTSTANDING);
    EXPECT_EQ(card.points(), 40);
  }

  Reply<v1::Card> redeemed = Redeem(batch.value.cards(0).number(), h1_);
  ASSERT_THAT(redeemed, IsOk());
  EXPECT_EQ(redeemed.value.state(), v1::CARD_STATE_REDEEMED);
  EXPECT_EQ(redeemed.value.household(), h1_);
  EXPECT_EQ(redeemed.value.transfer().amount(), 40);
  EXPECT_EQ(redeemed.value.transfer().debit_account(), float_account);
  EXPECT_EQ(redeemed.value.transfer().reason_code(), "CARD_REDEMPTION");
  EXPECT_TRUE(redeemed.value.number().empty());
  Reply<v1::Card> voided = Void(batch.value.cards(1).name(), "torn");
  ASSERT_THAT(voided, IsOk());
  EXPECT_EQ(voided.value.state(), v1::CARD_STATE_VOIDED);
  EXPECT_EQ(voided.value.void_reason(), "torn");
  EXPECT_EQ(voided.value.transfer().credit_account(), township_issuance_);

  EXPECT_EQ(Balance(h1_), 40);
  EXPECT_EQ(AccountBalance(float_account), 40);  // the outstanding card
  EXPECT_EQ(AccountBalance(township_issuance_), -80);
  Reply<v1::Card> got = Get(batch.value.cards(0).number());
  ASSERT_THAT(got, IsOk());
  EXPECT_THAT(got.value, EqualsProto(redeemed.value));

  // A second batch keeps the float and continues the serials.
  Reply<v1::CardBatch> second = Issue(township_, 1, 5);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second.value.float_account(), float_account);
  EXPECT_EQ(second.value.cards(0).serial(), batch.value.cards(2).serial() + 1);

  const v1::AuditReport audit = client_->MustRunAudit();
  EXPECT_TRUE(audit.clean()) << audit.DebugString();
}

TEST_F(CardTest, RetriedRequestsGetTheFirstAnswerAndWriteNothing) {
  const v1::IssueCardsRequest issue = IssueRequest(township_, 2, 10);
  Reply<v1::CardBatch> first = Send(cards_.get(), &Stub::IssueCards, issue);
  ASSERT_THAT(first, IsOk());
  const v1::RedeemCardRequest redeem =
      RedeemRequest(first.value.cards(0).number(), h1_);
  Reply<v1::Card> redeemed = Send(cards_.get(), &Stub::RedeemCard, redeem);
  ASSERT_THAT(redeemed, IsOk());
  Mark();
  // The batch as issued, though one of its cards is used since.
  EXPECT_THAT(Send(cards_.get(), &Stub::IssueCards, issue).value,
              EqualsProto(first.value));
  EXPECT_THAT(Send(cards_.get(), &Stub::RedeemCard, redeem).value,
              EqualsProto(redeemed.value));
  // A refusal is remembered too: the retry of a refused redemption stays
  // refused, and the same id with other content is refused.
  const v1::RedeemCardRequest outside =
      RedeemRequest(first.value.cards(1).number(), h2_);
  EXPECT_THAT(Send(cards_.get(), &Stub::RedeemCard, outside),
              FailsWith(kConflict, "CARD_NOT_APPLICABLE"));
  v1::IssueCardsRequest changed = issue;
  changed.set_count(3);
  EXPECT_THAT(Send(cards_.get(), &Stub::IssueCards, changed),
              FailsWith(grpc::StatusCode::ALREADY_EXISTS, "REQUEST_ID_REUSED"));
  EXPECT_THAT(Send(cards_.get(), &Stub::RedeemCard, outside),
              FailsWith(kConflict, "CARD_NOT_APPLICABLE"));
  ExpectNothingWritten();
  EXPECT_EQ(Balance(h1_), 10);
}

TEST_F(CardTest, CardsAreListedByStateInSerialOrderAcrossPages) {
  const std::vector<std::string> numbers = Numbers(5, 10);
  ASSERT_THAT(Redeem(numbers[1], h1_), IsOk());
  ASSERT_THAT(Void(NameOf(numbers[3])), IsOk());
  auto names = [](const v1::ListCardsResponse& response) {
    std::vector<std::string> out;
    for (const v1::Card& card : response.cards()) {
      out.push_back(card.name());
      EXPECT_TRUE(card.number().empty()) << "a listing shows no codes";
    }
    return out;
  };
  Reply<v1::ListCardsResponse> outstanding = List(v1::CARD_STATE_OUTSTANDING);
  ASSERT_THAT(outstanding, IsOk());
  EXPECT_THAT(names(outstanding.value),
              ::testing::ElementsAre(NameOf(numbers[0]), NameOf(numbers[2]),
                                     NameOf(numbers[4])));
  EXPECT_THAT(names(List(v1::CARD_STATE_REDEEMED).value),
              ::testing::ElementsAre(NameOf(numbers[1])));
  EXPECT_THAT(names(List(v1::CARD_STATE_VOIDED).value),
              ::testing::ElementsAre(NameOf(numbers[3])));

  std::vector<std::string> all;
  std::string token;
  do {
    Reply<v1::ListCardsResponse> page =
        List(v1::CARD_STATE_UNSPECIFIED, 2, token);
    ASSERT_THAT(page, IsOk());
    for (const std::string& name : names(page.value)) all.push_back(name);
    token = page.value.next_page_token();
  } while (!token.empty());
  ASSERT_EQ(all.size(), 5u);
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], NameOf(numbers[i]));
}

}  // namespace
}  // namespace jiamei::testing
