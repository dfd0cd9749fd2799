#include "storage/registry/session_store.h"

#include <memory>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/core/status_macros.h"

namespace jiamei::storage {
namespace {

std::string SessionKey(absl::string_view digest) {
  return absl::StrCat("s", digest);
}
std::string RevocationKey(absl::string_view digest) {
  return absl::StrCat("r", digest);
}

}  // namespace

absl::Status SessionStore::Put(absl::string_view digest,
                               const SessionRecord& session) {
  rocksdb::WriteBatch batch;
  batch.Put(store_->handle(Cf::kSessions), SessionKey(digest),
            session.SerializeAsString());
  return store_->Write(&batch);
}

absl::StatusOr<std::optional<SessionRecord>> SessionStore::Get(
    absl::string_view digest) const {
  SessionRecord session;
  ASSIGN_OR_RETURN(
      const bool found,
      store_->GetProto(Cf::kSessions, SessionKey(digest), &session));
  if (!found) return std::nullopt;
  return session;
}

absl::StatusOr<bool> SessionStore::Revoked(absl::string_view digest) const {
  ASSIGN_OR_RETURN(const std::optional<std::string> mark,
                   store_->Get(Cf::kSessions, RevocationKey(digest)));
  return mark.has_value();
}

absl::Status SessionStore::Revoke(absl::string_view digest, absl::Time when) {
  rocksdb::WriteBatch batch;
  batch.Put(store_->handle(Cf::kSessions), RevocationKey(digest),
            absl::StrCat(absl::ToUnixMicros(when)));
  return store_->Write(&batch);
}

absl::StatusOr<SessionStore::Purged> SessionStore::Purge(absl::Time now) {
  rocksdb::ColumnFamilyHandle* cf = store_->handle(Cf::kSessions);
  const rocksdb::Snapshot* snapshot = store_->db()->GetSnapshot();
  std::unique_ptr<rocksdb::Iterator> it =
      store_->NewIterator(Cf::kSessions, snapshot);
  rocksdb::WriteBatch batch;
  Purged purged;
  // Keys sort "r<digest>" before "s<digest>": first the marks, then the
  // sessions they revoke.
  absl::flat_hash_set<std::string> revoked;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const absl::string_view key = View(it->key());
    if (absl::StartsWith(key, "r")) {
      revoked.insert(std::string(key.substr(1)));
      continue;
    }
    if (!absl::StartsWith(key, "s")) continue;
    const std::string digest(key.substr(1));
    SessionRecord session;
    if (!session.ParseFromArray(it->value().data(),
                                static_cast<int>(it->value().size()))) {
      return Store::CorruptRecord(Cf::kSessions, key);
    }
    const bool is_revoked = revoked.erase(digest) > 0;
    if (!is_revoked &&
        absl::FromUnixMicros(session.expire_time_micros()) > now) {
      continue;
    }
    batch.Delete(cf, SessionKey(digest));
    ++purged.sessions;
    if (is_revoked) {
      batch.Delete(cf, RevocationKey(digest));
      ++purged.revocations;
    }
  }
  const absl::Status iterated =
      it->status().ok() ? absl::OkStatus()
                        : absl::UnavailableError(absl::StrCat(
                              "reading sessions: ", it->status().ToString()));
  it.reset();
  store_->db()->ReleaseSnapshot(snapshot);
  RETURN_IF_ERROR(iterated);
  // Marks left have no session (never written, or purged before): moot.
  for (const std::string& digest : revoked) {
    batch.Delete(cf, RevocationKey(digest));
    ++purged.revocations;
  }
  if (batch.Count() == 0) return purged;
  RETURN_IF_ERROR(store_->Write(&batch));
  return purged;
}

}  // namespace jiamei::storage
