// Register imports: their shape, their conflicts, their batches, and
// RegistryState's check and apply of them.
#include "storage/registry/registry_import.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "storage/core/canonical_writer.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_errors.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"
#include "storage/registry/registry_state.h"

namespace jiamei::storage {
namespace {

// How many conflicts IMPORT_CONFLICTS names.
constexpr size_t kConflictsNamed = 5;

uint32_t BatchSize(const HouseholdsImported& import) {
  if (import.batch_size() == 0) return kDefaultImportBatch;
  return std::min(import.batch_size(), kMaxImportBatch);
}

// The household's first row in the file (its head need not be on it).
uint32_t FirstRow(const ImportedHousehold& household) {
  uint32_t row = UINT32_MAX;
  for (const ImportedPerson& p : household.people())
    row = std::min(row, p.row());
  return row;
}

bool Allocated(const ImportedHousehold& household) {
  if (household.household_id() != 0 || household.has_account()) return true;
  return std::any_of(
      household.people().begin(), household.people().end(),
      [](const ImportedPerson& p) { return p.person_id() != 0; });
}

// Conflicts found so far, and the first row of each number and ID number.
class ConflictFinder {
 public:
  explicit ConflictFinder(const ReadViews& views, uint64_t village)
      : views_(views), village_(village) {}

  absl::Status Household(const ImportedHousehold& household) {
    const uint32_t row = FirstRow(household);
    auto [first, fresh] = numbers_.emplace(household.number(), row);
    if (!fresh) {
      Add(row, ImportField::kNumber,
          errors::HouseholdNumberTwiceInFile(household.number(),
                                             first->second));
    } else {
      ASSIGN_OR_RETURN(const bool taken,
                       Exists(views_, Cf::kIndex,
                              IndexKey(Index::kHouseholdNumber, village_,
                                       household.number())));
      if (taken) {
        Add(row, ImportField::kNumber,
            errors::DuplicateHouseholdNumber(household.number(), village_));
      }
    }
    for (const ImportedPerson& p : household.people()) {
      RETURN_IF_ERROR(Person(p));
    }
    return absl::OkStatus();
  }

  std::vector<ImportConflict> Take() {
    std::stable_sort(conflicts_.begin(), conflicts_.end(),
                     [](const ImportConflict& a, const ImportConflict& b) {
                       return a.row < b.row;
                     });
    return std::move(conflicts_);
  }

