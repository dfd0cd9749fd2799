#include "storage/registry/registry_errors.h"

#include "absl/strings/str_cat.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_state.h"

namespace jiamei::errors {
namespace {

using absl::StatusCode;
using storage::HouseholdName;
using storage::OperatorName;
using storage::PersonName;
using storage::TeamName;
using storage::UnitName;
using storage::VolunteerName;

const char* LevelWord(int32_t level) {
  switch (level) {
    case storage::kLevelCounty:
      return "a county";
    case storage::kLevelTownship:
      return "a township";
    default:
      return "a village";
  }
}

}  // namespace

absl::Status DoesNotExist(const char* reason, absl::string_view name) {
  return Refusal(StatusCode::kNotFound, reason,
                 absl::StrCat(name, " does not exist"));
}

absl::Status UnitNotFound(uint64_t unit) {
  return DoesNotExist(kUnitNotFound, UnitName(unit));
}

absl::Status HouseholdNotFound(uint64_t household) {
  return DoesNotExist(kHouseholdNotFound, HouseholdName(household));
}

absl::Status PersonNotFound(uint64_t person) {
  return DoesNotExist(kPersonNotFound, PersonName(person));
}

absl::Status VolunteerNotFound(uint64_t volunteer) {
  return DoesNotExist(kVolunteerNotFound, VolunteerName(volunteer));
}

absl::Status VolunteerNotFoundUnenrolled(uint64_t volunteer) {
  return Refusal(
      StatusCode::kNotFound, kVolunteerNotFound,
      absl::StrCat(VolunteerName(volunteer), " is not an enrolled volunteer"));
}

absl::Status TeamNotFound(uint64_t team) {
  return DoesNotExist(kTeamNotFound, TeamName(team));
}

absl::Status OperatorNotFound(uint64_t op) {
  return DoesNotExist(kOperatorNotFound, OperatorName(op));
}

absl::Status CareCategoryNotFound(absl::string_view code) {
  return DoesNotExist(kCareCategoryNotFound,
                      absl::StrCat("care category ", code));
}

absl::Status EmptyChange() {
  return Refusal(StatusCode::kInvalidArgument, kEmptyChange,
                 "the change is empty");
}

absl::Status InvalidLevel(int32_t level) {
  return Refusal(StatusCode::kInvalidArgument, kInvalidLevel,
                 absl::StrCat("unknown unit level ", level));
}

absl::Status WrongParentLevel(int32_t level, uint64_t parent,
                              int32_t parent_level) {
  return Refusal(StatusCode::kInvalidArgument, kWrongParentLevel,
                 absl::StrCat("the parent of ", LevelWord(level), " must be ",
                              LevelWord(level - 1), "; ", UnitName(parent),
                              " is ", LevelWord(parent_level)));
}

absl::Status WrongParentLevelForCounty() {
  return Refusal(StatusCode::kInvalidArgument, kWrongParentLevel,
                 "a county has no parent unit");
}

absl::Status WrongParentLevelMissing(int32_t level) {
  return Refusal(StatusCode::kInvalidArgument, kWrongParentLevel,
                 absl::StrCat(LevelWord(level), " needs a parent unit"));
}

absl::Status DuplicateCode(absl::string_view code) {
  return Refusal(StatusCode::kAlreadyExists, kDuplicateCode,
                 absl::StrCat("unit code ", code, " is already taken"));
}

absl::Status NotAVillage(uint64_t unit, int32_t level) {
  return Refusal(StatusCode::kInvalidArgument, kNotAVillage,
                 absl::StrCat("households live in villages; ", UnitName(unit),
                              " is ", LevelWord(level)));
}

absl::Status NotAVillageForSite(uint64_t unit) {
  return Refusal(StatusCode::kFailedPrecondition, kNotAVillage,
                 absl::StrCat(UnitName(unit), " is not a village"));
}

absl::Status DuplicateHouseholdNumber(absl::string_view number,
                                      uint64_t village) {
  return Refusal(StatusCode::kAlreadyExists, kDuplicateHouseholdNumber,
                 absl::StrCat("household number ", number,
                              " is already taken in ", UnitName(village)));
}

absl::Status HouseholdNumberTwiceInFile(absl::string_view number,
                                        int64_t first_row) {
  return Refusal(StatusCode::kAlreadyExists, kDuplicateHouseholdNumber,
                 absl::StrCat("household number ", number,
                              " is also that of the household of row ",
                              first_row, "; a household's rows go together"),
                 {{"first_row", first_row}});
}

absl::Status ResidentIdTwiceInFile(int64_t first_row) {
  return Refusal(
      StatusCode::kAlreadyExists, kDuplicateResidentId,
      absl::StrCat("the resident ID number is also that of row ", first_row),
      {{"first_row", first_row}});
}

absl::Status ImportMalformed(absl::string_view what) {
  return Refusal(StatusCode::kInvalidArgument, kImportMalformed,
                 absl::StrCat("a register import must have ", what));
}

absl::Status ImportConflicts(int64_t count, int64_t first_row,
                             absl::string_view first_few) {
  return Refusal(
      StatusCode::kAlreadyExists, kImportConflicts,
      absl::StrCat(count, count == 1 ? " row conflicts" : " rows conflict",
                   " with the register or with each other, and nothing was "
                   "written: ",
                   first_few, count > 5 ? "; ..." : "",
                   " (a dry run lists every one)"),
      {{"conflicts", count}, {"first_row", first_row}});
}

absl::Status DuplicateResidentId() {
  return Refusal(StatusCode::kAlreadyExists, kDuplicateResidentId,
                 "a person with this resident ID number is already "
                 "registered");
}

absl::Status DuplicateCareCategory(absl::string_view code) {
  return Refusal(StatusCode::kAlreadyExists, kDuplicateCareCategory,
                 absl::StrCat(code, " already exists"));
}

absl::Status DuplicateCareCategoryBuiltIn(absl::string_view code) {
  return Refusal(StatusCode::kAlreadyExists, kDuplicateCareCategory,
                 absl::StrCat(code, " is built in"));
}

absl::Status AlreadyThere(uint64_t person, uint64_t household) {
  return Refusal(StatusCode::kFailedPrecondition, kAlreadyThere,
                 absl::StrCat(PersonName(person), " already lives in ",
                              HouseholdName(household)));
}

absl::Status HeadCannotMove(uint64_t person, uint64_t household) {
  return Refusal(StatusCode::kFailedPrecondition, kHeadCannotMove,
                 absl::StrCat(PersonName(person), " is the head of ",
                              HouseholdName(household)));
}

absl::Status AlreadyVolunteer(uint64_t person) {
  return Refusal(
      StatusCode::kAlreadyExists, kAlreadyVolunteer,
      absl::StrCat(PersonName(person), " is already ", VolunteerName(person)));
}

absl::Status StatusUnchanged(uint64_t volunteer) {
  return Refusal(
      StatusCode::kFailedPrecondition, kStatusUnchanged,
      absl::StrCat(VolunteerName(volunteer), " already has this status"));
}

absl::Status VolunteerSuspended(uint64_t volunteer) {
  return Refusal(StatusCode::kFailedPrecondition, kVolunteerSuspended,
                 absl::StrCat(VolunteerName(volunteer), " is suspended"));
}

absl::Status AlreadyMember(uint64_t volunteer, uint64_t team) {
  return Refusal(StatusCode::kFailedPrecondition, kAlreadyMember,
                 absl::StrCat(VolunteerName(volunteer), " is already in ",
                              TeamName(team)));
}

absl::Status NotAMember(uint64_t volunteer, uint64_t team) {
  return Refusal(
      StatusCode::kFailedPrecondition, kNotAMember,
      absl::StrCat(VolunteerName(volunteer), " is not in ", TeamName(team)));
}

absl::Status LeaderCannotLeave(uint64_t volunteer, uint64_t team) {
  return Refusal(
      StatusCode::kFailedPrecondition, kLeaderCannotLeave,
      absl::StrCat(VolunteerName(volunteer), " leads ", TeamName(team)));
}

absl::Status DuplicateLogin(absl::string_view login) {
  return Refusal(StatusCode::kAlreadyExists, kDuplicateLogin,
                 absl::StrCat("login ", login, " is already taken"));
}

absl::Status AlreadyDisabled(uint64_t op) {
  return Refusal(StatusCode::kFailedPrecondition, kAlreadyDisabled,
                 absl::StrCat(OperatorName(op), " is disabled"));
}

absl::Status QueryTooBroad() {
  return Refusal(StatusCode::kResourceExhausted, kQueryTooBroad,
                 "the query matches too much; type more of it");
}

}  // namespace jiamei::errors
