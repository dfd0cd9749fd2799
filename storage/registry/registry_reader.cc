#include "storage/registry/registry_reader.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "storage/core/keys.h"
#include "storage/core/names.h"
#include "storage/core/status_macros.h"
#include "storage/core/views.h"
#include "storage/registry/registry_errors.h"
#include "storage/registry/registry_lookup.h"

namespace jiamei::storage {

absl::StatusOr<UnitRecord> RegistryReader::GetUnit(uint64_t id) const {
  return FindUnit(StoreViews(store_, snapshot_), id);
}

absl::StatusOr<UnitRecord> RegistryReader::GetVillage(uint64_t id) const {
  return FindVillage(StoreViews(store_, snapshot_), id);
}

absl::StatusOr<std::vector<ImportConflict>> RegistryReader::FindImportConflicts(
    const HouseholdsImported& requested) const {
  return storage::FindImportConflicts(StoreViews(store_, snapshot_), requested);
}

absl::StatusOr<HouseholdRecord> RegistryReader::GetHousehold(
    uint64_t id) const {
  return FindHousehold(StoreViews(store_, snapshot_), id);
}

absl::StatusOr<PersonRecord> RegistryReader::GetPerson(uint64_t id) const {
  return FindPerson(StoreViews(store_, snapshot_), id);
}

absl::StatusOr<PersonRecord> RegistryReader::GetVolunteer(uint64_t id) const {
  return FindVolunteer(StoreViews(store_, snapshot_), id);
}

absl::StatusOr<TeamRecord> RegistryReader::GetTeam(uint64_t id) const {
  return FindTeam(StoreViews(store_, snapshot_), id);
}

absl::StatusOr<OperatorRecord> RegistryReader::GetOperator(uint64_t id) const {
  return FindOperator(StoreViews(store_, snapshot_), id);
}

absl::StatusOr<std::optional<uint64_t>> RegistryReader::FindLogin(
    absl::string_view login) const {
  ASSIGN_OR_RETURN(
      const std::optional<std::string> value,
      store_->Get(Cf::kIndex, IndexKey(Index::kLogin, login), snapshot_));
  if (!value.has_value()) return std::nullopt;
  std::optional<uint64_t> id = DecodeId(*value);
  if (!id) return Store::CorruptRecord(Cf::kIndex, login);
  return id;
}

absl::StatusOr<std::optional<CredentialRecord>> RegistryReader::GetCredential(
    uint64_t operator_id) const {
  CredentialRecord credential;
  ASSIGN_OR_RETURN(const bool found,
                   store_->GetProto(Cf::kRegistry,
                                    RecordKey(Record::kCredential, operator_id),
                                    &credential, snapshot_));
  if (!found) return std::nullopt;
  return credential;
}

absl::StatusOr<std::vector<uint64_t>> RegistryReader::ListIds(Index kind,
                                                              uint64_t a,
                                                              uint64_t after,
                                                              int limit) const {
  const std::string prefix = IndexKey(kind, a);
  std::vector<uint64_t> ids;
  if (after == UINT64_MAX) return ids;
  std::unique_ptr<rocksdb::Iterator> it =
      store_->NewIterator(Cf::kIndex, snapshot_);
  for (it->Seek(IndexKey(kind, a, after + 1));
       it->Valid() && static_cast<int>(ids.size()) < limit; it->Next()) {
    absl::string_view key = View(it->key());
    if (!absl::StartsWith(key, prefix)) break;
    std::optional<uint64_t> id = KeyId(key, 1);
    if (!id) return Store::CorruptRecord(Cf::kIndex, key);
    ids.push_back(*id);
  }
  if (!it->status().ok())
    return absl::UnavailableError(it->status().ToString());
  return ids;
}

absl::StatusOr<std::vector<uint64_t>> RegistryReader::ListIdsBefore(
    Index kind, uint64_t a, uint64_t before, int limit) const {
  const std::string prefix = IndexKey(kind, a);
  std::vector<uint64_t> ids;
  if (before == 0) return ids;
  std::unique_ptr<rocksdb::Iterator> it =
      store_->NewIterator(Cf::kIndex, snapshot_);
  for (it->SeekForPrev(IndexKey(kind, a, before));
       it->Valid() && static_cast<int>(ids.size()) < limit; it->Prev()) {
    absl::string_view key = View(it->key());
    if (!absl::StartsWith(key, prefix)) break;
    std::optional<uint64_t> id = KeyId(key, 1);
    if (!id) return Store::CorruptRecord(Cf::kIndex, key);
    if (*id < before) ids.push_back(*id);
  }
  if (!it->status().ok())
    return absl::UnavailableError(it->status().ToString());
  return ids;
}

absl::StatusOr<std::vector<MembershipEvent>>
RegistryReader::ListMembershipEvents(Index kind, uint64_t id) const {
  ASSIGN_OR_RETURN(const std::vector<uint64_t> sequences,
                   ListIds(kind, id, 0, INT32_MAX));
  std::vector<MembershipEvent> events;
  for (uint64_t sequence : sequences) {
    EntryRecord entry;
    ASSIGN_OR_RETURN(
        const bool found,
        store_->GetProto(Cf::kEntries, IdKey(sequence), &entry, snapshot_));
    if (!found) return Store::CorruptRecord(Cf::kIndex, IdKey(sequence));
    const RegistryChange& change = entry.registry();
    MembershipEvent event{change.team_membership_changed(), sequence,
                          entry.time_micros()};
    if (change.has_team_created()) {
      const TeamCreated& team = change.team_created();
      event.change.set_team_id(team.team_id());
      event.change.set_person_id(team.leader());
      event.change.set_joined(true);
      event.change.set_date(team.date());
    }
    events.push_back(std::move(event));
  }
  return events;
}

absl::StatusOr<std::vector<uint64_t>> RegistryReader::SearchVillage(
    uint64_t village, absl::string_view term, uint64_t after, int limit,
    int max_scan, bool whole_phones) const {
  const std::string prefix = IndexKey(Index::kSearch, village, term);
  std::set<uint64_t> found;
  std::unique_ptr<rocksdb::Iterator> it =
      store_->NewIterator(Cf::kIndex, snapshot_);
  int scanned = 0;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    absl::string_view key = View(it->key());
    if (!absl::StartsWith(key, prefix)) break;
    if (++scanned > max_scan) {
      return errors::QueryTooBroad();
    }
    std::optional<uint64_t> household = SearchKeyHousehold(key);
    if (!household) return Store::CorruptRecord(Cf::kIndex, key);
    if (*household <= after) continue;
    if (whole_phones && IsPhoneSearchKey(key) &&
        SearchKeyTerm(key).size() != term.size()) {
      continue;
    }
    found.insert(*household);
    // Only the smallest `limit` ids are needed.
    if (static_cast<int>(found.size()) > limit) found.erase(--found.end());
  }
  if (!it->status().ok())
    return absl::UnavailableError(it->status().ToString());
  return std::vector<uint64_t>(found.begin(), found.end());
}

