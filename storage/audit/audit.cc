#include "storage/audit/audit.h"

#include <map>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "storage/core/accounts.h"
#include "storage/core/canonical.h"
#include "storage/core/core_errors.h"
#include "storage/core/domain.h"
#include "storage/core/keys.h"
#include "storage/core/names.h"
#include "storage/core/postings.h"
#include "storage/core/status_macros.h"
#include "storage/core/witness.h"
#include "storage/ledger/ledger_errors.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/registry/registry_keys.h"

namespace jiamei::storage {
namespace {

constexpr int kMaxListed = 1000;

std::string Entry(uint64_t seq) { return absl::StrCat("entries/", seq); }

// "operators/{actor}/requests/{id}", or "requests/{id}" for a refusal
// remembered before requests were kept per operator.
std::string RequestName(uint64_t actor, absl::string_view request_id) {
  if (actor == kAnyOperator) return absl::StrCat("requests/", request_id);
  return absl::StrCat("operators/", actor, "/requests/", request_id);
}

// Releases the snapshot when the audit ends, however it ends.
class ScopedSnapshot {
 public:
  explicit ScopedSnapshot(rocksdb::DB* db)
      : db_(db), snap_(db->GetSnapshot()) {}
  ~ScopedSnapshot() { db_->ReleaseSnapshot(snap_); }
  const rocksdb::Snapshot* get() const { return snap_; }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snap_;
};

// The register's views as a replay of the log makes them, in memory, in
// key order per column family.
class ReplayViews final : public Views {
 public:
  absl::StatusOr<std::optional<std::string>> Get(
      Cf cf, absl::string_view key) const override {
    auto it = data_.find(Key(cf, key));
    if (it == data_.end()) return std::nullopt;
    return it->second;
  }
  void Put(Cf cf, absl::string_view key, absl::string_view value) override {
    data_[Key(cf, key)] = std::string(value);
  }
  void Delete(Cf cf, absl::string_view key) override {
    data_.erase(Key(cf, key));
  }
  // The records of `cf`, in key order (keys without the family byte).
  std::vector<std::pair<std::string, std::string>> Records(Cf cf) const {
    const std::string prefix(1, static_cast<char>(cf));
    std::vector<std::pair<std::string, std::string>> records;
    for (auto it = data_.lower_bound(prefix);
         it != data_.end() && it->first[0] == prefix[0]; ++it) {
      records.emplace_back(it->first.substr(1), it->second);
    }
    return records;
  }

 private:
  static std::string Key(Cf cf, absl::string_view key) {
    return absl::StrCat(std::string(1, static_cast<char>(cf)), key);
  }
  std::map<std::string, std::string> data_;
};

// Whether a stored register record matches its replay. A credential's
// password hash is not in the log, so only the entry that set it is.
bool SameRecord(Cf cf, absl::string_view key, const std::string& replayed,
                absl::string_view stored) {
  if (cf == Cf::kRegistry && !key.empty() &&
      key[0] == static_cast<char>(Record::kCredential)) {
    CredentialRecord a;
    CredentialRecord b;
    return a.ParseFromString(replayed) &&
           b.ParseFromArray(stored.data(), static_cast<int>(stored.size())) &&
           a.sequence() == b.sequence();
  }
  return replayed == stored;
}

class Auditor {
 public:
  // `witness` is what the witness held just before `snapshot` was taken
  // (null: none to compare with).
  Auditor(const Store& store, const rocksdb::Snapshot* snapshot,
          const WitnessState* witness, const DomainTable& domains,
          jiamei::v1::AuditReport* report)
      : store_(store),
        domains_(domains),
        snap_(snapshot),
        reader_(&store, snapshot),
        witness_(witness),
        report_(report) {}

  absl::Status Run() {
    RETURN_IF_ERROR(ReplayLog());
    RETURN_IF_ERROR(CheckHead());
    RETURN_IF_ERROR(CheckWitness());
    RETURN_IF_ERROR(CheckAccounts());
    RETURN_IF_ERROR(CheckHistoryIndex());
    RETURN_IF_ERROR(CheckReversalIndex());
    for (Cf cf : {Cf::kRegistry, Cf::kIndex}) {
      RETURN_IF_ERROR(CheckRegistry(cf));
    }
    return CheckIdempotencyIndex();
  }

