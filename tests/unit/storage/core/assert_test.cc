// JIAMEI_ASSERT stops the process on a broken invariant (storage/core/
// assert.h), and the invariants the core states do fire when broken.
// Death tests fork; "threadsafe" re-runs the binary for each one, so the
// store's background threads (and the sanitizers') do not matter.
#include "storage/core/assert.h"

#include <string>

#include "gtest/gtest.h"
#include "storage/core/commands.h"
#include "storage/core/domain.h"
#include "storage/core/state_machine.h"
#include "storage/domains.h"
#include "tests/unit/storage/test_store.h"

namespace jiamei::storage {
namespace {

class AssertTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::testing::FLAGS_gtest_death_test_style = "threadsafe";
  }
};

#ifdef JIAMEI_ASSERTIONS

TEST_F(AssertTest, FailedAssertionAbortsNamingConditionFileAndLine) {
  const int line = __LINE__ + 2;
  const int answer = 41;
  auto fail = [&] { JIAMEI_ASSERT(answer == 42, "the answer is 42"); };
  EXPECT_DEATH(fail(), "assert_test\\.cc:" + std::to_string(line) +
                           ": assertion failed: answer == 42: "
                           "the answer is 42");
}

TEST_F(AssertTest, HeldAssertionDoesNothing) {
  const int answer = 42;
  JIAMEI_ASSERT(answer == 42, "the answer is 42");
  SUCCEED();
}

TEST_F(AssertTest, DomainTableRefusesTwoDomainsOfOneBodyCase) {
  const Domain* ledger = Domains().all().front();
  EXPECT_DEATH(DomainTable({ledger, ledger}),
               "assertion failed: .*: two domains of one body case");
}

TEST_F(AssertTest, StateMachineRefusesACommandOutsideABatch) {
  EXPECT_DEATH(
      {
        ::jiamei::testing::TestStore db;
        StateMachine state(db.store());
        (void)state.Apply({"r1", OpenAccount{1, "an account", 1}}, "print", 0);
      },
      "assertion failed: batch_ != nullptr: a command applied outside a "
      "batch");
}

#else  // JIAMEI_ASSERTIONS=OFF

TEST_F(AssertTest, CompiledOutAssertionDoesNotEvaluateItsCondition) {
  int evaluated = 0;
  JIAMEI_ASSERT(++evaluated == 0, "never evaluated");
  EXPECT_EQ(evaluated, 0);
}

#endif

}  // namespace
}  // namespace jiamei::storage
