// The ledger's state machine. Only the sequencer's applier thread calls it:
// it checks each command against the idempotency records, asks the command's
// domain (storage/core/domain.h, found in a DomainTable) to check it,
// checks the balances the resulting body changes, and turns an accepted
// command into its entry and effects in the batch being built. Checks and
// effects happen in the same step, so a balance can never be spent twice by
// two desks. It keeps what every domain shares: the hash chain, idempotency,
// accounts and balances, and the overlays of the batches not yet durable.
#ifndef JIAMEI_STORAGE_CORE_STATE_MACHINE_H_
#define JIAMEI_STORAGE_CORE_STATE_MACHINE_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "rocksdb/write_batch.h"
#include "storage/core/accounts.h"
#include "storage/core/commands.h"
#include "storage/core/domain.h"
#include "storage/core/outcome.h"
#include "storage/core/postings.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"
#include "storage/core/views.h"
#include "storage/domains.h"

namespace jiamei::storage {

class StateMachine : private Books {
 public:
  // `domains` must outlive the state machine.
  explicit StateMachine(Store* store, const DomainTable& domains = Domains())
      : store_(store), domains_(domains), views_(this) {}

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
  // are durable and so readable from the store. Never the batch being
  // built.
  void Retire(size_t count);

  const HeadRecord& head() const { return head_; }

 private:
  struct AccountState {
    int32_t kind;
    int64_t balance;
    uint64_t last_sequence;
    uint64_t household;  // for a household's account; else 0
  };
  // An entry body before it has a sequence and hash.
  using Body = EntryRecord;

  // Books, for the domains' checks.
  absl::StatusOr<Books::Account> FindAccount(uint64_t id) override;
  absl::StatusOr<EntryRecord> FindEntry(uint64_t sequence) const override;

  // A copy of the account's state, loaded into accounts_ on first use.
  absl::StatusOr<AccountState> LoadAccount(uint64_t id);
  // The first answer to `command`'s request id from its operator, if any.
  absl::StatusOr<std::optional<IdempotencyRecord>> FindRequest(
      const Command& command) const;
  Outcome Replay(const IdempotencyRecord& first) const;

  // The bodies `command` asks for (one, or more for a command too large for
  // one entry), as its domain (or one that intercepts it) checked them, once
  // the balances they change are checked.
  absl::StatusOr<std::vector<Body>> Check(const Command& command,
                                          int64_t time_micros);
  // Checks that every balance `body` changes stays within its kind's
  // bounds once all of them apply.
  absl::Status CheckPostings(const Body& body);
  // The requests of the bodies after the first, each under its part's
  // request id (PartRequestId); REQUEST_ID_REUSED when one is taken.
  absl::StatusOr<std::vector<Command>> PartsOf(
      const Command& command, const std::vector<Body>& bodies) const;
  // Remembers `refusal` as the answer to `command` and returns it.
  Outcome Refuse(const Command& command, IdempotencyRecord record,
                 const absl::Status& refusal);

  // Logs `body`; fails only when a domain cannot read its views, and then
  // logs nothing.
  Outcome Append(Body body, const Command& command, int64_t time_micros);
  // Logs `bodies`, the first under `command`, the others under `parts`,
  // each with its remembered answer; the first entry.
  Outcome AppendAll(std::vector<Body> bodies, const Command& command,
                    IdempotencyRecord record, const std::vector<Command>& parts,
                    int64_t time_micros);
  void ApplyOpening(const EntryRecord& entry, const AccountOpening& opening);
  void ApplyPostings(const EntryRecord& entry);
  void Remember(const Command& command, IdempotencyRecord record);
  // The applier thread, recorded on first use: only it may call.
  void AssertSingleWriter();

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
  const DomainTable& domains_;
  PendingViews views_;
  HeadRecord head_;
  int64_t last_time_micros_ = 0;
  std::optional<std::thread::id> writer_;
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
    // Views written: (column family byte + key) -> value, or
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
