// The refusals of the register (units, households, people, volunteers,
// teams, operators) and the not-found reasons of its records, which every
// domain above it reuses. Each reason is a constant, after one comment line
// with its gRPC code and meaning (deploy/errors-doc.py lists them in
// docs/errors.md), then a factory for each way it is raised; the factories
// build the whole message, so that the text a client sees is written once.
#ifndef JIAMEI_STORAGE_REGISTRY_REGISTRY_ERRORS_H_
#define JIAMEI_STORAGE_REGISTRY_REGISTRY_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jiamei::errors {

// The NOT_FOUND refusal "<name> does not exist" with `reason`, which every
// folder's not-found factories give.
absl::Status DoesNotExist(const char* reason, absl::string_view name);

// NOT_FOUND: no unit has this id.
inline constexpr char kUnitNotFound[] = "UNIT_NOT_FOUND";
absl::Status UnitNotFound(uint64_t unit);

// NOT_FOUND: no household has this id.
inline constexpr char kHouseholdNotFound[] = "HOUSEHOLD_NOT_FOUND";
absl::Status HouseholdNotFound(uint64_t household);

// NOT_FOUND: no person has this id.
inline constexpr char kPersonNotFound[] = "PERSON_NOT_FOUND";
absl::Status PersonNotFound(uint64_t person);

// NOT_FOUND: no such person, or the person is not an enrolled volunteer.
inline constexpr char kVolunteerNotFound[] = "VOLUNTEER_NOT_FOUND";
absl::Status VolunteerNotFound(uint64_t volunteer);
absl::Status VolunteerNotFoundUnenrolled(uint64_t volunteer);

// NOT_FOUND: no volunteer team has this id.
inline constexpr char kTeamNotFound[] = "TEAM_NOT_FOUND";
absl::Status TeamNotFound(uint64_t team);

// NOT_FOUND: no operator has this id.
inline constexpr char kOperatorNotFound[] = "OPERATOR_NOT_FOUND";
absl::Status OperatorNotFound(uint64_t op);

// NOT_FOUND: the care category is neither built in nor created by an admin.
inline constexpr char kCareCategoryNotFound[] = "CARE_CATEGORY_NOT_FOUND";
absl::Status CareCategoryNotFound(absl::string_view code);

// INVALID_ARGUMENT: the register change names no kind of change.
inline constexpr char kEmptyChange[] = "EMPTY_CHANGE";
absl::Status EmptyChange();

// INVALID_ARGUMENT: a unit's level is not county, township or village.
inline constexpr char kInvalidLevel[] = "INVALID_LEVEL";
absl::Status InvalidLevel(int32_t level);

// INVALID_ARGUMENT: a unit's parent is missing, or not the level just above.
inline constexpr char kWrongParentLevel[] = "WRONG_PARENT_LEVEL";
absl::Status WrongParentLevel(int32_t level, uint64_t parent,
                              int32_t parent_level);
absl::Status WrongParentLevelForCounty();
absl::Status WrongParentLevelMissing(int32_t level);

// ALREADY_EXISTS: another unit has this code.
inline constexpr char kDuplicateCode[] = "DUPLICATE_CODE";
absl::Status DuplicateCode(absl::string_view code);

// INVALID_ARGUMENT or FAILED_PRECONDITION: the unit is not a village.
inline constexpr char kNotAVillage[] = "NOT_A_VILLAGE";
absl::Status NotAVillage(uint64_t unit, int32_t level);
absl::Status NotAVillageForSite(uint64_t unit);

// ALREADY_EXISTS: the village has a household with this number.
inline constexpr char kDuplicateHouseholdNumber[] =
    "DUPLICATE_HOUSEHOLD_NUMBER";
absl::Status DuplicateHouseholdNumber(absl::string_view number,
                                      uint64_t village);
// (in a register import: two households of the file have the number)
absl::Status HouseholdNumberTwiceInFile(absl::string_view number,
                                        int64_t first_row);