 private:
  struct Expected {
    AccountRecord record;
    int64_t balance = 0;
    uint64_t last_sequence = 0;
  };
  // Who an entry touched, by sequence (index 0 unused).
  struct Parties {
    uint64_t debit = 0;
    uint64_t credit = 0;
    uint64_t reverses = 0;
  };

  void Flag(absl::string_view kind, absl::string_view record,
            absl::string_view expected, absl::string_view found) {
    report_->set_discrepancy_count(report_->discrepancy_count() + 1);
    if (report_->discrepancies_size() >= kMaxListed) return;
    jiamei::v1::Discrepancy* d = report_->add_discrepancies();
    d->set_kind(std::string(kind));
    d->set_record(std::string(record));
    d->set_expected(std::string(expected));
    d->set_found(std::string(found));
  }

  absl::Status ReplayLog() {
    std::unique_ptr<rocksdb::Iterator> it =
        store_.NewIterator(Cf::kEntries, snap_);
    std::string previous = ZeroHash();
    parties_.emplace_back();
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const uint64_t expected_seq = parties_.size();
      EntryRecord entry;
      std::optional<uint64_t> key = ParseIdKey(View(it->key()));
      if (!key || !entry.ParseFromArray(it->value().data(),
                                        static_cast<int>(it->value().size()))) {
        Flag("CORRUPT_RECORD", Entry(expected_seq), "a parsable entry",
             "unparsable bytes");
        parties_.emplace_back();
        continue;
      }
      CheckEntryFrame(*key, expected_seq, previous, entry);
      previous = entry.hash();
      if (witness_ != nullptr && *key == witness_->sequence) {
        hash_at_witness_ = entry.hash();
      }
      if (entry.has_loss()) ListLoss(entry);  // the audit's own domain
      report_->set_entries_checked(report_->entries_checked() + 1);
      for (const AccountOpening* opening : OpenedAccounts(entry, domains_)) {
        RETURN_IF_ERROR(ReplayOpening(entry, *opening));
      }
      RETURN_IF_ERROR(ReplayPostings(entry));
      ReplayViewsOf(entry);
      RETURN_IF_ERROR(CheckIdempotencyOf(entry));
    }
    if (!it->status().ok())
      return absl::UnavailableError(it->status().ToString());
    last_sequence_ = parties_.size() - 1;
    last_hash_ = previous;
    return absl::OkStatus();
  }

  void CheckEntryFrame(uint64_t key, uint64_t expected_seq,
                       const std::string& previous, const EntryRecord& entry) {
    if (key != expected_seq || entry.sequence() != key) {
      Flag("SEQUENCE_GAP", Entry(key), absl::StrCat(expected_seq),
           absl::StrCat("key ", key, ", record ", entry.sequence()));
    }
    if (entry.previous_hash() != previous) {
      Flag("CHAIN_BROKEN", Entry(key), Hex(previous),
           Hex(entry.previous_hash()));
    }
    std::string hash = EntryHash(entry, domains_);
    if (hash != entry.hash()) {
      Flag("HASH_MISMATCH", Entry(key), Hex(hash), Hex(entry.hash()));
    }
  }

  // The derived views as this entry's domain, then every domain observing
  // it, change them.
  void ReplayViewsOf(const EntryRecord& entry) {
    const ApplyContext context{
        &replay_, "",
        [this](uint64_t id) {
          auto it = accounts_.find(id);
          return it == accounts_.end() ? 0 : it->second.record.kind();
        },
        domains_};
    const Domain* domain = domains_.ForEntry(entry);
    absl::Status applied = domain == nullptr
                               ? absl::OkStatus()
                               : domain->Apply(entry, context, &replay_head_);
    for (const Domain* observer : domains_.all()) {
      if (applied.ok()) applied = observer->Observe(entry, context);
    }
    if (!applied.ok()) {
      Flag("REGISTRY_REPLAY", Entry(entry.sequence()),
           "a change the register before it allows",
           std::string(applied.message()));
    }
  }

