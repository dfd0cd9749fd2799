#include "storage/core/canonical.h"

#include <functional>
#include <vector>

#include "gtest/gtest.h"

namespace jiamei::storage {
namespace {

EntryRecord SampleTransfer() {
  EntryRecord e;
  e.set_sequence(5);
  e.set_time_micros(1700000000000000);
  e.set_request_id("req-12345678");
  e.set_previous_hash(std::string(32, 'p'));
  TransferBody* t = e.mutable_transfer();
  t->set_debit_account(1);
  t->set_credit_account(2);
  t->set_amount(30);
  t->set_reason_code("AWARD");
  t->set_memo("courtyard hygiene");
  return e;
}

TEST(CanonicalTest, EntryHashIsSha256SizedAndDeterministic) {
  EXPECT_EQ(EntryHash(SampleTransfer()).size(), kHashSize);
  EXPECT_EQ(EntryHash(SampleTransfer()), EntryHash(SampleTransfer()));
}

TEST(CanonicalTest, EntryHashIgnoresTheStoredHashField) {
  EntryRecord e = SampleTransfer();
  const std::string before = EntryHash(e);
  e.set_hash("anything");
  EXPECT_EQ(EntryHash(e), before);
}

TEST(CanonicalTest, EveryFieldChangesTheEntryHash) {
  const std::string base = EntryHash(SampleTransfer());
  const std::vector<std::function<void(EntryRecord*)>> edits = {
      [](EntryRecord* e) { e->set_sequence(6); },
      [](EntryRecord* e) { e->set_time_micros(1); },
      [](EntryRecord* e) { e->set_request_id("req-other-1"); },
      [](EntryRecord* e) { e->set_previous_hash(std::string(32, 'q')); },
      [](EntryRecord* e) { e->mutable_transfer()->set_debit_account(3); },
      [](EntryRecord* e) { e->mutable_transfer()->set_credit_account(3); },
      [](EntryRecord* e) { e->mutable_transfer()->set_amount(31); },
      [](EntryRecord* e) { e->mutable_transfer()->set_reason_code("AWARDS"); },
      [](EntryRecord* e) { e->mutable_transfer()->set_memo("courtyard"); },
      [](EntryRecord* e) { e->mutable_transfer()->set_reverses(2); },
  };
  for (size_t i = 0; i < edits.size(); ++i) {
    EntryRecord e = SampleTransfer();
    edits[i](&e);
    EXPECT_NE(EntryHash(e), base) << "edit " << i;
  }
}

TEST(CanonicalTest, LengthPrefixesKeepAdjacentStringsApart) {
  EntryRecord a = SampleTransfer();
  a.mutable_transfer()->set_reason_code("AB");
  a.mutable_transfer()->set_memo("C");
  EntryRecord b = SampleTransfer();
  b.mutable_transfer()->set_reason_code("A");
  b.mutable_transfer()->set_memo("BC");
  EXPECT_NE(EntryHash(a), EntryHash(b));
}

TEST(CanonicalTest, FingerprintDependsOnContentAndKindNotRequestId) {
  Command a{"req-aaaaaaaa", MakeTransfer{1, 2, 10, "AWARD", "m"}};
  Command b{"req-bbbbbbbb", MakeTransfer{1, 2, 10, "AWARD", "m"}};
  Command c{"req-aaaaaaaa", MakeTransfer{1, 2, 11, "AWARD", "m"}};
  Command d{"req-aaaaaaaa", ReverseTransfer{1, "m"}};
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
  EXPECT_NE(Fingerprint(a), Fingerprint(c));
  EXPECT_NE(Fingerprint(a), Fingerprint(d));
}

TEST(CanonicalTest, HexIsLowercase) {
  EXPECT_EQ(Hex(std::string("\x00\xab\xff", 3)), "00abff");
  EXPECT_EQ(Hex(ZeroHash()), std::string(64, '0'));
}

}  // namespace
}  // namespace jiamei::storage
