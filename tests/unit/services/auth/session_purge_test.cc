// The session purge: expired and revoked sessions leave the store, and
// their tokens stay refused.
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "services/auth/authenticator.h"
#include "services/auth/password.h"
#include "tests/unit/storage/test_store.h"

namespace jiamei::services {
namespace {

constexpr char kPassword[] = "a long test password";

class SessionPurgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::TestLedger ledger(db_.store());
    storage::Command command;
    command.request_id = ledger.NextId();
    storage::RegistryChange change;
    storage::OperatorCreated* created = change.mutable_operator_created();
    created->set_login("officer");
    created->set_display_name("officer");
    created->set_role(1);  // jiamei.v1.ROLE_ADMIN
    command.op = std::move(change);
    absl::StatusOr<std::string> hash = HashPassword(kPassword);
    ASSERT_TRUE(hash.ok());
    command.password_hash = *hash;
    ASSERT_TRUE(ledger.Apply(command).ok());
  }

  std::string LogIn() {
    absl::StatusOr<Session> session =
        authenticator_.Login("officer", kPassword, "desk");
    EXPECT_TRUE(session.ok()) << session.status();
    return session.ok() ? "Bearer " + session->token : "";
  }

  // The keys of the sessions column family (sessions and revocations).
  int SessionKeys() {
    std::unique_ptr<rocksdb::Iterator> it =
        db_.store()->NewIterator(storage::Cf::kSessions);
    int n = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
    return n;
  }

  testing::TestStore db_;
  Authenticator authenticator_{db_.store(), absl::Minutes(10)};
};

TEST_F(SessionPurgeTest, AnExpiredSessionIsGoneFromTheStoreAfterThePurge) {
  const std::string token = LogIn();
  ASSERT_TRUE(authenticator_.Authenticate(token).ok());
  absl::StatusOr<Authenticator::Purged> early =
      authenticator_.PurgeSessions(absl::Now());
  ASSERT_TRUE(early.ok()) << early.status();
  EXPECT_EQ(early->sessions, 0);
  EXPECT_EQ(SessionKeys(), 1);

  absl::StatusOr<Authenticator::Purged> late =
      authenticator_.PurgeSessions(absl::Now() + absl::Minutes(11));
  ASSERT_TRUE(late.ok()) << late.status();
  EXPECT_EQ(late->sessions, 1);
  EXPECT_EQ(SessionKeys(), 0);
}

TEST_F(SessionPurgeTest, ARevokedTokenStaysRefusedOnceItsSessionIsPurged) {
  const std::string revoked = LogIn();
  const std::string live = LogIn();
  ASSERT_TRUE(authenticator_.Logout(revoked).ok());
  EXPECT_EQ(authenticator_.Authenticate(revoked).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(SessionKeys(), 3);  // two sessions, one revocation

  absl::StatusOr<Authenticator::Purged> purged =
      authenticator_.PurgeSessions(absl::Now());
  ASSERT_TRUE(purged.ok()) << purged.status();
  EXPECT_EQ(purged->sessions, 1);
  EXPECT_EQ(purged->revocations, 1);
  EXPECT_EQ(SessionKeys(), 1);
  EXPECT_EQ(authenticator_.Authenticate(revoked).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(authenticator_.Authenticate(live).ok());
}

}  // namespace
}  // namespace jiamei::services
