// The sessions column family: who is logged in. A session is written when a
// login succeeds (key "s" + the token's digest, a SessionRecord) and a
// revocation mark when its token logs out (key "r" + the digest, the time in
// Unix microseconds as decimal text). Sessions are not ledger entries: they
// are written straight to the store (one synced batch each, Store::Write),
// not through the sequencer, and take no part in the audit or the hash.
//
// Thread-safe: every method is one read or one batch of the store.
#ifndef JIAMEI_STORAGE_REGISTRY_SESSION_STORE_H_
#define JIAMEI_STORAGE_REGISTRY_SESSION_STORE_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"

namespace jiamei::storage {

class SessionStore {
 public:
  explicit SessionStore(Store* store) : store_(store) {}

  // Stores the session of the token whose digest is `digest`.
  absl::Status Put(absl::string_view digest, const SessionRecord& session);
  // The session of `digest`; nullopt when there is none (never logged in,
  // or purged). DATA_LOSS when its bytes do not parse.
  absl::StatusOr<std::optional<SessionRecord>> Get(
      absl::string_view digest) const;
  // True when the token of `digest` was logged out.
  absl::StatusOr<bool> Revoked(absl::string_view digest) const;
  // Marks the token of `digest` logged out at `when`.
  absl::Status Revoke(absl::string_view digest, absl::Time when);

  struct Purged {
    int64_t sessions = 0;
    int64_t revocations = 0;
  };
  // Deletes (one synced batch) the sessions that expired by `now` or were
  // revoked, and their revocation marks; marks without a session go too.
  // Sessions are read from a snapshot: one revoked during the purge keeps
  // its mark until the next one.
  absl::StatusOr<Purged> Purge(absl::Time now);

 private:
  Store* const store_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_REGISTRY_SESSION_STORE_H_