 private:
  absl::Status Person(const ImportedPerson& person) {
    const std::string& id = person.person().resident_id();
    if (id.empty()) return absl::OkStatus();
    auto [first, fresh] = resident_ids_.emplace(id, person.row());
    if (!fresh) {
      Add(person.row(), ImportField::kResidentId,
          errors::ResidentIdTwiceInFile(first->second));
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(
        const bool taken,
        Exists(views_, Cf::kIndex, IndexKey(Index::kResidentId, id)));
    if (taken) {
      Add(person.row(), ImportField::kResidentId,
          errors::DuplicateResidentId());
    }
    return absl::OkStatus();
  }

  void Add(uint32_t row, ImportField field, absl::Status refusal) {
    conflicts_.push_back({row, field, std::move(refusal)});
  }

  const ReadViews& views_;
  const uint64_t village_;
  absl::flat_hash_map<std::string, uint32_t> numbers_;
  absl::flat_hash_map<std::string, uint32_t> resident_ids_;
  std::vector<ImportConflict> conflicts_;
};

}  // namespace

absl::Status CheckImportShape(const HouseholdsImported& requested) {
  if (!IsWholeImport(requested) || requested.batch() != 0 ||
      !requested.digest().empty()) {
    return errors::ImportMalformed("the batch fields unset (it is whole)");
  }
  if (requested.batch_size() > kMaxImportBatch) {
    return errors::ImportMalformed(
        absl::StrCat("a batch size of at most ", kMaxImportBatch));
  }
  if (requested.households().empty()) {
    return errors::ImportMalformed("households");
  }
  for (const ImportedHousehold& household : requested.households()) {
    if (household.people().empty()) {
      return errors::ImportMalformed("people in every household");
    }
    if (Allocated(household)) {
      return errors::ImportMalformed("no ids allocated");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<ImportConflict>> FindImportConflicts(
    const ReadViews& views, const HouseholdsImported& requested) {
  ConflictFinder finder(views, requested.village());
  for (const ImportedHousehold& household : requested.households()) {
    RETURN_IF_ERROR(finder.Household(household));
  }
  return finder.Take();
}

absl::Status ImportConflictsRefusal(
    const std::vector<ImportConflict>& conflicts) {
  std::string named;
  for (size_t i = 0; i < conflicts.size() && i < kConflictsNamed; ++i) {
    absl::StrAppend(&named, i == 0 ? "" : "; ", "row ", conflicts[i].row, ": ",
                    conflicts[i].refusal.message());
  }
  return errors::ImportConflicts(static_cast<int64_t>(conflicts.size()),
                                 conflicts.front().row, named);
}

std::string ImportDigest(const HouseholdsImported& requested) {
  CanonicalWriter w("jiamei.import.v1");
  w.Message(requested);
  return w.Sha256();
}

std::vector<HouseholdsImported> ImportBatches(
    const HouseholdsImported& requested, bool first_only) {
  const size_t size = BatchSize(requested);
  const size_t total = static_cast<size_t>(requested.households_size());
  const size_t count = std::max<size_t>(1, (total + size - 1) / size);
  const std::string digest = ImportDigest(requested);
  std::vector<HouseholdsImported> batches;
  for (size_t k = 0; k < (first_only ? 1 : count); ++k) {
    HouseholdsImported& batch = batches.emplace_back();
    batch.set_village(requested.village());
    batch.set_batch_size(requested.batch_size());
    batch.set_batch(static_cast<uint32_t>(k));
    batch.set_batches(static_cast<uint32_t>(count));
    batch.set_digest(digest);
    for (size_t i = k * size; i < total && i < (k + 1) * size; ++i) {
      *batch.add_households() = requested.households(static_cast<int>(i));
    }
  }
  return batches;
}

absl::StatusOr<std::vector<RegistryChange>> RegistryState::CheckImport(
    const HouseholdsImported& requested, const HeadRecord& head) const {
  RETURN_IF_ERROR(CheckImportShape(requested));
  RETURN_IF_ERROR(FindVillage(*views_, requested.village()).status());
  ASSIGN_OR_RETURN(const std::vector<ImportConflict> conflicts,
                   FindImportConflicts(*views_, requested));
  if (!conflicts.empty()) return ImportConflictsRefusal(conflicts);
  uint64_t household_id = head.last_household_id();
  uint64_t person_id = head.last_person_id();
  uint64_t account_id = head.last_account_id();
  std::vector<RegistryChange> changes;
  for (HouseholdsImported& batch : ImportBatches(requested)) {
    for (ImportedHousehold& h : *batch.mutable_households()) {
      h.set_household_id(++household_id);
      for (ImportedPerson& p : *h.mutable_people())
        p.set_person_id(++person_id);
      *h.mutable_account() = HouseholdAccount(
          ++account_id, h.number(), h.people(0).person().full_name(),
          requested.village(), h.household_id());
    }
    *changes.emplace_back().mutable_households_imported() = std::move(batch);
  }
  return changes;
}

// Writes only (reads nothing), so it cannot fail: the sequencer logs an
// import's later entries once its first is logged.
void RegistryState::ApplyImport(const EntryRecord& entry) {
  const HouseholdsImported& import = entry.registry().households_imported();
  for (const ImportedHousehold& h : import.households()) {
    if (h.people().empty()) continue;  // only ever a damaged entry
    HouseholdRecord household;
    household.set_id(h.household_id());
    household.set_village(import.village());
    household.set_number(h.number());
    household.set_address(h.address());
    household.set_head(h.people(0).person_id());
    household.set_account(h.account().account_id());
    household.set_create_sequence(entry.sequence());
    household.set_create_time_micros(entry.time_micros());
    PutHousehold(household);
    for (const ImportedPerson& p : h.people()) {
      PersonRecord person;
      person.set_id(p.person_id());
      *person.mutable_fields() = p.person();
      person.set_unit(import.village());
      PutPerson(person, h.household_id(), entry);
    }
  }
}

}  // namespace jiamei::storage