  // Compares the stored records of `cf` with the replay, both ways.
  absl::Status CheckRegistry(Cf cf) {
    const std::vector<std::pair<std::string, std::string>> replayed =
        replay_.Records(cf);
    std::unique_ptr<rocksdb::Iterator> it = store_.NewIterator(cf, snap_);
    it->SeekToFirst();
    size_t i = 0;
    while (it->Valid() || i < replayed.size()) {
      const int order =
          !it->Valid() ? -1
          : i == replayed.size()
              ? 1
              : replayed[i].first.compare(std::string(View(it->key())));
      const std::string key =
          order <= 0 ? replayed[i].first : std::string(View(it->key()));
      const std::string name = absl::StrCat(CfName(cf), "/", Hex(key));
      report_->set_registry_records_checked(
          report_->registry_records_checked() + 1);
      if (order < 0) {
        Flag("REGISTRY_MISSING", name, "a record the log implies", "no record");
      } else if (order > 0) {
        Flag("REGISTRY_EXTRA", name, "no record", "a record no entry implies");
      } else if (!SameRecord(cf, key, replayed[i].second, View(it->value()))) {
        Flag("REGISTRY_MISMATCH", name, Hex(replayed[i].second),
             Hex(View(it->value())));
      }
      if (order <= 0) ++i;
      if (order >= 0) it->Next();
    }
    if (!it->status().ok())
      return absl::UnavailableError(it->status().ToString());
    return absl::OkStatus();
  }

  absl::Status ReplayOpening(const EntryRecord& entry,
                             const AccountOpening& o) {
    for (const Domain* domain : domains_.all()) {
      domain->AccountOpened(o, &replay_);
    }
    Expected expected;
    expected.record.set_id(o.account_id());
    expected.record.set_kind(o.kind());
    expected.record.set_display_name(o.display_name());
    expected.record.set_open_sequence(entry.sequence());
    expected.record.set_create_time_micros(entry.time_micros());
    expected.record.set_unit(o.unit());
    expected.record.set_household(o.household());
    expected.last_sequence = entry.sequence();
    if (!accounts_.emplace(o.account_id(), expected).second) {
      Flag("DUPLICATE_ACCOUNT", AccountName(o.account_id()), "opened once",
           absl::StrCat("opened again by ", Entry(entry.sequence())));
    }
    return absl::OkStatus();
  }

  // The balances and history lines an entry's transfers imply; a plain
  // transfer's parties are kept for the reversal checks.
  absl::Status ReplayPostings(const EntryRecord& entry) {
    const uint64_t seq = entry.sequence();
    for (const TransferBody* t : TransfersOf(entry, domains_)) {
      report_->set_transfers_checked(report_->transfers_checked() + 1);
      if (t->amount() <= 0) {
        Flag(errors::kInvalidAmount, TransferName(seq), "at least 1",
             absl::StrCat(t->amount()));
      }
    }
    const std::vector<Posting> postings = PostingsOf(entry, domains_);
    if (entry.has_transfer()) {
      const TransferBody& t = entry.transfer();
      parties_.push_back({t.debit_account(), t.credit_account(), t.reverses()});
    } else {
      parties_.emplace_back();
      for (const Posting& p : postings) touched_.emplace(p.account, seq);
    }
    for (const auto& [id, change] : postings) {
      auto account = accounts_.find(id);
      if (account == accounts_.end()) {
        Flag("UNKNOWN_ACCOUNT", TransferName(seq), "an account opened earlier",
             AccountName(id));
        continue;
      }
      Expected& e = account->second;
      if (__builtin_add_overflow(e.balance, change, &e.balance)) {
        Flag(errors::kBalanceOverflow, AccountName(id),
             "a balance within int64",
             absl::StrCat("overflow at ", TransferName(seq)));
      }
      e.last_sequence = seq;
      RETURN_IF_ERROR(CheckHistoryLine(id, seq, {change, e.balance}));
    }
    if (entry.has_transfer() && entry.transfer().reverses() != 0) {
      return CheckReversalOf(entry);
    }
    return absl::OkStatus();
  }

  absl::Status CheckHistoryLine(uint64_t account, uint64_t seq,
                                HistoryValue expected) {
    ASSIGN_OR_RETURN(const std::optional<std::string> value,
                     store_.Get(Cf::kHistory, HistoryKey(account, seq), snap_));
    std::string record = absl::StrCat("history/", account, "/", seq);
    std::string want = absl::StrCat("change ", expected.change, ", balance ",
                                    expected.balance_after);
    if (!value.has_value()) {
      Flag("HISTORY_MISSING", record, want, "no record");
      return absl::OkStatus();
    }
    std::optional<HistoryValue> found = DecodeHistoryValue(*value);
    if (!found || found->change != expected.change ||
        found->balance_after != expected.balance_after) {
      Flag("HISTORY_MISMATCH", record, want,
           found ? absl::StrCat("change ", found->change, ", balance ",
                                found->balance_after)
                 : "unparsable bytes");
    }
    return absl::OkStatus();
  }

