#include "services/auth/personal_data.h"

#include "gtest/gtest.h"
#include "storage/core/refusal.h"

namespace jiamei::services {
namespace {

const absl::CivilDay kToday(2026, 11, 22);

void ExpectInvalid(const absl::StatusOr<std::string>& result,
                   const std::string& reason) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RefusalReason(result.status()), reason) << result.status();
}

TEST(ResidentIdTest, AcceptsNumbersWithRightCheckCharacters) {
  // An example of GB 11643-1999 itself, and two more.
  for (const char* id :
       {"11010519491231002X", "310101199001011234", "513436200003200022"}) {
    absl::StatusOr<std::string> result = ValidateResidentId(id, kToday);
    ASSERT_TRUE(result.ok()) << id << ": " << result.status();
    EXPECT_EQ(*result, id);
  }
}

TEST(ResidentIdTest, LowercaseXIsAcceptedAndMadeUppercase) {
  EXPECT_EQ(*ValidateResidentId("11010519491231002x", kToday),
            "11010519491231002X");
}

TEST(ResidentIdTest, EveryWrongCheckCharacterIsRefused) {
  for (char wrong : std::string("0123456789X")) {
    if (wrong == '4') continue;  // the right one
    ExpectInvalid(
        ValidateResidentId(std::string("31010119900101123") + wrong, kToday),
        "INVALID_RESIDENT_ID");
  }
}

TEST(ResidentIdTest, MalformedNumbersAreRefused) {
  for (const char* id : {"", "3101011990010112", "3101011990010112345",
                         "31010119900101123A", "3101011990O101123X",
                         "010101199001011234",     // no region starts with 0
                         "310101199002301233",     // 30 February, right check
                         "440524188001010014",     // right check, born 1880
                         "310101202712011235"}) {  // born in the future
    ExpectInvalid(ValidateResidentId(id, kToday), "INVALID_RESIDENT_ID");
  }
}

TEST(PhoneTest, MobileAndLandlineNumbersAreNormalized) {
  EXPECT_EQ(*ValidatePhone("13812345678"), "13812345678");
  EXPECT_EQ(*ValidatePhone("+86 138 1234 5678"), "13812345678");
  EXPECT_EQ(*ValidatePhone("0571-87654321"), "057187654321");
  EXPECT_EQ(*ValidatePhone("010-1234567"), "0101234567");
}

TEST(PhoneTest, MalformedNumbersAreRefused) {
  for (const char* phone :
       {"", "1381234567", "138123456789", "12812345678", "23812345678",
        "138-1234-567a", "+86 0571-87654321", "0012345678", "12345"}) {
    ExpectInvalid(ValidatePhone(phone), "INVALID_PHONE");
  }
}

TEST(MaskTest, ResidentIdKeepsFourAtEachEnd) {
  EXPECT_EQ(MaskResidentId("310101199001011234"), "3101**********1234");
}

TEST(MaskTest, PhoneKeepsPrefixAndLastFour) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("057187654321"), "********4321");
  EXPECT_EQ(MaskPhone("123"), "***");
}

}  // namespace
}  // namespace jiamei::services
