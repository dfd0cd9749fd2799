// Online backups of a running server: streamed to the caller while desks go
// on writing, checked by --verify_backup, restored into a new data directory
// that serves the digest the backup recorded; refused to all but admins of
// the whole system; and the schedule that keeps the newest --backup_keep.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/backup_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/access.grpc.pb.h"
#include "jiamei/v1/backup.grpc.pb.h"
#include "storage/backup/backup_files.h"
#include "tests/integration/auth_channel.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/world.h"

namespace jiamei::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::Ge;
using ::testing::HasSubstr;
using ::testing::Le;
using ::testing::SizeIs;

constexpr int kDesks = 4;

// The reply of one BackupService.Backup call received into `dir`.
Reply<v1::BackupManifest> BackUp(const std::shared_ptr<grpc::Channel>& channel,
                                 const std::string& dir) {
  Reply<v1::BackupManifest> reply;
  absl::StatusOr<std::unique_ptr<storage::BackupDirWriter>> writer =
      storage::BackupDirWriter::Create(dir);
  if (!writer.ok()) {
    reply.status = grpc::Status(grpc::StatusCode::INTERNAL,
                                std::string(writer.status().message()));
    return reply;
  }
  std::unique_ptr<v1::BackupService::Stub> stub =
      v1::BackupService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(60));
  reply.status =
      clients::ReceiveBackup(stub.get(), &context, writer->get(), &reply.value);
  return reply;
}

// jiamei-server --verify_backup=DIR: its exit status, its output in `output`.
int VerifyBackup(const std::string& dir, std::string* output) {
  return ServerProcess::RunToExit({"--verify_backup=" + dir}, output);
}

// Every file of `dir` with its size and modification time.
std::map<std::string, std::string> Listing(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    files[entry.path().filename().string()] =
        absl::StrCat(entry.file_size(), " ",
                     entry.last_write_time().time_since_epoch().count());
  }
  return files;
}

class BackupTest : public ServerTest {
 protected:
  // An operator of `role` scoped to `scope` ("" the whole system), logged
  // in: a channel carrying their token.
  std::shared_ptr<grpc::Channel> Operator(const std::string& login,
                                          v1::Role role,
                                          const std::string& scope) {
    return CreateAndLogIn(server_, OperatorRequest(login, role, scope))
        ->channel;
  }

  TempDir scratch_;
};

TEST_F(BackupTest, ABackupUnderLoadRestoresToAServerThatServesItsDigest) {
  const TypicalAccounts accounts = OpenTypicalAccounts();
  ASSERT_FALSE(HasFailure());
  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> desks;
  for (int d = 0; d < kDesks; ++d) {
    desks.emplace_back([&] {
      while (!stop) {
        if (client_->Transfer(accounts.issuance, accounts.household_a, 1)
                .ok()) {
          ++acknowledged;
        }
      }
    });
  }
  while (acknowledged < 200)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const uint64_t before = client_->MustGetDigest().last_sequence();
  const std::string dir = scratch_.path() + "/backup";
  const Reply<v1::BackupManifest> backup = BackUp(server_.channel(), dir);
  const int during = acknowledged;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  for (std::thread& desk : desks) desk.join();
  ASSERT_THAT(backup, IsOk());
  const v1::BackupManifest& manifest = backup.value;
  const uint64_t after = client_->MustGetDigest().last_sequence();
  EXPECT_GT(acknowledged.load(), during) << "the desks stopped writing";
  EXPECT_THAT(manifest.head_sequence(), AllOf(Ge(before), Le(after)));
  EXPECT_LT(manifest.head_sequence(), after) << "no write after the backup";
  // The copy's head is a head the original had: its digest at that entry.
  EXPECT_EQ(manifest.head_hash(),
            client_->GetDigest(manifest.head_sequence()).value.head_hash());

  std::string output;
  EXPECT_EQ(VerifyBackup(dir, &output), 0) << output;
  EXPECT_THAT(output, HasSubstr(absl::StrCat("last_sequence: ",
                                             manifest.head_sequence())));
  EXPECT_THAT(output, HasSubstr("audit: clean"));

  // The restore of docs/operations.md: a new data directory, the backup copied
  // in.
  TempDir restored;
  fs::copy(dir, restored.path(), fs::copy_options::recursive);
  ServerProcess server(restored.path());
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  LedgerClient client(server.channel());
  const v1::Digest digest = client.MustGetDigest();
  EXPECT_EQ(digest.last_sequence(), manifest.head_sequence());
  EXPECT_EQ(digest.head_hash(), manifest.head_hash());
  const v1::AuditReport audit = client.MustRunAudit();
  EXPECT_TRUE(audit.clean()) << audit.DebugString();
  EXPECT_EQ(audit.last_sequence(), manifest.head_sequence());
  // It takes new writes after the restored entries.
  EXPECT_EQ(client.MustTransfer(accounts.issuance, accounts.household_b, 5)
                .sequence(),
            manifest.head_sequence() + 1);
}