  absl::Status CheckReversalOf(const EntryRecord& entry) {
    const TransferBody& t = entry.transfer();
    const uint64_t seq = entry.sequence();
    const uint64_t original = t.reverses();
    if (original >= seq || parties_[original].debit != t.credit_account() ||
        parties_[original].credit != t.debit_account() ||
        parties_[original].reverses != 0) {
      Flag("REVERSAL_MISMATCH", TransferName(seq),
           "the mirror of an earlier plain transfer", TransferName(original));
    }
    if (!reversed_.emplace(original, seq).second) {
      Flag("REVERSAL_MISMATCH", TransferName(original), "reversed at most once",
           absl::StrCat("reversed again by ", TransferName(seq)));
    }
    ASSIGN_OR_RETURN(const std::optional<uint64_t> indexed,
                     reader_.GetReversal(original));
    if (indexed != seq) {
      Flag("REVERSAL_INDEX_MISMATCH", absl::StrCat("reversals/", original),
           TransferName(seq),
           indexed.has_value() ? TransferName(*indexed) : "no record");
    }
    return absl::OkStatus();
  }

  // The fingerprint the entry's request must have had.
  std::string ExpectedFingerprint(const EntryRecord& entry) const {
    const Domain* domain = domains_.ForEntry(entry);
    if (domain == nullptr) return "";  // no request asks for no body
    Command command;
    command.op = domain->AsRequested(entry);
    return Fingerprint(command, domains_);
  }

  absl::Status CheckIdempotencyOf(const EntryRecord& entry) {
    IdempotencyRecord record;
    ASSIGN_OR_RETURN(
        const bool found,
        store_.GetProto(Cf::kIdempotency,
                        RequestKey(entry.actor(), entry.request_id()), &record,
                        snap_));
    std::string name = RequestName(entry.actor(), entry.request_id());
    if (!found) {
      Flag("IDEMPOTENCY_MISSING", name, Entry(entry.sequence()), "no record");
    } else if (record.sequence() != entry.sequence()) {
      Flag("IDEMPOTENCY_MISMATCH", name, Entry(entry.sequence()),
           record.sequence() == 0 ? "a refusal" : Entry(record.sequence()));
    } else if (record.fingerprint() != ExpectedFingerprint(entry)) {
      Flag("IDEMPOTENCY_MISMATCH", name,
           "the fingerprint of the entry's request", Hex(record.fingerprint()));
    }
    return absl::OkStatus();
  }

  absl::Status CheckHead() {
    ASSIGN_OR_RETURN(const HeadRecord head, reader_.GetHead());
    report_->set_last_sequence(last_sequence_);
    report_->set_head_hash(Hex(last_hash_));
    if (head.last_sequence() != last_sequence_ ||
        (last_sequence_ != 0 && head.head_hash() != last_hash_)) {
      Flag("HEAD_MISMATCH", "meta/head",
           absl::StrCat(last_sequence_, " ", Hex(last_hash_)),
           absl::StrCat(head.last_sequence(), " ", Hex(head.head_hash())));
    }
    if (head.last_account_id() != accounts_.size()) {
      Flag("HEAD_MISMATCH", "meta/head",
           absl::StrCat("last account ", accounts_.size()),
           absl::StrCat("last account ", head.last_account_id()));
    }
    return absl::OkStatus();
  }

  void ListLoss(const EntryRecord& entry) {
    jiamei::v1::AcceptedLoss* loss = report_->add_accepted_losses();
    loss->set_sequence(entry.sequence());
    loss->mutable_accept_time()->set_seconds(entry.time_micros() / 1000000);
    loss->mutable_accept_time()->set_nanos(
        static_cast<int32_t>(entry.time_micros() % 1000000) * 1000);
    loss->set_witness_sequence(entry.loss().witness_sequence());
    loss->set_witness_hash(Hex(entry.loss().witness_hash()));
    loss->set_store_sequence(entry.loss().store_sequence());
    loss->set_reason(entry.loss().reason());
  }

