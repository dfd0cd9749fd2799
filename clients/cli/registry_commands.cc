// The commands of the register: units, households, people, care
// categories.
#include <iostream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/cli/client.h"
#include "clients/cli/command.h"
#include "clients/cli/flag_values.h"
#include "clients/cli/flags.h"
#include "clients/cli/output.h"
#include "jiamei/v1/organization.grpc.pb.h"
#include "jiamei/v1/registry.grpc.pb.h"

// The flags only these commands read.
ABSL_FLAG(std::string, level, "", "county, township or village");
ABSL_FLAG(std::string, parent, "", "the unit above, units/N");
ABSL_FLAG(std::string, village, "", "a village, units/N");
ABSL_FLAG(std::string, number, "", "household number, unique in its village");
ABSL_FLAG(std::string, address, "", "household address");
ABSL_FLAG(std::string, head_name, "", "the head of a new household's name");
ABSL_FLAG(std::string, head_phone, "", "their phone");
ABSL_FLAG(std::string, head_resident_id, "", "their resident ID number");
ABSL_FLAG(std::string, head_gender, "", "female or male");
ABSL_FLAG(int32_t, head_birth_year, 0, "their birth year");
ABSL_FLAG(std::string, full_name, "", "a person's name");
ABSL_FLAG(std::string, phone, "", "a person's phone");
ABSL_FLAG(std::string, resident_id, "", "a person's resident ID number");
ABSL_FLAG(std::string, gender, "", "female or male");
ABSL_FLAG(int32_t, birth_year, 0, "a person's birth year");
ABSL_FLAG(std::string, care, "", "care category codes, comma-separated");
ABSL_FLAG(bool, dry_run, false, "check every row and write nothing");

