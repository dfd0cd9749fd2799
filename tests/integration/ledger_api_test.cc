// The ledger API end to end, against a real jiamei-server: accounts,
// transfers, history and its pages, reversals, idempotency, the digest, the
// audit, and many desks at once.
#include <cstdint>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/access.grpc.pb.h"
#include "tests/integration/auth_channel.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/server_process.h"
#include "tests/integration/world.h"

namespace jiamei::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::IsSupersetOf;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

using LedgerApiTest = ServerTest;

std::string AccountName(uint64_t id) {
  return "accounts/" + std::to_string(id);
}
std::string TransferName(uint64_t sequence) {
  return "transfers/" + std::to_string(sequence);
}

TEST_F(LedgerApiTest, ReflectionListsTheLedgerAuditAndHealthServices) {
  Reply<std::vector<std::string>> services =
      client_->ListServicesByReflection();
  ASSERT_THAT(services, IsOk());
  EXPECT_THAT(services.value,
              IsSupersetOf({"jiamei.v1.LedgerService", "jiamei.v1.AuditService",
                            "grpc.health.v1.Health"}));
}

TEST_F(LedgerApiTest, AccountsOpenAsTheLatestEntryAndKeepTheirKind) {
  struct Opening {
    v1::AccountKind kind;
    std::string display_name;
    bool may_go_negative;
  };
  const std::vector<Opening> openings = {
      {v1::ACCOUNT_KIND_ISSUANCE, "Village fund", true},
      {v1::ACCOUNT_KIND_HOUSEHOLD, "王家 (Wang household)", false},
      {v1::ACCOUNT_KIND_SUPERMARKET, "Points shop", false}};
  for (size_t i = 0; i < openings.size(); ++i) {
    SCOPED_TRACE(openings[i].display_name);
    Reply<v1::Account> opened =
        client_->OpenAccount(openings[i].kind, openings[i].display_name);
    ASSERT_THAT(opened, IsOk());
    EXPECT_THAT(opened.value.name(), StartsWith("accounts/"));
    EXPECT_EQ(opened.value.kind(), openings[i].kind);
    // A household account is named by household number and head.
    EXPECT_THAT(opened.value.display_name(),
                HasSubstr(openings[i].display_name));
    EXPECT_EQ(opened.value.balance(), 0);
    EXPECT_EQ(opened.value.may_go_negative(), openings[i].may_go_negative);
    EXPECT_THAT(opened.value.unit(), StartsWith("units/"));
    // Each opening is the latest ledger entry.
    EXPECT_EQ(opened.value.open_sequence(),
              client_->MustGetDigest().last_sequence());
    EXPECT_GT(opened.value.create_time().seconds(), 0);
    EXPECT_THAT(client_->GetAccount(opened.value.name()).value,
                EqualsProto(opened.value));
  }
}

TEST_F(LedgerApiTest, ListAccountsFollowsPageTokensThroughEveryAccountInOrder) {
  // The test village's three units come first, with their issuance
  // accounts.
  std::vector<v1::Account> opened = client_->MustListAllAccounts(1000);
  ASSERT_THAT(opened, IsEmpty());
  client_->TestVillage();
  opened = client_->MustListAllAccounts(1000);
  ASSERT_THAT(opened, SizeIs(3));
  for (int i = 0; i < 5; ++i) {
    opened.push_back(client_->MustGetAccount(client_->MustOpenAccount(
        v1::ACCOUNT_KIND_HOUSEHOLD, "Household " + std::to_string(i))));
  }
  Reply<v1::ListAccountsResponse> first = client_->ListAccounts(2, "");
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(first.value.accounts(), SizeIs(2));
  EXPECT_THAT(first.value.next_page_token(), Not(IsEmpty()));

  for (int32_t page_size : {1, 2, 5, 1000}) {
    SCOPED_TRACE("page size " + std::to_string(page_size));
    std::vector<v1::Account> listed = client_->MustListAllAccounts(page_size);
    ASSERT_THAT(listed, SizeIs(opened.size()));
    for (size_t i = 0; i < opened.size(); ++i) {
      EXPECT_THAT(listed[i], EqualsProto(opened[i]));
    }
  }
}

