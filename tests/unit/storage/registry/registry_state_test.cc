// The register's rules as the sequencer applies them, and the audit's replay
// of the register.
#include "storage/registry/registry_state.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_operators.h"
#include "storage/registry/registry_reader.h"
#include "tests/unit/storage/expect_refusal.h"
#include "tests/unit/storage/store_fixture.h"

namespace jiamei::storage {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Property;

class RegistryStateTest : public StoreFixture {
 protected:
  Command UnitCommand(int32_t level, uint64_t parent, const std::string& code) {
    RegistryChange change;
    UnitCreated* unit = change.mutable_unit_created();
    unit->set_code(code);
    unit->set_display_name("unit " + code);
    unit->set_level(level);
    unit->set_parent(parent);
    return {ledger_.NextId(), change};
  }
  Outcome AddUnit(int32_t level, uint64_t parent, const std::string& code) {
    return ledger_.Apply(UnitCommand(level, parent, code));
  }
  uint64_t MustAddUnit(int32_t level, uint64_t parent,
                       const std::string& code) {
    Outcome outcome = AddUnit(level, parent, code);
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? outcome->registry().unit_created().unit_id() : 0;
  }
  Outcome AddHousehold(uint64_t village, const std::string& number,
                       const std::string& head) {
    RegistryChange change;
    HouseholdCreated* h = change.mutable_household_created();
    h->set_village(village);
    h->set_number(number);
    h->set_address("1 Main road");
    h->mutable_head()->set_full_name(head);
    h->mutable_head()->set_phone("13812345678");
    return ledger_.Apply({ledger_.NextId(), change});
  }
  // A county, township and village: returns the village.
  uint64_t MustAddTree() {
    const uint64_t county = MustAddUnit(kLevelCounty, 0, "C1");
    const uint64_t township = MustAddUnit(kLevelTownship, county, "T1");
    return MustAddUnit(kLevelVillage, township, "V1");
  }
};

TEST_F(RegistryStateTest, UnitsFollowCountyTownshipVillage) {
  const uint64_t county = MustAddUnit(kLevelCounty, 0, "C1");
  EXPECT_EQ(RefusalReason(AddUnit(kLevelCounty, county, "C2").status()),
            "WRONG_PARENT_LEVEL");
  EXPECT_EQ(RefusalReason(AddUnit(kLevelTownship, 0, "T0").status()),
            "WRONG_PARENT_LEVEL");
  EXPECT_EQ(RefusalReason(AddUnit(kLevelVillage, county, "V0").status()),
            "WRONG_PARENT_LEVEL");
  EXPECT_EQ(AddUnit(kLevelTownship, 99, "T9").status().code(),
            absl::StatusCode::kNotFound);
  const uint64_t township = MustAddUnit(kLevelTownship, county, "T1");
  MustAddUnit(kLevelVillage, township, "V1");
  EXPECT_TRUE(Audit().clean());
}

TEST_F(RegistryStateTest, CreatingAUnitOpensItsIssuanceAccountInTheSameEntry) {
  Outcome county = AddUnit(kLevelCounty, 0, "C1");
  ASSERT_TRUE(county.ok()) << county.status();
  const uint64_t account = county->registry().account().account_id();
  absl::StatusOr<AccountView> view =
      LedgerReader(db_.store()).GetAccount(account);
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_EQ(view->account.kind(), kKindIssuance);
  EXPECT_EQ(view->account.unit(), county->registry().unit_created().unit_id());
  EXPECT_EQ(view->account.open_sequence(), county->sequence());
  // The answer to the opening stays the account as opened, whatever moves.
  Outcome other = AddUnit(kLevelCounty, 0, "C2");
  ASSERT_TRUE(other.ok()) << other.status();
  ASSERT_TRUE(ledger_
                  .Apply({ledger_.NextId(),
                          MakeTransfer{account,
                                       other->registry().account().account_id(),
                                       5, "TEST", ""}})
                  .ok());
  absl::StatusOr<AccountView> opened =
      LedgerReader(db_.store()).GetAccountAsOpened(account);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->account.SerializeAsString(),
            view->account.SerializeAsString());
  EXPECT_EQ(opened->balance.balance(), 0);
  EXPECT_EQ(opened->balance.last_sequence(), county->sequence());
  EXPECT_EQ(LedgerReader(db_.store()).GetAccount(account)->balance.balance(),
            -5);
}