namespace jiamei::cli {
namespace {

// Each unit's depth below the first of `units` whose parent is not listed.
std::vector<Row> UnitRows(const Repeated<v1::Unit>& units) {
  std::map<std::string, size_t> depth;
  std::vector<Row> rows;
  for (const v1::Unit& unit : units) {
    const auto parent = depth.find(unit.parent());
    depth[unit.name()] = parent == depth.end() ? 0 : parent->second + 1;
    rows.push_back(
        {unit.name(), Word(unit.level()), unit.code(), Cell(unit.parent()),
         unit.issuance_account(),
         std::string(2 * depth[unit.name()], ' ') + unit.display_name()});
  }
  return rows;
}

void PrintUnits(const Repeated<v1::Unit>& units, const std::string& token) {
  PrintTable({{"UNIT", false},
              {"LEVEL", false},
              {"CODE", false},
              {"PARENT", false},
              {"ISSUANCE", false},
              {"DISPLAY NAME", false}},
             UnitRows(units));
  PrintNextPageToken(token);
}

// The member who heads `household`, or nullptr if the caller sees none.
const v1::Person* HeadOf(const v1::Household& household) {
  for (const v1::Person& member : household.members()) {
    if (member.name() == household.head()) return &member;
  }
  return nullptr;
}

void PrintMembers(const v1::Household& household) {
  std::vector<Row> rows;
  for (const v1::Person& member : household.members()) {
    rows.push_back(
        {member.name(), Cell(member.phone()), Cell(member.resident_id()),
         member.gender() == v1::GENDER_UNSPECIFIED ? "-"
                                                   : Word(member.gender()),
         member.birth_year() == 0 ? "-" : absl::StrCat(member.birth_year()),
         member.full_name()});
  }
  std::cout << "members:\n";
  PrintTable({{"PERSON", false},
              {"PHONE", false},
              {"RESIDENT ID", false},
              {"GENDER", false},
              {"BORN", true},
              {"FULL NAME", false}},
             rows);
}

void PrintHouseholds(const Repeated<v1::Household>& households,
                     const std::string& token) {
  std::vector<Row> rows;
  for (const v1::Household& household : households) {
    const v1::Person* head = HeadOf(household);
    rows.push_back({household.name(), household.village(), household.number(),
                    household.account(), absl::StrCat(household.members_size()),
                    Cell(head == nullptr ? "" : head->phone()),
                    absl::StrCat(head == nullptr ? "" : head->full_name(), " ",
                                 household.address())});
  }
  PrintTable({{"HOUSEHOLD", false},
              {"VILLAGE", false},
              {"NUMBER", false},
              {"ACCOUNT", false},
              {"MEMBERS", true},
              {"PHONE", false},
              {"HEAD ADDRESS", false}},
             rows);
  PrintNextPageToken(token);
}

}  // namespace

template <>
void Print(const v1::Unit& unit) {
  std::vector<Field> fields = {{"name", unit.name()},
                               {"code", unit.code()},
                               {"display_name", unit.display_name()},
                               {"level", Word(unit.level())}};
  AddIfSet(&fields, "parent", unit.parent());
  fields.insert(fields.end(),
                {{"issuance_account", unit.issuance_account()},
                 {"created", Time(unit.create_time())},
                 {"create_sequence", absl::StrCat(unit.create_sequence())}});
  if (unit.update_sequence() != unit.create_sequence()) {
    fields.emplace_back("renamed_at_sequence",
                        absl::StrCat(unit.update_sequence()));
  }
  PrintFields(fields);
}

template <>
void Print(const v1::ListUnitsResponse& page) {
  PrintUnits(page.units(), page.next_page_token());
}

template <>
void Print(const v1::WalkUnitsResponse& page) {
  PrintUnits(page.units(), page.next_page_token());
}

template <>
void Print(const v1::Household& household) {
  const v1::Person* head = HeadOf(household);
  std::vector<Field> fields = {
      {"name", household.name()},
      {"village", household.village()},
      {"number", household.number()},
      {"address", household.address()},
      {"head", head == nullptr ? household.head()
                               : Named(head->full_name(), head->name())},
      {"account", household.account()}};
  if (!household.care_categories().empty()) {
    fields.emplace_back("care",
                        absl::StrJoin(household.care_categories(), ","));
  }
  fields.emplace_back("created", Time(household.create_time()));
  PrintFields(fields);
  PrintMembers(household);
}

template <>
void Print(const v1::ListHouseholdsResponse& page) {
  PrintHouseholds(page.households(), page.next_page_token());
}

template <>
void Print(const v1::SearchHouseholdsResponse& page) {
  PrintHouseholds(page.households(), page.next_page_token());
}

template <>
void Print(const v1::Person& person) {
  std::vector<Field> fields = {{"name", person.name()},
                               {"full_name", person.full_name()}};
  AddIfSet(&fields, "phone", person.phone());
  AddIfSet(&fields, "resident_id", person.resident_id());
  if (person.gender() != v1::GENDER_UNSPECIFIED) {
    fields.emplace_back("gender", Word(person.gender()));
  }
  if (person.birth_year() != 0) {
    fields.emplace_back("birth_year", absl::StrCat(person.birth_year()));
  }
  fields.insert(fields.end(), {{"household", person.household()},
                               {"village", person.unit()},
                               {"volunteer", person.volunteer() ? "yes" : "no"},
                               {"created", Time(person.create_time())}});
  for (const v1::Residence& residence : person.residences()) {
    fields.emplace_back(
        "lived_in",
        absl::StrCat(residence.household(), " from ", Time(residence.since())));
  }
  PrintFields(fields);
}

template <>
void Print(const v1::CareCategory& category) {
  PrintFields({{"code", category.code()},
               {"display_name", category.display_name()},
               {"built_in", category.built_in() ? "yes" : "no"}});
}

template <>
void Print(const v1::ListCareCategoriesResponse& page) {
  std::vector<Row> rows;
  for (const v1::CareCategory& category : page.categories()) {
    rows.push_back({category.code(), category.built_in() ? "yes" : "no",
                    category.display_name()});
  }
  PrintTable({{"CODE", false}, {"BUILT IN", false}, {"DISPLAY NAME", false}},
             rows);
}

namespace {

using Organization = v1::OrganizationService::Stub;
using Registry = v1::RegistryService::Stub;

int UnitCreate(Client* client, const std::string& /*operand*/) {
  std::string error;
  const v1::UnitLevel level = ParseWord<v1::UnitLevel>(FLAGS_level, &error);
  if (!error.empty()) return UsageError(error);
  v1::CreateUnitRequest request;
  v1::Unit* unit = request.mutable_unit();
  unit->set_code(absl::GetFlag(FLAGS_code));
  unit->set_display_name(absl::GetFlag(FLAGS_display_name));
  unit->set_level(level);
  unit->set_parent(NameFlag(FLAGS_parent, "units"));
  request.set_request_id(RequestId());
  return client->Call(&Organization::CreateUnit, request);
}

int UnitRename(Client* client, const std::string& name) {
  v1::RenameUnitRequest request;
  request.set_name(name);
  request.set_display_name(absl::GetFlag(FLAGS_display_name));
  request.set_request_id(RequestId());
  return client->Call(&Organization::RenameUnit, request);
}

// The flags that describe a person: --full_name and its kin, or for the
// head of a new household --head_name and its kin.
struct PersonFlags {
  const absl::Flag<std::string>* full_name;
  const absl::Flag<std::string>* phone;
  const absl::Flag<std::string>* resident_id;
  const absl::Flag<std::string>* gender;
  const absl::Flag<int32_t>* birth_year;
};

constexpr PersonFlags kPersonFlags = {&FLAGS_full_name, &FLAGS_phone,
                                      &FLAGS_resident_id, &FLAGS_gender,
                                      &FLAGS_birth_year};
constexpr PersonFlags kHeadFlags = {&FLAGS_head_name, &FLAGS_head_phone,
                                    &FLAGS_head_resident_id, &FLAGS_head_gender,
                                    &FLAGS_head_birth_year};

// Fills `person` from `flags`. Returns why it could not, or "".
std::string FillPerson(const PersonFlags& flags, v1::Person* person) {
  std::string error;
  person->set_gender(ParseWord<v1::Gender>(*flags.gender, &error));
  person->set_full_name(absl::GetFlag(*flags.full_name));
  person->set_phone(absl::GetFlag(*flags.phone));
  person->set_resident_id(absl::GetFlag(*flags.resident_id));
  person->set_birth_year(absl::GetFlag(*flags.birth_year));
  return error;
}

int HouseholdCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateHouseholdRequest request;
  if (std::string error = FillPerson(kHeadFlags, request.mutable_head());
      !error.empty()) {
    return UsageError(error);
  }
  v1::Household* household = request.mutable_household();
  household->set_village(NameFlag(FLAGS_village, "units"));
  household->set_number(absl::GetFlag(FLAGS_number));
  household->set_address(absl::GetFlag(FLAGS_address));
  SetList(FLAGS_care, household->mutable_care_categories());
  request.set_request_id(RequestId());
  return client->Call(&Registry::CreateHousehold, request);
}

int HouseholdSearch(Client* client, const std::string& query) {
  v1::SearchHouseholdsRequest request;
  request.set_query(query);
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  return client->List(&Registry::SearchHouseholds, request);
}

int HouseholdCare(Client* client, const std::string& name) {
  v1::SetHouseholdCareRequest request;
  request.set_name(name);
  SetList(FLAGS_care, request.mutable_care_categories());
  request.set_request_id(RequestId());
  return client->Call(&Registry::SetHouseholdCare, request);
}

int PersonCreate(Client* client, const std::string& /*operand*/) {
  v1::CreatePersonRequest request;
  if (std::string error = FillPerson(kPersonFlags, request.mutable_person());
      !error.empty()) {
    return UsageError(error);
  }
  request.set_household(NameFlag(FLAGS_household, "households"));
  request.set_request_id(RequestId());
  return client->Call(&Registry::CreatePerson, request);
}

int PersonMove(Client* client, const std::string& name) {
  v1::MovePersonRequest request;
  request.set_name(name);
  request.set_household(NameFlag(FLAGS_household, "households"));
  request.set_request_id(RequestId());
  return client->Call(&Registry::MovePerson, request);
}

// The problems of a dry run, by row: what an officer fixes in the file.
std::vector<Row> ProblemRows(const v1::ImportRegisterResponse& import) {
  std::vector<Row> rows;
  for (const v1::ImportProblem& p : import.problems()) {
    rows.push_back({absl::StrCat(p.row()), p.reason(),
                    absl::StrCat(p.column(), ": ", p.message())});
  }
  return rows;
}

}  // namespace

