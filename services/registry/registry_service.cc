#include "services/registry/registry_service.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/auth/personal_data.h"
#include "services/common/validation.h"
#include "services/registry/registry_convert.h"
#include "services/registry/registry_errors.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_reader.h"
#include "storage/registry/registry_state.h"

namespace jiamei::services {
namespace {

using storage::Command;
using storage::EntryRecord;
using storage::Index;

constexpr int kMaxCareCategories = 20;
// Index keys one search may scan in one village.
constexpr int kMaxSearchScan = 200000;

// 1 to 64 of A-Z, 0-9 and _, starting with a letter.
absl::Status ValidateCareCode(absl::string_view code) {
  if (!code.empty() && absl::ascii_isupper(code[0]) &&
      ValidateIdentifier(code, "care_category", 64, false, "_").ok() &&
      absl::AsciiStrToUpper(code) == code) {
    return absl::OkStatus();
  }
  return errors::CareCategoryCode();
}

absl::Status ValidateCareCodes(
    const google::protobuf::RepeatedPtrField<std::string>& codes) {
  if (codes.size() > kMaxCareCategories) {
    return errors::TooManyCareCategories(kMaxCareCategories);
  }
  std::set<std::string> seen;
  for (const std::string& code : codes) {
    RETURN_IF_ERROR(ValidateCareCode(code));
    if (!seen.insert(code).second) {
      return errors::CareCategoryTwice(code);
    }
  }
  return absl::OkStatus();
}

// A person's details as stored: checked and normalised.
absl::StatusOr<storage::PersonFields> PersonFieldsFromProto(
    const jiamei::v1::Person& person) {
  RETURN_IF_ERROR(ValidateText(person.full_name(), "full_name", 1, 100));
  storage::PersonFields fields;
  fields.set_full_name(person.full_name());
  if (!person.phone().empty()) {
    ASSIGN_OR_RETURN(std::string phone, ValidatePhone(person.phone()));
    fields.set_phone(phone);
  }
  if (!person.resident_id().empty()) {
    ASSIGN_OR_RETURN(std::string id,
                     ValidateResidentId(person.resident_id(), Today()));
    fields.set_resident_id(id);
  }
  if (!jiamei::v1::Gender_IsValid(person.gender())) {
    return errors::InvalidGender();
  }
  fields.set_gender(person.gender());
  const int32_t year = person.birth_year();
  if (year != 0 && (year < 1900 || year > Today().year())) {
    return errors::InvalidBirthYear(year);
  }
  fields.set_birth_year(year);
  return fields;
}

}  // namespace

absl::StatusOr<storage::HouseholdRecord> RegistryService::ReadHousehold(
    const Principal& caller, absl::string_view name,
    absl::string_view field) const {
  ASSIGN_OR_RETURN(uint64_t id, ParseName(name, "households", field));
  ASSIGN_OR_RETURN(storage::HouseholdRecord household,
                   storage::RegistryReader(core_.store).GetHousehold(id));
  RETURN_IF_ERROR(core_.access->RequireHousehold(caller, household));
  return household;
}

absl::StatusOr<storage::PersonRecord> RegistryService::ReadPerson(
    const Principal& caller, absl::string_view name) const {
  ASSIGN_OR_RETURN(uint64_t id, ParseName(name, "people", "name"));
  ASSIGN_OR_RETURN(storage::PersonRecord person,
                   storage::RegistryReader(core_.store).GetPerson(id));
  RETURN_IF_ERROR(core_.access->RequirePerson(caller, person));
  return person;
}

absl::Status RegistryService::FillHousehold(const Principal& caller,
                                            uint64_t id,
                                            jiamei::v1::Household* out) const {
  const storage::RegistryReader reader(core_.store);
  ASSIGN_OR_RETURN(const storage::HouseholdRecord household,
                   reader.GetHousehold(id));
  return HouseholdWithMembersToProto(reader, household, caller, out);
}

absl::Status RegistryService::FillPerson(const Principal& caller, uint64_t id,
                                         jiamei::v1::Person* out) const {
  ASSIGN_OR_RETURN(storage::PersonRecord person,
                   storage::RegistryReader(core_.store).GetPerson(id));
  PersonToProto(person, caller, out);
  return absl::OkStatus();
}

absl::StatusOr<Command> RegistryService::CommandFromProto(
    const Principal& caller,
    const jiamei::v1::CreateHouseholdRequest& request) const {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  const jiamei::v1::Household& h = request.household();
  ASSIGN_OR_RETURN(uint64_t village,
                   ParseName(h.village(), "units", "village"));
  RETURN_IF_ERROR(ValidateIdentifier(h.number(), "number", 32, false, "-"));
  RETURN_IF_ERROR(ValidateText(h.address(), "address", 1, 200));
  RETURN_IF_ERROR(ValidateCareCodes(h.care_categories()));
  if (!h.care_categories().empty() && !SeesCareCategories(caller)) {
    return RequireRole(caller, kAdmin);
  }
  ASSIGN_OR_RETURN(storage::PersonFields head,
                   PersonFieldsFromProto(request.head()));
  RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, village));
  storage::RegistryChange change;
  storage::HouseholdCreated* created = change.mutable_household_created();
  created->set_village(village);
  created->set_number(h.number());
  created->set_address(h.address());
  *created->mutable_care_categories() = h.care_categories();
  *created->mutable_head() = std::move(head);
  return Command{request.request_id(), std::move(change)};
}