TEST_F(LedgerApiTest, ListAccountsPageSizeZeroMeansFifty) {
  client_->TestVillage();  // three units, three issuance accounts
  for (int i = 0; i < 48; ++i) {
    client_->MustOpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "Household");
  }
  Reply<v1::ListAccountsResponse> first = client_->ListAccounts(0, "");
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(first.value.accounts(), SizeIs(50));
  Reply<v1::ListAccountsResponse> rest =
      client_->ListAccounts(0, first.value.next_page_token());
  ASSERT_THAT(rest, IsOk());
  ASSERT_THAT(rest.value.accounts(), SizeIs(1));
  EXPECT_EQ(rest.value.accounts(0).name(), AccountName(51));
  EXPECT_THAT(rest.value.next_page_token(), IsEmpty());
}

TEST_F(LedgerApiTest, TransferMovesPointsAndIsChainedAfterTheHead) {
  const TypicalAccounts accounts = OpenTypicalAccounts();
  const v1::Digest before = client_->MustGetDigest();

  v1::CreateTransferRequest request =
      client_->TransferRequest(accounts.issuance, accounts.household_a, 100);
  request.set_memo("Cleaned the village square, 清洁");
  Reply<v1::Transfer> transfer = client_->CreateTransfer(request);
  ASSERT_THAT(transfer, IsOk());

  const v1::Digest after = client_->MustGetDigest();
  EXPECT_EQ(transfer.value.sequence(), before.last_sequence() + 1);
  EXPECT_EQ(after.last_sequence(), transfer.value.sequence());
  EXPECT_EQ(transfer.value.name(), TransferName(transfer.value.sequence()));
  EXPECT_EQ(transfer.value.debit_account(), accounts.issuance);
  EXPECT_EQ(transfer.value.credit_account(), accounts.household_a);
  EXPECT_EQ(transfer.value.amount(), 100);
  EXPECT_EQ(transfer.value.reason_code(), "AWARD");
  EXPECT_EQ(transfer.value.memo(), request.memo());
  EXPECT_EQ(transfer.value.request_id(), request.request_id());
  EXPECT_THAT(transfer.value.reverses(), IsEmpty());
  EXPECT_THAT(transfer.value.reversed_by(), IsEmpty());
  EXPECT_GT(transfer.value.create_time().seconds(), 0);
  EXPECT_THAT(transfer.value.entry_hash(), MatchesRegex("[0-9a-f]{64}"));
  EXPECT_EQ(transfer.value.previous_hash(), before.head_hash());
  EXPECT_EQ(transfer.value.entry_hash(), after.head_hash());
  EXPECT_THAT(client_->GetTransfer(transfer.value.name()).value,
              EqualsProto(transfer.value));

  const v1::Account household = client_->MustGetAccount(accounts.household_a);
  EXPECT_EQ(household.balance(), 100);
  EXPECT_EQ(household.last_sequence(), transfer.value.sequence());
  EXPECT_EQ(client_->MustGetBalance(accounts.issuance), -100);

  // A household spends at the supermarket.
  client_->MustTransfer(accounts.household_a, accounts.supermarket, 30);
  EXPECT_EQ(client_->MustGetBalance(accounts.household_a), 70);
  EXPECT_EQ(client_->MustGetBalance(accounts.supermarket), 30);
}

TEST_F(LedgerApiTest, OnlyIssuanceAccountsMayGoBelowZero) {
  const TypicalAccounts accounts = OpenTypicalAccounts();
  EXPECT_THAT(
      client_->Transfer(accounts.household_a, accounts.supermarket, 1),
      FailsWith(grpc::StatusCode::FAILED_PRECONDITION, "INSUFFICIENT_POINTS"));
  EXPECT_THAT(
      client_->Transfer(accounts.supermarket, accounts.household_a, 1),
      FailsWith(grpc::StatusCode::FAILED_PRECONDITION, "INSUFFICIENT_POINTS"));

  client_->MustTransfer(accounts.issuance, accounts.household_a, 10);
  EXPECT_THAT(
      client_->Transfer(accounts.household_a, accounts.household_b, 11),
      FailsWith(grpc::StatusCode::FAILED_PRECONDITION, "INSUFFICIENT_POINTS"));
  // Down to exactly zero is fine.
  client_->MustTransfer(accounts.household_a, accounts.household_b, 10);

  EXPECT_EQ(client_->MustGetBalance(accounts.issuance), -10);
  EXPECT_EQ(client_->MustGetBalance(accounts.household_a), 0);
  EXPECT_EQ(client_->MustGetBalance(accounts.household_b), 10);
  EXPECT_EQ(client_->MustGetBalance(accounts.supermarket), 0);
}

