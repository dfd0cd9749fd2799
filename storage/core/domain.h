// A domain of the ledger: one kind of entry body (a case of EntryRecord's
// `body` oneof) with the rules that check the commands asking for it and
// the derived records each such entry writes. The core (the state machine,
// the canonical encoding, the audit) knows no domain: it finds the one for
// a command or an entry in a DomainTable and calls it through this
// interface. The table of every domain is storage/domains.h.
//
// Threads: a Domain holds no state of its own (what it reads and writes is
// in the views it is handed), so one instance serves the sequencer's
// applier and any number of audits at once. Every method is const.
#ifndef JIAMEI_STORAGE_CORE_DOMAIN_H_
#define JIAMEI_STORAGE_CORE_DOMAIN_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/core/commands.h"
#include "storage/core/records.pb.h"
#include "storage/core/status_macros.h"
#include "storage/core/views.h"

namespace jiamei::storage {

class CanonicalWriter;
class DomainTable;

// What the state machine keeps beyond the views, as a domain's Check may
// read it: accounts with their balances, and entries, each through the
// batches not yet durable.
class Books {
 public:
  struct Account {
    int32_t kind = 0;
    int64_t balance = 0;
  };
  virtual ~Books() = default;
  // NOT_FOUND (ACCOUNT_NOT_FOUND) when there is no such account.
  virtual absl::StatusOr<Account> FindAccount(uint64_t id) = 0;
  // NOT_FOUND (ENTRY_NOT_FOUND) when there is no such entry.
  virtual absl::StatusOr<EntryRecord> FindEntry(uint64_t sequence) const = 0;

  // FindAccount's balance, as a function for the supermarket's deductions.
  std::function<absl::StatusOr<int64_t>(uint64_t account)> BalanceOf() {
    return [this](uint64_t account) -> absl::StatusOr<int64_t> {
      ASSIGN_OR_RETURN(const Account found, FindAccount(account));
      return found.balance;
    };
  }
};

// What a domain's Check and Intercept are handed for one command.
struct CheckContext {
  Views* views;            // the derived views, read (Check writes none)
  const HeadRecord& head;  // where the log ends: ids are allocated after it
  int64_t time_micros;     // the entry's time, never before the last one's
  uint64_t actor;          // who asks
  Books* books;            // balances and entries
  const DomainTable& domains;
  // Where the owner's Check of a command too large for one entry (a
  // register import) appends the bodies to log after the one it returns.
  // Each becomes an entry of its own, right after the one before, under the
  // request id PartRequestId(request_id, k) (storage/core/commands.h), with
  // its own remembered answer; all are logged or none. They may open
  // accounts but post no transfers.
  std::vector<EntryRecord>* more_bodies;
};

// What a domain's Apply, Observe and AccountOpened are handed for one
// logged entry: by the state machine over the store's views, by the audit
// over its replay in memory.
struct ApplyContext {
  Views* views;
  // The Argon2id hash beside an operator's creation or password change;
  // empty in the audit's replay, which never has it.
  const std::string& password_hash;
  // An account's kind (0 when unknown), for the entry's postings.
  std::function<int32_t(uint64_t account)> kind_of;
  const DomainTable& domains;
};

class Domain {
 public:
  virtual ~Domain() = default;

  // For messages and tests: "ledger.transfer", "registry", ...
  virtual absl::string_view name() const = 0;
  // The case of EntryRecord's body this domain's entries have.
  virtual EntryRecord::BodyCase body_case() const = 0;
  // Its fixed number in the canonical encoding (storage/core/canonical.h):
  // stored hashes depend on it, so it never changes.
  virtual uint64_t tag() const = 0;

  // Whether `command` asks for one of this domain's changes. Exactly one
  // domain of a table owns each command.
  virtual bool Owns(const Command& command) const = 0;

  // The hook where a domain takes over another's command: called, before
  // the owner checks it, on every domain of the table but the owner. A body
  // of this domain to log instead (checked as far as it can be now), or
  // nullopt to leave the command to its owner. Refusals carry a reason.
  // Only points policy uses it (an award or confirmation that must wait for
  // an officer becomes a proposal). Default: nullopt.
  virtual absl::StatusOr<std::optional<EntryRecord>> Intercept(
      const Command& command, const CheckContext& context) const;

