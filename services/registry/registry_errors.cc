#include "services/registry/registry_errors.h"

#include "absl/strings/str_cat.h"
#include "storage/core/refusal.h"

namespace jiamei::errors {
namespace {

absl::Status Invalid(absl::string_view reason, absl::string_view message) {
  return Refusal(absl::StatusCode::kInvalidArgument, reason, message);
}

}  // namespace

absl::Status LevelNotNamed() {
  return Invalid(kInvalidLevel, "level must be COUNTY, TOWNSHIP or VILLAGE");
}

absl::Status CareCategoryCode() {
  return Invalid(kInvalidCareCategory,
                 "a care category code is 1 to 64 of A-Z, 0-9 and _, "
                 "starting with a letter");
}

absl::Status TooManyCareCategories(int max) {
  return Invalid(kInvalidCareCategory,
                 absl::StrCat("at most ", max, " care categories"));
}

absl::Status CareCategoryTwice(absl::string_view code) {
  return Invalid(kInvalidCareCategory, absl::StrCat(code, " is listed twice"));
}

absl::Status InvalidGender() {
  return Invalid(kInvalidGender, "gender must be FEMALE or MALE");
}

absl::Status InvalidBirthYear(int32_t year) {
  return Invalid(
      kInvalidBirthYear,
      absl::StrCat("birth_year must be 1900 to this year, got ", year));
}

absl::Status NoUnitToSearch() {
  return Invalid(kInvalidUnit,
                 "name the unit to search in (your scope is the whole "
                 "system)");
}

}  // namespace jiamei::errors