TEST_F(RegistryStateTest, UnitCodesAreUniqueEvenWithinOneBatch) {
  MustAddUnit(kLevelCounty, 0, "C1");
  EXPECT_EQ(AddUnit(kLevelCounty, 0, "C1").status().code(),
            absl::StatusCode::kAlreadyExists);
  // The second sees the first before either is durable.
  std::vector<Outcome> batch = ledger_.ApplyBatch(
      {UnitCommand(kLevelCounty, 0, "C2"), UnitCommand(kLevelCounty, 0, "C2")});
  EXPECT_TRUE(batch[0].ok());
  EXPECT_EQ(RefusalReason(batch[1].status()), "DUPLICATE_CODE");
}

TEST_F(RegistryStateTest, AChildUnitMayFollowItsParentInTheSameBatch) {
  const uint64_t county = MustAddUnit(kLevelCounty, 0, "C1");
  std::vector<Outcome> batch =
      ledger_.ApplyBatch({UnitCommand(kLevelTownship, county, "T1"),
                          UnitCommand(kLevelVillage, county + 1, "V1")});
  EXPECT_TRUE(batch[0].ok()) << batch[0].status();
  EXPECT_TRUE(batch[1].ok()) << batch[1].status();
  EXPECT_TRUE(Audit().clean());
}

TEST_F(RegistryStateTest, HouseholdNumbersAreUniquePerVillageOnly) {
  const uint64_t village = MustAddTree();
  const uint64_t township = village - 1;
  const uint64_t other = MustAddUnit(kLevelVillage, township, "V2");
  ASSERT_TRUE(AddHousehold(village, "0001", "王芳").ok());
  EXPECT_EQ(RefusalReason(AddHousehold(village, "0001", "李敏").status()),
            "DUPLICATE_HOUSEHOLD_NUMBER");
  EXPECT_TRUE(AddHousehold(other, "0001", "李敏").ok());
  EXPECT_EQ(RefusalReason(AddHousehold(township, "0002", "赵").status()),
            "NOT_A_VILLAGE");
}

TEST_F(RegistryStateTest,
       WithWholePhonesAPhoneMatchesOnlyWholeNamesAndNumbersByPrefix) {
  const uint64_t village = MustAddTree();
  Outcome added = AddHousehold(village, "1381", "王芳");  // phone 13812345678
  ASSERT_TRUE(added.ok()) << added.status();
  const uint64_t household =
      added->registry().household_created().household_id();
  const RegistryReader reader(db_.store());
  auto search = [&](const std::string& term, bool whole_phones) {
    return *reader.SearchVillage(village, term, 0, 10, 1000, whole_phones);
  };
  EXPECT_THAT(search("1381234", false), ElementsAre(household));
  EXPECT_THAT(search("1381234", true), IsEmpty());
  EXPECT_THAT(search("13812345678", true), ElementsAre(household));
  // A prefix of the household number or of a name still finds it.
  EXPECT_THAT(search("138", true), ElementsAre(household));
  EXPECT_THAT(search("王", true), ElementsAre(household));
  EXPECT_THAT(search("1381234567", true), IsEmpty());
}

TEST_F(RegistryStateTest, MovingAPersonKeepsWhereTheyLivedAndMovesTheSearch) {
  const uint64_t village = MustAddTree();
  const uint64_t other = MustAddUnit(kLevelVillage, village - 1, "V2");
  Outcome home = AddHousehold(village, "0001", "王芳");
  Outcome away = AddHousehold(other, "0001", "李敏");
  ASSERT_TRUE(home.ok() && away.ok());
  const uint64_t from = home->registry().household_created().household_id();
  const uint64_t to = away->registry().household_created().household_id();
  RegistryChange add;
  add.mutable_person_created()->set_household_id(from);
  add.mutable_person_created()->mutable_person()->set_full_name("王小明");
  Outcome person = Apply(add);
  ASSERT_TRUE(person.ok()) << person.status();
  const uint64_t id = person->registry().person_created().person_id();

  RegistryChange move;
  move.mutable_person_moved()->set_person_id(id);
  move.mutable_person_moved()->set_to_household(to);
  Outcome moved = Apply(move);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->registry().person_moved().from_household(), from);

  const RegistryReader reader(db_.store());
  absl::StatusOr<PersonRecord> record = reader.GetPerson(id);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->household(), to);
  EXPECT_EQ(record->unit(), other);
  EXPECT_THAT(record->residences(),
              ElementsAre(Property(&Residence::household, from),
                          Property(&Residence::household, to)));
  EXPECT_THAT(*reader.SearchVillage(village, "王小", 0, 10, 1000, false),
              IsEmpty());
  EXPECT_THAT(*reader.SearchVillage(other, "王小", 0, 10, 1000, false),
              ElementsAre(to));
  EXPECT_THAT(
      *reader.ListIds(Index::kMember, from, 0, 10),
      ElementsAre(home->registry().household_created().head_person_id()));

  // The head of a household stays until another head is named.
  move.mutable_person_moved()->set_person_id(
      home->registry().household_created().head_person_id());
  EXPECT_EQ(RefusalReason(Apply(move).status()), "HEAD_CANNOT_MOVE");
  EXPECT_TRUE(Audit().clean());
}

