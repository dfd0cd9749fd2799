#include "services/auth/authenticator.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/auth/auth_errors.h"
#include "services/auth/bearer_token.h"
#include "services/auth/password.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

// How long a cached check stands before the store is read again: bounds how
// late a member's move to another household is seen.
constexpr absl::Duration kRecheckAfter = absl::Seconds(60);
// Beyond this many cached sessions the cache starts over.
constexpr size_t kMaxCached = 100000;
constexpr int32_t kRoleMember = 5;

}  // namespace

Authenticator::Authenticator(storage::Store* store, absl::Duration token_ttl)
    : store_(store), sessions_(store), token_ttl_(token_ttl) {
  absl::StatusOr<std::string> decoy = HashPassword("decoy password");
  if (decoy.ok()) decoy_hash_ = *std::move(decoy);
}

absl::StatusOr<bool> Authenticator::Attempt(
    absl::string_view login, absl::string_view client,
    absl::FunctionRef<absl::StatusOr<bool>()> check) {
  // A client address holds no newline, so the key names one pair.
  const std::string pair = absl::StrCat(client, "\n", login);
  const absl::Time now = absl::Now();
  const absl::Duration wait =
      std::max(by_login_at_client_.WaitBefore(pair, now),
               by_client_.WaitBefore(client, now));
  if (wait > absl::ZeroDuration()) {
    return ThrottledRefusal(errors::kLoginThrottled, "wrong passwords", wait);
  }
  ASSIGN_OR_RETURN(const bool right, check());
  if (right) {
    by_login_at_client_.RecordSuccess(pair);
    return true;
  }
  // Counted from the end of the check, so the wait is the caller's to sit.
  const absl::Time failed = absl::Now();
  by_login_at_client_.RecordFailure(pair, failed);
  by_client_.RecordFailure(client, failed);
  return false;
}

absl::StatusOr<std::optional<storage::CredentialRecord>> Authenticator::Verify(
    uint64_t id, absl::string_view password) const {
  std::optional<storage::CredentialRecord> credential;
  if (id != 0) {
    ASSIGN_OR_RETURN(credential,
                     storage::RegistryReader(store_).GetCredential(id));
  }
  const bool matches = VerifyPassword(
      password,
      credential.has_value() ? credential->password_hash() : decoy_hash_);
  if (!matches) return std::nullopt;
  return credential;
}

absl::StatusOr<Session> Authenticator::Login(absl::string_view login,
                                             absl::string_view password,
                                             absl::string_view client) {
  const storage::RegistryReader reader(store_);
  uint64_t id = 0;
  storage::OperatorRecord record;
  std::optional<storage::CredentialRecord> credential;
  auto check = [&]() -> absl::StatusOr<bool> {
    ASSIGN_OR_RETURN(std::optional<uint64_t> found, reader.FindLogin(login));
    if (found.has_value()) {
      ASSIGN_OR_RETURN(record, reader.GetOperator(*found));
      id = *found;
    }
    ASSIGN_OR_RETURN(credential, Verify(id, password));
    return credential.has_value() && !record.disabled();
  };
  ASSIGN_OR_RETURN(const bool right, Attempt(login, client, check));
  if (!right) return errors::LoginFailed();

  const absl::Time now = absl::Now();
  ASSIGN_OR_RETURN(std::string token, NewBearerToken());
  storage::SessionRecord session;
  session.set_operator_id(id);
  session.set_issue_time_micros(absl::ToUnixMicros(now));
  session.set_expire_time_micros(absl::ToUnixMicros(now + token_ttl_));
  session.set_credential_epoch(credential->sequence());
  RETURN_IF_ERROR(sessions_.Put(BearerTokenDigest(token), session));
  return Session{std::move(token), now + token_ttl_, std::move(record)};
}

absl::StatusOr<storage::CredentialRecord> Authenticator::CheckPassword(
    uint64_t operator_id, absl::string_view password,
    absl::string_view client) {
  ASSIGN_OR_RETURN(storage::OperatorRecord record,
                   storage::RegistryReader(store_).GetOperator(operator_id));
  std::optional<storage::CredentialRecord> credential;
  auto check = [&]() -> absl::StatusOr<bool> {
    ASSIGN_OR_RETURN(credential, Verify(operator_id, password));
    return credential.has_value();
  };
  ASSIGN_OR_RETURN(const bool right,
                   Attempt(record.operator_().login(), client, check));
  if (!right) {
    return errors::WrongPassword();
  }
  return *std::move(credential);
}