  // Checks `command` (owned by this domain) against the views and books,
  // and returns the entry body to log: one of this domain's, with the ids,
  // records and transfers the sequencer fills in. The balances the body's
  // transfers change are checked afterwards by the core. Refusals carry a
  // reason; other errors are storage failures.
  virtual absl::StatusOr<EntryRecord> Check(
      const Command& command, const CheckContext& context) const = 0;

  // Writes the derived records of the logged `entry` (one of this domain's)
  // and advances this domain's id counters in `head`. Reads everything it
  // needs before writing anything. Default: nothing to write.
  virtual absl::Status Apply(const EntryRecord& entry,
                             const ApplyContext& context,
                             HeadRecord* head) const;
  // Called for every logged entry of any domain, after its owner's Apply:
  // derived records a domain keeps about all entries (policy's lots and
  // honour).
  // Default: none.
  virtual absl::Status Observe(const EntryRecord& entry,
                               const ApplyContext& context) const;
  // Called on every domain when an entry of any domain opens `opening`,
  // after the core wrote the account (the register indexes it under its
  // unit). Default: nothing.
  virtual void AccountOpened(const AccountOpening& opening, Views* views) const;

  // The transfers listed in the body of `entry` (one of this domain's), or
  // null when its body lists none. Default: none.
  virtual const google::protobuf::RepeatedPtrField<TransferBody>*
  ListedTransfers(const EntryRecord& entry) const;
  // Appends the transfers `entry` posts, in the order they apply. Default:
  // the listed ones.
  virtual void Transfers(const EntryRecord& entry,
                         std::vector<const TransferBody*>* out) const;
  // Appends the accounts `entry` (one of this domain's) opens, in the order
  // they open: one for most kinds that open any, one per household for a
  // register import. Default: none.
  virtual void OpenedAccounts(const EntryRecord& entry,
                              std::vector<const AccountOpening*>* out) const;
  // Whether the transfers of this domain's entries may be reversed as plain
  // transfers (only the ledger's own may; the others are voided or
  // corrected in their domain). Default: false.
  virtual bool PlainTransfers() const;

  // The command `entry` (one of this domain's) was made from: the body
  // without what Check filled in. The audit recomputes each request's
  // fingerprint from it.
  virtual Command::Op AsRequested(const EntryRecord& entry) const = 0;

  // Writes the body of `entry` for its hash. Default: tag(), then the body
  // message field by field.
  virtual void WriteBody(const EntryRecord& entry, CanonicalWriter* w) const;
  // Writes what `command` asks for, for its fingerprint. Default: tag(),
  // then the requested message field by field.
  virtual void WriteRequest(const Command& command, CanonicalWriter* w) const;

 protected:
  // The body message of `entry` (which must be of this domain).
  const google::protobuf::Message& Body(const EntryRecord& entry) const;
};

// A domain whose command is one protobuf message `Change` (every domain's
// but the ledger's).
template <typename Change>
class ChangeDomain : public Domain {
 public:
  bool Owns(const Command& command) const override {
    return command.op.Get<Change>() != nullptr;
  }

 protected:
  // The change `command` asks for; only for commands Owns() accepts.
  static const Change& Requested(const Command& command) {
    return *command.op.Get<Change>();
  }
};

// Domains by body case and by command. Each body case and each tag at most
// once.
class DomainTable {
 public:
  explicit DomainTable(std::vector<const Domain*> domains);

  const std::vector<const Domain*>& all() const { return domains_; }
  // The domain of `entry`'s body, or null when it has none.
  const Domain* ForEntry(const EntryRecord& entry) const;
  // The domain that owns `command`, or null.
  const Domain* OwnerOf(const Command& command) const;

 private:
  std::vector<const Domain*> domains_;
  std::vector<const Domain*> by_case_;  // indexed by EntryRecord::BodyCase
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_DOMAIN_H_