  // The witness against the replayed log (not the head record, which
  // CheckHead compares with the log).
  absl::Status CheckWitness() {
    if (witness_ == nullptr) return absl::OkStatus();
    report_->set_witness_sequence(witness_->sequence);
    ASSIGN_OR_RETURN(const std::optional<std::string> id,
                     store_.Get(Cf::kMeta, kStoreIdKey, snap_));
    ASSIGN_OR_RETURN(
        const std::optional<WitnessFinding> finding,
        CompareWitness(*witness_, report_->witness(), id.value_or(""),
                       last_sequence_,
                       [this](uint64_t) -> absl::StatusOr<std::string> {
                         if (!hash_at_witness_) {
                           return absl::NotFoundError("no entry");
                         }
                         return *hash_at_witness_;
                       }));
    if (finding.has_value()) {
      Flag(finding->kind, absl::StrCat("witness ", report_->witness()),
           finding->expected, finding->found);
    }
    return absl::OkStatus();
  }

  absl::Status CheckAccounts() {
    absl::int128 sum = 0;
    for (const auto& [id, expected] : accounts_) {
      sum += expected.balance;
      RETURN_IF_ERROR(CheckAccount(id, expected));
    }
    report_->set_accounts_checked(accounts_.size());
    report_->set_balance_sum(static_cast<int64_t>(sum));
    if (sum != 0)
      Flag("SUM_NOT_ZERO", "ledger", "0",
           absl::StrCat(static_cast<int64_t>(sum)));
    // Records with no opening entry behind them.
    for (Cf cf : {Cf::kAccounts, Cf::kBalances}) {
      std::unique_ptr<rocksdb::Iterator> it = store_.NewIterator(cf, snap_);
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        std::optional<uint64_t> id = ParseIdKey(View(it->key()));
        if (!id || !accounts_.contains(*id)) {
          Flag("ORPHAN_RECORD",
               absl::StrCat(CfName(cf), "/", Hex(View(it->key()))),
               "an account opened in the log", "no opening entry");
        }
      }
      if (!it->status().ok())
        return absl::UnavailableError(it->status().ToString());
    }
    return absl::OkStatus();
  }

  absl::Status CheckAccount(uint64_t id, const Expected& expected) {
    if (expected.balance < 0 && !MayGoNegative(expected.record.kind())) {
      Flag("NEGATIVE_BALANCE", AccountName(id), "at least 0",
           absl::StrCat(expected.balance));
    }
    AccountRecord record;
    ASSIGN_OR_RETURN(bool found,
                     store_.GetProto(Cf::kAccounts, IdKey(id), &record, snap_));
    if (!found ||
        record.SerializeAsString() != expected.record.SerializeAsString()) {
      Flag("ACCOUNT_MISMATCH", AccountName(id),
           expected.record.ShortDebugString(),
           found ? record.ShortDebugString() : "no record");
    }
    BalanceRecord balance;
    ASSIGN_OR_RETURN(
        found, store_.GetProto(Cf::kBalances, IdKey(id), &balance, snap_));
    if (!found || balance.balance() != expected.balance ||
        balance.last_sequence() != expected.last_sequence) {
      Flag("BALANCE_MISMATCH", AccountName(id),
           absl::StrCat(expected.balance, " as of ",
                        Entry(expected.last_sequence)),
           found ? absl::StrCat(balance.balance(), " as of ",
                                Entry(balance.last_sequence()))
                 : "no record");
    }
    return absl::OkStatus();
  }

