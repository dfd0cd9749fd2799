// Bad input is refused with INVALID_ARGUMENT (or NOT_FOUND for names that
// are well formed but unknown) and the reason a terminal can show, and it
// writes nothing: the digest does not move.
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr grpc::StatusCode kInvalid = grpc::StatusCode::INVALID_ARGUMENT;
constexpr grpc::StatusCode kNotFound = grpc::StatusCode::NOT_FOUND;
constexpr int64_t kMaxPoints = std::numeric_limits<int64_t>::max();

// `count` copies of `piece`.
std::string Repeat(const std::string& piece, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += piece;
  return text;
}

// 1024 bytes of UTF-8, but only 342 characters.
std::string LongestMemo() { return Repeat("点", 341) + "a"; }
// 200 bytes of UTF-8.
std::string LongestDisplayName() { return Repeat("王", 66) + "ab"; }

// `text` with the character in its middle changed.
std::string AlterMiddle(std::string text) {
  char& c = text[text.size() / 2];
  c = c == 'A' ? 'B' : 'A';
  return text;
}

class BadInputTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    accounts_ = OpenTypicalAccounts();
    // Two lines in the histories of the issuance and household A, so that
    // listings have a second page and page tokens exist.
    client_->MustTransfer(accounts_.issuance, accounts_.household_a, 60);
    client_->MustTransfer(accounts_.issuance, accounts_.household_a, 40);
    Mark();
  }

  void ExpectNothingWritten() {
    ServerTest::ExpectNothingWritten();
    EXPECT_EQ(client_->MustGetBalance(accounts_.household_a), 100);
  }

  TypicalAccounts accounts_;
};

struct BadRequest {
  std::string what;
  // Turns a good request into the bad one.
  std::function<void(v1::CreateTransferRequest*)> spoil;
  grpc::StatusCode code;
  std::string reason;
};

