// Damage is found, never served as truth: a server killed after N
// acknowledged transfers, whose WAL is then cut, flipped or removed, refuses
// to start (exit 3, saying what is wrong) until an operator accepts the
// loss with --accept_loss, which records it as an entry of the log.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Lt;

constexpr int kRefused = 3;
constexpr int kTransfers = 150;
// RocksDB's WAL format (db/log_format.h): 32 KiB blocks of records, each
// with a 7-byte header: checksum (4), length (2, little-endian), type (1).
constexpr size_t kBlock = 32768;
constexpr size_t kHeader = 7;
constexpr int kFullType = 1;
constexpr int kLastType = 4;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The offsets where the WAL's logical records end (each a batch written
// with one synced write), in order.
std::vector<size_t> RecordEnds(const std::string& wal) {
  std::vector<size_t> ends;
  size_t pos = 0;
  while (pos + kHeader <= wal.size()) {
    const size_t left = kBlock - pos % kBlock;
    if (left < kHeader) {  // a block's zero trailer
      pos += left;
      continue;
    }
    const size_t length = static_cast<unsigned char>(wal[pos + 4]) |
                          static_cast<unsigned char>(wal[pos + 5]) << 8;
    const int type = static_cast<unsigned char>(wal[pos + 6]);
    pos += kHeader + length;
    if (type == kFullType || type == kLastType) ends.push_back(pos);
  }
  return ends;
}

class DamageTest : public ServerTest {
 protected:
  // Makes kTransfers acknowledged transfers, then kills the server (a
  // clean stop would do too: RocksDB does not flush its memtables at close
  // while the WAL is on; the kill makes sure the WAL holds them all).
  void WriteAndKill() {
    const TypicalAccounts accounts = OpenTypicalAccounts();
    for (int i = 0; i < kTransfers; ++i) {
      client_->MustTransfer(accounts.issuance, accounts.household_a, 1);
    }
    acknowledged_ = client_->MustGetDigest().last_sequence();
    server_.Kill();
    wal_ = NewestWal();
    ASSERT_FALSE(wal_.empty()) << "no WAL with content in " << data_dir_.path();
    const std::string bytes = ReadAll(wal_);
    ends_ = RecordEnds(bytes);
    // Every transfer is a batch of its own here: the WAL holds them all.
    ASSERT_GE(ends_.size(), static_cast<size_t>(kTransfers));
    ASSERT_EQ(ends_.back(), bytes.size());
  }

  std::string NewestWal() const {
    std::string newest;
    for (const fs::directory_entry& file :
         fs::directory_iterator(data_dir_.path())) {
      if (file.path().extension() == ".log" && file.file_size() > 0 &&
          file.path().string() > newest) {
        newest = file.path().string();
      }
    }
    return newest;
  }

  // A record boundary two thirds of the way in: the batches after it are
  // acknowledged transfers.
  size_t MiddleBoundary() const { return ends_[ends_.size() * 2 / 3]; }
  size_t NextBoundary() const { return ends_[ends_.size() * 2 / 3 + 1]; }

  // Starts the server on the damaged store; returns its exit status.
  int StartDamaged(std::string* output) const {
    return ServerProcess::RunToExit(
        {"--data_dir=" + data_dir_.path(), "--listen=127.0.0.1:0"}, output);
  }

  // --accept_loss starts the server, which logs the loss; the audit is then
  // clean and lists it; a later start without the flag is not refused.
  void ExpectAcceptedLoss(const std::string& reason) {
    ServerProcess accepting(data_dir_.path(), {"--accept_loss"});
    std::string error;
    ASSERT_TRUE(accepting.Start(&error)) << error;
    EXPECT_THAT(accepting.Stderr(), HasSubstr("loss accepted and recorded"));
    LedgerClient client(accepting.channel());
    const v1::AuditReport report = client.MustRunAudit();
    EXPECT_TRUE(report.clean()) << report.ShortDebugString();
    ASSERT_EQ(report.accepted_losses_size(), 1) << report.ShortDebugString();
    const v1::AcceptedLoss& loss = report.accepted_losses(0);
    EXPECT_EQ(loss.witness_sequence(), acknowledged_);
    EXPECT_THAT(loss.store_sequence(), Lt(acknowledged_));
    EXPECT_EQ(loss.sequence(), loss.store_sequence() + 1);
    EXPECT_THAT(loss.reason(), HasSubstr(reason));
    EXPECT_EQ(report.witness_sequence(), report.last_sequence());
    EXPECT_EQ(accepting.Stop(), 0);

    ServerProcess again(data_dir_.path());
    ASSERT_TRUE(again.Start(&error)) << error;
    LedgerClient after(again.channel());
    EXPECT_THAT(after.OpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "After the loss"),
                IsOk());
    EXPECT_TRUE(after.MustRunAudit().clean());
  }

  uint64_t acknowledged_ = 0;
  std::string wal_;
  std::vector<size_t> ends_;
};

