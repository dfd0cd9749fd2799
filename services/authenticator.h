// Who is calling: password log-in, bearer tokens and the sessions behind
// them. Sessions are stored (synced) under the SHA-256 of their token, never
// the token; a small cache keeps the token check off RocksDB for the calls
// that follow a log-in.
#ifndef JIAMEI_SERVICES_AUTHENTICATOR_H_
#define JIAMEI_SERVICES_AUTHENTICATOR_H_

#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "services/login_throttle.h"
#include "storage/records.pb.h"
#include "storage/store.h"

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

  // Checks the password and opens a session. Every kind of failure is the
  // same UNAUTHENTICATED, so a caller cannot tell which logins exist;
  // repeated failures are throttled (RESOURCE_EXHAUSTED, LOGIN_THROTTLED).
  absl::StatusOr<Session> Login(absl::string_view login,
                                absl::string_view password);
  // The caller of `context`: UNAUTHENTICATED unless it carries
  // "authorization: Bearer <token>" of a live session of an enabled
  // operator whose password has not changed since.
  absl::StatusOr<Principal> Authenticate(
      const grpc::ServerContextBase& context);
  // The same, from the value of the authorization header.
  absl::StatusOr<Principal> Authenticate(absl::string_view header);
  // Revokes the session of the token `context` carries.
  absl::Status Logout(const grpc::ServerContextBase& context);
  // Drops what the cache knows of an operator (disabled, password changed),
  // so that the next call reads the store again.
  void Forget(uint64_t operator_id);

 private:
  struct Cached {
    Principal principal;
    absl::Time expire_time;
    absl::Time checked;
  };
  static absl::string_view HeaderOf(const grpc::ServerContextBase& context);
  static absl::StatusOr<std::string> TokenDigest(absl::string_view header);
  absl::StatusOr<Cached> Load(const std::string& digest, absl::Time now) const;
  absl::StatusOr<Principal> ToPrincipal(
      const storage::OperatorRecord& record) const;

  storage::Store* const store_;
  const absl::Duration token_ttl_;
  LoginThrottle throttle_;
  // A hash to verify against when the login does not exist, so that such a
  // failure takes as long as a wrong password.
  std::string decoy_hash_;

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Cached> cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_AUTHENTICATOR_H_
