// The table of every domain of the ledger (storage/domains.cc, the only
// place that lists them). The core (storage/core/) is handed a table and
// never names a domain; the functions of the core and the ledger that need
// every domain take a `const DomainTable&` defaulted to this one at the
// caller, so services and tests call them as before while the core library
// links no domain library.
#ifndef JIAMEI_STORAGE_DOMAINS_H_
#define JIAMEI_STORAGE_DOMAINS_H_

namespace jiamei::storage {

class DomainTable;

// Every domain, in a fixed order: the ledger's openings and transfers, the
// register, the supermarket, volunteer service, points policy, paper cards
// and the audit's accepted losses. Built once; never changes.
const DomainTable& Domains();

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_DOMAINS_H_