TEST_F(BadInputTest, BadTransfersAreRefusedWithTheirReason) {
  const TypicalAccounts& a = accounts_;
  using Request = v1::CreateTransferRequest;
  const std::vector<BadRequest> cases = {
      {"amount zero", [](Request* r) { r->set_amount(0); }, kInvalid,
       "INVALID_AMOUNT"},
      {"negative amount", [](Request* r) { r->set_amount(-5); }, kInvalid,
       "INVALID_AMOUNT"},
      {"most negative amount",
       [](Request* r) { r->set_amount(std::numeric_limits<int64_t>::min()); },
       kInvalid, "INVALID_AMOUNT"},
      {"debit is credit",
       [&](Request* r) { r->set_credit_account(a.household_a); }, kInvalid,
       "SAME_ACCOUNT"},
      {"unknown debit account",
       [](Request* r) { r->set_debit_account("accounts/999"); }, kNotFound,
       "ACCOUNT_NOT_FOUND"},
      {"unknown credit account",
       [](Request* r) { r->set_credit_account("accounts/999"); }, kNotFound,
       "ACCOUNT_NOT_FOUND"},
      {"non-numeric account id",
       [](Request* r) { r->set_debit_account("accounts/abc"); }, kInvalid,
       "INVALID_NAME"},
      {"account id with a leading zero",
       [](Request* r) { r->set_credit_account("accounts/01"); }, kInvalid,
       "INVALID_NAME"},
      {"account without id",
       [](Request* r) { r->set_credit_account("accounts/"); }, kInvalid,
       "INVALID_NAME"},
      {"missing debit account", [](Request* r) { r->clear_debit_account(); },
       kInvalid, "INVALID_NAME"},
      {"a transfer as credit account",
       [](Request* r) { r->set_credit_account("transfers/5"); }, kInvalid,
       "INVALID_NAME"},
      {"missing request id", [](Request* r) { r->clear_request_id(); },
       kInvalid, "INVALID_REQUEST_ID"},
      {"request id of 7 characters",
       [](Request* r) { r->set_request_id("abc1234"); }, kInvalid,
       "INVALID_REQUEST_ID"},
      {"request id of 129 characters",
       [](Request* r) { r->set_request_id(std::string(129, 'r')); }, kInvalid,
       "INVALID_REQUEST_ID"},
      {"request id with a space",
       [](Request* r) { r->set_request_id("request 12345"); }, kInvalid,
       "INVALID_REQUEST_ID"},
      {"request id with a slash",
       [](Request* r) { r->set_request_id("request/12345"); }, kInvalid,
       "INVALID_REQUEST_ID"},
      {"request id with non-ASCII letters",
       [](Request* r) { r->set_request_id("请求请求请求请求"); }, kInvalid,
       "INVALID_REQUEST_ID"},
      {"memo with a control character",
       [](Request* r) { r->set_memo(std::string("bell \a")); }, kInvalid,
       "INVALID_MEMO"},
      {"memo of 1025 bytes",
       [](Request* r) { r->set_memo(LongestMemo() + "a"); }, kInvalid,
       "INVALID_MEMO"},
      {"missing reason code", [](Request* r) { r->clear_reason_code(); },
       kInvalid, "INVALID_REASON_CODE"},
      {"lowercase reason code", [](Request* r) { r->set_reason_code("award"); },
       kInvalid, "INVALID_REASON_CODE"},
      {"reason code starting with a digit",
       [](Request* r) { r->set_reason_code("1AWARD"); }, kInvalid,
       "INVALID_REASON_CODE"},
      {"reason code starting with an underscore",
       [](Request* r) { r->set_reason_code("_AWARD"); }, kInvalid,
       "INVALID_REASON_CODE"},
      {"reason code with a hyphen",
       [](Request* r) { r->set_reason_code("BONUS-AWARD"); }, kInvalid,
       "INVALID_REASON_CODE"},
      {"reason code of 65 characters",
       [](Request* r) { r->set_reason_code(std::string(65, 'A')); }, kInvalid,
       "INVALID_REASON_CODE"},
  };
  for (const BadRequest& bad : cases) {
    v1::CreateTransferRequest request =
        client_->TransferRequest(a.household_a, a.household_b, 10);
    bad.spoil(&request);
    EXPECT_THAT(client_->CreateTransfer(request),
                FailsWith(bad.code, bad.reason))
        << bad.what;
  }
  ExpectNothingWritten();
}

TEST_F(BadInputTest, BadAccountOpeningsAreRefusedWithTheirReason) {
  struct Case {
    std::string what;
    v1::CreateAccountRequest request;
    std::string reason;
  };
  auto request = [&](v1::AccountKind kind, const std::string& display_name) {
    return client_->AccountRequest(kind, display_name);
  };
  const size_t accounts = client_->MustListAllAccounts(100).size();
  v1::CreateAccountRequest short_id =
      request(v1::ACCOUNT_KIND_SUPERMARKET, "Shop");
  short_id.set_request_id("short");
  v1::CreateAccountRequest no_unit =
      request(v1::ACCOUNT_KIND_SUPERMARKET, "Shop");
  no_unit.clear_unit();
  const std::vector<Case> cases = {
      {"empty display name", request(v1::ACCOUNT_KIND_SUPERMARKET, ""),
       "INVALID_DISPLAY_NAME"},
      {"display name of 201 bytes",
       request(v1::ACCOUNT_KIND_SUPERMARKET, LongestDisplayName() + "c"),
       "INVALID_DISPLAY_NAME"},
      {"display name with a line break",
       request(v1::ACCOUNT_KIND_SUPERMARKET, "Points\nshop"),
       "INVALID_DISPLAY_NAME"},
      {"a household account without its household",
       request(v1::ACCOUNT_KIND_HOUSEHOLD, "Household"), "INVALID_KIND"},
      {"an issuance account without its unit",
       request(v1::ACCOUNT_KIND_ISSUANCE, "Fund"), "INVALID_KIND"},
      {"no unit", no_unit, "INVALID_NAME"},
      {"unspecified kind", request(v1::ACCOUNT_KIND_UNSPECIFIED, "Household"),
       "INVALID_KIND"},
      {"unknown kind", request(static_cast<v1::AccountKind>(7), "Household"),
       "INVALID_KIND"},
      {"short request id", short_id, "INVALID_REQUEST_ID"},
  };
  for (const Case& bad : cases) {
    EXPECT_THAT(client_->CreateAccount(bad.request),
                FailsWith(kInvalid, bad.reason))
        << bad.what;
  }
  EXPECT_THAT(client_->MustListAllAccounts(100), SizeIs(accounts));
  ExpectNothingWritten();
}

