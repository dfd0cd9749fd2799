// Register imports through the state machine: one command logged as one
// entry per batch of households, each opening the points accounts of its
// households, all or none; the request ids of its parts; the conflicts a
// dry run lists; and the audit's replay of imported households.
#include "storage/registry/registry_import.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/core/canonical.h"
#include "storage/core/postings.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_reader.h"
#include "storage/registry/registry_state.h"
#include "tests/unit/storage/store_fixture.h"

namespace jiamei::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;

class RegistryImportTest : public StoreFixture {
 protected:
  void SetUp() override {
    const uint64_t county = AddUnit(kLevelCounty, 0, "C1");
    township_ = AddUnit(kLevelTownship, county, "T1");
    village_ = AddUnit(kLevelVillage, township_, "V1");
  }

  // A household of the file: number, and people as (name, resident id),
  // the head first, on consecutive rows from `row`.
  static ImportedHousehold Household(
      const std::string& number, uint32_t row,
      const std::vector<std::pair<std::string, std::string>>& people) {
    ImportedHousehold h;
    h.set_number(number);
    h.set_address("Dongcun " + number);
    for (const auto& [name, id] : people) {
      ImportedPerson* p = h.add_people();
      p->mutable_person()->set_full_name(name);
      p->mutable_person()->set_resident_id(id);
      p->set_relation(h.people_size() == 1 ? "户主" : "子");
      p->set_row(row++);
    }
    return h;
  }
  // Three households of 2, 1 and 2 people on rows 2 to 6, two a batch.
  RegistryChange ThreeHouseholds() {
    RegistryChange change;
    HouseholdsImported* import = change.mutable_households_imported();
    import->set_village(village_);
    import->set_batch_size(2);
    *import->add_households() = Household(
        "0001", 2, {{"王秀英", "11010519491231002X"}, {"王小明", ""}});
    *import->add_households() = Household("0002", 4, {{"李芳", ""}});
    *import->add_households() =
        Household("0003", 5, {{"张桂兰", "110101198001010028"}, {"张伟", ""}});
    return change;
  }
  std::vector<ImportConflict> Conflicts(const RegistryChange& change) {
    absl::StatusOr<std::vector<ImportConflict>> found = FindImportConflicts(
        StoreViews(db_.store()), change.households_imported());
    EXPECT_TRUE(found.ok()) << found.status();
    return found.ok() ? *found : std::vector<ImportConflict>();
  }

  uint64_t township_ = 0;
  uint64_t village_ = 0;
};

TEST_F(RegistryImportTest, OneImportLogsAnEntryPerBatchEachOpeningItsAccounts) {
  const HeadRecord before = ledger_.head();
  const Outcome first = ledger_.Apply({"import-0001", ThreeHouseholds()});
  ASSERT_TRUE(first.ok()) << first.status();
  // Two entries: households 1-2, then 3, one after the other.
  EXPECT_EQ(ledger_.head().last_sequence(), before.last_sequence() + 2);
  const HouseholdsImported& batch0 = first->registry().households_imported();
  EXPECT_EQ(batch0.batch(), 0u);
  EXPECT_EQ(batch0.batches(), 2u);
  EXPECT_EQ(batch0.households_size(), 2);
  EXPECT_THAT(OpenedAccounts(*first), SizeIs(2));
  absl::StatusOr<EntryRecord> second =
      LedgerReader(db_.store()).GetEntry(first->sequence() + 1);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->request_id(), "import-0001/1");
  EXPECT_EQ(second->registry().households_imported().batch(), 1u);
  EXPECT_EQ(second->registry().households_imported().digest(), batch0.digest());
  EXPECT_THAT(OpenedAccounts(*second), SizeIs(1));
  // Ids in the file's order, the head first; each household's account is
  // its own and empty.
  EXPECT_EQ(ledger_.head().last_household_id(), before.last_household_id() + 3);
  EXPECT_EQ(ledger_.head().last_person_id(), before.last_person_id() + 5);
  EXPECT_EQ(ledger_.head().last_account_id(), before.last_account_id() + 3);
  const RegistryReader reader(db_.store());
  const uint64_t third = before.last_household_id() + 3;
  absl::StatusOr<HouseholdRecord> h = reader.GetHousehold(third);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->number(), "0003");
  EXPECT_EQ(h->create_sequence(), first->sequence() + 1);
  EXPECT_EQ(h->account(), before.last_account_id() + 3);
  EXPECT_EQ(Balance(h->account()), 0);
  absl::StatusOr<PersonRecord> head = reader.GetPerson(h->head());
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->fields().full_name(), "张桂兰");
  EXPECT_EQ(head->household(), third);
  EXPECT_THAT(*reader.ListIds(Index::kMember, third, 0, 10), SizeIs(2));
  EXPECT_TRUE(Audit().clean());
}