TEST_F(LedgerApiTest, HistoryIsNewestFirstWithSignedChangesAndRunningBalance) {
  const TypicalAccounts a = OpenTypicalAccounts();
  // Oldest first, as sent; each touches household A.
  std::vector<v1::Transfer> sent = {
      client_->MustTransfer(a.issuance, a.household_a, 100),
      client_->MustTransfer(a.household_a, a.supermarket, 30),
      client_->MustTransfer(a.issuance, a.household_a, 50),
      client_->MustTransfer(a.household_a, a.household_b, 20),
      client_->MustTransfer(a.household_b, a.household_a, 5),
      client_->MustTransfer(a.household_a, a.supermarket, 45)};
  // Something that does not touch household A.
  client_->MustTransfer(a.issuance, a.household_b, 7);
  const std::vector<int64_t> changes = {-45, 5, -20, 50, -30, 100};
  const std::vector<int64_t> balances = {60, 105, 100, 120, 70, 100};

  const std::vector<v1::HistoryLine> lines =
      client_->MustListWholeHistory(a.household_a, 1000);
  ASSERT_THAT(lines, SizeIs(sent.size()));
  for (size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE("line " + std::to_string(i));
    EXPECT_THAT(lines[i].transfer(), EqualsProto(sent[sent.size() - 1 - i]));
    EXPECT_EQ(lines[i].change(), changes[i]);
    EXPECT_EQ(lines[i].balance_after(), balances[i]);
  }
  EXPECT_EQ(client_->MustGetBalance(a.household_a), balances.front());

  // Any page size gives the same lines.
  for (int32_t page_size : {1, 4, 6}) {
    SCOPED_TRACE("page size " + std::to_string(page_size));
    const std::vector<v1::HistoryLine> paged =
        client_->MustListWholeHistory(a.household_a, page_size);
    ASSERT_THAT(paged, SizeIs(lines.size()));
    for (size_t i = 0; i < lines.size(); ++i) {
      EXPECT_THAT(paged[i], EqualsProto(lines[i]));
    }
  }
}

TEST_F(LedgerApiTest, HistoryPagesDoNotShiftWhenNewTransfersArrive) {
  const TypicalAccounts a = OpenTypicalAccounts();
  for (int amount = 1; amount <= 5; ++amount) {
    client_->MustTransfer(a.issuance, a.household_a, amount);
  }
  Reply<v1::ListAccountHistoryResponse> first =
      client_->ListAccountHistory(a.household_a, 3, "");
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(first.value.lines(), SizeIs(3));
  ASSERT_THAT(first.value.next_page_token(), Not(IsEmpty()));

  client_->MustTransfer(a.issuance, a.household_a, 100);

  Reply<v1::ListAccountHistoryResponse> second = client_->ListAccountHistory(
      a.household_a, 3, first.value.next_page_token());
  ASSERT_THAT(second, IsOk());
  ASSERT_THAT(second.value.lines(), SizeIs(2));
  EXPECT_EQ(second.value.lines(0).change(), 2);
  EXPECT_EQ(second.value.lines(1).change(), 1);
  EXPECT_THAT(second.value.next_page_token(), IsEmpty());
}

