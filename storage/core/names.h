// The resource names of the API ("accounts/7", "transfers/42"), which the
// core also uses in refusals and audit reports so that they name records the
// way clients do.
#ifndef JIAMEI_STORAGE_CORE_NAMES_H_
#define JIAMEI_STORAGE_CORE_NAMES_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"

namespace jiamei::storage {

inline std::string AccountName(uint64_t id) {
  return absl::StrCat("accounts/", id);
}

inline std::string TransferName(uint64_t sequence) {
  return absl::StrCat("transfers/", sequence);
}

inline std::string UnitName(uint64_t id) { return absl::StrCat("units/", id); }

inline std::string HouseholdName(uint64_t id) {
  return absl::StrCat("households/", id);
}

inline std::string PersonName(uint64_t id) {
  return absl::StrCat("people/", id);
}

inline std::string VolunteerName(uint64_t id) {
  return absl::StrCat("volunteers/", id);
}

inline std::string TeamName(uint64_t id) { return absl::StrCat("teams/", id); }

inline std::string OperatorName(uint64_t id) {
  return absl::StrCat("operators/", id);
}

inline std::string RuleName(uint64_t id) { return absl::StrCat("rules/", id); }

inline std::string SiteName(uint64_t id) { return absl::StrCat("sites/", id); }

inline std::string GoodName(uint64_t id) { return absl::StrCat("goods/", id); }

inline std::string RedemptionName(uint64_t id) {
  return absl::StrCat("redemptions/", id);
}

inline std::string ApprovalName(uint64_t id) {
  return absl::StrCat("approvals/", id);
}

inline std::string StocktakeName(uint64_t id) {
  return absl::StrCat("stocktakes/", id);
}

// What a desk prints: the site, then the redemption.
inline std::string ReceiptNumber(uint64_t site, uint64_t redemption) {
  return absl::StrCat(site, "-", redemption);
}

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_NAMES_H_