TEST_F(RegistryImportTest, ARetryAnswersTheFirstEntryAndAnotherFileIsRefused) {
  const Outcome first = ledger_.Apply({"import-0001", ThreeHouseholds()});
  ASSERT_TRUE(first.ok()) << first.status();
  const HeadRecord after = ledger_.head();
  const Outcome again = ledger_.Apply({"import-0001", ThreeHouseholds()});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->sequence(), first->sequence());
  EXPECT_EQ(ledger_.head().last_sequence(), after.last_sequence());
  // One row changed in the last batch: another request.
  RegistryChange other = ThreeHouseholds();
  other.mutable_households_imported()
      ->mutable_households(2)
      ->mutable_people(1)
      ->mutable_person()
      ->set_full_name("张强");
  const Outcome reused = ledger_.Apply({"import-0001", other});
  EXPECT_EQ(RefusalReason(reused.status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(ledger_.head().last_sequence(), after.last_sequence());
}

TEST_F(RegistryImportTest,
       AConflictInTheLastBatchWritesNothingAndIsRemembered) {
  AddHousehold(village_, "0003");
  const HeadRecord before = ledger_.head();
  const Outcome refused = ledger_.Apply({"import-0002", ThreeHouseholds()});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(RefusalReason(refused.status()), "IMPORT_CONFLICTS");
  EXPECT_THAT(std::string(refused.status().message()),
              ::testing::HasSubstr("row 5: household number 0003"));
  EXPECT_EQ(ledger_.head().last_sequence(), before.last_sequence());
  EXPECT_EQ(ledger_.head().last_household_id(), before.last_household_id());
  const Outcome again = ledger_.Apply({"import-0002", ThreeHouseholds()});
  EXPECT_EQ(again.status(), refused.status());
  EXPECT_TRUE(Audit().clean());
}

TEST_F(RegistryImportTest, APartsRequestIdTakenRefusesTheWholeImport) {
  // Clients' request ids have no '/', but the ledger does not rely on it.
  RegistryChange unit;
  unit.mutable_unit_created()->set_code("V9");
  unit.mutable_unit_created()->set_display_name("V9");
  unit.mutable_unit_created()->set_level(kLevelVillage);
  unit.mutable_unit_created()->set_parent(township_);
  ASSERT_TRUE(ledger_.Apply({"import-0003/1", unit}).ok());
  const HeadRecord before = ledger_.head();
  const Outcome refused = ledger_.Apply({"import-0003", ThreeHouseholds()});
  EXPECT_EQ(RefusalReason(refused.status()), "REQUEST_ID_REUSED");
  EXPECT_THAT(std::string(refused.status().message()),
              ::testing::HasSubstr("import-0003/1"));
  EXPECT_EQ(ledger_.head().last_sequence(), before.last_sequence());
}

TEST_F(RegistryImportTest, ConflictsWithTheRegisterAndWithinTheFileAreByRow) {
  AddHousehold(village_, "0002");
  RegistryChange change = ThreeHouseholds();
  HouseholdsImported* import = change.mutable_households_imported();
  // Row 7: household 0001 again; row 8: 王秀英's ID number again.
  *import->add_households() = Household("0001", 7, {{"赵敏", ""}});
  *import->add_households() =
      Household("0009", 8, {{"钱红", "11010519491231002X"}});
  // The fixture's households have no ID numbers: register one, then ask
  // for it on row 5.
  RegistryChange person;
  person.mutable_person_created()->set_household_id(1);
  person.mutable_person_created()->mutable_person()->set_full_name("x");
  person.mutable_person_created()->mutable_person()->set_resident_id(
      "110101198001010028");
  ASSERT_TRUE(Apply(person).ok());
  const std::vector<ImportConflict> conflicts = Conflicts(change);
  std::vector<std::pair<uint32_t, std::string>> got;
  for (const ImportConflict& c : conflicts) {
    got.emplace_back(c.row, RefusalReason(c.refusal));
  }
  EXPECT_THAT(got, ElementsAre(std::pair(4u, "DUPLICATE_HOUSEHOLD_NUMBER"),
                               std::pair(5u, "DUPLICATE_RESIDENT_ID"),
                               std::pair(7u, "DUPLICATE_HOUSEHOLD_NUMBER"),
                               std::pair(8u, "DUPLICATE_RESIDENT_ID")));
  EXPECT_THAT(std::string(conflicts[2].refusal.message()),
              ::testing::HasSubstr("row 2"));
  const Outcome refused = Apply(change);
  EXPECT_EQ(RefusalReason(refused.status()), "IMPORT_CONFLICTS");
  const RefusalDetails details = RefusalDetailsOf(refused.status());
  ASSERT_THAT(details, SizeIs(2));
  EXPECT_EQ(details[0].key, "conflicts");
  EXPECT_EQ(details[0].value, "4");
  EXPECT_EQ(details[1].key, "first_row");
  EXPECT_EQ(details[1].value, "4");
}

TEST_F(RegistryImportTest, MalformedImportsAndOtherUnitsAreRefused) {
  auto reason = [&](const RegistryChange& change) {
    return RefusalReason(Apply(change).status());
  };
  RegistryChange empty;
  empty.mutable_households_imported()->set_village(village_);
  EXPECT_EQ(reason(empty), "IMPORT_MALFORMED");
  RegistryChange nobody = ThreeHouseholds();
  nobody.mutable_households_imported()->mutable_households(1)->clear_people();
  EXPECT_EQ(reason(nobody), "IMPORT_MALFORMED");
  RegistryChange batched = ThreeHouseholds();
  batched.mutable_households_imported()->set_batches(1);
  EXPECT_EQ(reason(batched), "IMPORT_MALFORMED");
  RegistryChange allocated = ThreeHouseholds();
  allocated.mutable_households_imported()
      ->mutable_households(0)
      ->set_household_id(7);
  EXPECT_EQ(reason(allocated), "IMPORT_MALFORMED");
  RegistryChange big = ThreeHouseholds();
  big.mutable_households_imported()->set_batch_size(kMaxImportBatch + 1);
  EXPECT_EQ(reason(big), "IMPORT_MALFORMED");
  RegistryChange township = ThreeHouseholds();
  township.mutable_households_imported()->set_village(township_);
  EXPECT_EQ(reason(township), "NOT_A_VILLAGE");
  RegistryChange nowhere = ThreeHouseholds();
  nowhere.mutable_households_imported()->set_village(99);
  EXPECT_EQ(reason(nowhere), "UNIT_NOT_FOUND");
}

TEST_F(RegistryImportTest, TheFirstEntryIsFingerprintedAsItsRequest) {
  const RegistryChange whole = ThreeHouseholds();
  const Outcome first = ledger_.Apply({"import-0004", whole});
  ASSERT_TRUE(first.ok()) << first.status();
  Command as_logged;
  as_logged.op = AsRequested(first->registry());
  Command requested;
  requested.op = whole;
  EXPECT_EQ(Fingerprint(as_logged), Fingerprint(requested));
  // The digest covers the rows the first entry does not hold.
  EXPECT_EQ(first->registry().households_imported().digest(),
            ImportDigest(whole.households_imported()));
}

TEST_F(RegistryImportTest, TheAuditFindsADamagedImportedHousehold) {
  const Outcome first = ledger_.Apply({"import-0005", ThreeHouseholds()});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(Audit().clean());
  const uint64_t id = ledger_.head().last_household_id();
  absl::StatusOr<HouseholdRecord> h =
      RegistryReader(db_.store()).GetHousehold(id);
  ASSERT_TRUE(h.ok()) << h.status();
  h->set_address("somewhere else");
  Damage(Record::kHousehold, id, *h);
  ExpectAuditFindsRegistryMismatch();
}

TEST_F(RegistryImportTest, TheAuditFindsADamagedImportedPerson) {
  ASSERT_TRUE(ledger_.Apply({"import-0006", ThreeHouseholds()}).ok());
  const uint64_t id = ledger_.head().last_person_id();
  absl::StatusOr<PersonRecord> p = RegistryReader(db_.store()).GetPerson(id);
  ASSERT_TRUE(p.ok()) << p.status();
  p->mutable_fields()->set_full_name("张三");
  Damage(Record::kPerson, id, *p);
  ExpectAuditFindsRegistryMismatch();
}

}  // namespace
}  // namespace jiamei::storage