TEST_F(LedgerApiTest, HistoryPageSizeZeroMeansFifty) {
  const TypicalAccounts a = OpenTypicalAccounts();
  for (int i = 0; i < 51; ++i) {
    client_->MustTransfer(a.issuance, a.household_a, 1);
  }
  Reply<v1::ListAccountHistoryResponse> first =
      client_->ListAccountHistory(a.household_a, 0, "");
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(first.value.lines(), SizeIs(50));
  EXPECT_EQ(first.value.lines(0).balance_after(), 51);
  Reply<v1::ListAccountHistoryResponse> rest = client_->ListAccountHistory(
      a.household_a, 0, first.value.next_page_token());
  ASSERT_THAT(rest, IsOk());
  ASSERT_THAT(rest.value.lines(), SizeIs(1));
  EXPECT_EQ(rest.value.lines(0).balance_after(), 1);
  EXPECT_THAT(rest.value.next_page_token(), IsEmpty());
}

TEST_F(LedgerApiTest, ReversalMovesThePointsBackAndLinksBothTransfers) {
  const TypicalAccounts a = OpenTypicalAccounts();
  const v1::Transfer original =
      client_->MustTransfer(a.issuance, a.household_a, 100);
  v1::ReverseTransferRequest request = client_->ReverseRequest(original.name());
  request.set_memo("Awarded to the wrong household");
  Reply<v1::Transfer> reversal = client_->ReverseTransfer(request);
  ASSERT_THAT(reversal, IsOk());

  EXPECT_EQ(reversal.value.sequence(), original.sequence() + 1);
  EXPECT_EQ(reversal.value.name(), TransferName(reversal.value.sequence()));
  EXPECT_EQ(reversal.value.reason_code(), "REVERSAL");
  EXPECT_EQ(reversal.value.debit_account(), a.household_a);
  EXPECT_EQ(reversal.value.credit_account(), a.issuance);
  EXPECT_EQ(reversal.value.amount(), 100);
  EXPECT_EQ(reversal.value.memo(), request.memo());
  EXPECT_EQ(reversal.value.request_id(), request.request_id());
  EXPECT_EQ(reversal.value.reverses(), original.name());
  EXPECT_EQ(reversal.value.previous_hash(), original.entry_hash());
  EXPECT_EQ(client_->GetTransfer(original.name()).value.reversed_by(),
            reversal.value.name());
  EXPECT_THAT(client_->GetTransfer(reversal.value.name()).value,
              EqualsProto(reversal.value));

  EXPECT_EQ(client_->MustGetBalance(a.issuance), 0);
  EXPECT_EQ(client_->MustGetBalance(a.household_a), 0);
  const std::vector<v1::HistoryLine> lines =
      client_->MustListWholeHistory(a.household_a, 10);
  ASSERT_THAT(lines, SizeIs(2));
  EXPECT_EQ(lines[0].transfer().name(), reversal.value.name());
  EXPECT_EQ(lines[0].change(), -100);
  EXPECT_EQ(lines[0].balance_after(), 0);
}

TEST_F(LedgerApiTest, TransferIsReversedAtMostOnce) {
  const TypicalAccounts a = OpenTypicalAccounts();
  const v1::Transfer original =
      client_->MustTransfer(a.issuance, a.household_a, 100);
  const v1::Transfer reversal = client_->MustReverse(original.name());
  const v1::Digest digest = client_->MustGetDigest();

  EXPECT_THAT(
      client_->Reverse(original.name()),
      FailsWith(grpc::StatusCode::FAILED_PRECONDITION, "ALREADY_REVERSED"));
  EXPECT_THAT(client_->MustGetDigest(), EqualsProto(digest));
  EXPECT_EQ(client_->GetTransfer(original.name()).value.reversed_by(),
            reversal.name());
}

TEST_F(LedgerApiTest, ReversalCannotItselfBeReversed) {
  const TypicalAccounts a = OpenTypicalAccounts();
  const v1::Transfer original =
      client_->MustTransfer(a.issuance, a.household_a, 100);
  const v1::Transfer reversal = client_->MustReverse(original.name());
  const v1::Digest digest = client_->MustGetDigest();

  EXPECT_THAT(client_->Reverse(reversal.name()),
              FailsWith(grpc::StatusCode::FAILED_PRECONDITION,
                        "CANNOT_REVERSE_REVERSAL"));
  EXPECT_THAT(client_->MustGetDigest(), EqualsProto(digest));
  EXPECT_EQ(client_->MustGetBalance(a.household_a), 0);
}

