// The ledger state machine. Only the sequencer thread calls it: it checks
// each command against the current balances, idempotency records and
// reversals, and turns an accepted one into its effects in the batch being
// built. Checks and effects happen in the same step, so a balance can never
// be spent twice by two desks.
#ifndef JIAMEI_STORAGE_CORE_STATE_MACHINE_H_
#define JIAMEI_STORAGE_CORE_STATE_MACHINE_H_

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "rocksdb/write_batch.h"
#include "storage/core/commands.h"
#include "storage/core/domain_states.h"
#include "storage/market/market_state.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"
#include "storage/core/views.h"

namespace jiamei::storage {

// Issuance accounts may go negative; households and supermarkets may not.
bool MayGoNegative(int32_t kind);

// The account `entry` opens (an opening, or a unit's, household's or
// site's creation), or null.
const AccountOpening* OpenedAccount(const EntryRecord& entry);

// What an entry does to one account's balance.
struct Posting {
  uint64_t account;
  int64_t change;
};
// The balance changes of `entry`, one per account touched, in the order the
// accounts first appear: a transfer's debit and credit, or the net effect
// of every transfer of a supermarket change. Empty for other entries.
std::vector<Posting> PostingsOf(const EntryRecord& entry);

// What a caller is told: the entry its request wrote (or, when retried, the
// entry the first attempt wrote), or the refusal.
using Outcome = absl::StatusOr<EntryRecord>;

class StateMachine {
 public:
  explicit StateMachine(Store* store)
      : store_(store), views_(this), states_(&views_, [this](uint64_t account) {
          return BalanceOf(account);
        }) {}

  // Reads where the log ends. Call once, before the first batch.
  absl::Status Load();

  // Starts collecting effects into `batch`. The batches before it need not
  // be durable yet: their effects stay visible here until Retire().
  void BeginBatch(rocksdb::WriteBatch* batch);
  // Applies one command at time `now_micros`. Accepted commands and refusals
  // (which a retry must see again) add their records to the batch; input
  // that cannot be judged (storage errors) adds nothing.
  Outcome Apply(const Command& command, const std::string& fingerprint,
                int64_t now_micros);
  // Adds the derived records (balances touched, head) to the batch. After
  // this the batch may be written.
  void FinishBatch();
  // Forgets the overlays of the `count` oldest finished batches, once they
  // are durable and so readable from the store.
  void Retire(size_t count);

  const HeadRecord& head() const { return head_; }

 private:
  struct AccountState {
    int32_t kind;
    int64_t balance;
    uint64_t last_sequence;
  };
  // An entry body before it has a sequence and hash.
  using Body = EntryRecord;

  // A copy of the account's state, loaded into accounts_ on first use.
  absl::StatusOr<AccountState> FindAccount(uint64_t id);
  absl::StatusOr<int64_t> BalanceOf(uint64_t id);
  absl::StatusOr<EntryRecord> FindEntry(uint64_t sequence) const;
  absl::StatusOr<bool> IsReversed(uint64_t sequence) const;
  // The first answer to `command`'s request id from its operator, if any.
  absl::StatusOr<std::optional<IdempotencyRecord>> FindRequest(
      const Command& command) const;
  Outcome Replay(const IdempotencyRecord& first) const;

  absl::StatusOr<Body> CheckOpen(const OpenAccount& open);
  absl::StatusOr<Body> CheckTransfer(const MakeTransfer& transfer,
                                     uint64_t reverses);
  absl::StatusOr<Body> CheckReverse(const ReverseTransfer& reverse);
  // Checks that every balance `body` changes stays within its kind's
  // bounds once all of them apply.
  absl::Status CheckPostings(const Body& body);
  absl::StatusOr<Body> Check(const Command& command, int64_t time_micros);
  // `checked` as the body `field` of an entry, once the balances it
  // changes are checked.
  template <typename Change>
  absl::StatusOr<Body> Posted(absl::StatusOr<Change> checked,
                              Change* (Body::*field)()) {
    if (!checked.ok()) return checked.status();
    Body body;
    *(body.*field)() = *std::move(checked);
    if (absl::Status s = CheckPostings(body); !s.ok()) return s;
    return body;
  }

  // Logs `body`; fails only when the register cannot read its views, and
  // then logs nothing.
  Outcome Append(Body body, const Command& command, int64_t time_micros);
  void ApplyOpening(const EntryRecord& entry, const AccountOpening& opening);
  void ApplyPostings(const EntryRecord& entry);
  void Remember(const Command& command, IdempotencyRecord record);

  // The register's views through the batches not yet durable.
  class PendingViews final : public Views {
   public:
    explicit PendingViews(StateMachine* state) : state_(state) {}
    absl::StatusOr<std::optional<std::string>> Get(
        Cf cf, absl::string_view key) const override;
    void Put(Cf cf, absl::string_view key, absl::string_view value) override;
    void Delete(Cf cf, absl::string_view key) override;

   private:
    StateMachine* state_;
  };

  Store* store_;
  PendingViews views_;
  DomainStates states_;
  HeadRecord head_;
  int64_t last_time_micros_ = 0;
  // Balances of every account seen so far; only this thread changes them.
  // The rule for this cache and every map or vector in storage/ and
  // services/: lookups hand out copies, never a pointer or reference that
  // outlives the statement (a flat_hash_map moves its elements when an
  // insert grows it). Only ApplyOpening and ApplyPostings write an element,
  // through a reference used within one loop step that inserts nothing.
  absl::flat_hash_map<uint64_t, AccountState> accounts_;

  // What an applied batch holds that RocksDB may not have yet. It lives
  // until the batch is durable, so that the next batch can be applied while
  // this one is being written.
  struct Overlay {
    uint64_t first_sequence = 0;
    std::vector<EntryRecord> entries;
    // By RequestKey (operator, request id).
    absl::flat_hash_map<std::string, IdempotencyRecord> requests;
    absl::flat_hash_set<uint64_t> reversed;
    // Register views written: (column family byte + key) -> value, or
    // nullopt when deleted.
    absl::flat_hash_map<std::string, std::optional<std::string>> views;
  };
  // Oldest first; back() belongs to the batch being built.
  std::deque<Overlay> unwritten_;
  rocksdb::WriteBatch* batch_ = nullptr;
  absl::flat_hash_set<uint64_t> batch_touched_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_STATE_MACHINE_H_