TEST_F(BackupTest, VerifyBackupFindsAChangedFileAndChangesNothing) {
  OpenTypicalAccounts();
  const std::string dir = scratch_.path() + "/backup";
  const Reply<v1::BackupManifest> backup = BackUp(server_.channel(), dir);
  ASSERT_THAT(backup, IsOk());
  const std::map<std::string, std::string> listing = Listing(dir);
  std::string output;
  ASSERT_EQ(VerifyBackup(dir, &output), 0) << output;
  EXPECT_EQ(Listing(dir), listing) << "verifying wrote to the backup";

  // One byte of the largest table file changed.
  std::string victim;
  uint64_t largest = 0;
  for (const v1::BackupFile& file : backup.value.files()) {
    if (absl::EndsWith(file.name(), ".sst") && file.size() > largest) {
      victim = file.name();
      largest = file.size();
    }
  }
  ASSERT_FALSE(victim.empty());
  {
    std::fstream file(dir + "/" + victim,
                      std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(static_cast<std::streamoff>(largest / 2));
    const char byte = static_cast<char>(file.get());
    file.seekp(static_cast<std::streamoff>(largest / 2));
    file.put(static_cast<char>(byte ^ 0x20));
  }
  EXPECT_NE(VerifyBackup(dir, &output), 0) << output;
  EXPECT_THAT(output, HasSubstr(victim));
  EXPECT_THAT(output, HasSubstr("NOT sound"));
}

TEST_F(BackupTest, AFolderWithoutItsManifestIsNoBackup) {
  const std::string dir = scratch_.path() + "/backup";
  ASSERT_THAT(BackUp(server_.channel(), dir), IsOk());
  fs::remove(dir + "/" + storage::kBackupManifestFile);
  std::string output;
  EXPECT_EQ(VerifyBackup(dir, &output), 3) << output;
  EXPECT_THAT(output, HasSubstr("not a whole backup"));
}

TEST_F(BackupTest, OnlyAnAdminOfTheWholeSystemMayBackUp) {
  const std::string county =
      client_->CreateUnit(v1::UNIT_LEVEL_COUNTY, "清河县", "").value.name();
  const std::shared_ptr<grpc::Channel> auditor =
      Operator("auditor", v1::ROLE_AUDITOR, "");
  const std::shared_ptr<grpc::Channel> county_admin =
      Operator("countyadmin", v1::ROLE_ADMIN, county);
  EXPECT_THAT(
      BackUp(auditor, scratch_.path() + "/a"),
      FailsWith(grpc::StatusCode::PERMISSION_DENIED, "PERMISSION_DENIED"));
  EXPECT_THAT(
      BackUp(county_admin, scratch_.path() + "/b"),
      FailsWith(grpc::StatusCode::PERMISSION_DENIED, "PERMISSION_DENIED"));
  const Reply<v1::BackupManifest> anonymous =
      BackUp(server_.raw_channel(), scratch_.path() + "/c");
  EXPECT_EQ(anonymous.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_FALSE(
      fs::exists(scratch_.path() + "/a/" + storage::kBackupManifestFile));
  EXPECT_THAT(BackUp(server_.channel(), scratch_.path() + "/d"), IsOk());
}

// `jiamei backup DIR` as an admin would run it, with `dir` as DIR.
int CliBackup(const ServerProcess& server, const std::string& dir,
              std::string* output) {
  std::vector<std::string> argv = {JIAMEI_CLI_BIN,
                                   "--server=" + server.address(),
                                   "--token=" + server.admin_token()};
  for (const std::string& flag : server.ClientTlsFlags()) argv.push_back(flag);
  argv.push_back("backup");
  argv.push_back(dir);
  return RunToCompletion(argv, output);
}

TEST_F(BackupTest, TheCliWritesTheBackupWhereItRunsAndRefusesAFolderInUse) {
  OpenTypicalAccounts();
  const v1::Digest digest = client_->MustGetDigest();
  const std::string dir = scratch_.path() + "/cli-backup";
  std::string output;
  ASSERT_EQ(CliBackup(server_, dir, &output), 0) << output;
  EXPECT_THAT(output, HasSubstr(absl::StrCat("last_sequence: ",
                                             digest.last_sequence())));
  EXPECT_THAT(output, HasSubstr("head_hash: " + digest.head_hash()));
  absl::StatusOr<v1::BackupManifest> manifest =
      storage::ReadBackupManifest(dir);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->head_sequence(), digest.last_sequence());
  EXPECT_EQ(VerifyBackup(dir, &output), 0) << output;

  // A folder that holds anything is refused, and left as it was.
  EXPECT_EQ(CliBackup(server_, dir, &output), 2) << output;
  EXPECT_THAT(output, HasSubstr("is not empty"));
  EXPECT_EQ(VerifyBackup(dir, &output), 0) << output;
}

// The backups --backup_dir holds, by name.
std::vector<std::string> BackupsIn(const std::string& dir) {
  std::vector<std::string> names;
  if (!fs::exists(dir)) return names;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(BackupScheduleTest, TheScheduleMakesBackupsAndKeepsTheNewest) {
  TempDir data_dir;
  TempDir backups;
  ServerProcess server(data_dir.path(),
                       {"--backup_dir=" + backups.path(), "--backup_every=1s",
                        "--backup_keep=2"});
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  LedgerClient client(server.channel());
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  int made = 0;
  while (made < 4 && absl::Now() < deadline) {
    client.OpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "fund");
    absl::SleepFor(absl::Milliseconds(200));
    const std::string log = server.Stderr();
    made = 0;
    for (size_t at = log.find(" made in "); at != std::string::npos;
         at = log.find(" made in ", at + 1)) {
      ++made;
    }
  }
  ASSERT_GE(made, 4) << server.Stderr();
  const std::vector<std::string> kept = BackupsIn(backups.path());
  ASSERT_THAT(kept, SizeIs(2)) << server.Stderr();
  for (const std::string& name : kept) {
    EXPECT_THAT(name,
                ::testing::MatchesRegex("[0-9]{8}T[0-9.]{10}Z-[0-9]{12}"));
    std::string output;
    EXPECT_EQ(VerifyBackup(backups.path() + "/" + name, &output), 0) << output;
    absl::StatusOr<v1::BackupManifest> manifest =
        storage::ReadBackupManifest(backups.path() + "/" + name);
    ASSERT_TRUE(manifest.ok()) << manifest.status();
    EXPECT_TRUE(absl::EndsWith(
        name, absl::StrFormat("-%012d", manifest->head_sequence())));
  }
  // The newest kept is the newest made: its head is at most the server's.
  EXPECT_LE(storage::ReadBackupManifest(backups.path() + "/" + kept[1])
                ->head_sequence(),
            client.MustGetDigest().last_sequence());
}

}  // namespace
}  // namespace jiamei::testing
