// What the token check and the scope check cost a ledger transfer, measured
// in-process without gRPC: a village desk operator's token is checked and
// the scope of the two accounts of an award is checked, with the caches
// warm, as on every transfer after the first. Compare with the server CPU a
// whole transfer costs (jiamei-bench --server_pid prints it).
//
//   build/tests/bench/jiamei-access-bench
#include <cstdlib>
#include <string>

#include "benchmark/benchmark.h"
#include "services/auth/access.h"
#include "services/auth/authenticator.h"
#include "services/auth/password.h"
#include "tests/unit/storage/test_store.h"

namespace jiamei::testing {
namespace {

struct World {
  TestStore db;
  TestLedger ledger{db.store()};
  services::Authenticator authenticator{db.store(), absl::Hours(1)};
  services::Access access{db.store()};
  std::string header;
  uint64_t issuance = 0;
  uint64_t household = 0;

  World() {
    const uint64_t county = AddUnit(1, 0);
    const uint64_t township = AddUnit(2, county);
    const uint64_t village = AddUnit(3, township);
    storage::RegistryChange change;
    storage::HouseholdCreated* h = change.mutable_household_created();
    h->set_village(village);
    h->set_number("0001");
    h->set_address("1 Main road");
    h->mutable_head()->set_full_name("王芳");
    household = ledger.Apply({ledger.NextId(), change})
                    ->registry()
                    .account()
                    .account_id();
    change.Clear();
    storage::OperatorCreated* op = change.mutable_operator_created();
    op->set_login("desk");
    op->set_display_name("desk");
    op->set_role(3);  // desk operator
    op->set_scope_unit(village);
    storage::Command command(ledger.NextId(), change);
    command.password_hash = *services::HashPassword("desk password");
    if (!ledger.Apply(command).ok()) std::abort();
    header = "Bearer " +
             authenticator.Login("desk", "desk password", "127.0.0.1")->token;
  }

  uint64_t AddUnit(int32_t level, uint64_t parent) {
    storage::RegistryChange change;
    storage::UnitCreated* unit = change.mutable_unit_created();
    unit->set_code(ledger.NextId());
    unit->set_display_name("unit");
    unit->set_level(level);
    unit->set_parent(parent);
    storage::Outcome outcome = ledger.Apply({ledger.NextId(), change});
    issuance = outcome->registry().account().account_id();
    return outcome->registry().unit_created().unit_id();
  }
};

World& TheWorld() {
  static World* const world = new World();
  return *world;
}

void BM_TokenCheck(benchmark::State& state) {
  World& w = TheWorld();
  for (auto _ : state) {
    benchmark::DoNotOptimize(w.authenticator.Authenticate(w.header));
  }
}
BENCHMARK(BM_TokenCheck);

void BM_TokenAndScopeCheckOfATransfer(benchmark::State& state) {
  World& w = TheWorld();
  for (auto _ : state) {
    absl::StatusOr<services::Principal> caller =
        w.authenticator.Authenticate(w.header);
    absl::Status s = services::RequireRole(*caller, services::kStaff);
    if (s.ok()) s = w.access.RequireAccount(*caller, w.issuance);
    if (s.ok()) s = w.access.RequirePayee(*caller, w.household);
    if (!s.ok()) state.SkipWithError("the check refused the transfer");
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_TokenAndScopeCheckOfATransfer);

}  // namespace
}  // namespace jiamei::testing

BENCHMARK_MAIN();
