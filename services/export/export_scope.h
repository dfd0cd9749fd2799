// What an export reads: the store at one snapshot, the caller (for what
// their role sees of personal data), a unit (and for the stock ledger a
// site), already checked against the caller's scope, and an inclusive
// period of China days.
#ifndef JIAMEI_SERVICES_EXPORT_EXPORT_SCOPE_H_
#define JIAMEI_SERVICES_EXPORT_EXPORT_SCOPE_H_

#include <cstdint>

#include "absl/time/civil_time.h"
#include "services/auth/access.h"
#include "services/auth/authenticator.h"
#include "storage/core/snapshot.h"
#include "storage/core/store.h"

namespace jiamei::services {

struct ExportScope {
  const storage::Store* store;
  const storage::Snapshot* snapshot;
  const Access* access;
  Principal caller;
  uint64_t unit;  // for the stock ledger, the site's unit
  uint64_t site;  // the stock ledger's site, else 0
  absl::CivilDay from;
  absl::CivilDay to;
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_EXPORT_EXPORT_SCOPE_H_
