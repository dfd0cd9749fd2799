#include "tests/unit/storage/test_store.h"

#include <stdlib.h>

#include <atomic>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "storage/core/canonical.h"

namespace jiamei::testing {

TestStore::TestStore() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "jiamei-unit-XXXXXX").string();
  dir_ = mkdtemp(pattern.data());
  Reopen();
}

TestStore::~TestStore() {
  store_.reset();
  std::filesystem::remove_all(dir_);
}

void TestStore::Reopen() {
  store_.reset();
  absl::StatusOr<std::unique_ptr<storage::Store>> store =
      storage::Store::Open(dir_);
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = *std::move(store);
}

TestLedger::TestLedger(storage::Store* store) : store_(store), state_(store) {
  absl::Status loaded = state_.Load();
  EXPECT_TRUE(loaded.ok()) << loaded;
}

storage::Outcome TestLedger::Apply(const storage::Command& command) {
  return ApplyBatch({command}).front();
}

std::vector<storage::Outcome> TestLedger::ApplyBatch(
    const std::vector<storage::Command>& commands) {
  rocksdb::WriteBatch batch;
  state_.BeginBatch(&batch);
  std::vector<storage::Outcome> outcomes;
  for (const storage::Command& command : commands) {
    outcomes.push_back(state_.Apply(command, storage::Fingerprint(command),
                                    absl::ToUnixMicros(absl::Now())));
  }
  state_.FinishBatch();
  absl::Status written = store_->Write(&batch);
  EXPECT_TRUE(written.ok()) << written;
  state_.Retire(1);
  return outcomes;
}

uint64_t TestLedger::Open(int32_t kind, const std::string& name) {
  storage::Outcome outcome =
      Apply({NextId(), storage::OpenAccount{kind, name}});
  EXPECT_TRUE(outcome.ok()) << outcome.status();
  return outcome.ok() ? outcome->opening().account_id() : 0;
}

uint64_t TestLedger::AddUnit(int32_t level, uint64_t parent,
                             const std::string& code) {
  storage::RegistryChange change;
  storage::UnitCreated* unit = change.mutable_unit_created();
  unit->set_code(code);
  unit->set_display_name("unit " + code);
  unit->set_level(level);
  unit->set_parent(parent);
  storage::Outcome outcome = Apply({NextId(), change});
  EXPECT_TRUE(outcome.ok()) << outcome.status();
  return outcome.ok() ? outcome->registry().unit_created().unit_id() : 0;
}

uint64_t TestLedger::AddHousehold(uint64_t village, const std::string& number) {
  storage::RegistryChange change;
  storage::HouseholdCreated* h = change.mutable_household_created();
  h->set_village(village);
  h->set_number(number);
  h->mutable_head()->set_full_name("Head " + number);
  storage::Outcome outcome = Apply({NextId(), change});
  EXPECT_TRUE(outcome.ok()) << outcome.status();
  return outcome.ok() ? outcome->registry().household_created().household_id()
                      : 0;
}

uint64_t TestLedger::Move(uint64_t debit, uint64_t credit, int64_t amount) {
  storage::Outcome outcome = Apply(
      {NextId(), storage::MakeTransfer{debit, credit, amount, "TEST", ""}});
  EXPECT_TRUE(outcome.ok()) << outcome.status();
  return outcome.ok() ? outcome->sequence() : 0;
}

uint64_t TestLedger::OpenAndAward(const std::vector<int64_t>& amounts) {
  const uint64_t fund = Open(kIssuance);
  const uint64_t home = Open(kHousehold);
  for (int64_t amount : amounts) Move(fund, home, amount);
  return home;
}

// Unique across TestLedger instances, which may share a store.
std::string TestLedger::NextId() {
  static std::atomic<int> counter{0};
  return absl::StrCat("req-", ++counter, "-test");
}

}  // namespace jiamei::testing