TEST_F(LedgerApiTest, ReversalThatWouldOverdrawIsRefusedUntilThePointsAreBack) {
  const TypicalAccounts a = OpenTypicalAccounts();
  const v1::Transfer award =
      client_->MustTransfer(a.issuance, a.household_a, 100);
  client_->MustTransfer(a.household_a, a.supermarket, 60);
  const v1::Digest digest = client_->MustGetDigest();

  EXPECT_THAT(
      client_->Reverse(award.name()),
      FailsWith(grpc::StatusCode::FAILED_PRECONDITION, "INSUFFICIENT_POINTS"));
  EXPECT_THAT(client_->MustGetDigest(), EqualsProto(digest));
  EXPECT_THAT(client_->GetTransfer(award.name()).value.reversed_by(),
              IsEmpty());

  // Once the household has the points again, a new request may reverse it.
  client_->MustTransfer(a.supermarket, a.household_a, 60);
  const v1::Transfer reversal = client_->MustReverse(award.name());
  EXPECT_EQ(reversal.reverses(), award.name());
  EXPECT_EQ(client_->MustGetBalance(a.household_a), 0);
}

TEST_F(LedgerApiTest, RetryWithTheSameRequestIdReturnsTheFirstAnswer) {
  const std::string issuance =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "Village fund");
  const std::string household =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "Household");
  const v1::CreateAccountRequest open_shop =
      client_->AccountRequest(v1::ACCOUNT_KIND_SUPERMARKET, "Points shop");
  const Reply<v1::Account> shop = client_->CreateAccount(open_shop);
  ASSERT_THAT(shop, IsOk());
  const uint64_t accounts = client_->MustListAllAccounts(100).size();
  EXPECT_THAT(client_->CreateAccount(open_shop).value, EqualsProto(shop.value));

  const v1::CreateTransferRequest award =
      client_->TransferRequest(issuance, household, 100);
  const Reply<v1::Transfer> awarded = client_->CreateTransfer(award);
  ASSERT_THAT(awarded, IsOk());
  const v1::Digest after_award = client_->MustGetDigest();
  EXPECT_THAT(client_->CreateTransfer(award).value, EqualsProto(awarded.value));
  EXPECT_THAT(client_->MustGetDigest(), EqualsProto(after_award));

  const v1::ReverseTransferRequest reverse =
      client_->ReverseRequest(awarded.value.name());
  const Reply<v1::Transfer> reversed = client_->ReverseTransfer(reverse);
  ASSERT_THAT(reversed, IsOk());
  const v1::Digest after_reversal = client_->MustGetDigest();
  EXPECT_THAT(client_->ReverseTransfer(reverse).value,
              EqualsProto(reversed.value));
  EXPECT_THAT(client_->MustGetDigest(), EqualsProto(after_reversal));

  // One transfer, one reversal: nothing was done twice.
  EXPECT_EQ(after_reversal.last_sequence(), after_award.last_sequence() + 1);
  EXPECT_THAT(client_->MustListAllAccounts(100), SizeIs(accounts));
  EXPECT_EQ(client_->MustGetBalance(household), 0);
}

TEST_F(LedgerApiTest, RequestIdReusedForOtherContentIsRefused) {
  const TypicalAccounts a = OpenTypicalAccounts();
  const v1::CreateTransferRequest first =
      client_->TransferRequest(a.issuance, a.household_a, 100);
  ASSERT_THAT(client_->CreateTransfer(first), IsOk());
  const v1::Digest digest = client_->MustGetDigest();

  v1::CreateTransferRequest other_amount = first;
  other_amount.set_amount(101);
  v1::CreateTransferRequest other_memo = first;
  other_memo.set_memo("changed my mind");
  v1::CreateTransferRequest other_credit = first;
  other_credit.set_credit_account(a.household_b);
  for (const v1::CreateTransferRequest& request :
       {other_amount, other_memo, other_credit}) {
    EXPECT_THAT(
        client_->CreateTransfer(request),
        FailsWith(grpc::StatusCode::ALREADY_EXISTS, "REQUEST_ID_REUSED"))
        << request.ShortDebugString();
  }
  // The same id for another kind of request is other content too.
  v1::CreateAccountRequest open =
      client_->AccountRequest(v1::ACCOUNT_KIND_SUPERMARKET, "Shop");
  open.set_request_id(first.request_id());
  EXPECT_THAT(client_->CreateAccount(open),
              FailsWith(grpc::StatusCode::ALREADY_EXISTS, "REQUEST_ID_REUSED"));

  EXPECT_THAT(client_->MustGetDigest(), EqualsProto(digest));
  EXPECT_EQ(client_->MustGetBalance(a.household_a), 100);
  EXPECT_EQ(client_->MustGetBalance(a.household_b), 0);
}

