// A Store in a fresh temporary directory, and a synchronous way to apply
// commands to it, for unit tests of the core.
#ifndef JIAMEI_TESTS_UNIT_STORAGE_TEST_STORE_H_
#define JIAMEI_TESTS_UNIT_STORAGE_TEST_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "storage/core/commands.h"
#include "storage/core/state_machine.h"
#include "storage/core/store.h"

namespace jiamei::testing {

class TestStore {
 public:
  TestStore();  // Opens a new store; fails the test if it cannot.
  ~TestStore();

  storage::Store* store() { return store_.get(); }
  const std::string& dir() const { return dir_; }
  // Closes and reopens the store on the same directory.
  void Reopen();
  void Close() { store_.reset(); }

 private:
  std::string dir_;
  std::unique_ptr<storage::Store> store_;
};

// Applies commands one batch at a time through StateMachine, as the
// sequencer does, and writes each batch.
class TestLedger {
 public:
  explicit TestLedger(storage::Store* store);

  // One command in its own durable batch.
  storage::Outcome Apply(const storage::Command& command);
  // Several commands in one batch.
  std::vector<storage::Outcome> ApplyBatch(
      const std::vector<storage::Command>& commands);

  // Shorthands that expect success and return the new id or sequence.
  uint64_t Open(int32_t kind, const std::string& name = "test account");
  uint64_t Move(uint64_t debit, uint64_t credit, int64_t amount);
  // Opens an issuance and then a household account and moves each of
  // `amounts` from the first to the second; the household account's id.
  uint64_t OpenAndAward(const std::vector<int64_t>& amounts);
  // A unit (level as jiamei.v1.UnitLevel) and a household with its head;
  // their ids.
  uint64_t AddUnit(int32_t level, uint64_t parent, const std::string& code);
  uint64_t AddHousehold(uint64_t village, const std::string& number);

  // A fresh request id.
  std::string NextId();

  const storage::HeadRecord& head() const { return state_.head(); }

 private:
  storage::Store* store_;
  storage::StateMachine state_;
};

inline constexpr int32_t kIssuance = 1;
inline constexpr int32_t kHousehold = 2;
inline constexpr int32_t kSupermarket = 3;

}  // namespace jiamei::testing

#endif  // JIAMEI_TESTS_UNIT_STORAGE_TEST_STORE_H_
