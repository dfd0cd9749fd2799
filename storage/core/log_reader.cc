#include "storage/core/log_reader.h"

#include <utility>

#include "storage/core/canonical.h"
#include "storage/core/core_errors.h"
#include "storage/core/keys.h"
#include "storage/core/status_macros.h"

namespace jiamei::storage {

absl::StatusOr<AccountView> LogReader::GetAccount(uint64_t id) const {
  AccountRecord account;
  ASSIGN_OR_RETURN(const bool found, store_->GetProto(Cf::kAccounts, IdKey(id),
                                                      &account, snapshot_));
  if (!found) return errors::AccountNotFound(id);
  return WithBalance(std::move(account));
}

absl::StatusOr<AccountView> LogReader::WithBalance(
    AccountRecord account) const {
  AccountView view;
  view.account = std::move(account);
  const std::string key = IdKey(view.account.id());
  ASSIGN_OR_RETURN(
      const bool found,
      store_->GetProto(Cf::kBalances, key, &view.balance, snapshot_));
  if (!found) return Store::CorruptRecord(Cf::kBalances, key);
  return view;
}

absl::StatusOr<EntryRecord> LogReader::GetEntry(uint64_t sequence) const {
  EntryRecord entry;
  ASSIGN_OR_RETURN(
      const bool found,
      store_->GetProto(Cf::kEntries, IdKey(sequence), &entry, snapshot_));
  if (!found) return errors::EntryNotFound(sequence);
  return entry;
}

absl::StatusOr<HeadRecord> LogReader::GetHead() const {
  HeadRecord head;
  ASSIGN_OR_RETURN(const bool found,
                   store_->GetProto(Cf::kMeta, kHeadKey, &head, snapshot_));
  if (!found) head.set_head_hash(ZeroHash());
  return head;
}

}  // namespace jiamei::storage