TEST_F(BadInputTest, BadReversalsAreRefusedWithTheirReason) {
  const std::string reversible =
      client_->MustListWholeHistory(accounts_.household_a, 1)
          .front()
          .transfer()
          .name();
  EXPECT_THAT(client_->Reverse("transfers/99999999"),
              FailsWith(kNotFound, "TRANSFER_NOT_FOUND"));
  // Sequence 1 is the opening of the issuance account, not a transfer.
  EXPECT_THAT(client_->Reverse("transfers/1"),
              FailsWith(kNotFound, "TRANSFER_NOT_FOUND"));
  EXPECT_THAT(client_->Reverse("transfers/x"),
              FailsWith(kInvalid, "INVALID_NAME"));
  EXPECT_THAT(client_->Reverse(accounts_.household_a),
              FailsWith(kInvalid, "INVALID_NAME"));
  v1::ReverseTransferRequest long_memo = client_->ReverseRequest(reversible);
  long_memo.set_memo(LongestMemo() + "a");
  EXPECT_THAT(client_->ReverseTransfer(long_memo),
              FailsWith(kInvalid, "INVALID_MEMO"));
  v1::ReverseTransferRequest bad_id = client_->ReverseRequest(reversible);
  bad_id.set_request_id("bad id with spaces");
  EXPECT_THAT(client_->ReverseTransfer(bad_id),
              FailsWith(kInvalid, "INVALID_REQUEST_ID"));
  EXPECT_THAT(client_->GetTransfer(reversible).value.reversed_by(), IsEmpty());
  ExpectNothingWritten();
}

TEST_F(BadInputTest, MalformedAndUnknownNamesAreRefused) {
  for (const std::string name :
       {"accounts/abc", "accounts/01", "accounts/", "accounts/-1",
        "accounts/1/x", "accounts/ 1", "Accounts/1", "transfers/1", "",
        "accounts/99999999999999999999"}) {
    EXPECT_THAT(client_->GetAccount(name), FailsWith(kInvalid, "INVALID_NAME"))
        << "GetAccount " << name;
    EXPECT_THAT(client_->ListAccountHistory(name, 10, ""),
                FailsWith(kInvalid, "INVALID_NAME"))
        << "ListAccountHistory " << name;
  }
  for (const std::string name : {"transfers/abc", "transfers/01", "transfers/",
                                 "accounts/5", "transfers/5x", ""}) {
    EXPECT_THAT(client_->GetTransfer(name), FailsWith(kInvalid, "INVALID_NAME"))
        << "GetTransfer " << name;
  }
  EXPECT_THAT(client_->GetAccount("accounts/99999"),
              FailsWith(kNotFound, "ACCOUNT_NOT_FOUND"));
  EXPECT_THAT(client_->ListAccountHistory("accounts/99999", 10, ""),
              FailsWith(kNotFound, "ACCOUNT_NOT_FOUND"));
  EXPECT_THAT(client_->GetTransfer("transfers/99999999"),
              FailsWith(kNotFound, "TRANSFER_NOT_FOUND"));
  // Sequence 2 opened an account; it is no transfer.
  EXPECT_THAT(client_->GetTransfer("transfers/2"),
              FailsWith(kNotFound, "TRANSFER_NOT_FOUND"));
  ExpectNothingWritten();
}

