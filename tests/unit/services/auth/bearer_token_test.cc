#include "services/auth/bearer_token.h"

#include "absl/container/flat_hash_set.h"
#include "gtest/gtest.h"

namespace jiamei::services {
namespace {

TEST(BearerTokenTest, TokensAre43UrlSafeCharactersAndNeverRepeat) {
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    absl::StatusOr<std::string> token = NewBearerToken();
    ASSERT_TRUE(token.ok());
    EXPECT_EQ(token->size(), 43u);
    EXPECT_EQ(token->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
                                       "nopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << *token;
    EXPECT_TRUE(seen.insert(*token).second);
  }
}

TEST(BearerTokenTest, DigestIsStableSha256AndDiffersPerToken) {
  EXPECT_EQ(BearerTokenDigest("abc").size(), 32u);
  EXPECT_EQ(BearerTokenDigest("abc"), BearerTokenDigest("abc"));
  EXPECT_NE(BearerTokenDigest("abc"), BearerTokenDigest("abd"));
}

}  // namespace
}  // namespace jiamei::services
