// Who is calling: password log-in, bearer tokens and the sessions behind
// them. Sessions are stored (synced) under the SHA-256 of their token, never
// the token; a small cache keeps the token check off RocksDB for the calls
// that follow a log-in.
#ifndef JIAMEI_SERVICES_AUTH_AUTHENTICATOR_H_
#define JIAMEI_SERVICES_AUTH_AUTHENTICATOR_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "services/auth/attempt_throttle.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"
#include "storage/registry/session_store.h"

namespace jiamei::services {

// The caller of an RPC, as its token says.
struct Principal {
  uint64_t operator_id = 0;
  int32_t role = 0;         // jiamei.v1.Role
  uint64_t scope_unit = 0;  // 0: the whole system
  // Members only: who they are, and their household and its account now.
  uint64_t person = 0;
  uint64_t household = 0;
  uint64_t household_account = 0;
};

struct Session {
  std::string token;
  absl::Time expire_time;
  storage::OperatorRecord operator_record;
};

class Authenticator {
 public:
  Authenticator(storage::Store* store, absl::Duration token_ttl);

  // Checks the password of `login`, tried from `client` (ClientAddress() of
  // the peer), and opens a session. Every kind of failure is the same
  // UNAUTHENTICATED, so a caller cannot tell which logins exist.
  //
  // Password checks (log-ins and CheckPassword alike) are throttled
  // (RESOURCE_EXHAUSTED, LOGIN_THROTTLED, the wait in the message) under
  // two keys: the login at the client (3 failures free, then 1 s doubling
  // to 5 minutes), so a stranger elsewhere cannot lock an operator out of
  // their own terminal; and the client alone (10 free), so one client
  // trying a password on each of many logins is slowed. A success clears
  // the login's record at that client only: the client's record stays
  // until 15 minutes pass without a failure, or one known password would
  // reset a guesser's count. Runs Argon2id: not for gRPC's threads.
  absl::StatusOr<Session> Login(absl::string_view login,
                                absl::string_view password,
                                absl::string_view client);
  // The credential of `operator_id` if `password` is its password, else
  // PERMISSION_DENIED (WRONG_PASSWORD); throttled as a log-in of the
  // operator's login from `client`, with the same records. Runs Argon2id.
  absl::StatusOr<storage::CredentialRecord> CheckPassword(
      uint64_t operator_id, absl::string_view password,
      absl::string_view client);
  // The caller of `context`: UNAUTHENTICATED unless it carries
  // "authorization: Bearer <token>" of a live session of an enabled
  // operator whose password has not changed since.
  absl::StatusOr<Principal> Authenticate(
      const grpc::ServerContextBase& context);
  // The same, from the value of the authorization header.
  absl::StatusOr<Principal> Authenticate(absl::string_view header);
  // Revokes the session of the token `context` carries.
  absl::Status Logout(const grpc::ServerContextBase& context);
  // The same, from the value of the authorization header.
  absl::Status Logout(absl::string_view header);
  // Drops what the cache knows of an operator (disabled, password changed),
  // so that the next call reads the store again.
  void Forget(uint64_t operator_id);

  using Purged = storage::SessionStore::Purged;
  // Deletes (one synced batch) the sessions that expired by `now` or were
  // revoked, and their revocation marks: a token whose session is gone is
  // refused as unknown, so a mark is needed only while its session is
  // stored. Sessions are read from a snapshot: one revoked during the
  // purge keeps its mark until the next one.
  absl::StatusOr<Purged> PurgeSessions(absl::Time now);

 private:
  struct Cached {
    Principal principal;
    absl::Time expire_time;
    absl::Time checked;
  };
  // Runs `check` (true: the password is right) unless `login` at `client`
  // or `client` must wait (LOGIN_THROTTLED), and records its answer.
  absl::StatusOr<bool> Attempt(absl::string_view login,
                               absl::string_view client,
                               absl::FunctionRef<absl::StatusOr<bool>()> check);
  // The credential of operator `id` if `password` is its password, nullopt
  // if not; `id` 0 (no such login) checks against the decoy, so that every
  // answer costs one Argon2id verification.
  absl::StatusOr<std::optional<storage::CredentialRecord>> Verify(
      uint64_t id, absl::string_view password) const;
  static absl::string_view HeaderOf(const grpc::ServerContextBase& context);
  static absl::StatusOr<std::string> TokenDigest(absl::string_view header);
  absl::StatusOr<Cached> Load(const std::string& digest, absl::Time now) const;
  absl::StatusOr<Principal> PrincipalFromRecord(
      const storage::OperatorRecord& record) const;

  storage::Store* const store_;
  storage::SessionStore sessions_;
  const absl::Duration token_ttl_;
  // Failed password checks by login at a client, and by client: ten free,
  // since a village office's desks share one address behind its NAT.
  AttemptThrottle by_login_at_client_;
  AttemptThrottle by_client_{AttemptThrottleOptions{/*free_attempts=*/10}};
  // A hash to verify against when the login does not exist, so that such a
  // failure takes as long as a wrong password.
  std::string decoy_hash_;

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Cached> cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_AUTH_AUTHENTICATOR_H_