TEST_F(LedgerApiTest, RefusalIsRememberedForItsRequestId) {
  const TypicalAccounts a = OpenTypicalAccounts();
  const v1::CreateTransferRequest spend =
      client_->TransferRequest(a.household_a, a.supermarket, 50);
  EXPECT_THAT(
      client_->CreateTransfer(spend),
      FailsWith(grpc::StatusCode::FAILED_PRECONDITION, "INSUFFICIENT_POINTS"));

  client_->MustTransfer(a.issuance, a.household_a, 100);
  const v1::Digest digest = client_->MustGetDigest();
  // Now the points are there, but the retry still gets the first answer.
  EXPECT_THAT(
      client_->CreateTransfer(spend),
      FailsWith(grpc::StatusCode::FAILED_PRECONDITION, "INSUFFICIENT_POINTS"));
  EXPECT_THAT(client_->MustGetDigest(), EqualsProto(digest));
  EXPECT_EQ(client_->MustGetBalance(a.household_a), 100);

  // A new request id is a new request.
  v1::CreateTransferRequest again = spend;
  again.set_request_id(client_->NewRequestId());
  EXPECT_THAT(client_->CreateTransfer(again), IsOk());
  EXPECT_EQ(client_->MustGetBalance(a.household_a), 50);
}

// Another whole-system admin, logged in as `login` over its own channel.
std::unique_ptr<LedgerClient> OtherAdmin(const ServerProcess& server,
                                         const std::string& login) {
  return std::make_unique<LedgerClient>(
      CreateAndLogIn(server, OperatorRequest(login, v1::ROLE_ADMIN, ""))
          ->channel);
}

TEST_F(LedgerApiTest, SameRequestIdFromTwoOperatorsIsTwoRequests) {
  const TypicalAccounts a = OpenTypicalAccounts();
  std::unique_ptr<LedgerClient> other = OtherAdmin(server_, "second");
  std::unique_ptr<LedgerClient> third = OtherAdmin(server_, "third");
  v1::CreateTransferRequest mine =
      client_->TransferRequest(a.issuance, a.household_a, 100);
  const Reply<v1::Transfer> first = client_->CreateTransfer(mine);
  ASSERT_THAT(first, IsOk());
  // The other operator's request under the same id, with other content, is
  // neither refused as reused nor answered with the first one's transfer.
  v1::CreateTransferRequest theirs = mine;
  theirs.set_credit_account(a.household_b);
  theirs.set_amount(30);
  const Reply<v1::Transfer> second = other->CreateTransfer(theirs);
  ASSERT_THAT(second, IsOk());
  EXPECT_NE(second.value.name(), first.value.name());
  // With the same content too, it is a request of its own, not a replay.
  const Reply<v1::Transfer> copy = third->CreateTransfer(mine);
  ASSERT_THAT(copy, IsOk());
  EXPECT_NE(copy.value.name(), first.value.name());
  // Each operator's retry still gets its own first answer.
  const v1::Digest digest = client_->MustGetDigest();
  EXPECT_THAT(client_->CreateTransfer(mine).value, EqualsProto(first.value));
  EXPECT_THAT(other->CreateTransfer(theirs).value, EqualsProto(second.value));
  EXPECT_THAT(client_->MustGetDigest(), EqualsProto(digest));
  EXPECT_EQ(client_->MustGetBalance(a.household_a), 200);  // mine and copy
  EXPECT_EQ(client_->MustGetBalance(a.household_b), 30);
  EXPECT_EQ(client_->MustRunAudit().discrepancies_size(), 0);
}

