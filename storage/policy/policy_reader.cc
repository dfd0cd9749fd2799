#include "storage/policy/policy_reader.h"

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "storage/core/status_macros.h"
#include "storage/policy/lots.h"
#include "storage/registry/registry_keys.h"

namespace jiamei::storage {

absl::StatusOr<std::optional<PolicyRecord>> PolicyReader::GetOwnPolicy(
    uint64_t unit) const {
  return FindPolicy(views_, unit);
}

absl::StatusOr<EffectivePolicy> PolicyReader::GetEffectivePolicy(
    uint64_t unit) const {
  return EffectivePolicyAt(views_, unit);
}

absl::StatusOr<ApprovalRecord> PolicyReader::GetApproval(uint64_t id) const {
  return FindApproval(views_, id);
}

absl::StatusOr<std::optional<ExpiryRunRecord>> PolicyReader::GetExpiryRun(
    uint64_t village, const std::string& period) const {
  return FindExpiryRun(views_, village, period);
}

absl::StatusOr<std::vector<ExpiryRunRecord>> PolicyReader::ListExpiryRuns(
    uint64_t village) const {
  std::vector<ExpiryRunRecord> runs;
  std::unique_ptr<rocksdb::Iterator> it =
      store_->NewIterator(Cf::kIndex, snapshot_);
  const std::string prefix = IndexKey(Index::kExpiryRun, village);
  for (it->Seek(prefix);
       it->Valid() && absl::StartsWith(View(it->key()), prefix); it->Next()) {
    if (!runs.emplace_back().ParseFromArray(
            it->value().data(), static_cast<int>(it->value().size()))) {
      return Store::CorruptRecord(Cf::kIndex, View(it->key()));
    }
  }
  if (!it->status().ok()) {
    return absl::UnavailableError(it->status().ToString());
  }
  return runs;
}

absl::StatusOr<LotsRecord> PolicyReader::GetLots(uint64_t account) const {
  return FindLots(views_, account);
}

absl::StatusOr<HonourRecord> PolicyReader::GetHonour(uint64_t subject,
                                                     bool volunteer) const {
  HonourRecord honour;
  RETURN_IF_ERROR(views_
                      .GetProto(Cf::kRegistry,
                                RecordKey(volunteer ? Record::kVolunteerHonour
                                                    : Record::kHonour,
                                          subject),
                                &honour)
                      .status());
  return honour;
}

absl::StatusOr<std::vector<HonourDayLine>> PolicyReader::ListHonourDays(
    uint64_t village, absl::CivilDay from, absl::CivilDay to,
    bool volunteers) const {
  const Index index = volunteers ? Index::kServiceDay : Index::kHonourDay;
  std::vector<HonourDayLine> lines;
  std::unique_ptr<rocksdb::Iterator> it =
      store_->NewIterator(Cf::kIndex, snapshot_);
  const std::string end = IndexKey(index, village, DayNumber(to) + 1);
  for (it->Seek(IndexKey(index, village, DayNumber(from)));
       it->Valid() && View(it->key()) < end; it->Next()) {
    std::optional<uint64_t> subject = KeyId(View(it->key()), 2);
    HonourDayLine& line = lines.emplace_back();
    if (!subject ||
        !line.day.ParseFromArray(it->value().data(),
                                 static_cast<int>(it->value().size()))) {
      return Store::CorruptRecord(Cf::kIndex, View(it->key()));
    }
    line.subject = *subject;
  }
  if (!it->status().ok()) {
    return absl::UnavailableError(it->status().ToString());
  }
  return lines;
}

}  // namespace jiamei::storage