TEST_F(DamageTest, AWalCutAtARecordBoundaryIsRefusedByTheWitness) {
  ASSERT_NO_FATAL_FAILURE(WriteAndKill());
  fs::resize_file(wal_, MiddleBoundary());
  std::string output;
  EXPECT_EQ(StartDamaged(&output), kRefused) << output;
  EXPECT_THAT(output, HasSubstr("saw entry " + std::to_string(acknowledged_)));
  EXPECT_THAT(output, HasSubstr("jiamei.witness"));
  EXPECT_THAT(output, HasSubstr("--accept_loss"));
  // Refused again: the first refusal changed nothing that would let it in.
  EXPECT_EQ(StartDamaged(&output), kRefused) << output;
  ExpectAcceptedLoss("acknowledged entries are missing");
}

TEST_F(DamageTest, AWalCutInsideARecordIsRefusedByTheWitness) {
  ASSERT_NO_FATAL_FAILURE(WriteAndKill());
  fs::resize_file(wal_, (MiddleBoundary() + NextBoundary()) / 2);
  std::string output;
  EXPECT_EQ(StartDamaged(&output), kRefused) << output;
  EXPECT_THAT(output, HasSubstr("saw entry " + std::to_string(acknowledged_)));
  ExpectAcceptedLoss("acknowledged entries are missing");
}

TEST_F(DamageTest, AFlippedByteInTheWalIsRefusedNamingTheFile) {
  ASSERT_NO_FATAL_FAILURE(WriteAndKill());
  {
    std::fstream file(wal_, std::ios::in | std::ios::out | std::ios::binary);
    const std::streamoff at =
        static_cast<std::streamoff>(MiddleBoundary() + kHeader + 3);
    file.seekg(at);
    const char byte = static_cast<char>(file.get() ^ 0x01);
    file.seekp(at);
    file.put(byte);
  }
  std::string output;
  EXPECT_EQ(StartDamaged(&output), kRefused) << output;
  EXPECT_THAT(output, HasSubstr(fs::path(wal_).filename().string()));
  EXPECT_THAT(output, HasSubstr("its WAL is damaged: " + wal_));
  EXPECT_THAT(output, HasSubstr("checksum mismatch"));
  ExpectAcceptedLoss("checksum mismatch");
}

TEST_F(DamageTest, TheNewestWalRemovedIsRefusedByTheWitness) {
  ASSERT_NO_FATAL_FAILURE(WriteAndKill());
  fs::remove(wal_);
  std::string output;
  EXPECT_EQ(StartDamaged(&output), kRefused) << output;
  EXPECT_THAT(output, HasSubstr("saw entry " + std::to_string(acknowledged_)));
  ExpectAcceptedLoss("acknowledged entries are missing");
}

TEST_F(DamageTest, AnOlderCopyOfTheStoreIsRefusedByAWitnessKeptElsewhere) {
  TempDir witness_dir;
  TempDir copy;
  const std::vector<std::string> flags = {"--witness_dir=" +
                                          witness_dir.path()};
  server_.Stop();
  fs::copy(data_dir_.path(), copy.path(),
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  ServerProcess later(data_dir_.path(), flags);
  std::string error;
  ASSERT_TRUE(later.Start(&error)) << error;
  LedgerClient client(later.channel());
  client.MustOpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "Opened after the copy");
  const uint64_t head = client.MustGetDigest().last_sequence();
  EXPECT_TRUE(fs::exists(witness_dir.path() + "/jiamei.witness"));
  EXPECT_EQ(later.Stop(), 0);

  // The copy is restored in place of the store the witness saw grow.
  fs::remove_all(data_dir_.path());
  fs::copy(copy.path(), data_dir_.path(), fs::copy_options::recursive);
  std::string output;
  EXPECT_EQ(ServerProcess::RunToExit({"--data_dir=" + data_dir_.path(),
                                      "--listen=127.0.0.1:0", flags[0]},
                                     &output),
            kRefused)
      << output;
  EXPECT_THAT(output, HasSubstr("saw entry " + std::to_string(head)));
  EXPECT_THAT(output, HasSubstr(witness_dir.path()));
}

}  // namespace
}  // namespace jiamei::testing
