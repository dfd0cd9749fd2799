// What an entry does to the accounts: the account it opens and the balance
// change of each account its transfers touch, as its domain
// (storage/core/domain.h) tells.
#ifndef JIAMEI_STORAGE_CORE_POSTINGS_H_
#define JIAMEI_STORAGE_CORE_POSTINGS_H_

#include <cstdint>
#include <vector>

#include "storage/core/records.pb.h"
#include "storage/domains.h"

namespace jiamei::storage {

// The accounts `entry` opens, in the order they open: an opening, or a
// unit's, household's, site's or card float's creation (one each), or a
// register import (one per household); empty for other entries.
std::vector<const AccountOpening*> OpenedAccounts(
    const EntryRecord& entry, const DomainTable& domains = Domains());

// The transfers `entry` posts, in the order they apply; empty for entries
// that move no points.
std::vector<const TransferBody*> TransfersOf(
    const EntryRecord& entry, const DomainTable& domains = Domains());

// What an entry does to one account's balance.
struct Posting {
  uint64_t account;
  int64_t change;
};
// The balance changes of `entry`, one per account touched, in the order the
// accounts first appear: a transfer's debit and credit, or the net effect
// of every transfer of a supermarket change. Empty for other entries.
std::vector<Posting> PostingsOf(const EntryRecord& entry,
                                const DomainTable& domains = Domains());

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_POSTINGS_H_
