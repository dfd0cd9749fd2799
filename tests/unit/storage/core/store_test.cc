#include "storage/core/store.h"

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/core/keys.h"
#include "storage/ledger/ledger_reader.h"
#include "tests/unit/storage/test_store.h"

namespace jiamei::storage {
namespace {

using ::jiamei::testing::TestLedger;
using ::jiamei::testing::TestStore;
using ::testing::HasSubstr;

TEST(StoreTest, DataSurvivesReopen) {
  TestStore db;
  TestLedger(db.store()).OpenAndAward({42});
  db.Reopen();
  absl::StatusOr<AccountView> home = LedgerReader(db.store()).GetAccount(2);
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->balance.balance(), 42);
  EXPECT_EQ(LedgerReader(db.store()).GetHead()->last_sequence(), 3u);
}

TEST(StoreTest, SecondOpenOfTheSameDirectoryIsRefusedAsInUse) {
  TestStore db;
  absl::StatusOr<std::unique_ptr<Store>> second = Store::Open(db.dir());
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(std::string(second.status().message()), HasSubstr("in use"));
}

TEST(StoreTest, NewerSchemaIsRefusedAndLeftUnchanged) {
  TestStore db;
  ASSERT_TRUE(db.store()
                  ->db()
                  ->Put(rocksdb::WriteOptions(), db.store()->handle(Cf::kMeta),
                        std::string(kSchemaVersionKey),
                        EncodeUint32(Store::kSchemaVersion + 1))
                  .ok());
  db.Close();
  absl::StatusOr<std::unique_ptr<Store>> reopened = Store::Open(db.dir());
  ASSERT_FALSE(reopened.ok());
  EXPECT_THAT(std::string(reopened.status().message()), HasSubstr("schema"));
  // Still the newer version: a read-only look must not have changed it.
  rocksdb::DB* raw = nullptr;
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, {}}, {"meta", {}}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  ASSERT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), db.dir(),
                                           families, &handles, &raw)
                  .ok());
  std::string value;
  EXPECT_TRUE(
      raw->Get({}, handles[1], std::string(kSchemaVersionKey), &value).ok());
  EXPECT_EQ(DecodeUint32(value), Store::kSchemaVersion + 1);
  for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
  delete raw;
}

TEST(StoreTest, PathThatIsAFileIsRefused) {
  TestStore db;
  const std::string file = db.dir() + "/plain-file";
  std::ofstream(file) << "x";
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(file);
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(std::string(store.status().message()),
              HasSubstr("not a directory"));
}

TEST(StoreTest, NonEmptyForeignDirectoryIsRefusedAndUntouched) {
  TestStore db;
  const std::string dir = db.dir() + "/foreign";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/notes.txt") << "village notes";
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(dir);
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(std::string(store.status().message()),
              HasSubstr("no jiamei store"));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(StoreTest, MissingParentDirectoriesAreCreated) {
  TestStore db;
  absl::StatusOr<std::unique_ptr<Store>> store =
      Store::Open(db.dir() + "/a/b/c");
  EXPECT_TRUE(store.ok()) << store.status();
}

}  // namespace
}  // namespace jiamei::storage