TEST_F(LedgerApiTest, DigestOfANewServerCoversOnlyItsFirstAdmin) {
  const v1::Digest digest = client_->MustGetDigest();
  EXPECT_EQ(digest.last_sequence(), 1u);
  EXPECT_NE(digest.head_hash(), std::string(64, '0'));
}

TEST_F(LedgerApiTest, DigestAdvancesByOnePerAcceptedMutationOnly) {
  client_->TestVillage();
  v1::Digest last = client_->MustGetDigest();
  // Checks the digest moved by `entries` since the last check.
  auto expect_advanced = [&](uint64_t entries, const std::string& after) {
    SCOPED_TRACE("after " + after);
    const v1::Digest now = client_->MustGetDigest();
    EXPECT_EQ(now.last_sequence(), last.last_sequence() + entries);
    if (entries == 0) {
      EXPECT_EQ(now.head_hash(), last.head_hash());
    } else {
      EXPECT_NE(now.head_hash(), last.head_hash());
    }
    last = now;
  };

  const std::string issuance =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "Village fund");
  expect_advanced(1, "opening an issuance account");
  const std::string household =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "Household");
  expect_advanced(1, "opening a household account");

  const v1::CreateTransferRequest award =
      client_->TransferRequest(issuance, household, 10);
  const Reply<v1::Transfer> awarded = client_->CreateTransfer(award);
  ASSERT_THAT(awarded, IsOk());
  expect_advanced(1, "a transfer");
  EXPECT_EQ(last.head_hash(), awarded.value.entry_hash());

  EXPECT_THAT(client_->CreateTransfer(award), IsOk());
  expect_advanced(0, "a retried transfer");
  EXPECT_THAT(client_->Transfer(household, issuance, 11), Not(IsOk()));
  expect_advanced(0, "a refused transfer");
  EXPECT_THAT(client_->Transfer(issuance, household, 0), Not(IsOk()));
  expect_advanced(0, "an invalid transfer");
  EXPECT_THAT(client_->GetAccount(household), IsOk());
  EXPECT_THAT(client_->MustListWholeHistory(household, 10), SizeIs(1));
  EXPECT_THAT(client_->RunAudit(), IsOk());
  expect_advanced(0, "reads and an audit");

  const v1::Transfer reversal = client_->MustReverse(awarded.value.name());
  expect_advanced(1, "a reversal");
  EXPECT_EQ(last.head_hash(), reversal.entry_hash());
  EXPECT_THAT(client_->Reverse(awarded.value.name()), Not(IsOk()));
  expect_advanced(0, "a refused reversal");
}

TEST_F(LedgerApiTest, PublishedDigestCanBeCheckedAgainLaterByItsSequence) {
  TypicalAccounts accounts = OpenTypicalAccounts();
  client_->MustTransfer(accounts.issuance, accounts.household_a, 10);
  const v1::Digest published = client_->MustGetDigest();
  client_->MustTransfer(accounts.issuance, accounts.household_b, 20);
  client_->MustTransfer(accounts.household_a, accounts.supermarket, 5);

  Reply<v1::Digest> then = client_->GetDigest(published.last_sequence());
  ASSERT_THAT(then, IsOk());
  EXPECT_THAT(then.value, EqualsProto(published));
  EXPECT_NE(client_->MustGetDigest().head_hash(), published.head_hash());
  EXPECT_THAT(client_->GetDigest(1), IsOk());
  EXPECT_THAT(
      client_->GetDigest(client_->MustGetDigest().last_sequence() + 1),
      FailsWith(grpc::StatusCode::OUT_OF_RANGE, "SEQUENCE_NOT_REACHED"));
}