TEST_F(RegistryStateTest, TeamJoiningsAndLeavingsAreAllKept) {
  const uint64_t village = MustAddTree();
  Outcome home = AddHousehold(village, "0001", "王芳");
  ASSERT_TRUE(home.ok());
  const uint64_t person = home->registry().household_created().head_person_id();
  RegistryChange enroll;
  enroll.mutable_volunteer_enrolled()->set_person_id(person);
  enroll.mutable_volunteer_enrolled()->set_join_date("2026-03-05");
  ASSERT_TRUE(Apply(enroll).ok());
  RegistryChange other_enroll = enroll;
  Outcome second = AddHousehold(village, "0002", "李敏");
  const uint64_t leader =
      second->registry().household_created().head_person_id();
  other_enroll.mutable_volunteer_enrolled()->set_person_id(leader);
  ASSERT_TRUE(Apply(other_enroll).ok());

  RegistryChange team;
  team.mutable_team_created()->set_unit_id(village);
  team.mutable_team_created()->set_display_name("巾帼助耕队");
  team.mutable_team_created()->set_leader(leader);
  team.mutable_team_created()->set_date("2026-03-05");
  Outcome created = Apply(team);
  ASSERT_TRUE(created.ok()) << created.status();
  const uint64_t team_id = created->registry().team_created().team_id();

  RegistryChange change;
  TeamMembershipChanged* m = change.mutable_team_membership_changed();
  m->set_team_id(team_id);
  m->set_person_id(person);
  m->set_date("2026-04-01");
  for (bool joined : {true, false, true}) {
    m->set_joined(joined);
    ASSERT_TRUE(Apply(change).ok());
  }
  EXPECT_EQ(RefusalReason(Apply(change).status()), "ALREADY_MEMBER");
  m->set_person_id(leader);
  m->set_joined(false);
  EXPECT_EQ(RefusalReason(Apply(change).status()), "LEADER_CANNOT_LEAVE");

  const RegistryReader reader(db_.store());
  absl::StatusOr<std::vector<MembershipEvent>> history =
      reader.ListMembershipEvents(Index::kTeamEvent, team_id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 4u);  // the leader's, then join, leave, join
  EXPECT_TRUE((*history)[2].change.joined() == false);
  EXPECT_THAT(*reader.ListIds(Index::kTeamMember, team_id, 0, 10),
              ElementsAre(person, leader));
  EXPECT_TRUE(Audit().clean());
}

TEST_F(RegistryStateTest, AuditFindsRegisterRecordsChangedBehindTheLog) {
  const uint64_t village = MustAddTree();
  ASSERT_TRUE(AddHousehold(village, "0001", "王芳").ok());
  ASSERT_TRUE(Audit().clean());
  rocksdb::DB* db = db_.store()->db();
  // A village renamed in place, a household number index dropped and a
  // search key made up.
  UnitRecord unit;
  ASSERT_TRUE(*db_.store()->GetProto(Cf::kRegistry,
                                     RecordKey(Record::kUnit, village), &unit));
  unit.mutable_unit()->set_display_name("renamed in place");
  ASSERT_TRUE(
      db->Put(rocksdb::WriteOptions(), db_.store()->handle(Cf::kRegistry),
              RecordKey(Record::kUnit, village), unit.SerializeAsString())
          .ok());
  ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(),
                         db_.store()->handle(Cf::kIndex),
                         IndexKey(Index::kHouseholdNumber, village, "0001"))
                  .ok());
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), db_.store()->handle(Cf::kIndex),
                      SearchKey(village, "ghost", 1, 0), "")
                  .ok());
  const jiamei::v1::AuditReport report = Audit();
  EXPECT_FALSE(report.clean());
  for (const char* kind :
       {"REGISTRY_MISMATCH", "REGISTRY_MISSING", "REGISTRY_EXTRA"}) {
    EXPECT_THAT(report.discrepancies(),
                Contains(Property(&jiamei::v1::Discrepancy::kind, kind)));
  }
  EXPECT_EQ(report.discrepancy_count(), 3u);
}

