#include "services/common/validation.h"

#include <string>

#include "gtest/gtest.h"
#include "storage/core/refusal.h"

namespace jiamei::services {
namespace {

void ExpectInvalid(const absl::Status& status, const std::string& reason) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(RefusalReason(status), reason) << status;
}

TEST(ValidationTest, Utf8AcceptsChineseAndRejectsMalformedSequences) {
  EXPECT_TRUE(IsValidUtf8("巾帼家美积分超市"));
  EXPECT_TRUE(IsValidUtf8("emoji \xF0\x9F\x8C\xBE ok"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\x80"));              // stray continuation
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(ValidationTest, RequestIdMustBe8To128SafeCharacters) {
  EXPECT_TRUE(ValidateRequestId("3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f").ok());
  EXPECT_TRUE(ValidateRequestId("desk-07:2026.11.22_001").ok());
  ExpectInvalid(ValidateRequestId(""), "INVALID_REQUEST_ID");
  ExpectInvalid(ValidateRequestId("short"), "INVALID_REQUEST_ID");
  ExpectInvalid(ValidateRequestId(std::string(129, 'a')), "INVALID_REQUEST_ID");
  ExpectInvalid(ValidateRequestId("has space in it"), "INVALID_REQUEST_ID");
  ExpectInvalid(ValidateRequestId("slash/not/ok"), "INVALID_REQUEST_ID");
}

TEST(ValidationTest, MemoIsAtMost1KiBOfCleanUtf8) {
  EXPECT_TRUE(ValidateMemo("").ok());
  EXPECT_TRUE(ValidateMemo(std::string(1024, 'm')).ok());
  EXPECT_TRUE(ValidateMemo("line one\nline two\tend").ok());
  ExpectInvalid(ValidateMemo(std::string(1025, 'm')), "INVALID_MEMO");
  ExpectInvalid(ValidateMemo("bad \xFF byte"), "INVALID_MEMO");
  ExpectInvalid(ValidateMemo(std::string("nul\0inside", 10)), "INVALID_MEMO");
  ExpectInvalid(ValidateMemo("bell\a"), "INVALID_MEMO");
}

TEST(ValidationTest, DisplayNameIsNonEmptyBoundedAndClean) {
  EXPECT_TRUE(ValidateDisplayName("王家 (3组)").ok());
  ExpectInvalid(ValidateDisplayName(""), "INVALID_DISPLAY_NAME");
  ExpectInvalid(ValidateDisplayName(std::string(201, 'n')),
                "INVALID_DISPLAY_NAME");
  ExpectInvalid(ValidateDisplayName("two\nlines"), "INVALID_DISPLAY_NAME");
}

TEST(ValidationTest, ReasonCodeIsUpperSnakeCase) {
  EXPECT_TRUE(ValidateReasonCode("AWARD").ok());
  EXPECT_TRUE(ValidateReasonCode("STAR_HOUSEHOLD_5").ok());
  ExpectInvalid(ValidateReasonCode(""), "INVALID_REASON_CODE");
  ExpectInvalid(ValidateReasonCode("award"), "INVALID_REASON_CODE");
  ExpectInvalid(ValidateReasonCode("1AWARD"), "INVALID_REASON_CODE");
  ExpectInvalid(ValidateReasonCode("A-B"), "INVALID_REASON_CODE");
  ExpectInvalid(ValidateReasonCode(std::string(65, 'A')),
                "INVALID_REASON_CODE");
}

TEST(ValidationTest, NamesParseStrictly) {
  EXPECT_EQ(*ParseName("accounts/1", "accounts", "name"), 1u);
  EXPECT_EQ(*ParseName("accounts/18446744073709551615", "accounts", "name"),
            UINT64_MAX);
  for (const char* bad :
       {"accounts/", "accounts/0", "accounts/01", "accounts/abc", "accounts/1x",
        "accounts/-1", "accounts/18446744073709551616", "transfers/1",
        "accounts//1", "1", "", "accounts/ 1"}) {
    ExpectInvalid(ParseName(bad, "accounts", "name").status(), "INVALID_NAME");
  }
}

TEST(ValidationTest, PageSizeZeroMeansDefaultAndOutOfRangeIsRefused) {
  EXPECT_EQ(*ValidatePageSize(0), kDefaultPageSize);
  EXPECT_EQ(*ValidatePageSize(1), 1);
  EXPECT_EQ(*ValidatePageSize(kMaxPageSize), kMaxPageSize);
  ExpectInvalid(ValidatePageSize(-1).status(), "INVALID_PAGE_SIZE");
  ExpectInvalid(ValidatePageSize(kMaxPageSize + 1).status(),
                "INVALID_PAGE_SIZE");
}

}  // namespace
}  // namespace jiamei::services