template <>
void Print(const v1::ImportRegisterResponse& import) {
  std::vector<Field> fields = {
      {"encoding", import.encoding()},
      {"rows", absl::StrCat(import.rows())},
      {"households", absl::StrCat(import.households())},
      {"people", absl::StrCat(import.people())}};
  AddIfSet(&fields, "ignored columns",
           absl::StrJoin(import.ignored_columns(), ", "));
  if (import.dry_run()) {
    fields.emplace_back("problems", absl::StrCat(import.problem_count()));
  } else {
    fields.emplace_back("first household", import.first_household());
    fields.emplace_back("last household", import.last_household());
    fields.emplace_back("entries", absl::StrJoin(import.sequences(), ", "));
  }
  PrintFields(fields);
  if (import.problems_size() == 0) return;
  std::cout << "\n";
  PrintTable({{"ROW", true}, {"REASON", false}, {"COLUMN: PROBLEM", false}},
             ProblemRows(import));
  if (import.problem_count() > import.problems_size()) {
    std::cout << "(" << import.problems_size() << " of "
              << import.problem_count() << " problems shown)\n";
  }
}

int ExitCode(const v1::ImportRegisterResponse& import) {
  return import.problem_count() > 0 ? kExitRefused : kExitOk;
}

namespace {

int HouseholdImport(Client* client, const std::string& path) {
  absl::StatusOr<std::string> file = ReadFileBytes(path);
  if (!file.ok()) return UsageError(file.status().message());
  v1::ImportRegisterRequest first;
  first.set_village(NameFlag(FLAGS_village, "units"));
  first.set_dry_run(absl::GetFlag(FLAGS_dry_run));
  if (!first.dry_run()) first.set_request_id(RequestId());
  v1::ImportRegisterResponse response;
  const grpc::Status status =
      client->ImportRegister(std::move(first), *file, &response);
  return status.ok() ? Show(response) : Refused(status);
}

int CategoryCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateCareCategoryRequest request;
  request.mutable_category()->set_code(absl::GetFlag(FLAGS_code));
  request.mutable_category()->set_display_name(
      absl::GetFlag(FLAGS_display_name));
  request.set_request_id(RequestId());
  return client->Call(&Registry::CreateCareCategory, request);
}