// Every refusal of registry_errors.h, in declared order, with its message
// (TigerBeetle's "every outcome" test: a reason no test reaches is a reason
// whose words nobody has read).
TEST_F(RegistryStateTest, EveryRefusalOfTheRegisterIsReachedWithItsMessage) {
  const auto expect = ::jiamei::testing::ExpectRefusal;
  const uint64_t village = MustAddTree();
  const uint64_t township = village - 1, county = village - 2;
  Outcome home = AddHousehold(village, "0001", "王芳");
  Outcome next = AddHousehold(village, "0002", "李敏");
  ASSERT_TRUE(home.ok() && next.ok());
  const uint64_t household =
      home->registry().household_created().household_id();
  const uint64_t head = home->registry().household_created().head_person_id();
  const uint64_t other_household =
      next->registry().household_created().household_id();
  const uint64_t other_head =
      next->registry().household_created().head_person_id();

  RegistryChange rename;
  rename.mutable_unit_renamed()->set_unit_id(99);
  expect(Apply(rename).status(), "UNIT_NOT_FOUND", "units/99 does not exist");
  RegistryChange person;
  person.mutable_person_created()->set_household_id(99);
  expect(Apply(person).status(), "HOUSEHOLD_NOT_FOUND",
         "households/99 does not exist");
  RegistryChange enroll;
  enroll.mutable_volunteer_enrolled()->set_person_id(99);
  expect(Apply(enroll).status(), "PERSON_NOT_FOUND",
         "people/99 does not exist");
  RegistryChange status;
  status.mutable_volunteer_status_set()->set_person_id(head);
  status.mutable_volunteer_status_set()->set_status(kVolunteerSuspended);
  expect(Apply(status).status(), "VOLUNTEER_NOT_FOUND",
         absl::StrCat("volunteers/", head, " does not exist"));
  RegistryChange join;
  join.mutable_team_membership_changed()->set_team_id(99);
  join.mutable_team_membership_changed()->set_person_id(head);
  join.mutable_team_membership_changed()->set_joined(true);
  expect(Apply(join).status(), "TEAM_NOT_FOUND", "teams/99 does not exist");
  RegistryChange disable;
  disable.mutable_operator_disabled()->set_operator_id(99);
  expect(Apply(disable).status(), "OPERATOR_NOT_FOUND",
         "operators/99 does not exist");
  RegistryChange care;
  care.mutable_household_care_set()->set_household_id(household);
  care.mutable_household_care_set()->add_care_categories("FLOODED");
  expect(Apply(care).status(), "CARE_CATEGORY_NOT_FOUND",
         "care category FLOODED does not exist");
  expect(Apply(RegistryChange()).status(), "EMPTY_CHANGE",
         "the change is empty");
  expect(AddUnit(4, village, "X1").status(), "INVALID_LEVEL",
         "unknown unit level 4");
  expect(AddUnit(kLevelCounty, county, "X2").status(), "WRONG_PARENT_LEVEL",
         "a county has no parent unit");
  expect(AddUnit(kLevelTownship, 0, "X3").status(), "WRONG_PARENT_LEVEL",
         "a township needs a parent unit");
  expect(AddUnit(kLevelVillage, county, "X4").status(), "WRONG_PARENT_LEVEL",
         absl::StrCat("the parent of a village must be a township; units/",
                      county, " is a county"));
  expect(AddUnit(kLevelVillage, township, "V1").status(), "DUPLICATE_CODE",
         "unit code V1 is already taken");
  expect(AddHousehold(township, "0003", "张华").status(), "NOT_A_VILLAGE",
         absl::StrCat("households live in villages; units/", township,
                      " is a township"));
  expect(AddHousehold(village, "0001", "张华").status(),
         "DUPLICATE_HOUSEHOLD_NUMBER",
         absl::StrCat("household number 0001 is already taken in units/",
                      village));
  RegistryChange resident;
  resident.mutable_person_created()->set_household_id(household);
  resident.mutable_person_created()->mutable_person()->set_full_name("王小明");
  resident.mutable_person_created()->mutable_person()->set_resident_id(
      "110101200001010011");
  ASSERT_TRUE(Apply(resident).ok());
  expect(Apply(resident).status(), "DUPLICATE_RESIDENT_ID",
         "a person with this resident ID number is already registered");
  RegistryChange category;
  category.mutable_care_category_created()->set_code("ORPHAN");
  expect(Apply(category).status(), "DUPLICATE_CARE_CATEGORY",
         "ORPHAN is built in");
  category.mutable_care_category_created()->set_code("FLOODED");
  ASSERT_TRUE(Apply(category).ok());
  expect(Apply(category).status(), "DUPLICATE_CARE_CATEGORY",
         "FLOODED already exists");
  RegistryChange move;
  move.mutable_person_moved()->set_person_id(head);
  move.mutable_person_moved()->set_to_household(household);
  expect(Apply(move).status(), "ALREADY_THERE",
         absl::StrCat("people/", head, " already lives in households/",
                      household));
  move.mutable_person_moved()->set_to_household(other_household);
  expect(
      Apply(move).status(), "HEAD_CANNOT_MOVE",
      absl::StrCat("people/", head, " is the head of households/", household));
  for (uint64_t id : {head, other_head}) {
    enroll.mutable_volunteer_enrolled()->set_person_id(id);
    ASSERT_TRUE(Apply(enroll).ok());
  }
  expect(Apply(enroll).status(), "ALREADY_VOLUNTEER",
         absl::StrCat("people/", other_head, " is already volunteers/",
                      other_head));
  status.mutable_volunteer_status_set()->set_status(kVolunteerActive);
  expect(Apply(status).status(), "STATUS_UNCHANGED",
         absl::StrCat("volunteers/", head, " already has this status"));
  RegistryChange team;
  team.mutable_team_created()->set_unit_id(village);
  team.mutable_team_created()->set_display_name("巾帼助耕队");
  team.mutable_team_created()->set_leader(other_head);
  Outcome created = Apply(team);
  ASSERT_TRUE(created.ok()) << created.status();
  const uint64_t team_id = created->registry().team_created().team_id();
  status.mutable_volunteer_status_set()->set_status(kVolunteerSuspended);
  ASSERT_TRUE(Apply(status).ok());
  join.mutable_team_membership_changed()->set_team_id(team_id);
  expect(Apply(join).status(), "VOLUNTEER_SUSPENDED",
         absl::StrCat("volunteers/", head, " is suspended"));
  join.mutable_team_membership_changed()->set_person_id(other_head);
  expect(Apply(join).status(), "ALREADY_MEMBER",
         absl::StrCat("volunteers/", other_head, " is already in teams/",
                      team_id));
  join.mutable_team_membership_changed()->set_joined(false);
  expect(Apply(join).status(), "LEADER_CANNOT_LEAVE",
         absl::StrCat("volunteers/", other_head, " leads teams/", team_id));
  join.mutable_team_membership_changed()->set_person_id(head);
  expect(Apply(join).status(), "NOT_A_MEMBER",
         absl::StrCat("volunteers/", head, " is not in teams/", team_id));
  RegistryChange op;
  op.mutable_operator_created()->set_login("clerk");
  op.mutable_operator_created()->set_display_name("clerk");
  op.mutable_operator_created()->set_role(3);
  Outcome clerk = Apply(op);
  ASSERT_TRUE(clerk.ok()) << clerk.status();
  expect(Apply(op).status(), "DUPLICATE_LOGIN", "login clerk is already taken");
  const uint64_t clerk_id = clerk->registry().operator_created().operator_id();
  // The answer to CreateOperator is the record the creation wrote.
  EXPECT_EQ(
      CreatedOperatorRecord(*clerk).SerializeAsString(),
      RegistryReader(db_.store()).GetOperator(clerk_id)->SerializeAsString());
  disable.mutable_operator_disabled()->set_operator_id(clerk_id);
  ASSERT_TRUE(Apply(disable).ok());
  expect(Apply(disable).status(), "ALREADY_DISABLED",
         absl::StrCat("operators/", clerk_id, " is disabled"));
  expect(RegistryReader(db_.store())
             .SearchVillage(village, "王", 0, 10, /*max_scan=*/0, false)
             .status(),
         "QUERY_TOO_BROAD", "the query matches too much; type more of it");
  EXPECT_TRUE(Audit().clean());
}

}  // namespace
}  // namespace jiamei::storage