TEST_F(BadInputTest, PageSizesOutOfRangeAreRefused) {
  for (int32_t page_size : {-1, 1001, std::numeric_limits<int32_t>::min(),
                            std::numeric_limits<int32_t>::max()}) {
    EXPECT_THAT(client_->ListAccounts(page_size, ""),
                FailsWith(kInvalid, "INVALID_PAGE_SIZE"))
        << page_size;
    EXPECT_THAT(
        client_->ListAccountHistory(accounts_.household_a, page_size, ""),
        FailsWith(kInvalid, "INVALID_PAGE_SIZE"))
        << page_size;
  }
}

TEST_F(BadInputTest, ForgedAndAlteredPageTokensAreRefused) {
  const Reply<v1::ListAccountsResponse> accounts = client_->ListAccounts(1, "");
  ASSERT_THAT(accounts, IsOk());
  const std::string accounts_token = accounts.value.next_page_token();
  const Reply<v1::ListAccountHistoryResponse> history =
      client_->ListAccountHistory(accounts_.household_a, 1, "");
  ASSERT_THAT(history, IsOk());
  const std::string history_token = history.value.next_page_token();
  ASSERT_THAT(accounts_token, Not(IsEmpty()));
  ASSERT_THAT(history_token, Not(IsEmpty()));

  for (const std::string& token :
       {std::string("abc"), std::string("AAAAAAAAAAAAAAAAAAAAAAAA"),
        AlterMiddle(accounts_token),
        accounts_token.substr(0, accounts_token.size() - 1),
        accounts_token + "A"}) {
    EXPECT_THAT(client_->ListAccounts(1, token),
                FailsWith(kInvalid, "INVALID_PAGE_TOKEN"))
        << "ListAccounts with " << token;
  }
  for (const std::string& token :
       {std::string("abc"), AlterMiddle(history_token),
        history_token.substr(0, history_token.size() - 1),
        history_token + "A"}) {
    EXPECT_THAT(client_->ListAccountHistory(accounts_.household_a, 1, token),
                FailsWith(kInvalid, "INVALID_PAGE_TOKEN"))
        << "ListAccountHistory with " << token;
  }
  // A genuine token only works for the list it was made for.
  EXPECT_THAT(
      client_->ListAccountHistory(accounts_.household_a, 1, accounts_token),
      FailsWith(kInvalid, "INVALID_PAGE_TOKEN"));
  EXPECT_THAT(client_->ListAccountHistory(accounts_.issuance, 1, history_token),
              FailsWith(kInvalid, "INVALID_PAGE_TOKEN"));
  EXPECT_THAT(client_->ListAccounts(1, history_token),
              FailsWith(kInvalid, "INVALID_PAGE_TOKEN"));
  // The untouched tokens still work.
  EXPECT_THAT(client_->ListAccounts(1, accounts_token), IsOk());
  EXPECT_THAT(
      client_->ListAccountHistory(accounts_.household_a, 1, history_token),
      IsOk());
}

TEST_F(BadInputTest, InvalidUtf8MemoIsRefused) {
  // Generated stubs will not send invalid UTF-8 in a string field, so the
  // request is serialized with a placeholder memo that is then patched.
  const std::string placeholder = "MEMO-PLACEHOLDER";
  const std::string invalid = "bad \xff\xfe utf-8 !!!";
  ASSERT_EQ(placeholder.size(), invalid.size());
  v1::CreateTransferRequest request = client_->TransferRequest(
      accounts_.household_a, accounts_.household_b, 10);
  request.set_memo(placeholder);
  const std::string valid_bytes = request.SerializeAsString();
  std::string invalid_bytes = valid_bytes;
  invalid_bytes.replace(invalid_bytes.find(placeholder), placeholder.size(),
                        invalid);
  const std::string method = "/jiamei.v1.LedgerService/CreateTransfer";

  const Reply<std::string> refused = client_->CallRaw(method, invalid_bytes);
  // Protobuf's proto3 parser refuses the bytes before the service sees
  // them; the server answers so, naming the field.
  EXPECT_THAT(refused, FailsWith(kInvalid, "MALFORMED_REQUEST"));
  EXPECT_THAT(refused.status.error_message(), HasSubstr("memo"));
  EXPECT_THAT(refused.status.error_message(), HasSubstr("UTF-8"));
  ExpectNothingWritten();

  // The same bytes with the valid memo go through, so it was the memo.
  const Reply<std::string> accepted = client_->CallRaw(method, valid_bytes);
  ASSERT_THAT(accepted, IsOk());
  v1::Transfer transfer;
  ASSERT_TRUE(transfer.ParseFromString(accepted.value));
  EXPECT_EQ(transfer.memo(), placeholder);
}

