#include "storage/core/state_machine.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "storage/core/canonical.h"
#include "storage/cards/card_state.h"
#include "storage/core/keys.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/policy/lots.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"

namespace jiamei::storage {
bool MayGoNegative(int32_t kind) { return kind == kKindIssuance; }

const AccountOpening* OpenedAccount(const EntryRecord& entry) {
  if (entry.has_opening()) return &entry.opening();
  if (entry.has_registry() && entry.registry().has_account()) {
    return &entry.registry().account();
  }
  if (entry.has_market() && entry.market().has_account()) {
    return &entry.market().account();
  }
  if (entry.has_card() && entry.card().has_account()) {
    return &entry.card().account();
  }
  return nullptr;
}

std::vector<Posting> PostingsOf(const EntryRecord& entry) {
  std::vector<Posting> postings;
  absl::flat_hash_map<uint64_t, size_t> position;  // a batch has thousands
  auto post = [&](uint64_t account, int64_t change) {
    auto [it, added] = position.try_emplace(account, postings.size());
    if (added) {
      postings.push_back({account, change});
    } else {
      postings[it->second].change += change;
    }
  };
  auto add = [&](const TransferBody& t) {
    post(t.debit_account(), -t.amount());
    post(t.credit_account(), t.amount());
  };
  if (entry.has_transfer()) add(entry.transfer());
  if (const auto* inner = InnerTransfers(entry)) {
    for (const TransferBody& t : *inner) add(t);
  }
  return postings;
}

namespace {
std::string ViewKey(Cf cf, absl::string_view key) {
  std::string out(1, static_cast<char>(cf));
  out.append(key.data(), key.size());
  return out;
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
  LedgerReader reader(store_);
  absl::StatusOr<HeadRecord> head = reader.GetHead();
  if (!head.ok()) return head.status();
  head_ = *std::move(head);
  if (head_.last_sequence() == 0) return absl::OkStatus();
  absl::StatusOr<EntryRecord> last = reader.GetEntry(head_.last_sequence());
  if (!last.ok()) return last.status();
  last_time_micros_ = last->time_micros();
  return absl::OkStatus();
}

void StateMachine::BeginBatch(rocksdb::WriteBatch* batch) {
  batch_ = batch;
  batch_touched_.clear();
  unwritten_.emplace_back().first_sequence = head_.last_sequence() + 1;
}

void StateMachine::Retire(size_t count) {
  for (; count > 0 && !unwritten_.empty(); --count) unwritten_.pop_front();
}

Outcome StateMachine::Apply(const Command& command,
                           const std::string& fingerprint, int64_t now_micros) {
  absl::StatusOr<std::optional<IdempotencyRecord>> first = FindRequest(command);
  if (!first.ok()) return first.status();
  if (first->has_value()) {
    if ((*first)->fingerprint() != fingerprint) {
      return Refusal(absl::StatusCode::kAlreadyExists, "REQUEST_ID_REUSED",
                     absl::StrCat("request_id ", command.request_id,
                                  " was already used by this operator for a "
                                  "different request"));
    }
    return Replay(**first);
  }
  IdempotencyRecord record;
  record.set_fingerprint(fingerprint);
  const int64_t time_micros = std::max(last_time_micros_, now_micros);
  absl::StatusOr<Body> body = Check(command, time_micros);
  if (!body.ok()) {
    if (!IsAnswer(body.status())) return body.status();
    record.set_code(static_cast<int32_t>(body.status().code()));
    record.set_message(std::string(body.status().message()));
    record.set_reason(RefusalReason(body.status()));
    Remember(command, std::move(record));
    return body.status();
  }
  Outcome entry = Append(*std::move(body), command, time_micros);
  if (!entry.ok()) return entry;
  record.set_sequence(entry->sequence());
  Remember(command, std::move(record));
  return entry;
}

void StateMachine::FinishBatch() {
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
    BalanceRecord balance;
    balance.set_balance(state.balance);
    balance.set_last_sequence(state.last_sequence);
    batch_->Put(store_->handle(Cf::kBalances), IdKey(id),
                balance.SerializeAsString());
  }
  batch_->Put(store_->handle(Cf::kMeta), std::string(kHeadKey),
              head_.SerializeAsString());
}

absl::StatusOr<StateMachine::AccountState> StateMachine::FindAccount(
    uint64_t id) {
  auto it = accounts_.find(id);
  if (it != accounts_.end()) return it->second;
  absl::StatusOr<AccountView> view = LedgerReader(store_).GetAccount(id);
  if (!view.ok()) return view.status();
  const AccountState state{view->account.kind(), view->balance.balance(),
                           view->balance.last_sequence()};
  accounts_.emplace(id, state);
  return state;
}

absl::StatusOr<int64_t> StateMachine::BalanceOf(uint64_t id) {
  absl::StatusOr<AccountState> account = FindAccount(id);
  if (!account.ok()) return account.status();
  return account->balance;
}

absl::StatusOr<EntryRecord> StateMachine::FindEntry(uint64_t sequence) const {
  for (const Overlay& overlay : unwritten_) {
    if (sequence >= overlay.first_sequence &&
        sequence - overlay.first_sequence < overlay.entries.size()) {
      return overlay.entries[sequence - overlay.first_sequence];
    }
  }
  return LedgerReader(store_).GetEntry(sequence);
}

absl::StatusOr<bool> StateMachine::IsReversed(uint64_t sequence) const {
  for (const Overlay& overlay : unwritten_) {
    if (overlay.reversed.contains(sequence)) return true;
  }
  absl::StatusOr<std::optional<uint64_t>> reversal =
      LedgerReader(store_).GetReversal(sequence);
  if (!reversal.ok()) return reversal.status();
  return reversal->has_value();
}

absl::StatusOr<std::optional<IdempotencyRecord>> StateMachine::FindRequest(
    const Command& command) const {
  const std::string key = RequestKey(command.actor, command.request_id);
  for (const Overlay& overlay : unwritten_) {
    auto it = overlay.requests.find(key);
    if (it != overlay.requests.end()) return it->second;
  }
  IdempotencyRecord record;
  absl::StatusOr<bool> found = store_->GetProto(Cf::kIdempotency, key, &record);
  if (!found.ok()) return found.status();
  if (!*found && store_->has_shared_refusals()) {
    found =
        store_->GetProto(Cf::kIdempotency,
                         RequestKey(kAnyOperator, command.request_id), &record);
    if (!found.ok()) return found.status();
  }
  if (!*found) return std::nullopt;
  return record;
}

Outcome StateMachine::Replay(const IdempotencyRecord& first) const {
  if (first.sequence() != 0) return FindEntry(first.sequence());
  return Refusal(static_cast<absl::StatusCode>(first.code()), first.reason(),
                 first.message());
}

absl::StatusOr<StateMachine::Body> StateMachine::Check(const Command& command,
                                                     int64_t time_micros) {
  if (const auto* open = std::get_if<OpenAccount>(&command.op)) {
    return CheckOpen(*open);
  }
  if (const auto* transfer = std::get_if<MakeTransfer>(&command.op)) {
    return CheckTransfer(*transfer, /*reverses=*/0);
  }
  if (const auto* change = std::get_if<RegistryChange>(&command.op)) {
    return Posted(states_.registry.Check(*change, head_),
                  &Body::mutable_registry);
  }
  if (const auto* change = std::get_if<MarketChange>(&command.op)) {
    absl::StatusOr<std::optional<PolicyChange>> proposal =
        states_.policy.ProposalFor(*change, command.actor, head_, time_micros);
    if (!proposal.ok()) return proposal.status();
    if (proposal->has_value()) {
      return Posted<PolicyChange>(**std::move(proposal), &Body::mutable_policy);
    }
    return Posted(states_.market.Check(*change, head_, time_micros),
                  &Body::mutable_market);
  }
  if (const auto* change = std::get_if<ActivityChange>(&command.op)) {
    absl::StatusOr<std::optional<PolicyChange>> proposal =
        states_.policy.ProposalFor(*change, command.actor, head_, time_micros);
    if (!proposal.ok()) return proposal.status();
    if (proposal->has_value()) {
      return Posted<PolicyChange>(**std::move(proposal), &Body::mutable_policy);
    }
    return Posted(states_.activity.Check(*change, head_, time_micros),
                  &Body::mutable_activity);
  }
  if (const auto* change = std::get_if<PolicyChange>(&command.op)) {
    return Posted(
        states_.policy.Check(*change, command.actor, head_, time_micros),
        &Body::mutable_policy);
  }
  if (const auto* change = std::get_if<CardChange>(&command.op)) {
    return Posted(states_.card.Check(*change, head_, time_micros),
                  &Body::mutable_card);
  }
  if (const auto* loss = std::get_if<LossAccepted>(&command.op)) {
    Body body;
    *body.mutable_loss() = *loss;
    return body;
  }
  return CheckReverse(std::get<ReverseTransfer>(command.op));
}

absl::StatusOr<StateMachine::Body> StateMachine::CheckOpen(
    const OpenAccount& open) {
  if (open.kind < kKindIssuance || open.kind > kKindSupermarket) {
    return Refusal(absl::StatusCode::kInvalidArgument, "INVALID_KIND",
                   absl::StrCat("unknown account kind ", open.kind));
  }
  Body body;
  AccountOpening* opening = body.mutable_opening();
  opening->set_account_id(head_.last_account_id() + 1);
  opening->set_kind(open.kind);
  opening->set_display_name(open.display_name);
  opening->set_unit(open.unit);
  return body;
}

absl::StatusOr<StateMachine::Body> StateMachine::CheckTransfer(
    const MakeTransfer& t, uint64_t reverses) {
  if (t.amount <= 0) {
    return Refusal(absl::StatusCode::kInvalidArgument, "INVALID_AMOUNT",
                   "amount must be at least 1");
  }
  if (t.debit_account == t.credit_account) {
    return Refusal(absl::StatusCode::kInvalidArgument, "SAME_ACCOUNT",
                   "debit and credit account must differ");
  }
  // Copies (see accounts_): the second lookup may insert into the cache.
  absl::StatusOr<AccountState> found = FindAccount(t.debit_account);
  if (!found.ok()) return found.status();
  const AccountState debit = *found;
  found = FindAccount(t.credit_account);
  if (!found.ok()) return found.status();
  const AccountState credit = *found;
  for (const auto& [id, kind] : {std::pair{t.debit_account, debit.kind},
                                 std::pair{t.credit_account, credit.kind}}) {
    if (kind == kKindCards) {
      return Refusal(absl::StatusCode::kFailedPrecondition,
                     "CARD_FLOAT_ACCOUNT",
                     absl::StrCat(AccountName(id),
                                  " is a unit's card float: points move in or "
                                  "out of it only with its paper cards"));
    }
  }
  int64_t debit_after = 0;
  int64_t credit_after = 0;
  if (__builtin_sub_overflow(debit.balance, t.amount, &debit_after) ||
      __builtin_add_overflow(credit.balance, t.amount, &credit_after)) {
    return Refusal(absl::StatusCode::kFailedPrecondition, "BALANCE_OVERFLOW",
                   "the transfer would overflow an account balance");
  }
  if (debit_after < 0 && !MayGoNegative(debit.kind)) {
    return Refusal(
        absl::StatusCode::kFailedPrecondition, "INSUFFICIENT_POINTS",
        absl::StrCat(AccountName(t.debit_account), " has ", debit.balance,
                     " points, ", t.amount, " needed"));
  }
  Body body;
  TransferBody* transfer = body.mutable_transfer();
  transfer->set_debit_account(t.debit_account);
  transfer->set_credit_account(t.credit_account);
  transfer->set_amount(t.amount);
  transfer->set_reason_code(t.reason_code);
  transfer->set_memo(t.memo);
  transfer->set_reverses(reverses);
  return body;
}

absl::Status StateMachine::CheckPostings(const Body& body) {
  // An account the body itself opens (a unit's card float on its first
  // issue) starts empty.
  const AccountOpening* opened = OpenedAccount(body);
  for (const Posting& p : PostingsOf(body)) {
    absl::StatusOr<AccountState> account =
        opened != nullptr && p.account == opened->account_id()
            ? AccountState{opened->kind(), 0, 0}
            : FindAccount(p.account);
    if (!account.ok()) return account.status();
    int64_t after = 0;
    if (__builtin_add_overflow(account->balance, p.change, &after)) {
      return Refusal(absl::StatusCode::kFailedPrecondition, "BALANCE_OVERFLOW",
                     "the change would overflow an account balance");
    }
    if (after < 0 && !MayGoNegative(account->kind)) {
      return Refusal(
          absl::StatusCode::kFailedPrecondition, "INSUFFICIENT_POINTS",
          absl::StrCat(AccountName(p.account), " has ", account->balance,
                       " points, ", -p.change, " needed"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<StateMachine::Body> StateMachine::CheckReverse(
    const ReverseTransfer& reverse) {
  absl::StatusOr<EntryRecord> original =
      AsTransfer(FindEntry(reverse.original), reverse.original);
  if (!original.ok()) return original.status();
  if (original->has_market() || original->has_activity() ||
      original->has_policy() || original->has_card()) {
    return Refusal(absl::StatusCode::kFailedPrecondition,
                   "NOT_A_PLAIN_TRANSFER",
                   absl::StrCat(TransferName(reverse.original),
                                " belongs to the points supermarket, to "
                                "volunteer service or to paper cards; void "
                                "or correct it there"));
  }
  const TransferBody& t = original->transfer();
  if (t.reverses() != 0) {
    return Refusal(absl::StatusCode::kFailedPrecondition,
                   "CANNOT_REVERSE_REVERSAL",
                   absl::StrCat(TransferName(reverse.original),
                                " is itself a reversal; make a new transfer"));
  }
  absl::StatusOr<bool> reversed = IsReversed(reverse.original);
  if (!reversed.ok()) return reversed.status();
  if (*reversed) {
    return Refusal(absl::StatusCode::kFailedPrecondition, "ALREADY_REVERSED",
                   absl::StrCat(TransferName(reverse.original),
                                " has already been reversed"));
  }
  MakeTransfer back{t.credit_account(), t.debit_account(), t.amount(),
                    kReversalReasonCode, reverse.memo};
  return CheckTransfer(back, reverse.original);
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
  entry.set_hash(EntryHash(entry));
  if (absl::Status applied =
          states_.Apply(entry, command.password_hash, &head_);
      !applied.ok()) {
    return applied;
  }
  const AccountOpening* opened = OpenedAccount(entry);
  absl::Status lots = MoveLotsOf(
      entry,
      [&](uint64_t id) {
        auto it = accounts_.find(id);
        if (it != accounts_.end()) return it->second.kind;
        return opened != nullptr && opened->account_id() == id ? opened->kind()
                                                               : 0;
      },
      &views_);
  if (!lots.ok()) return lots;
  last_time_micros_ = time_micros;
  head_.set_last_sequence(entry.sequence());
  head_.set_head_hash(entry.hash());
  if (const AccountOpening* opening = OpenedAccount(entry)) {
    ApplyOpening(entry, *opening);
  }
  ApplyPostings(entry);
  batch_->Put(store_->handle(Cf::kEntries), IdKey(entry.sequence()),
              entry.SerializeAsString());
  unwritten_.back().entries.push_back(entry);
  return entry;
}

void StateMachine::ApplyOpening(const EntryRecord& entry,
                               const AccountOpening& o) {
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
  IndexAccount(o, &views_);
  accounts_[o.account_id()] = AccountState{o.kind(), 0, entry.sequence()};
  batch_touched_.insert(o.account_id());
  head_.set_last_account_id(o.account_id());
}

// Moves the points and indexes the entry under each account it touches. The
// checks in CheckTransfer and CheckPostings guarantee that nothing here can
// fail or overflow.
void StateMachine::ApplyPostings(const EntryRecord& entry) {
  for (const auto& [id, change] : PostingsOf(entry)) {
    AccountState& state = accounts_.at(id);
    state.balance += change;
    state.last_sequence = entry.sequence();
    batch_touched_.insert(id);
    batch_->Put(store_->handle(Cf::kHistory), HistoryKey(id, entry.sequence()),
                EncodeHistoryValue({change, state.balance}));
  }
  if (!entry.has_transfer()) return;
  const TransferBody& t = entry.transfer();
  if (t.reverses() != 0) {
    batch_->Put(store_->handle(Cf::kReversals), IdKey(t.reverses()),
                IdKey(entry.sequence()));
    unwritten_.back().reversed.insert(t.reverses());
  }
}

void StateMachine::Remember(const Command& command, IdempotencyRecord record) {
  std::string key = RequestKey(command.actor, command.request_id);
  batch_->Put(store_->handle(Cf::kIdempotency), key,
              record.SerializeAsString());
  unwritten_.back().requests[std::move(key)] = std::move(record);
}

}  // namespace jiamei::storage
