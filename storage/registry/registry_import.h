// A register import (HouseholdsImported, asked for by
// jiamei.v1.RegistryService.ImportRegister): a whole file's households with
// their people, checked against the register and against each other in one
// step of the sequencer, and logged as one entry per batch of households
// (storage/core/domain.h, CheckContext::more_bodies), all or none. A dry
// run asks FindImportConflicts over the durable views; the sequencer's
// check (RegistryState::CheckImport) asks it over its own.
#ifndef JIAMEI_STORAGE_REGISTRY_REGISTRY_IMPORT_H_
#define JIAMEI_STORAGE_REGISTRY_REGISTRY_IMPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/core/records.pb.h"
#include "storage/core/views.h"

namespace jiamei::storage {

// Households per entry when the request names none (batch_size 0), and the
// most one may name.
inline constexpr uint32_t kDefaultImportBatch = 500;
inline constexpr uint32_t kMaxImportBatch = 2000;

// What of a row the register refuses.
enum class ImportField { kNumber, kResidentId };
struct ImportConflict {
  uint32_t row;  // the file's row (the header is row 1)
  ImportField field;
  // DUPLICATE_HOUSEHOLD_NUMBER or DUPLICATE_RESIDENT_ID, with its message.
  absl::Status refusal;
};

// Whether `import` is an import as requested, whole, rather than one of the
// batches it was logged as (whose `batches` is set).
inline bool IsWholeImport(const HouseholdsImported& import) {
  return import.batches() == 0;
}

// IMPORT_MALFORMED unless `requested` is a whole import with households,
// each with people (its head first) and nothing allocated, and a batch size
// of at most kMaxImportBatch.
absl::Status CheckImportShape(const HouseholdsImported& requested);

// Every conflict of `requested` with the register in `views` and within
// itself, ordered by row: a household number taken in the village or
// already given to a household of the file, a resident ID number taken or
// already given to a person of the file (the later row is the one in
// conflict). Errors are storage failures.
absl::StatusOr<std::vector<ImportConflict>> FindImportConflicts(
    const ReadViews& views, const HouseholdsImported& requested);

// IMPORT_CONFLICTS for `conflicts` (not empty), naming the first few.
absl::Status ImportConflictsRefusal(
    const std::vector<ImportConflict>& conflicts);

// SHA-256 of the canonical encoding of the whole import `requested`: the
// first batch carries it, so that the request's fingerprint covers every
// row although the first entry holds only its own.
std::string ImportDigest(const HouseholdsImported& requested);

// The batches the whole import `requested` is logged as, as requested: the
// households in order, batch_size at a time, each with batch, batches and
// digest set and nothing allocated; only the first when `first_only` (for
// the request's fingerprint).
std::vector<HouseholdsImported> ImportBatches(
    const HouseholdsImported& requested, bool first_only = false);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_REGISTRY_REGISTRY_IMPORT_H_
