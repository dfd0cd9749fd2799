#include "storage/ledger/ledger_reader.h"

#include "absl/strings/str_cat.h"
#include "storage/core/canonical.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"

namespace jiamei::storage {

absl::StatusOr<EntryRecord> AsTransfer(absl::StatusOr<EntryRecord> entry,
                                       uint64_t sequence) {
  if (!entry.ok() && !absl::IsNotFound(entry.status())) return entry;
  if (!entry.ok() || TransferTouching(*entry) == nullptr) {
    return Refusal(absl::StatusCode::kNotFound, "TRANSFER_NOT_FOUND",
                   absl::StrCat(TransferName(sequence), " does not exist"));
  }
  return entry;
}

const google::protobuf::RepeatedPtrField<TransferBody>* InnerTransfers(
    const EntryRecord& entry) {
  if (entry.has_market()) return &entry.market().transfers();
  if (entry.has_activity()) return &entry.activity().transfers();
  if (entry.has_policy()) {
    const EntryDecided& decided = entry.policy().decided();
    if (decided.has_market()) return &decided.market().transfers();
    if (decided.has_activity()) return &decided.activity().transfers();
    return &entry.policy().transfers();
  }
  if (entry.has_card()) return &entry.card().transfers();
  return nullptr;
}

const TransferBody* TransferTouching(const EntryRecord& entry,
                                     uint64_t account) {
  if (entry.has_transfer()) return &entry.transfer();
  const auto* inner = InnerTransfers(entry);
  if (inner == nullptr) return nullptr;
  for (const TransferBody& t : *inner) {
    if (account == 0 || t.debit_account() == account ||
        t.credit_account() == account) {
      return &t;
    }
  }
  return nullptr;
}

absl::StatusOr<AccountView> LedgerReader::GetAccount(uint64_t id) const {
  AccountView view;
  absl::StatusOr<bool> found =
      store_->GetProto(Cf::kAccounts, IdKey(id), &view.account, snapshot_);
  if (!found.ok()) return found.status();
  if (!*found) {
    return Refusal(
        absl::StatusCode::kNotFound, "ACCOUNT_NOT_FOUND",
        absl::StrCat("account ", AccountName(id), " does not exist"));
  }
  return WithBalance(std::move(view.account));
}

absl::StatusOr<AccountView> LedgerReader::WithBalance(
    AccountRecord account) const {
  AccountView view;
  view.account = std::move(account);
  const std::string key = IdKey(view.account.id());
  absl::StatusOr<bool> found =
      store_->GetProto(Cf::kBalances, key, &view.balance, snapshot_);
  if (!found.ok()) return found.status();
  if (!*found) return Store::CorruptRecord(Cf::kBalances, key);
  return view;
}

absl::StatusOr<std::vector<AccountView>> LedgerReader::ListAccounts(
    uint64_t after_id, int limit) const {
  std::vector<AccountView> out;
  std::unique_ptr<rocksdb::Iterator> it =
      store_->NewIterator(Cf::kAccounts, snapshot_);
  for (it->Seek(IdKey(after_id + 1));
       it->Valid() && static_cast<int>(out.size()) < limit; it->Next()) {
    // The iterator holds the account record already; only the balance is
    // read again.
    AccountRecord account;
    if (!account.ParseFromArray(it->value().data(),
                                static_cast<int>(it->value().size()))) {
      return Store::CorruptRecord(Cf::kAccounts, View(it->key()));
    }
    absl::StatusOr<AccountView> view = WithBalance(std::move(account));
    if (!view.ok()) return view.status();
    out.push_back(*std::move(view));
  }
  if (!it->status().ok())
    return absl::UnavailableError(it->status().ToString());
  return out;
}

absl::StatusOr<EntryRecord> LedgerReader::GetEntry(uint64_t sequence) const {
  EntryRecord entry;
  absl::StatusOr<bool> found =
      store_->GetProto(Cf::kEntries, IdKey(sequence), &entry, snapshot_);
  if (!found.ok()) return found.status();
  if (!*found) {
    return Refusal(absl::StatusCode::kNotFound, "ENTRY_NOT_FOUND",
                   absl::StrCat("ledger entry ", sequence, " does not exist"));
  }
  return entry;
}

absl::StatusOr<std::optional<uint64_t>> LedgerReader::GetReversal(
    uint64_t sequence) const {
  absl::StatusOr<std::optional<std::string>> value =
      store_->Get(Cf::kReversals, IdKey(sequence), snapshot_);
  if (!value.ok()) return value.status();
  if (!value->has_value()) return std::nullopt;
  std::optional<uint64_t> reversal = ParseIdKey(**value);
  if (!reversal) return Store::CorruptRecord(Cf::kReversals, IdKey(sequence));
  return reversal;
}

absl::StatusOr<std::vector<HistoryItem>> LedgerReader::ListHistory(
    uint64_t account_id, uint64_t before_sequence, int limit) const {
  std::vector<HistoryItem> out;
  if (before_sequence == 0) return out;
  std::unique_ptr<rocksdb::Iterator> it =
      store_->NewIterator(Cf::kHistory, snapshot_);
  for (it->SeekForPrev(HistoryKey(account_id, before_sequence - 1));
       it->Valid() && static_cast<int>(out.size()) < limit; it->Prev()) {
    std::optional<HistoryKeyParts> key = ParseHistoryKey(View(it->key()));
    if (!key) return Store::CorruptRecord(Cf::kHistory, View(it->key()));
    if (key->account_id != account_id) break;
    std::optional<HistoryValue> value = DecodeHistoryValue(View(it->value()));
    if (!value) return Store::CorruptRecord(Cf::kHistory, View(it->key()));
    absl::StatusOr<EntryRecord> entry = GetEntry(key->sequence);
    if (!entry.ok()) return entry.status();
    out.push_back(HistoryItem{*std::move(entry), *value});
  }
  if (!it->status().ok())
    return absl::UnavailableError(it->status().ToString());
  return out;
}

absl::StatusOr<HeadRecord> LedgerReader::GetHead() const {
  HeadRecord head;
  absl::StatusOr<bool> found =
      store_->GetProto(Cf::kMeta, kHeadKey, &head, snapshot_);
  if (!found.ok()) return found.status();
  if (!*found) head.set_head_hash(ZeroHash());
  return head;
}

}  // namespace jiamei::storage