TEST_F(LedgerApiTest, AuditIsCleanAfterAVariedWorkload) {
  const TypicalAccounts a = OpenTypicalAccounts();
  const v1::Transfer award =
      client_->MustTransfer(a.issuance, a.household_a, 500);
  client_->MustTransfer(a.issuance, a.household_b, 300);
  client_->MustTransfer(a.household_a, a.supermarket, 120);
  client_->MustTransfer(a.household_b, a.household_a, 40);
  const v1::Transfer wrong =
      client_->MustTransfer(a.issuance, a.household_b, 77);
  client_->MustReverse(wrong.name());
  EXPECT_THAT(client_->Transfer(a.household_b, a.supermarket, 10000),
              Not(IsOk()));
  EXPECT_THAT(client_->Reverse(award.name()), Not(IsOk()));  // would overdraw
  const v1::CreateTransferRequest retried =
      client_->TransferRequest(a.supermarket, a.issuance, 100);
  EXPECT_THAT(client_->CreateTransfer(retried), IsOk());
  EXPECT_THAT(client_->CreateTransfer(retried), IsOk());
  // The first admin, three units of the test village, the issuance
  // account's county, two households and a shop.
  constexpr uint64_t kRegistryEntries = 1;
  constexpr uint64_t kAccounts = 7;
  constexpr uint64_t kTransfers = 7;  // including the reversal

  const v1::Digest digest = client_->MustGetDigest();
  const v1::AuditReport report = client_->MustRunAudit();
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(report.discrepancy_count(), 0u);
  EXPECT_THAT(report.discrepancies(), IsEmpty());
  EXPECT_EQ(report.last_sequence(), digest.last_sequence());
  EXPECT_EQ(report.head_hash(), digest.head_hash());
  EXPECT_EQ(report.entries_checked(),
            kRegistryEntries + kAccounts + kTransfers);
  EXPECT_EQ(report.accounts_checked(), kAccounts);
  EXPECT_EQ(report.transfers_checked(), kTransfers);
  EXPECT_EQ(report.history_records_checked(), 2 * kTransfers);
  // Every accepted request, and the two refusals, are remembered.
  EXPECT_GE(report.idempotency_records_checked(), kAccounts + kTransfers);
  EXPECT_EQ(report.balance_sum(), 0);
}

TEST_F(LedgerApiTest, ConcurrentTransfersAllSucceedAndBalancesAddUp) {
  constexpr int kThreads = 16;
  constexpr int kTransfersPerThread = 100;
  constexpr int kHouseholds = 4;
  const std::string issuance =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "Village fund");
  std::vector<std::string> households;
  for (int i = 0; i < kHouseholds; ++i) {
    households.push_back(client_->MustOpenAccount(
        v1::ACCOUNT_KIND_HOUSEHOLD, "Household " + std::to_string(i)));
  }
  const v1::Digest before = client_->MustGetDigest();

  // Every thread awards points to every household, so they all contend.
  auto amount_of = [](int thread, int i) { return 1 + (thread + i) % 7; };
  auto household_of = [](int thread, int i) {
    return (thread + i) % kHouseholds;
  };
  std::vector<std::vector<Reply<v1::Transfer>>> replies(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTransfersPerThread; ++i) {
        replies[t].push_back(client_->Transfer(
            issuance, households[household_of(t, i)], amount_of(t, i)));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::vector<int64_t> expected(kHouseholds, 0);
  std::set<uint64_t> sequences;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kTransfersPerThread; ++i) {
      ASSERT_THAT(replies[t][i], IsOk())
          << "thread " << t << ", transfer " << i;
      sequences.insert(replies[t][i].value.sequence());
      expected[household_of(t, i)] += amount_of(t, i);
    }
  }
  constexpr uint64_t kTotal = kThreads * kTransfersPerThread;
  const v1::Digest after = client_->MustGetDigest();
  EXPECT_EQ(after.last_sequence(), before.last_sequence() + kTotal);
  // Distinct sequences, without gaps, right after the openings.
  EXPECT_THAT(sequences, SizeIs(kTotal));
  EXPECT_EQ(*sequences.begin(), before.last_sequence() + 1);
  EXPECT_EQ(*sequences.rbegin(), after.last_sequence());

  int64_t total = 0;
  for (int h = 0; h < kHouseholds; ++h) {
    EXPECT_EQ(client_->MustGetBalance(households[h]), expected[h]) << h;
    total += expected[h];
  }
  EXPECT_EQ(client_->MustGetBalance(issuance), -total);
  const v1::AuditReport report = client_->MustRunAudit();
  EXPECT_TRUE(report.clean()) << report.ShortDebugString();
  EXPECT_EQ(report.transfers_checked(), kTotal);
}

}  // namespace
}  // namespace jiamei::testing