absl::StatusOr<std::vector<CareCategoryCreated>>
RegistryReader::ListCareCategories() const {
  const std::string prefix(1, static_cast<char>(Record::kCareCategory));
  std::vector<CareCategoryCreated> categories;
  std::unique_ptr<rocksdb::Iterator> it =
      store_->NewIterator(Cf::kRegistry, snapshot_);
  for (it->Seek(prefix);
       it->Valid() && absl::StartsWith(View(it->key()), prefix); it->Next()) {
    if (!categories.emplace_back().ParseFromArray(
            it->value().data(), static_cast<int>(it->value().size()))) {
      return Store::CorruptRecord(Cf::kRegistry, View(it->key()));
    }
  }
  if (!it->status().ok())
    return absl::UnavailableError(it->status().ToString());
  return categories;
}

absl::StatusOr<std::vector<OperatorRecord>> RegistryReader::ListOperators(
    uint64_t after, int limit) const {
  const std::string prefix(1, static_cast<char>(Record::kOperator));
  std::vector<OperatorRecord> operators;
  std::unique_ptr<rocksdb::Iterator> it =
      store_->NewIterator(Cf::kRegistry, snapshot_);
  for (it->Seek(RecordKey(Record::kOperator, after + 1));
       it->Valid() && absl::StartsWith(View(it->key()), prefix) &&
       static_cast<int>(operators.size()) < limit;
       it->Next()) {
    if (!operators.emplace_back().ParseFromArray(
            it->value().data(), static_cast<int>(it->value().size()))) {
      return Store::CorruptRecord(Cf::kRegistry, View(it->key()));
    }
  }
  if (!it->status().ok())
    return absl::UnavailableError(it->status().ToString());
  return operators;
}

}  // namespace jiamei::storage
