// The server refuses data directories it must not use, says why, exits
// non-zero, and leaves them as they were.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

constexpr int kDataDirRefused = 3;
// Flags the server checks itself exit 2; flags Abseil's parser rejects
// (unknown, or not parsable as their type) exit 1 from inside the parser.
constexpr int kBadFlagValue = 2;
constexpr int kUnparsableFlag = 1;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string BigEndian32(uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
          static_cast<char>(value >> 8), static_cast<char>(value)};
}

// Reads or overwrites meta/schema_version of a stopped server's data
// directory with RocksDB directly.
class SchemaVersionRecord {
 public:
  explicit SchemaVersionRecord(const std::string& dir) : dir_(dir) {}

  std::string Read() const { return Access(nullptr); }
  void Write(const std::string& value) const { Access(&value); }

 private:
  // Writes `value` if given; returns what the record holds.
  std::string Access(const std::string* value) const {
    std::vector<std::string> families;
    rocksdb::Status status =
        rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir_, &families);
    EXPECT_TRUE(status.ok()) << status.ToString();
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    size_t meta = families.size();
    for (size_t i = 0; i < families.size(); ++i) {
      if (families[i] == "meta") meta = i;
      descriptors.emplace_back(families[i], rocksdb::ColumnFamilyOptions());
    }
    if (meta == families.size()) {
      ADD_FAILURE() << "no meta column family in " << dir_;
      return "";
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    if (value != nullptr) {
      status = rocksdb::DB::Open(rocksdb::DBOptions(), dir_, descriptors,
                                 &handles, &raw);
    } else {
      status = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), dir_,
                                            descriptors, &handles, &raw);
    }
    if (!status.ok()) {
      ADD_FAILURE() << "opening " << dir_ << ": " << status.ToString();
      return "";
    }
    std::unique_ptr<rocksdb::DB> db(raw);
    if (value != nullptr) {
      rocksdb::WriteOptions sync;
      sync.sync = true;
      status = db->Put(sync, handles[meta], "schema_version", *value);
      EXPECT_TRUE(status.ok()) << status.ToString();
    }
    std::string found;
    status = db->Get(rocksdb::ReadOptions(), handles[meta], "schema_version",
                     &found);
    EXPECT_TRUE(status.ok()) << status.ToString();
    for (rocksdb::ColumnFamilyHandle* handle : handles) {
      EXPECT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
    }
    EXPECT_TRUE(db->Close().ok());
    return found;
  }

  std::string dir_;
};

// Runs a server that should refuse to start on `data_dir`; returns its exit
// code and, in `output`, what it wrote. A port file is never written.
int RunRefused(const std::string& data_dir, std::string* output) {
  TempDir scratch;
  const std::string port_file = scratch.path() + "/port";
  const int code = ServerProcess::RunToExit(
      {"--listen=127.0.0.1:0", "--data_dir=" + data_dir,
       "--port_file=" + port_file},
      output);
  EXPECT_FALSE(std::filesystem::exists(port_file))
      << "a refused server announced a port";
  return code;
}

using DataDirTest = ServerTest;

TEST_F(DataDirTest, SecondServerOnTheSameDataDirIsRefusedWhileFirstServes) {
  const std::string household =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "Household");

  std::string output;
  EXPECT_EQ(RunRefused(data_dir_.path(), &output), kDataDirRefused) << output;
  EXPECT_THAT(output, AnyOf(HasSubstr("in use"), HasSubstr("lock"))) << output;

  // The first server still reads and writes.
  EXPECT_THAT(client_->GetAccount(household), IsOk());
  EXPECT_THAT(client_->OpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "Another"),
              IsOk());
  EXPECT_TRUE(client_->MustRunAudit().clean());
  EXPECT_EQ(server_.Stop(), 0);
}