absl::string_view Authenticator::HeaderOf(
    const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return "";
  return absl::string_view(it->second.data(), it->second.size());
}

absl::StatusOr<std::string> Authenticator::TokenDigest(
    absl::string_view header) {
  if (header.empty()) {
    return errors::NoToken();
  }
  if (!absl::ConsumePrefix(&header, "Bearer ") || header.empty() ||
      header.size() > 128) {
    return errors::MalformedToken();
  }
  return BearerTokenDigest(header);
}

absl::StatusOr<Principal> Authenticator::Authenticate(
    const grpc::ServerContextBase& context) {
  return Authenticate(HeaderOf(context));
}

absl::StatusOr<Principal> Authenticator::Authenticate(
    absl::string_view header) {
  ASSIGN_OR_RETURN(std::string digest, TokenDigest(header));
  const absl::Time now = absl::Now();
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = cache_.find(digest);
    if (it != cache_.end() && now < it->second.expire_time &&
        now - it->second.checked < kRecheckAfter) {
      return it->second.principal;
    }
  }
  ASSIGN_OR_RETURN(Cached loaded, Load(digest, now));
  absl::MutexLock lock(&mu_);
  if (cache_.size() >= kMaxCached) cache_.clear();
  cache_[digest] = loaded;
  return loaded.principal;
}

absl::StatusOr<Authenticator::Cached> Authenticator::Load(
    const std::string& digest, absl::Time now) const {
  ASSIGN_OR_RETURN(const std::optional<storage::SessionRecord> found,
                   sessions_.Get(digest));
  if (!found.has_value()) {
    return errors::UnknownToken();
  }
  const storage::SessionRecord& session = *found;
  ASSIGN_OR_RETURN(const bool revoked, sessions_.Revoked(digest));
  if (revoked) {
    return errors::TokenRevoked();
  }
  const absl::Time expire = absl::FromUnixMicros(session.expire_time_micros());
  if (now >= expire) {
    return errors::TokenExpired();
  }
  const storage::RegistryReader reader(store_);
  ASSIGN_OR_RETURN(storage::OperatorRecord record,
                   reader.GetOperator(session.operator_id()));
  if (record.disabled()) {
    return errors::OperatorDisabled();
  }
  ASSIGN_OR_RETURN(std::optional<storage::CredentialRecord> credential,
                   reader.GetCredential(session.operator_id()));
  if (!credential.has_value() ||
      credential->sequence() != session.credential_epoch()) {
    return errors::PasswordChanged();
  }
  ASSIGN_OR_RETURN(Principal principal, PrincipalFromRecord(record));
  return Cached{principal, expire, now};
}

absl::StatusOr<Principal> Authenticator::PrincipalFromRecord(
    const storage::OperatorRecord& record) const {
  const storage::OperatorCreated& op = record.operator_();
  Principal principal;
  principal.operator_id = op.operator_id();
  principal.role = op.role();
  principal.scope_unit = op.scope_unit();
  if (op.role() != kRoleMember) return principal;
  const storage::RegistryReader reader(store_);
  ASSIGN_OR_RETURN(storage::PersonRecord person,
                   reader.GetPerson(op.person_id()));
  ASSIGN_OR_RETURN(storage::HouseholdRecord household,
                   reader.GetHousehold(person.household()));
  principal.person = person.id();
  principal.household = household.id();
  principal.household_account = household.account();
  principal.scope_unit = household.village();
  return principal;
}

absl::Status Authenticator::Logout(const grpc::ServerContextBase& context) {
  return Logout(HeaderOf(context));
}

absl::Status Authenticator::Logout(absl::string_view header) {
  ASSIGN_OR_RETURN(std::string digest, TokenDigest(header));
  RETURN_IF_ERROR(sessions_.Revoke(digest, absl::Now()));
  absl::MutexLock lock(&mu_);
  cache_.erase(digest);
  return absl::OkStatus();
}

absl::StatusOr<Authenticator::Purged> Authenticator::PurgeSessions(
    absl::Time now) {
  return sessions_.Purge(now);
}

void Authenticator::Forget(uint64_t operator_id) {
  absl::MutexLock lock(&mu_);
  absl::erase_if(cache_, [operator_id](const auto& entry) {
    return entry.second.principal.operator_id == operator_id;
  });
}

}  // namespace jiamei::services
