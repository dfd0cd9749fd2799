#include "storage/core/state_machine.h"

#include <algorithm>

#include "absl/numeric/int128.h"
#include "storage/core/assert.h"
#include "storage/core/canonical.h"
#include "storage/core/core_errors.h"
#include "storage/core/keys.h"
#include "storage/core/log_reader.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"

namespace jiamei::storage {

namespace {
std::string ViewKey(Cf cf, absl::string_view key) {
  std::string out(1, static_cast<char>(cf));
  out.append(key.data(), key.size());
  return out;
}

// The opening of `account` among `opened`, or null.
const AccountOpening* OpenedIn(const std::vector<const AccountOpening*>& opened,
                               uint64_t account) {
  for (const AccountOpening* o : opened) {
    if (o->account_id() == account) return o;
  }
  return nullptr;
}
}  // namespace

absl::StatusOr<std::optional<std::string>> StateMachine::PendingViews::Get(
    Cf cf, absl::string_view key) const {
  const std::string view_key = ViewKey(cf, key);
  for (auto it = state_->unwritten_.rbegin(); it != state_->unwritten_.rend();
       ++it) {
    auto found = it->views.find(view_key);
    if (found != it->views.end()) return found->second;
  }
  return state_->store_->Get(cf, key);
}

// Writes land in the overlay only; FinishBatch writes each key once, so a
// record changed by many commands of a batch (a good's stock, a cap
// counter) costs one RocksDB write per batch.
void StateMachine::PendingViews::Put(Cf cf, absl::string_view key,
                                     absl::string_view value) {
  state_->unwritten_.back().views[ViewKey(cf, key)] = std::string(value);
}

void StateMachine::PendingViews::Delete(Cf cf, absl::string_view key) {
  state_->unwritten_.back().views[ViewKey(cf, key)] = std::nullopt;
}

absl::Status StateMachine::Load() {
  LogReader reader(store_);
  ASSIGN_OR_RETURN(head_, reader.GetHead());
  if (head_.last_sequence() == 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(const EntryRecord last,
                   reader.GetEntry(head_.last_sequence()));
  last_time_micros_ = last.time_micros();
  return absl::OkStatus();
}

void StateMachine::AssertSingleWriter() {
  if (!writer_.has_value()) writer_ = std::this_thread::get_id();
  JIAMEI_ASSERT(*writer_ == std::this_thread::get_id(),
                "the state machine called from a second thread");
}

void StateMachine::BeginBatch(rocksdb::WriteBatch* batch) {
  AssertSingleWriter();
  JIAMEI_ASSERT(batch_ == nullptr, "a batch begun before the last finished");
  batch_ = batch;
  batch_touched_.clear();
  unwritten_.emplace_back().first_sequence = head_.last_sequence() + 1;
}

void StateMachine::Retire(size_t count) {
  AssertSingleWriter();
  // Every overlay but the batch being built is finished; the sequencer
  // retires one only once its batch is durable.
  JIAMEI_ASSERT(count <= unwritten_.size() - (batch_ != nullptr ? 1 : 0),
                "an overlay retired before its batch was finished");
  for (; count > 0 && !unwritten_.empty(); --count) unwritten_.pop_front();
}

Outcome StateMachine::Apply(const Command& command,
                            const std::string& fingerprint,
                            int64_t now_micros) {
  AssertSingleWriter();
  JIAMEI_ASSERT(batch_ != nullptr, "a command applied outside a batch");
  ASSIGN_OR_RETURN(const std::optional<IdempotencyRecord> first,
                   FindRequest(command));
  if (first.has_value()) {
    if (first->fingerprint() != fingerprint) {
      return errors::RequestIdReused(command.request_id);
    }
    return Replay(*first);
  }
  IdempotencyRecord record;
  record.set_fingerprint(fingerprint);
  const int64_t time_micros = std::max(last_time_micros_, now_micros);
  absl::StatusOr<std::vector<Body>> bodies = Check(command, time_micros);
  if (!bodies.ok()) return Refuse(command, std::move(record), bodies.status());
  absl::StatusOr<std::vector<Command>> parts = PartsOf(command, *bodies);
  if (!parts.ok()) return Refuse(command, std::move(record), parts.status());
  return AppendAll(*std::move(bodies), command, std::move(record), *parts,
                   time_micros);
}

Outcome StateMachine::Refuse(const Command& command, IdempotencyRecord record,
                             const absl::Status& refusal) {
  if (!IsAnswer(refusal)) return refusal;
  record.set_code(static_cast<int32_t>(refusal.code()));
  record.set_message(std::string(refusal.message()));
  record.set_reason(RefusalReason(refusal));
  for (const RefusalDetail& detail : RefusalDetailsOf(refusal)) {
    RefusalDetailRecord* kept = record.add_details();
    kept->set_key(detail.key);
    kept->set_value(detail.value);
  }
  Remember(command, std::move(record));
  return refusal;
}

absl::StatusOr<std::vector<Command>> StateMachine::PartsOf(
    const Command& command, const std::vector<Body>& bodies) const {
  std::vector<Command> parts;
  for (size_t k = 1; k < bodies.size(); ++k) {
    const Domain* domain = domains_.ForEntry(bodies[k]);
    JIAMEI_ASSERT(domain != nullptr, "a further body of no domain");
    Command part{PartRequestId(command.request_id, k),
                 domain->AsRequested(bodies[k])};
    part.actor = command.actor;
    ASSIGN_OR_RETURN(const std::optional<IdempotencyRecord> taken,
                     FindRequest(part));
    if (taken.has_value()) return errors::RequestIdReused(part.request_id);
    parts.push_back(std::move(part));
  }
  return parts;
}

Outcome StateMachine::AppendAll(std::vector<Body> bodies,
                                const Command& command,
                                IdempotencyRecord record,
                                const std::vector<Command>& parts,
                                int64_t time_micros) {
  ASSIGN_OR_RETURN(EntryRecord first,
                   Append(std::move(bodies.front()), command, time_micros));
  record.set_sequence(first.sequence());
  Remember(command, std::move(record));
  // The parts apply only writes (CheckContext::more_bodies), so once the
  // first is logged the others are too.
  for (size_t k = 1; k < bodies.size(); ++k) {
    const Command& part = parts[k - 1];
    ASSIGN_OR_RETURN(const EntryRecord entry,
                     Append(std::move(bodies[k]), part, time_micros));
    IdempotencyRecord answer;
    answer.set_fingerprint(Fingerprint(part, domains_));
    answer.set_sequence(entry.sequence());
    Remember(part, std::move(answer));
  }
  return first;
}

void StateMachine::FinishBatch() {
  AssertSingleWriter();
  JIAMEI_ASSERT(batch_ != nullptr, "a batch finished before it began");
  for (const auto& [view_key, value] : unwritten_.back().views) {
    rocksdb::ColumnFamilyHandle* cf =
        store_->handle(static_cast<Cf>(view_key[0]));
    const rocksdb::Slice key(view_key.data() + 1, view_key.size() - 1);
    if (value.has_value()) {
      batch_->Put(cf, key, *value);
    } else {
      batch_->Delete(cf, key);
    }
  }
  for (uint64_t id : batch_touched_) {
    const AccountState& state = accounts_.at(id);
    JIAMEI_ASSERT(state.balance >= 0 || MayGoNegative(state.kind),
                  "a balance below zero that may not go negative");
    BalanceRecord balance;
    balance.set_balance(state.balance);
    balance.set_last_sequence(state.last_sequence);
    batch_->Put(store_->handle(Cf::kBalances), IdKey(id),
                balance.SerializeAsString());
  }
  batch_->Put(store_->handle(Cf::kMeta), std::string(kHeadKey),
              head_.SerializeAsString());
  batch_ = nullptr;
}

absl::StatusOr<StateMachine::AccountState> StateMachine::LoadAccount(
    uint64_t id) {
  auto it = accounts_.find(id);
  if (it != accounts_.end()) return it->second;
  ASSIGN_OR_RETURN(const AccountView view, LogReader(store_).GetAccount(id));
  const AccountState state{view.account.kind(), view.balance.balance(),
                           view.balance.last_sequence(),
                           view.account.household()};
  accounts_.emplace(id, state);
  return state;
}

absl::StatusOr<Books::Account> StateMachine::FindAccount(uint64_t id) {
  ASSIGN_OR_RETURN(const AccountState state, LoadAccount(id));
  return Books::Account{state.kind, state.balance};
}

absl::StatusOr<EntryRecord> StateMachine::FindEntry(uint64_t sequence) const {
  for (const Overlay& overlay : unwritten_) {
    if (sequence >= overlay.first_sequence &&
        sequence - overlay.first_sequence < overlay.entries.size()) {
      return overlay.entries[sequence - overlay.first_sequence];
    }
  }
  return LogReader(store_).GetEntry(sequence);
}

absl::StatusOr<std::optional<IdempotencyRecord>> StateMachine::FindRequest(
    const Command& command) const {
  const std::string key = RequestKey(command.actor, command.request_id);
  for (const Overlay& overlay : unwritten_) {
    auto it = overlay.requests.find(key);
    if (it != overlay.requests.end()) return it->second;
  }
  IdempotencyRecord record;
  ASSIGN_OR_RETURN(bool found,
                   store_->GetProto(Cf::kIdempotency, key, &record));
  if (!found && store_->has_shared_refusals()) {
    ASSIGN_OR_RETURN(
        found, store_->GetProto(Cf::kIdempotency,
                                RequestKey(kAnyOperator, command.request_id),
                                &record));
  }
  if (!found) return std::nullopt;
  return record;
}

Outcome StateMachine::Replay(const IdempotencyRecord& first) const {
  if (first.sequence() != 0) return FindEntry(first.sequence());
  RefusalDetails details;
  for (const RefusalDetailRecord& kept : first.details()) {
    details.emplace_back(kept.key(), kept.value());
  }
  return Refusal(static_cast<absl::StatusCode>(first.code()), first.reason(),
                 first.message(), details);
}

absl::StatusOr<std::vector<StateMachine::Body>> StateMachine::Check(
    const Command& command, int64_t time_micros) {
  const Domain* owner = domains_.OwnerOf(command);
  // services/ builds every command; one no domain owns is a bug there, not
  // an answer to remember.
  if (owner == nullptr) return absl::InternalError("a command of no domain");
  std::vector<Body> more;
  const CheckContext context{&views_, head_,    time_micros, command.actor,
                             this,    domains_, &more};
  std::optional<Body> body;
  for (const Domain* domain : domains_.all()) {
    if (domain == owner) continue;
    ASSIGN_OR_RETURN(body, domain->Intercept(command, context));
    if (body.has_value()) break;
  }
  if (!body.has_value()) {
    ASSIGN_OR_RETURN(body, owner->Check(command, context));
  }
  RETURN_IF_ERROR(CheckPostings(*body));
  std::vector<Body> bodies;
  bodies.reserve(1 + more.size());
  bodies.push_back(*std::move(body));
  for (Body& next : more) {
    JIAMEI_ASSERT(PostingsOf(next, domains_).empty(),
                  "a further body that posts transfers");
    bodies.push_back(std::move(next));
  }
  return bodies;
}

absl::Status StateMachine::CheckPostings(const Body& body) {
  // An account the body itself opens (a unit's card float on its first
  // issue) starts empty.
  const std::vector<const AccountOpening*> opened =
      OpenedAccounts(body, domains_);
  for (const Posting& p : PostingsOf(body, domains_)) {
    const AccountOpening* new_account = OpenedIn(opened, p.account);
    ASSIGN_OR_RETURN(
        const AccountState account,
        (new_account != nullptr ? AccountState{new_account->kind(), 0, 0, 0}
                                : LoadAccount(p.account)));
    int64_t after = 0;
    if (__builtin_add_overflow(account.balance, p.change, &after)) {
      return errors::BalanceOverflow();
    }
    if (after < 0 && !MayGoNegative(account.kind)) {
      return errors::InsufficientPoints(p.account, account.household,
                                        account.balance, -p.change);
    }
  }
  return absl::OkStatus();
}

Outcome StateMachine::Append(Body body, const Command& command,
                             int64_t time_micros) {
  EntryRecord entry = std::move(body);
  entry.set_sequence(head_.last_sequence() + 1);
  entry.set_time_micros(time_micros);
  entry.set_request_id(command.request_id);
  entry.set_actor(command.actor);
  entry.set_previous_hash(head_.head_hash().empty() ? ZeroHash()
                                                    : head_.head_hash());
  entry.set_hash(EntryHash(entry, domains_));
  const Domain* domain = domains_.ForEntry(entry);
  JIAMEI_ASSERT(domain != nullptr, "a checked body of no domain");
  std::vector<const AccountOpening*> opened;
  domain->OpenedAccounts(entry, &opened);
  const ApplyContext context{
      &views_, command.password_hash,
      [&](uint64_t id) {
        auto it = accounts_.find(id);
        if (it != accounts_.end()) return it->second.kind;
        const AccountOpening* new_account = OpenedIn(opened, id);
        return new_account != nullptr ? new_account->kind() : 0;
      },
      domains_};
  RETURN_IF_ERROR(domain->Apply(entry, context, &head_));
  for (const Domain* observer : domains_.all()) {
    RETURN_IF_ERROR(observer->Observe(entry, context));
  }
  // The chain's link: this entry follows the head it was hashed on.
  JIAMEI_ASSERT(entry.sequence() == head_.last_sequence() + 1,
                "an entry that does not follow the head");
  JIAMEI_ASSERT(
      entry.previous_hash() ==
          (head_.head_hash().empty() ? ZeroHash() : head_.head_hash()),
      "an entry not linked to the head's hash");
  last_time_micros_ = time_micros;
  head_.set_last_sequence(entry.sequence());
  head_.set_head_hash(entry.hash());
  for (const AccountOpening* o : opened) ApplyOpening(entry, *o);
  ApplyPostings(entry);
  batch_->Put(store_->handle(Cf::kEntries), IdKey(entry.sequence()),
              entry.SerializeAsString());
  unwritten_.back().entries.push_back(entry);
  return entry;
}

void StateMachine::ApplyOpening(const EntryRecord& entry,
                                const AccountOpening& o) {
  JIAMEI_ASSERT(!accounts_.contains(o.account_id()), "an account opened twice");
  AccountRecord account;
  account.set_id(o.account_id());
  account.set_kind(o.kind());
  account.set_display_name(o.display_name());
  account.set_open_sequence(entry.sequence());
  account.set_create_time_micros(entry.time_micros());
  account.set_unit(o.unit());
  account.set_household(o.household());
  batch_->Put(store_->handle(Cf::kAccounts), IdKey(o.account_id()),
              account.SerializeAsString());
  for (const Domain* domain : domains_.all()) domain->AccountOpened(o, &views_);
  accounts_[o.account_id()] =
      AccountState{o.kind(), 0, entry.sequence(), o.household()};
  batch_touched_.insert(o.account_id());
  head_.set_last_account_id(o.account_id());
}

// Moves the points and indexes the entry under each account it touches.
// CheckPostings guaranteed that nothing here can fail or overflow.
void StateMachine::ApplyPostings(const EntryRecord& entry) {
  absl::int128 sum = 0;
  for (const auto& [id, change] : PostingsOf(entry, domains_)) {
    AccountState& state = accounts_.at(id);
    state.balance += change;
    JIAMEI_ASSERT(state.balance >= 0 || MayGoNegative(state.kind),
                  "a posting took an account below zero");
    state.last_sequence = entry.sequence();
    sum += change;
    batch_touched_.insert(id);
    batch_->Put(store_->handle(Cf::kHistory), HistoryKey(id, entry.sequence()),
                EncodeHistoryValue({change, state.balance}));
  }
  JIAMEI_ASSERT(sum == 0, "an entry's postings do not sum to zero");
}

void StateMachine::Remember(const Command& command, IdempotencyRecord record) {
  std::string key = RequestKey(command.actor, command.request_id);
  batch_->Put(store_->handle(Cf::kIdempotency), key,
              record.SerializeAsString());
  unwritten_.back().requests[std::move(key)] = std::move(record);
}

}  // namespace jiamei::storage
