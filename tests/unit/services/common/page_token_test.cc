#include "services/common/page_token.h"

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "storage/core/refusal.h"

namespace jiamei::services {
namespace {

const PageTokens kTokens(std::string(32, 's'));

TEST(PageTokenTest, RoundTripsThePosition) {
  for (uint64_t position : {uint64_t{0}, uint64_t{17}, UINT64_MAX}) {
    EXPECT_EQ(
        *kTokens.Decode("history/7", kTokens.Encode("history/7", position)),
        position);
  }
}

TEST(PageTokenTest, EmptyTokenResumesAtTheFirstPosition) {
  EXPECT_EQ(*kTokens.Resume("accounts", "", 0), 0u);
  EXPECT_EQ(*kTokens.Resume("history/7", "", UINT64_MAX), UINT64_MAX);
  EXPECT_EQ(*kTokens.Resume("accounts", kTokens.Encode("accounts", 9), 0), 9u);
  EXPECT_FALSE(kTokens.Resume("accounts", "forged", 0).ok());
}

TEST(PageTokenTest, TokenOfAnotherListIsRefused) {
  absl::StatusOr<uint64_t> decoded =
      kTokens.Decode("history/8", kTokens.Encode("history/7", 5));
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RefusalReason(decoded.status()), "INVALID_PAGE_TOKEN");
}

TEST(PageTokenTest, TokenOfAnotherSecretIsRefused) {
  const PageTokens other(std::string(32, 'o'));
  EXPECT_FALSE(kTokens.Decode("accounts", other.Encode("accounts", 5)).ok());
}

TEST(PageTokenTest, EveryAlteredByteIsRefused) {
  std::string raw;
  ASSERT_TRUE(
      absl::WebSafeBase64Unescape(kTokens.Encode("accounts", 99), &raw));
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string forged = raw;
    forged[i] ^= 0x01;
    std::string token;
    absl::WebSafeBase64Escape(forged, &token);
    EXPECT_FALSE(kTokens.Decode("accounts", token).ok()) << "byte " << i;
  }
}

TEST(PageTokenTest, GarbageIsRefused) {
  for (const char* garbage : {"x", "!!!!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                              "not a token at all, far too long to be one......"
                              "......................................"}) {
    EXPECT_FALSE(kTokens.Decode("accounts", garbage).ok()) << garbage;
  }
}

}  // namespace
}  // namespace jiamei::services