grpc::ServerUnaryReactor* RegistryService::CreateHousehold(
    grpc::CallbackServerContext* context,
    const jiamei::v1::CreateHouseholdRequest* request,
    jiamei::v1::Household* response) {
  return ServeWrite(
      core_, context, kRegistryPermissions.Of("CreateHousehold"), response,
      [&](const Principal& caller) {
        return CommandFromProto(caller, *request);
      },
      [this](const Principal& caller, const EntryRecord& entry,
             jiamei::v1::Household* out) {
        return FillHousehold(
            caller, entry.registry().household_created().household_id(), out);
      });
}

grpc::ServerUnaryReactor* RegistryService::GetHousehold(
    grpc::CallbackServerContext* context,
    const jiamei::v1::GetHouseholdRequest* request,
    jiamei::v1::Household* response) {
  const Permission& permission = kRegistryPermissions.Of("GetHousehold");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(storage::HouseholdRecord household,
                     ReadHousehold(caller, request->name(), "name"));
    return FillHousehold(caller, household.id(), response);
  });
}

grpc::ServerUnaryReactor* RegistryService::ListHouseholds(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ListHouseholdsRequest* request,
    jiamei::v1::ListHouseholdsResponse* response) {
  const Permission& permission = kRegistryPermissions.Of("ListHouseholds");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t village,
                     ParseName(request->village(), "units", "village"));
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, village));
    return ListIdPage(core_, Index::kVillageHousehold, village,
                      absl::StrCat("units/", village, "/households"),
                      request->page_size(), request->page_token(),
                      response->mutable_next_page_token(), [&](uint64_t id) {
                        return FillHousehold(caller, id,
                                             response->add_households());
                      });
  });
}

absl::StatusOr<std::vector<uint64_t>> RegistryService::VillagesUnder(
    uint64_t unit) const {
  const storage::RegistryReader reader(core_.store);
  std::vector<uint64_t> villages;
  std::vector<uint64_t> pending = {unit};
  while (!pending.empty()) {
    const uint64_t next = pending.back();
    pending.pop_back();
    ASSIGN_OR_RETURN(storage::UnitRecord record, reader.GetUnit(next));
    if (record.unit().level() == storage::kLevelVillage) {
      villages.push_back(next);
      continue;
    }
    ASSIGN_OR_RETURN(std::vector<uint64_t> children,
                     reader.ListIds(Index::kUnitChild, next, 0, INT32_MAX));
    pending.insert(pending.end(), children.begin(), children.end());
  }
  return villages;
}

