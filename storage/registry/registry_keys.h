// Keys of the register. Records (Cf::kRegistry) and indexes (Cf::kIndex)
// share their column family by a one-byte prefix per kind, then big-endian
// ids, so that each kind iterates in id order and each index by its parts.
#ifndef JIAMEI_STORAGE_REGISTRY_REGISTRY_KEYS_H_
#define JIAMEI_STORAGE_REGISTRY_REGISTRY_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace jiamei::storage {

// Records, in Cf::kRegistry.
enum class Record : char {
  kUnit = 'u',             // id -> UnitRecord
  kHousehold = 'h',        // id -> HouseholdRecord
  kPerson = 'p',           // id -> PersonRecord
  kTeam = 't',             // id -> TeamRecord
  kOperator = 'o',         // id -> OperatorRecord
  kCredential = 'k',       // operator id -> CredentialRecord
  kCareCategory = 'c',     // code -> CareCategoryCreated
  kRule = 'r',             // id -> RuleRecord
  kSite = 's',             // id -> SiteRecord
  kGood = 'g',             // id -> GoodRecord
  kRedemption = 'd',       // id -> RedemptionRecord
  kStocktake = 'i',        // id -> StocktakeRecord
  kActivity = 'a',         // id -> ActivityRecord
  kServiceRecord = 'v',    // id -> ServiceRecordRecord
  kCertificate = 'e',      // id -> CertificateRecord
  kPolicy = 'y',           // unit id -> PolicyRecord
  kApproval = 'q',         // id -> ApprovalRecord
  kHonour = 'b',           // household id -> HonourRecord
  kVolunteerHonour = 'm',  // person id -> HonourRecord
  kCard = 'n',             // serial -> CardRecord
  kCardFloat = 'f',        // unit -> CardFloatRecord
};

// Indexes, in Cf::kIndex. Values are an id or empty.
enum class Index : char {
  kUnitCode = 'C',          // code -> unit id
  kUnitChild = 'K',         // (parent, child) ; parent 0 for counties
  kHouseholdNumber = 'N',   // (village, number) -> household id
  kVillageHousehold = 'H',  // (village, household)
  kMember = 'M',            // (household, person)
  kResidentId = 'R',        // resident id -> person id
  kSearch = 'S',            // (village, term, household, person)
  kUnitAccount = 'A',       // (unit, account)
  kTeamMember = 'T',        // (team, person): members now
  kVolunteerTeam = 'V',     // (person, team): teams now
  kTeamEvent = 'E',         // (team, sequence) of joinings and leavings
  kVolunteerEvent = 'F',    // (person, sequence) of joinings and leavings
  kUnitTeam = 'U',          // (unit, team)
  kLogin = 'L',             // login -> operator id
  kRuleCode = 'Q',          // (unit, code) -> rule id
  kUnitRule = 'P',          // (unit, rule): rules a unit published
  kUnitSite = 'G',          // (unit, site) for the site's unit and above
  kSiteGood = 'O',          // (site, good)
  kStockLine = 'Y',         // (good, sequence) -> StockLine
  kSiteRedemption = 'Z',    // (site, redemption)
  kSiteStocktake = 's',     // (site, stocktake); no capital was left
  kAwarded = 'X',           // (household, rule, period) -> points so far
  kParticipation = 'B',     // (activity, volunteer) -> ParticipationRecord
  kUnitActivity = 'I',      // (unit, activity)
  kVolunteerRecord = 'D',   // (volunteer, record)
  kUnitCard = 'W',          // (unit, card)
  kUnitCardState = 'w',     // (unit, state, card)
  kMarketEvent = 'J',       // (village, day, sequence): awards and
                            // redemptions of the village's households
  kUnitApproval = 'k',      // (unit, approval) for the unit and above
  kHonourDay = 'x',         // (village, day, household) -> HonourDay
  kServiceDay = 'z',        // (village, day, volunteer) -> HonourDay
  kLots = 'l',              // household account -> LotsRecord
  kExpiryRun = 'e',         // (village, period) -> ExpiryRunRecord
};

std::string RecordKey(Record kind, uint64_t id);
std::string RecordKey(Record kind, absl::string_view code);

// An index key: the prefix, then each id big-endian, then `text` if any.
std::string IndexKey(Index kind, uint64_t a);
std::string IndexKey(Index kind, uint64_t a, uint64_t b);
std::string IndexKey(Index kind, uint64_t a, uint64_t b, uint64_t c);
std::string IndexKey(Index kind, absl::string_view text);
std::string IndexKey(Index kind, uint64_t a, absl::string_view text);
// (village, term, household, person): the term ends at a NUL byte.
std::string SearchKey(uint64_t village, absl::string_view term,
                      uint64_t household, uint64_t person);

// The id `position` places after the prefix (0 the first id), if present.
std::optional<uint64_t> KeyId(absl::string_view key, int position);
// The (household, person) at the end of a search key.
std::optional<uint64_t> SearchKeyHousehold(absl::string_view key);
// The term of a search key, and whether it is a person's term made only of
// digits: their phone (a household number's key names no person; a name of
// digits alone counts as a phone too).
absl::string_view SearchKeyTerm(absl::string_view key);
bool IsPhoneSearchKey(absl::string_view key);

std::string EncodeId(uint64_t id);
std::optional<uint64_t> DecodeId(absl::string_view value);

// Days since 1970-01-01, as the day indexes key them (the supermarket's
// events, honour by day, lots).
uint64_t DayNumber(absl::CivilDay day);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_REGISTRY_REGISTRY_KEYS_H_
