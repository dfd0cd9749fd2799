// StoreFixture: the base of the storage unit tests that apply commands to a
// fresh temporary store through the state machine, with the reads most of
// them check (balances, a household's account, the audit) and a way to
// damage a record behind the ledger's back.
#ifndef JIAMEI_TESTS_UNIT_STORAGE_STORE_FIXTURE_H_
#define JIAMEI_TESTS_UNIT_STORAGE_STORE_FIXTURE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"
#include "storage/audit/audit.h"
#include "storage/core/views.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"
#include "tests/unit/storage/test_store.h"

namespace jiamei::storage {

class StoreFixture : public ::testing::Test {
 protected:
  uint64_t AddUnit(int32_t level, uint64_t parent, const std::string& code) {
    return ledger_.AddUnit(level, parent, code);
  }
  uint64_t AddHousehold(uint64_t village, const std::string& number) {
    return ledger_.AddHousehold(village, number);
  }
  // `change` applied in its own batch under a fresh request id.
  template <typename Change>
  Outcome Apply(const Change& change) {
    return ledger_.Apply({ledger_.NextId(), change});
  }
  // The same, on behalf of operator `actor`.
  template <typename Change>
  Outcome ApplyAs(uint64_t actor, const Change& change) {
    Command command{ledger_.NextId(), change};
    command.actor = actor;
    return ledger_.Apply(command);
  }
  // The account's balance; -1 (and a failure) if it cannot be read.
  int64_t Balance(uint64_t account) {
    absl::StatusOr<AccountView> view =
        LedgerReader(db_.store()).GetAccount(account);
    EXPECT_TRUE(view.ok()) << view.status();
    return view.ok() ? view->balance.balance() : -1;
  }
  // The household's points account; 0 if there is no such household.
  uint64_t AccountOf(uint64_t household) {
    absl::StatusOr<HouseholdRecord> h =
        FindHousehold(StoreViews(db_.store()), household);
    return h.ok() ? h->account() : 0;
  }
  // The audit's report; an empty one (and a failure) if it did not run.
  jiamei::v1::AuditReport Audit() {
    absl::StatusOr<jiamei::v1::AuditReport> report = RunAudit(*db_.store());
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : jiamei::v1::AuditReport();
  }
  // Overwrites registry record (`kind`, `id`) with `record` directly in
  // RocksDB, as damage the ledger did not make.
  void Damage(Record kind, uint64_t id,
              const google::protobuf::Message& record) {
    rocksdb::WriteBatch batch;
    batch.Put(db_.store()->handle(Cf::kRegistry), RecordKey(kind, id),
              record.SerializeAsString());
    ASSERT_TRUE(db_.store()->Write(&batch).ok());
  }
  // Expects the audit to report damage, first a REGISTRY_MISMATCH.
  void ExpectAuditFindsRegistryMismatch() {
    jiamei::v1::AuditReport damaged = Audit();
    EXPECT_FALSE(damaged.clean());
    ASSERT_GT(damaged.discrepancies_size(), 0);
    EXPECT_EQ(damaged.discrepancies(0).kind(), "REGISTRY_MISMATCH");
  }

  ::jiamei::testing::TestStore db_;
  ::jiamei::testing::TestLedger ledger_{db_.store()};
};

}  // namespace jiamei::storage

#endif  // JIAMEI_TESTS_UNIT_STORAGE_STORE_FIXTURE_H_
