// A server whose data disk fills up never aborts: writes are refused with
// UNAVAILABLE / DISK_FULL, reads go on, writes resume by themselves once
// space is freed, and nothing acknowledged is lost. A restart on a full disk
// is refused (exit 3) naming the full disk. The disk is a small ext4 file
// system on a loop device, where the test may mount one (root); elsewhere
// the tests are skipped with the reason.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kDataDirRefused = 3;

// An ext4 file system of a few MiB in a file, mounted on a loop device in a
// temporary folder, and unmounted when this goes.
class SmallDisk {
 public:
  SmallDisk() = default;
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  ~SmallDisk() {
    if (!mounted_) return;
    RemoveFiller();
    std::string output;
    RunToCompletion({"/bin/umount", mount_point()}, &output);
  }

  // Makes and mounts a file system of `mib` MiB; false, with why not in
  // `why`, where this process may not.
  bool Mount(int mib, std::string* why) {
    if (geteuid() != 0) {
      *why = "mounting a loop device needs root";
      return false;
    }
    const std::string image = scratch_.path() + "/disk.img";
    std::string output;
    const int code = RunToCompletion(
        {"/bin/sh", "-c",
         "truncate -s " + std::to_string(mib) + "M " + image +
             " && mkfs.ext4 -q -F " + image + " && mkdir " + mount_point() +
             " && mount -o loop " + image + " " + mount_point()},
        &output);
    if (code != 0) {
      *why = "cannot mount a loop device here: " + output;
      return false;
    }
    mounted_ = true;
    return true;
  }

  std::string mount_point() const { return scratch_.path() + "/mnt"; }

  // Fills the disk with a file until it is full, then gives `leave_bytes`
  // back; false if the disk never filled.
  bool Fill(off_t leave_bytes) {
    const int fd = open(filler().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return false;
    const std::vector<char> chunk(64 << 10, 'x');
    off_t size = 0;
    bool full = false;
    while (true) {
      const ssize_t n = write(fd, chunk.data(), chunk.size());
      if (n <= 0) {
        full = n < 0 && errno == ENOSPC;
        break;
      }
      size += n;
    }
    const bool ok =
        full && fsync(fd) == 0 &&
        ftruncate(fd, std::max<off_t>(0, size - leave_bytes)) == 0 &&
        fsync(fd) == 0;
    close(fd);
    return ok;
  }

  void RemoveFiller() {
    std::error_code ec;
    std::filesystem::remove(filler(), ec);
    sync();
  }

 private:
  std::string filler() const { return mount_point() + "/filler"; }

  TempDir scratch_;
  bool mounted_ = false;
};

// Transfers one point at a time until one is refused (or `limit` were
// acknowledged); returns the refusal and counts the acknowledged ones.
Reply<v1::Transfer> TransferUntilRefused(LedgerClient* client,
                                         const std::string& debit,
                                         const std::string& credit, int limit,
                                         int64_t* acknowledged) {
  Reply<v1::Transfer> reply;
  for (int i = 0; i < limit; ++i) {
    reply = client->Transfer(debit, credit, 1);
    if (!reply.ok()) return reply;
    ++*acknowledged;
  }
  return reply;
}

// Transfers one point until one is acknowledged, for up to `timeout`.
bool TransferOnceAccepted(LedgerClient* client, const std::string& debit,
                          const std::string& credit,
                          std::chrono::seconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (client->Transfer(debit, credit, 1).ok()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!disk_.Mount(48, &why)) GTEST_SKIP() << why;
    server_ = std::make_unique<ServerProcess>(data_dir());
    std::string error;
    ASSERT_TRUE(server_->Start(&error)) << error;
    client_ = std::make_unique<LedgerClient>(server_->channel());
    issuance_ = client_->MustOpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "Fund");
    household_ =
        client_->MustOpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "Household Li");
  }

  std::string data_dir() const { return disk_.mount_point() + "/ledger"; }

  void Restart() {
    EXPECT_EQ(server_->Stop(), 0) << server_->Stderr();
    std::string error;
    ASSERT_TRUE(server_->Start(&error)) << error;
    client_ = std::make_unique<LedgerClient>(server_->channel());
  }

  SmallDisk disk_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<LedgerClient> client_;
  std::string issuance_;
  std::string household_;
};