TEST_F(BadInputTest, BalancesThatWouldOverflowAreRefused) {
  const TypicalAccounts& a = accounts_;
  const std::string fund =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "Second fund");
  client_->MustTransfer(fund, a.household_b, kMaxPoints);
  Mark();

  // Household B would go past INT64_MAX.
  EXPECT_THAT(
      client_->Transfer(a.issuance, a.household_b, 1),
      FailsWith(grpc::StatusCode::FAILED_PRECONDITION, "BALANCE_OVERFLOW"));
  ExpectNothingWritten();

  // The fund (at -INT64_MAX) would go past INT64_MIN.
  client_->MustTransfer(a.household_b, a.supermarket, kMaxPoints);
  Mark();
  EXPECT_THAT(
      client_->Transfer(fund, a.household_b, 2),
      FailsWith(grpc::StatusCode::FAILED_PRECONDITION, "BALANCE_OVERFLOW"));
  ExpectNothingWritten();

  EXPECT_EQ(client_->MustGetBalance(fund), -kMaxPoints);
  EXPECT_EQ(client_->MustGetBalance(a.household_b), 0);
  EXPECT_EQ(client_->MustGetBalance(a.supermarket), kMaxPoints);
  const v1::AuditReport report = client_->MustRunAudit();
  EXPECT_TRUE(report.clean()) << report.ShortDebugString();
  EXPECT_EQ(report.balance_sum(), 0);
}

using LimitsTest = ServerTest;

TEST_F(LimitsTest, InputsAtTheLimitsAreAccepted) {
  const Reply<v1::Account> fund =
      client_->OpenAccount(v1::ACCOUNT_KIND_ISSUANCE, LongestDisplayName());
  ASSERT_THAT(fund, IsOk());
  EXPECT_EQ(fund.value.display_name(), LongestDisplayName());
  v1::CreateAccountRequest shop =
      client_->AccountRequest(v1::ACCOUNT_KIND_SUPERMARKET, "Shop");
  shop.set_request_id("Az09._:-");  // 8 characters, every kind
  ASSERT_THAT(client_->CreateAccount(shop), IsOk());
  const Reply<v1::Account> household =
      client_->OpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "W");
  ASSERT_THAT(household, IsOk());

  v1::CreateTransferRequest request =
      client_->TransferRequest(fund.value.name(), household.value.name(), 1);
  request.set_request_id(std::string(128, 'r'));
  request.set_memo(LongestMemo());
  request.set_reason_code("A" + std::string(62, '_') + "9");
  const Reply<v1::Transfer> transfer = client_->CreateTransfer(request);
  ASSERT_THAT(transfer, IsOk());
  EXPECT_EQ(transfer.value.memo(), LongestMemo());
  EXPECT_EQ(transfer.value.reason_code(), request.reason_code());
  EXPECT_EQ(transfer.value.request_id(), request.request_id());
  v1::CreateTransferRequest multiline =
      client_->TransferRequest(fund.value.name(), household.value.name(), 1);
  multiline.set_memo("Swept the square\n\tand the lane");
  EXPECT_THAT(client_->CreateTransfer(multiline), IsOk());

  EXPECT_THAT(client_->ListAccounts(1000, ""), IsOk());
  EXPECT_THAT(client_->ListAccountHistory(household.value.name(), 1000, ""),
              IsOk());
}

}  // namespace
}  // namespace jiamei::testing