constexpr Command kCommands[] = {
    {"unit", "create", "",
     "--code=CODE --display_name=NAME --level=county|township|village "
     "[--parent=UNIT] [--request_id=ID]",
     "create a county, township or village", kCallTimeout, UnitCreate},
    {"unit", "rename", "UNIT", "--display_name=NAME [--request_id=ID]",
     "give a unit a new display name", kCallTimeout, UnitRename},
    {"unit", "get", "UNIT", "", "show a unit", kCallTimeout,
     Get<&Organization::GetUnit>},
    {"unit", "list", "[PARENT]", kPagingFlags,
     "list the units under PARENT, or the top ones", kCallTimeout,
     ListOf<&Organization::ListUnits, &v1::ListUnitsRequest::mutable_parent>},
    {"unit", "walk", "ROOT", kPagingFlags,
     "list ROOT and every unit below it, indented", kCallTimeout,
     ListOf<&Organization::WalkUnits, &v1::WalkUnitsRequest::mutable_root>},
    {"household", "create", "",
     "--village=UNIT --number=N --address=TEXT --head_name=NAME "
     "[--head_phone=PHONE] [--head_resident_id=ID] "
     "[--head_gender=female|male] [--head_birth_year=YEAR] "
     "[--care=CODE,...] [--request_id=ID]",
     "register a household with its head", kCallTimeout, HouseholdCreate},
    {"household", "import", "FILE",
     "--village=UNIT [--dry_run] [--request_id=ID]",
     "register a village's households and people from a CSV file saved by "
     "Excel or WPS (- reads standard input)",
     kImportTimeout, HouseholdImport},
    {"household", "get", "HOUSEHOLD", "", "show a household and its members",
     kCallTimeout, Get<&Registry::GetHousehold>},
    {"household", "list", "VILLAGE", kPagingFlags,
     "list the households of a village", kCallTimeout,
     ListOf<&Registry::ListHouseholds,
            &v1::ListHouseholdsRequest::mutable_village>},
    {"household", "search", "QUERY",
     "[--unit=UNIT] [--page_size=N] [--page_token=T] [--all]",
     "find households by number, name, phone or address", kCallTimeout,
     HouseholdSearch},
    {"household", "care", "HOUSEHOLD", "--care=[CODE,...] [--request_id=ID]",
     "set a household's care categories", kCallTimeout, HouseholdCare},
    {"person", "create", "",
     "--household=HOUSEHOLD --full_name=NAME [--phone=PHONE] "
     "[--resident_id=ID] [--gender=female|male] [--birth_year=YEAR] "
     "[--request_id=ID]",
     "add a person to a household", kCallTimeout, PersonCreate},
    {"person", "get", "PERSON", "", "show a person and where they have lived",
     kCallTimeout, Get<&Registry::GetPerson>},
    {"person", "move", "PERSON", "--household=HOUSEHOLD [--request_id=ID]",
     "move a person to another household", kCallTimeout, PersonMove},
    {"category", "create", "",
     "--code=CODE --display_name=NAME [--request_id=ID]",
     "create a care category", kCallTimeout, CategoryCreate},
    {"category", "list", "", "", "list the care categories", kCallTimeout,
     Ask<&Registry::ListCareCategories>},
};

}  // namespace

absl::Span<const Command> RegistryCommands() { return kCommands; }

}  // namespace jiamei::cli