absl::StatusOr<std::set<uint64_t>> RegistryService::Find(
    const Principal& caller, uint64_t unit, const std::string& term,
    uint64_t after, int limit) const {
  // Whoever sees phones masked finds a household by its whole phone only:
  // prefixes would rebuild the masked digits, and whole numbers tried in
  // turn would too, so those that find nothing are throttled.
  const bool whole_phones = !SeesPhone(caller, /*household=*/0);
  const std::string who = storage::OperatorName(caller.operator_id);
  const absl::StatusOr<std::string> phone = ValidatePhone(term);
  const bool guess = whole_phones && phone.ok() && *phone == term;
  const absl::Time now = absl::Now();
  if (guess) {
    RETURN_IF_ERROR(phone_guesses_.Admit(who, now,
                                         errors::kPhoneSearchThrottled,
                                         "phone numbers that found nothing"));
  }
  ASSIGN_OR_RETURN(std::vector<uint64_t> villages, VillagesUnder(unit));
  const storage::RegistryReader reader(core_.store);
  std::set<uint64_t> found;
  for (uint64_t village : villages) {
    ASSIGN_OR_RETURN(std::vector<uint64_t> ids,
                     reader.SearchVillage(village, term, after, limit,
                                          kMaxSearchScan, whole_phones));
    found.insert(ids.begin(), ids.end());
  }
  if (guess && after == 0 && found.empty()) {
    phone_guesses_.RecordFailure(who, now);
  }
  return found;
}