// ALREADY_EXISTS: a person with this resident ID number is registered.
inline constexpr char kDuplicateResidentId[] = "DUPLICATE_RESIDENT_ID";
absl::Status DuplicateResidentId();
// (in a register import: two people of the file have the number)
absl::Status ResidentIdTwiceInFile(int64_t first_row);

// ALREADY_EXISTS: the care category is built in or was created before.
inline constexpr char kDuplicateCareCategory[] = "DUPLICATE_CARE_CATEGORY";
absl::Status DuplicateCareCategory(absl::string_view code);
absl::Status DuplicateCareCategoryBuiltIn(absl::string_view code);

// FAILED_PRECONDITION: the person already lives in the household moved to.
inline constexpr char kAlreadyThere[] = "ALREADY_THERE";
absl::Status AlreadyThere(uint64_t person, uint64_t household);

// FAILED_PRECONDITION: the head of a household cannot move out of it.
inline constexpr char kHeadCannotMove[] = "HEAD_CANNOT_MOVE";
absl::Status HeadCannotMove(uint64_t person, uint64_t household);

// ALREADY_EXISTS: the person is already enrolled as a volunteer.
inline constexpr char kAlreadyVolunteer[] = "ALREADY_VOLUNTEER";
absl::Status AlreadyVolunteer(uint64_t person);

// FAILED_PRECONDITION: the volunteer already has the status asked for.
inline constexpr char kStatusUnchanged[] = "STATUS_UNCHANGED";
absl::Status StatusUnchanged(uint64_t volunteer);

// FAILED_PRECONDITION: a suspended volunteer cannot join a team or sign up.
inline constexpr char kVolunteerSuspended[] = "VOLUNTEER_SUSPENDED";
absl::Status VolunteerSuspended(uint64_t volunteer);

// FAILED_PRECONDITION: the volunteer is already in the team.
inline constexpr char kAlreadyMember[] = "ALREADY_MEMBER";
absl::Status AlreadyMember(uint64_t volunteer, uint64_t team);

// FAILED_PRECONDITION: the volunteer leaving a team is not in it.
inline constexpr char kNotAMember[] = "NOT_A_MEMBER";
absl::Status NotAMember(uint64_t volunteer, uint64_t team);

// FAILED_PRECONDITION: a team's leader cannot leave it.
inline constexpr char kLeaderCannotLeave[] = "LEADER_CANNOT_LEAVE";
absl::Status LeaderCannotLeave(uint64_t volunteer, uint64_t team);

// ALREADY_EXISTS: another operator has this login.
inline constexpr char kDuplicateLogin[] = "DUPLICATE_LOGIN";
absl::Status DuplicateLogin(absl::string_view login);

// FAILED_PRECONDITION: the operator is disabled already.
inline constexpr char kAlreadyDisabled[] = "ALREADY_DISABLED";
absl::Status AlreadyDisabled(uint64_t op);

// INVALID_ARGUMENT: a register import with no households, a household
// without people, a batch size out of range, or the fields the sequencer
// fills already set.
inline constexpr char kImportMalformed[] = "IMPORT_MALFORMED";
absl::Status ImportMalformed(absl::string_view what);

// ALREADY_EXISTS: rows of a register import conflict with the register or
// with each other (a household number or resident ID number taken, or given
// twice); nothing is written. The message names the first few; `conflicts`
// counts them and `first_row` is the first.
inline constexpr char kImportConflicts[] = "IMPORT_CONFLICTS";
absl::Status ImportConflicts(int64_t count, int64_t first_row,
                             absl::string_view first_few);

// RESOURCE_EXHAUSTED: a household search matches too many index keys.
inline constexpr char kQueryTooBroad[] = "QUERY_TOO_BROAD";
absl::Status QueryTooBroad();

}  // namespace jiamei::errors

#endif  // JIAMEI_STORAGE_REGISTRY_REGISTRY_ERRORS_H_
