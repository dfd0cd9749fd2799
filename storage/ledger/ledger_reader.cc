#include "storage/ledger/ledger_reader.h"

#include "absl/strings/str_cat.h"
#include "storage/core/core_errors.h"
#include "storage/core/domain.h"
#include "storage/core/postings.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_errors.h"

namespace jiamei::storage {

absl::StatusOr<EntryRecord> AsTransfer(absl::StatusOr<EntryRecord> entry,
                                       uint64_t sequence,
                                       const DomainTable& domains) {
  if (!entry.ok() && !absl::IsNotFound(entry.status())) return entry;
  if (!entry.ok() || TransferTouching(*entry, 0, domains) == nullptr) {
    return errors::TransferNotFound(sequence);
  }
  return entry;
}

const google::protobuf::RepeatedPtrField<TransferBody>* InnerTransfers(
    const EntryRecord& entry, const DomainTable& domains) {
  const Domain* domain = domains.ForEntry(entry);
  return domain == nullptr ? nullptr : domain->ListedTransfers(entry);
}

const TransferBody* TransferTouching(const EntryRecord& entry, uint64_t account,
                                     const DomainTable& domains) {
  for (const TransferBody* t : TransfersOf(entry, domains)) {
    if (account == 0 || t->debit_account() == account ||
        t->credit_account() == account) {
      return t;
    }
  }
  return nullptr;
}

absl::StatusOr<AccountView> LedgerReader::GetAccount(uint64_t id) const {
  return LogReader(store_, snapshot_).GetAccount(id);
}

absl::StatusOr<AccountView> LedgerReader::GetAccountAsOpened(
    uint64_t id) const {
  AccountView view;
  ASSIGN_OR_RETURN(
      const bool found,
      store_->GetProto(Cf::kAccounts, IdKey(id), &view.account, snapshot_));
  if (!found) return errors::AccountNotFound(id);
  view.balance.set_last_sequence(view.account.open_sequence());
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
    ASSIGN_OR_RETURN(
        AccountView view,
        LogReader(store_, snapshot_).WithBalance(std::move(account)));
    out.push_back(std::move(view));
  }
  if (!it->status().ok())
    return absl::UnavailableError(it->status().ToString());
  return out;
}

absl::StatusOr<EntryRecord> LedgerReader::GetEntry(uint64_t sequence) const {
  return LogReader(store_, snapshot_).GetEntry(sequence);
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
  return LogReader(store_, snapshot_).GetHead();
}

}  // namespace jiamei::storage
