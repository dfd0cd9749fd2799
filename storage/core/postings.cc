#include "storage/core/postings.h"

#include "absl/container/flat_hash_map.h"
#include "storage/core/domain.h"

namespace jiamei::storage {

std::vector<const AccountOpening*> OpenedAccounts(const EntryRecord& entry,
                                                  const DomainTable& domains) {
  std::vector<const AccountOpening*> opened;
  if (const Domain* domain = domains.ForEntry(entry)) {
    domain->OpenedAccounts(entry, &opened);
  }
  return opened;
}

std::vector<const TransferBody*> TransfersOf(const EntryRecord& entry,
                                             const DomainTable& domains) {
  std::vector<const TransferBody*> transfers;
  if (const Domain* domain = domains.ForEntry(entry)) {
    domain->Transfers(entry, &transfers);
  }
  return transfers;
}

std::vector<Posting> PostingsOf(const EntryRecord& entry,
                                const DomainTable& domains) {
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
  for (const TransferBody* t : TransfersOf(entry, domains)) {
    post(t->debit_account(), -t->amount());
    post(t->credit_account(), t->amount());
  }
  return postings;
}

}  // namespace jiamei::storage