grpc::ServerUnaryReactor* RegistryService::SearchHouseholds(
    grpc::CallbackServerContext* context,
    const jiamei::v1::SearchHouseholdsRequest* request,
    jiamei::v1::SearchHouseholdsResponse* response) {
  const Permission& permission = kRegistryPermissions.Of("SearchHouseholds");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t unit,
                     ParseOptionalName(request->unit(), "units", "unit"));
    if (unit == 0) unit = caller.scope_unit;
    if (unit == 0) {
      return errors::NoUnitToSearch();
    }
    RETURN_IF_ERROR(ValidateText(request->query(), "query", 1, 100));
    ASSIGN_OR_RETURN(int page_size, ValidatePageSize(request->page_size()));
    const std::string term = storage::SearchTerm(request->query());
    const std::string list = absl::StrCat("search/", unit, "/", term);
    ASSIGN_OR_RETURN(uint64_t after,
                     core_.page_tokens->Resume(list, request->page_token(), 0));
    RETURN_IF_ERROR(core_.access->RequireUnit(caller, unit));
    ASSIGN_OR_RETURN(std::set<uint64_t> found,
                     Find(caller, unit, term, after, page_size + 1));
    std::vector<uint64_t> page(found.begin(), found.end());
    if (static_cast<int>(page.size()) > page_size) {
      page.resize(page_size);
      response->set_next_page_token(
          core_.page_tokens->Encode(list, page.back()));
    }
    for (uint64_t id : page) {
      RETURN_IF_ERROR(FillHousehold(caller, id, response->add_households()));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RegistryService::SetHouseholdCare(
    grpc::CallbackServerContext* context,
    const jiamei::v1::SetHouseholdCareRequest* request,
    jiamei::v1::Household* response) {
  return ServeWrite(
      core_, context, kRegistryPermissions.Of("SetHouseholdCare"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        RETURN_IF_ERROR(ValidateCareCodes(request->care_categories()));
        ASSIGN_OR_RETURN(storage::HouseholdRecord household,
                         ReadHousehold(caller, request->name(), "name"));
        storage::RegistryChange change;
        storage::HouseholdCareSet* set = change.mutable_household_care_set();
        set->set_household_id(household.id());
        *set->mutable_care_categories() = request->care_categories();
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal& caller, const EntryRecord& entry,
             jiamei::v1::Household* out) {
        return FillHousehold(
            caller, entry.registry().household_care_set().household_id(), out);
      });
}

grpc::ServerUnaryReactor* RegistryService::CreatePerson(
    grpc::CallbackServerContext* context,
    const jiamei::v1::CreatePersonRequest* request,
    jiamei::v1::Person* response) {
  return ServeWrite(
      core_, context, kRegistryPermissions.Of("CreatePerson"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(storage::PersonFields fields,
                         PersonFieldsFromProto(request->person()));
        ASSIGN_OR_RETURN(
            storage::HouseholdRecord household,
            ReadHousehold(caller, request->household(), "household"));
        storage::RegistryChange change;
        storage::PersonCreated* created = change.mutable_person_created();
        created->set_household_id(household.id());
        *created->mutable_person() = std::move(fields);
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal& caller, const EntryRecord& entry,
             jiamei::v1::Person* out) {
        return FillPerson(caller, entry.registry().person_created().person_id(),
                          out);
      });
}

grpc::ServerUnaryReactor* RegistryService::GetPerson(
    grpc::CallbackServerContext* context,
    const jiamei::v1::GetPersonRequest* request, jiamei::v1::Person* response) {
  const Permission& permission = kRegistryPermissions.Of("GetPerson");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(storage::PersonRecord person,
                     ReadPerson(caller, request->name()));
    PersonToProto(person, caller, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RegistryService::MovePerson(
    grpc::CallbackServerContext* context,
    const jiamei::v1::MovePersonRequest* request,
    jiamei::v1::Person* response) {
  return ServeWrite(
      core_, context, kRegistryPermissions.Of("MovePerson"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(storage::PersonRecord person,
                         ReadPerson(caller, request->name()));
        ASSIGN_OR_RETURN(
            storage::HouseholdRecord to,
            ReadHousehold(caller, request->household(), "household"));
        storage::RegistryChange change;
        change.mutable_person_moved()->set_person_id(person.id());
        change.mutable_person_moved()->set_to_household(to.id());
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal& caller, const EntryRecord& entry,
             jiamei::v1::Person* out) {
        return FillPerson(caller, entry.registry().person_moved().person_id(),
                          out);
      });
}

grpc::ServerUnaryReactor* RegistryService::CreateCareCategory(
    grpc::CallbackServerContext* context,
    const jiamei::v1::CreateCareCategoryRequest* request,
    jiamei::v1::CareCategory* response) {
  return ServeWrite(
      core_, context, kRegistryPermissions.Of("CreateCareCategory"), response,
      [&](const Principal&) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        const jiamei::v1::CareCategory& category = request->category();
        RETURN_IF_ERROR(ValidateCareCode(category.code()));
        RETURN_IF_ERROR(ValidateDisplayName(category.display_name()));
        storage::RegistryChange change;
        change.mutable_care_category_created()->set_code(category.code());
        change.mutable_care_category_created()->set_display_name(
            category.display_name());
        return Command{request->request_id(), std::move(change)};
      },
      [](const Principal&, const EntryRecord& entry,
         jiamei::v1::CareCategory* out) {
        out->set_code(entry.registry().care_category_created().code());
        out->set_display_name(
            entry.registry().care_category_created().display_name());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* RegistryService::ListCareCategories(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ListCareCategoriesRequest*,
    jiamei::v1::ListCareCategoriesResponse* response) {
  const Permission& permission = kRegistryPermissions.Of("ListCareCategories");
  return ServeRead(core_, context, permission, [&](const Principal&) {
    for (const storage::CareCategoryName& c :
         storage::BuiltInCareCategories()) {
      jiamei::v1::CareCategory* category = response->add_categories();
      category->set_code(c.code);
      category->set_display_name(c.display_name);
      category->set_built_in(true);
    }
    ASSIGN_OR_RETURN(std::vector<storage::CareCategoryCreated> added,
                     storage::RegistryReader(core_.store).ListCareCategories());
    for (const storage::CareCategoryCreated& c : added) {
      jiamei::v1::CareCategory* category = response->add_categories();
      category->set_code(c.code());
      category->set_display_name(c.display_name());
    }
    return absl::OkStatus();
  });
}

}  // namespace jiamei::services
