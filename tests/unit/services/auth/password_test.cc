#include "services/auth/password.h"

#include "gtest/gtest.h"
#include "storage/core/refusal.h"

namespace jiamei::services {
namespace {

TEST(PasswordTest, HashIsArgon2idAndVerifiesOnlyTheRightPassword) {
  absl::StatusOr<std::string> hash = HashPassword("village-desk-07");
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_EQ(hash->find("village-desk-07"), std::string::npos);
  EXPECT_TRUE(VerifyPassword("village-desk-07", *hash));
  EXPECT_FALSE(VerifyPassword("village-desk-08", *hash));
  EXPECT_FALSE(VerifyPassword("", *hash));
}

TEST(PasswordTest, SamePasswordHashesDifferentlyEachTime) {
  EXPECT_NE(*HashPassword("same password"), *HashPassword("same password"));
}

TEST(PasswordTest, PasswordsOutOfBoundsAreRefused) {
  for (const std::string& bad :
       {std::string("short"), std::string(kMaxPasswordBytes + 1, 'p')}) {
    absl::StatusOr<std::string> hash = HashPassword(bad);
    ASSERT_FALSE(hash.ok());
    EXPECT_EQ(RefusalReason(hash.status()), "INVALID_PASSWORD");
  }
}

TEST(PasswordTest, MalformedHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("village-desk-07", "not a hash"));
  EXPECT_FALSE(VerifyPassword("village-desk-07", ""));
}

}  // namespace
}  // namespace jiamei::services