  // Every history record must belong to a transfer of its account; together
  // with CheckHistoryLine this makes the index exactly what the log implies.
  absl::Status CheckHistoryIndex() {
    std::unique_ptr<rocksdb::Iterator> it =
        store_.NewIterator(Cf::kHistory, snap_);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      report_->set_history_records_checked(report_->history_records_checked() +
                                           1);
      std::optional<HistoryKeyParts> key = ParseHistoryKey(View(it->key()));
      bool belongs = key && key->sequence < parties_.size() &&
                     key->account_id != 0 &&
                     (parties_[key->sequence].debit == key->account_id ||
                      parties_[key->sequence].credit == key->account_id ||
                      touched_.contains({key->account_id, key->sequence}));
      if (!belongs) {
        Flag("HISTORY_EXTRA",
             key ? absl::StrCat("history/", key->account_id, "/", key->sequence)
                 : absl::StrCat("history/", Hex(View(it->key()))),
             "no record", "a record no transfer implies");
      }
    }
    if (!it->status().ok())
      return absl::UnavailableError(it->status().ToString());
    return absl::OkStatus();
  }

  absl::Status CheckReversalIndex() {
    std::unique_ptr<rocksdb::Iterator> it =
        store_.NewIterator(Cf::kReversals, snap_);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::optional<uint64_t> original = ParseIdKey(View(it->key()));
      if (!original || !reversed_.contains(*original)) {
        Flag("REVERSAL_INDEX_EXTRA",
             absl::StrCat("reversals/", original ? absl::StrCat(*original)
                                                 : Hex(View(it->key()))),
             "no record", "a reversal no entry made");
      }
    }
    if (!it->status().ok())
      return absl::UnavailableError(it->status().ToString());
    return absl::OkStatus();
  }

  // Every remembered success must name an entry made by that request_id.
  absl::Status CheckIdempotencyIndex() {
    std::unique_ptr<rocksdb::Iterator> it =
        store_.NewIterator(Cf::kIdempotency, snap_);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      report_->set_idempotency_records_checked(
          report_->idempotency_records_checked() + 1);
      IdempotencyRecord record;
      const std::optional<RequestKeyParts> key =
          ParseRequestKey(View(it->key()));
      if (!key.has_value()) {
        Flag("CORRUPT_RECORD", absl::StrCat("requests/", Hex(View(it->key()))),
             "a key of an operator and a request id", "a short key");
        continue;
      }
      std::string name = RequestName(key->actor, key->request_id);
      if (!record.ParseFromArray(it->value().data(),
                                 static_cast<int>(it->value().size()))) {
        Flag("CORRUPT_RECORD", name, "a parsable record", "unparsable bytes");
        continue;
      }
      if (record.sequence() == 0) continue;  // a remembered refusal
      absl::StatusOr<EntryRecord> entry = reader_.GetEntry(record.sequence());
      if (!entry.ok() && !absl::IsNotFound(entry.status()))
        return entry.status();
      if (!entry.ok() || entry->request_id() != key->request_id ||
          entry->actor() != key->actor) {
        Flag("IDEMPOTENCY_EXTRA", name, "an entry made by this request",
             entry.ok() ? absl::StrCat(
                              Entry(record.sequence()), " made by ",
                              RequestName(entry->actor(), entry->request_id()))
                        : absl::StrCat(Entry(record.sequence()), " missing"));
      }
    }
    if (!it->status().ok())
      return absl::UnavailableError(it->status().ToString());
    return absl::OkStatus();
  }

  const Store& store_;
  const DomainTable& domains_;
  const rocksdb::Snapshot* snap_;
  LedgerReader reader_;
  const WitnessState* witness_;
  std::optional<std::string> hash_at_witness_;
  jiamei::v1::AuditReport* report_;
  absl::flat_hash_map<uint64_t, Expected> accounts_;
  std::vector<Parties> parties_;
  absl::flat_hash_map<uint64_t, uint64_t> reversed_;  // original -> reversal
  // (account, sequence) of every supermarket or volunteer-service entry.s
  // balance change.
  absl::flat_hash_set<std::pair<uint64_t, uint64_t>> touched_;
  uint64_t last_sequence_ = 0;
  std::string last_hash_;
  ReplayViews replay_;
  HeadRecord replay_head_;
};

}  // namespace

absl::StatusOr<jiamei::v1::AuditReport> RunAudit(
    const Store& store, const std::string& witness_path,
    const DomainTable& domains) {
  const absl::Time start = absl::Now();
  jiamei::v1::AuditReport report;
  report.mutable_start_time()->set_seconds(absl::ToUnixSeconds(start));
  // Read before the snapshot: the witness follows the store, so it can be
  // behind the snapshot but never ahead of it.
  std::optional<WitnessState> witness;
  if (!witness_path.empty()) {
    report.set_witness(witness_path);
    absl::StatusOr<std::optional<WitnessState>> read =
        WitnessFile::Read(witness_path);
    if (!read.ok() || !read->has_value()) {
      report.set_discrepancy_count(1);
      jiamei::v1::Discrepancy* d = report.add_discrepancies();
      d->set_kind("WITNESS_UNREADABLE");
      d->set_record(absl::StrCat("witness ", witness_path));
      d->set_expected("an intact witness file");
      d->set_found(read.ok() ? "no file"
                             : std::string(read.status().message()));
    } else {
      witness = **read;
    }
  }
  ScopedSnapshot snapshot(store.db());
  Auditor auditor(store, snapshot.get(), witness ? &*witness : nullptr, domains,
                  &report);
  RETURN_IF_ERROR(auditor.Run());
  report.set_clean(report.discrepancy_count() == 0);
  report.set_duration_micros(absl::ToInt64Microseconds(absl::Now() - start));
  return report;
}

}  // namespace jiamei::storage