TEST_F(DiskFullTest,
       FullDiskRefusesWritesKeepsReadsAndResumesOnceSpaceIsFreed) {
  int64_t acknowledged = 0;
  ASSERT_THAT(TransferUntilRefused(client_.get(), issuance_, household_, 50,
                                   &acknowledged),
              IsOk());
  // About 1 MiB left: the desks' own writes fill it.
  ASSERT_TRUE(disk_.Fill(1 << 20));
  const Reply<v1::Transfer> refused = TransferUntilRefused(
      client_.get(), issuance_, household_, 50000, &acknowledged);
  ASSERT_THAT(refused, FailsWith(grpc::StatusCode::UNAVAILABLE, "DISK_FULL"));
  EXPECT_THAT(refused.status.error_message(), HasSubstr("is full"));

  // Every write is refused alike; reads and the audit go on.
  EXPECT_THAT(client_->OpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "Household Wu"),
              FailsWith(grpc::StatusCode::UNAVAILABLE, "DISK_FULL"));
  EXPECT_EQ(client_->MustGetBalance(household_), acknowledged);
  EXPECT_TRUE(client_->MustRunAudit().clean());
  // RocksDB's log is not on the full disk; its complaints reach stderr.
  EXPECT_FALSE(std::filesystem::exists(data_dir() + "/LOG"));
  EXPECT_THAT(server_->Stderr(), HasSubstr("rocksdb: "));

  // Space freed: writes resume without a restart.
  disk_.RemoveFiller();
  ASSERT_TRUE(TransferOnceAccepted(client_.get(), issuance_, household_,
                                   std::chrono::seconds(30)))
      << server_->Stderr();
  ++acknowledged;
  EXPECT_THAT(TransferUntilRefused(client_.get(), issuance_, household_, 20,
                                   &acknowledged),
              IsOk());
  EXPECT_EQ(client_->MustGetBalance(household_), acknowledged);
  EXPECT_TRUE(client_->MustRunAudit().clean());

  // And all of it survives a restart.
  Restart();
  EXPECT_EQ(client_->MustGetBalance(household_), acknowledged);
  EXPECT_TRUE(client_->MustRunAudit().clean());
  EXPECT_THAT(server_->Stderr(), Not(HasSubstr("Assertion")));
}

TEST_F(DiskFullTest, RestartOnAFullDiskIsRefusedNamingTheFullDisk) {
  int64_t acknowledged = 0;
  ASSERT_THAT(TransferUntilRefused(client_.get(), issuance_, household_, 100,
                                   &acknowledged),
              IsOk());
  EXPECT_EQ(server_->Stop(), 0) << server_->Stderr();
  ASSERT_TRUE(disk_.Fill(0));

  TempDir scratch;
  std::string output;
  EXPECT_EQ(ServerProcess::RunToExit(
                {"--listen=127.0.0.1:0", "--data_dir=" + data_dir(),
                 "--port_file=" + scratch.path() + "/p"},
                &output),
            kDataDirRefused)
      << output;
  EXPECT_THAT(output, HasSubstr("disk is full")) << output;

  disk_.RemoveFiller();
  std::string error;
  ASSERT_TRUE(server_->Start(&error)) << error;
  client_ = std::make_unique<LedgerClient>(server_->channel());
  EXPECT_EQ(client_->MustGetBalance(household_), acknowledged);
  EXPECT_TRUE(client_->MustRunAudit().clean());
}

}  // namespace
}  // namespace jiamei::testing
