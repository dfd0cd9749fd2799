// RosterRows (services/export/ledgers.h): the 农户花名册's rows. Each
// household goes through services/registry's HouseholdWithMembersToProto,
// the converter of RegistryService's own reads, so that the caller sees
// ID numbers, phones and care categories exactly as those reads show them
// (services/auth/access.h's SeesPhone, SeesResidentId,
// SeesCareCategories), no more. Households are read a page at a time.
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jiamei/v1/registry.pb.h"
#include "services/export/indexed_ids.h"
#include "services/export/ledgers.h"
#include "services/market/market_figures.h"
#include "services/registry/registry_convert.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_state.h"
#include "storage/registry/registry_reader.h"
#include "storage/registry/registry_state.h"

namespace jiamei::services {
namespace {

std::string GenderText(jiamei::v1::Gender gender) {
  switch (gender) {
    case jiamei::v1::GENDER_FEMALE:
      return "女";
    case jiamei::v1::GENDER_MALE:
      return "男";
    default:
      break;
  }
  return "";
}

}  // namespace

absl::Status RosterRows(const ExportScope& scope, LedgerSheet* sheet) {
  const storage::RegistryReader registry(scope.store, scope.snapshot->get());
  std::map<std::string, std::string> care_names;  // code -> display name
  for (const storage::CareCategoryName& c : storage::BuiltInCareCategories()) {
    care_names[c.code] = c.display_name;
  }
  ASSIGN_OR_RETURN(const std::vector<storage::CareCategoryCreated> categories,
                   registry.ListCareCategories());
  for (const storage::CareCategoryCreated& c : categories) {
    care_names[c.code()] = c.display_name();
  }
  std::vector<uint64_t> villages;
  RETURN_IF_ERROR(VillagesOf(registry, scope.unit, 2, &villages));
  int64_t households = 0;
  for (uint64_t village : villages) {
    RETURN_IF_ERROR(ForEachIndexed(
        registry, storage::Index::kVillageHousehold, village,
        [&](uint64_t id) -> absl::Status {
          ASSIGN_OR_RETURN(const storage::HouseholdRecord record,
                           registry.GetHousehold(id));
          if (storage::MarketDay(record.create_time_micros()) > scope.to) {
            return absl::OkStatus();
          }
          jiamei::v1::Household household;
          RETURN_IF_ERROR(HouseholdWithMembersToProto(
              registry, record, scope.caller, &household));
          std::vector<std::string> care;
          for (const std::string& code : household.care_categories()) {
            auto it = care_names.find(code);
            care.push_back(it != care_names.end() ? it->second : code);
          }
          const std::string care_text = absl::StrJoin(care, "、");
          ++households;
          for (const jiamei::v1::Person& person : household.members()) {
            const bool head = person.name() == household.head();
            RETURN_IF_ERROR(sheet->Add(
                {Cell::Text(household.number()), Cell::Text(person.full_name()),
                 Cell::Text(head ? "是" : ""),
                 Cell::Text(GenderText(person.gender())),
                 person.birth_year() != 0 ? Cell::Number(person.birth_year())
                                          : Cell::Text(""),
                 Cell::Text(person.resident_id()), Cell::Text(person.phone()),
                 Cell::Text(household.address()), Cell::Text(care_text)}));
          }
          return absl::OkStatus();
        }));
  }
  // 合计: the households and the people listed.
  sheet->SetTotal(0, Cell::Text(absl::StrCat(households, "户")));
  sheet->SetTotal(1, Cell::Text(absl::StrCat(sheet->rows(), "人")));
  return absl::OkStatus();
}

}  // namespace jiamei::services