TEST_F(DataDirTest, SecondServerOnTheSamePortIsRefusedNotSharingIt) {
  // Without this, SO_REUSEPORT would let a second ledger take half of the
  // connections meant for the first.
  TempDir other;
  std::string output;
  EXPECT_EQ(ServerProcess::RunToExit({"--listen=" + server_.address(),
                                      "--data_dir=" + other.path() + "/ledger"},
                                     &output),
            kDataDirRefused)
      << output;
  EXPECT_THAT(output, HasSubstr("cannot listen")) << output;
  EXPECT_THAT(client_->OpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "Still here"),
              IsOk());
}

TEST(DataDirRefusalTest, RegularFileAsDataDirIsRefusedAndLeftAlone) {
  TempDir scratch;
  const std::string file = scratch.path() + "/ledger";
  WriteFile(file, "not a ledger\n");

  std::string output;
  EXPECT_EQ(RunRefused(file, &output), kDataDirRefused) << output;
  EXPECT_THAT(output, HasSubstr(file));
  EXPECT_TRUE(std::filesystem::is_regular_file(file));
  std::ifstream in(file);
  std::string line;
  EXPECT_TRUE(std::getline(in, line) && line == "not a ledger");
  EXPECT_FALSE(std::getline(in, line));
}

TEST(DataDirRefusalTest, DataDirThatCannotBeCreatedIsRefused) {
  TempDir scratch;
  const std::string file = scratch.path() + "/file";
  WriteFile(file, "");

  std::string output;
  EXPECT_EQ(RunRefused(file + "/ledger", &output), kDataDirRefused) << output;
  EXPECT_THAT(output, HasSubstr(file + "/ledger"));
}

TEST(DataDirRefusalTest, NewerSchemaVersionIsRefusedAndLeftUnchanged) {
  TempDir data_dir;
  std::string household;
  {
    ServerProcess server(data_dir.path());
    std::string error;
    ASSERT_TRUE(server.Start(&error)) << error;
    household = LedgerClient(server.channel())
                    .MustOpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "Household");
    ASSERT_EQ(server.Stop(), 0);
  }
  const SchemaVersionRecord schema(data_dir.path());
  ASSERT_EQ(schema.Read(), BigEndian32(3));
  schema.Write(BigEndian32(4));

  std::string output;
  EXPECT_EQ(RunRefused(data_dir.path(), &output), kDataDirRefused) << output;
  EXPECT_THAT(output, HasSubstr("schema")) << output;
  EXPECT_EQ(schema.Read(), BigEndian32(4));

  // Nothing else was harmed either: back at version 1 (the ledger alone),
  // it is upgraded in place and all still works.
  schema.Write(BigEndian32(1));
  ServerProcess server(data_dir.path());
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  LedgerClient client(server.channel());
  EXPECT_THAT(client.GetAccount(household), IsOk());
  EXPECT_TRUE(client.MustRunAudit().clean());
}

TEST(ServerFlagsTest, BadFlagsExitNonZeroNameTheFlagAndTouchNothing) {
  struct Case {
    std::string flag;
    std::string named;
    int exit_code;
  };
  const std::vector<Case> cases = {
      {"--no_such_flag=1", "no_such_flag", kUnparsableFlag},
      {"--max_batch=lots", "max_batch", kUnparsableFlag},
      {"--queue_capacity=0", "queue_capacity", kBadFlagValue},
      {"--shutdown_grace_seconds=-1", "shutdown_grace_seconds", kBadFlagValue},
      {"stray_argument", "stray_argument", kBadFlagValue},
  };
  TempDir scratch;
  const std::string data_dir = scratch.path() + "/ledger";
  for (const Case& bad : cases) {
    std::string output;
    EXPECT_EQ(ServerProcess::RunToExit(
                  {"--data_dir=" + data_dir, "--listen=127.0.0.1:0", bad.flag},
                  &output),
              bad.exit_code)
        << bad.flag << ": " << output;
    EXPECT_THAT(output, HasSubstr(bad.named)) << bad.flag;
    EXPECT_FALSE(std::filesystem::exists(data_dir)) << bad.flag;
  }
}

}  // namespace
}  // namespace jiamei::testing
