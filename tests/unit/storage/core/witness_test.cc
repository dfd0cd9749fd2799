#include "storage/core/witness.h"

#include <filesystem>
#include <fstream>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/audit/audit.h"
#include "storage/core/canonical.h"
#include "storage/core/witness_file.h"
#include "storage/ledger/ledger_reader.h"
#include "tests/unit/storage/test_store.h"

namespace jiamei::storage {
namespace {

using ::jiamei::testing::TestLedger;
using ::jiamei::testing::TestStore;
using ::testing::HasSubstr;

constexpr size_t kSlot = 4096;

WitnessState StateAt(uint64_t sequence) {
  return {std::string(WitnessFile::kStoreIdSize, 'i'), sequence,
          Sha256(std::to_string(sequence))};
}

// Overwrites one byte of the file at `path`.
void FlipByte(const std::string& path, size_t offset) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekg(static_cast<std::streamoff>(offset));
  const char byte = static_cast<char>(file.get() ^ 0x5a);
  file.seekp(static_cast<std::streamoff>(offset));
  file.put(byte);
}

class WitnessFileTest : public ::testing::Test {
 protected:
  TestStore db_;  // only for its temporary directory
  std::string path_ = WitnessPath(db_.dir());
};

TEST_F(WitnessFileTest, NoFileReadsAsNoWitness) {
  absl::StatusOr<std::optional<WitnessState>> read = WitnessFile::Read(path_);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_FALSE(read->has_value());
}

TEST_F(WitnessFileTest, ReadsTheNewestOfTwoUpdatesAtFixedSize) {
  absl::StatusOr<std::unique_ptr<WitnessFile>> file =
      WitnessFile::Create(path_, StateAt(1));
  ASSERT_TRUE(file.ok()) << file.status();
  for (uint64_t s : {2, 3, 4}) {
    ASSERT_TRUE((*file)->Update(s, StateAt(s).hash).ok());
  }
  EXPECT_EQ(std::filesystem::file_size(path_), 2 * kSlot);
  absl::StatusOr<std::optional<WitnessState>> read = WitnessFile::Read(path_);
  ASSERT_TRUE(read.ok() && read->has_value()) << read.status();
  EXPECT_EQ((*read)->sequence, 4u);
  EXPECT_EQ((*read)->hash, StateAt(4).hash);
  EXPECT_EQ((*read)->store_id, StateAt(4).store_id);
}

TEST_F(WitnessFileTest, ATornSlotFallsBackToTheHeadBeforeIt) {
  absl::StatusOr<std::unique_ptr<WitnessFile>> file =
      WitnessFile::Create(path_, StateAt(1));
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_TRUE((*file)->Update(2, StateAt(2).hash).ok());  // slot 0
  ASSERT_TRUE((*file)->Update(3, StateAt(3).hash).ok());  // slot 1
  FlipByte(path_, kSlot + 40);                            // slot 1's sequence
  absl::StatusOr<std::optional<WitnessState>> read = WitnessFile::Read(path_);
  ASSERT_TRUE(read.ok() && read->has_value()) << read.status();
  EXPECT_EQ((*read)->sequence, 2u);
  // Reopened, the next update overwrites the torn slot, not the good one.
  file->reset();
  file = WitnessFile::Open(path_);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_TRUE((*file)->Update(5, StateAt(5).hash).ok());
  FlipByte(path_, kSlot + 40);  // spoils 5 again: 2 must still be there
  read = WitnessFile::Read(path_);
  ASSERT_TRUE(read.ok() && read->has_value()) << read.status();
  EXPECT_EQ((*read)->sequence, 2u);
}

TEST_F(WitnessFileTest, BothSlotsDamagedOrAWrongSizeIsDataLoss) {
  ASSERT_TRUE(WitnessFile::Create(path_, StateAt(1)).ok());
  FlipByte(path_, kSlot + 3);  // the only intact slot
  absl::StatusOr<std::optional<WitnessState>> read = WitnessFile::Read(path_);
  EXPECT_TRUE(absl::IsDataLoss(read.status())) << read.status();
  EXPECT_THAT(std::string(read.status().message()), HasSubstr(path_));
  std::filesystem::resize_file(path_, kSlot);
  read = WitnessFile::Read(path_);
  EXPECT_TRUE(absl::IsDataLoss(read.status())) << read.status();
  EXPECT_THAT(std::string(read.status().message()), HasSubstr("bytes"));
}

class CheckWitnessTest : public ::testing::Test {
 protected:
  void WriteEntries(int count) {
    TestLedger(db_.store()).OpenAndAward(std::vector<int64_t>(count, 1));
  }
  uint64_t HeadSequence() {
    return LedgerReader(db_.store()).GetHead()->last_sequence();
  }
  absl::StatusOr<WitnessCheck> Check(bool accept_loss = false,
                                     const std::string& wal_damage = "") {
    return CheckWitness(db_.store(), path_, wal_damage, accept_loss);
  }

  TestStore db_;
  std::string path_ = WitnessPath(db_.dir());
};

TEST_F(CheckWitnessTest, AStoreWithoutAWitnessGetsOneAtItsHead) {
  WriteEntries(3);
  absl::StatusOr<WitnessCheck> check = Check();
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_FALSE(check->loss.has_value());
  absl::StatusOr<std::optional<WitnessState>> read = WitnessFile::Read(path_);
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->sequence, HeadSequence());
  EXPECT_EQ((*read)->store_id, *StoreIdentity(db_.store()));
}

TEST_F(CheckWitnessTest, AWitnessBehindTheStoreIsBroughtUpToItsHead) {
  WriteEntries(1);
  ASSERT_TRUE(Check().ok());
  WriteEntries(2);
  absl::StatusOr<WitnessCheck> check = Check();
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->file->state().sequence, HeadSequence());
}

TEST_F(CheckWitnessTest, AStoreBehindItsWitnessIsRefusedSayingBothSequences) {
  WriteEntries(2);
  absl::StatusOr<WitnessCheck> check = Check();
  ASSERT_TRUE(check.ok()) << check.status();
  ASSERT_TRUE(check->file->Update(HeadSequence() + 5, Sha256("later")).ok());
  check->file.reset();
  absl::StatusOr<WitnessCheck> again = Check();
  ASSERT_TRUE(absl::IsDataLoss(again.status())) << again.status();
  const std::string message(again.status().message());
  EXPECT_THAT(message,
              HasSubstr(absl::StrCat("ends at entry ", HeadSequence())));
  EXPECT_THAT(message,
              HasSubstr(absl::StrCat("saw entry ", HeadSequence() + 5)));
  EXPECT_THAT(message, HasSubstr(path_));
}

TEST_F(CheckWitnessTest, AnotherHashAtTheWitnessedSequenceIsRefused) {
  WriteEntries(2);
  absl::StatusOr<WitnessCheck> check = Check();
  ASSERT_TRUE(check.ok());
  ASSERT_TRUE(check->file->Update(2, Sha256("another history")).ok());
  check->file.reset();
  absl::StatusOr<WitnessCheck> again = Check();
  ASSERT_TRUE(absl::IsDataLoss(again.status())) << again.status();
  EXPECT_THAT(std::string(again.status().message()), HasSubstr("rewritten"));
}

TEST_F(CheckWitnessTest, AWitnessOfAnotherStoreIsRefused) {
  WriteEntries(1);
  ASSERT_TRUE(WitnessFile::Create(path_, StateAt(1)).ok());  // id "iii..."
  absl::StatusOr<WitnessCheck> check = Check();
  ASSERT_TRUE(absl::IsDataLoss(check.status())) << check.status();
  EXPECT_THAT(std::string(check.status().message()),
              HasSubstr("belongs to another store"));
}

TEST_F(CheckWitnessTest, AcceptingTheLossDescribesItAndMakesTheWitnessAnew) {
  WriteEntries(2);
  const uint64_t head = HeadSequence();
  {
    absl::StatusOr<WitnessCheck> check = Check();
    ASSERT_TRUE(check.ok());
    ASSERT_TRUE(check->file->Update(head + 7, Sha256("lost")).ok());
  }
  absl::StatusOr<WitnessCheck> accepted = Check(/*accept_loss=*/true);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  ASSERT_TRUE(accepted->loss.has_value());
  EXPECT_EQ(accepted->loss->witness_sequence(), head + 7);
  EXPECT_EQ(accepted->loss->witness_hash(), Sha256("lost"));
  EXPECT_EQ(accepted->loss->store_sequence(), head);
  EXPECT_THAT(accepted->loss->reason(), HasSubstr("missing"));
  EXPECT_EQ(accepted->file->state().sequence, head);
  accepted->file.reset();
  EXPECT_TRUE(Check().ok());  // the new witness vouches for the store
}

TEST_F(CheckWitnessTest, WalDamageIsRefusedEvenWhenTheWitnessAgrees) {
  WriteEntries(1);
  ASSERT_TRUE(Check().ok());
  absl::StatusOr<WitnessCheck> check = Check(false, "its WAL is damaged");
  EXPECT_TRUE(absl::IsDataLoss(check.status())) << check.status();
  check = Check(true, "its WAL is damaged");
  ASSERT_TRUE(check.ok() && check->loss.has_value());
  EXPECT_EQ(check->loss->reason(), "its WAL is damaged");
}

TEST_F(CheckWitnessTest, TheAuditReportsAWitnessAheadAndListsAcceptedLosses) {
  WriteEntries(2);
  const uint64_t head = HeadSequence();
  {
    absl::StatusOr<WitnessCheck> check = Check();
    ASSERT_TRUE(check.ok());
    absl::StatusOr<jiamei::v1::AuditReport> clean =
        RunAudit(*db_.store(), path_);
    ASSERT_TRUE(clean.ok());
    EXPECT_TRUE(clean->clean()) << clean->ShortDebugString();
    EXPECT_EQ(clean->witness_sequence(), head);
    ASSERT_TRUE(check->file->Update(head + 3, Sha256("gone")).ok());
  }
  absl::StatusOr<jiamei::v1::AuditReport> ahead = RunAudit(*db_.store(), path_);
  ASSERT_TRUE(ahead.ok());
  ASSERT_EQ(ahead->discrepancies_size(), 1) << ahead->ShortDebugString();
  EXPECT_EQ(ahead->discrepancies(0).kind(), "WITNESS_AHEAD");

  absl::StatusOr<WitnessCheck> accepted = Check(/*accept_loss=*/true);
  ASSERT_TRUE(accepted.ok() && accepted->loss.has_value());
  TestLedger ledger(db_.store());
  Command command("loss-1", *accepted->loss);
  ASSERT_TRUE(ledger.Apply(command).ok());
  ASSERT_TRUE(accepted->file
                  ->Update(HeadSequence(),
                           LedgerReader(db_.store()).GetHead()->head_hash())
                  .ok());
  absl::StatusOr<jiamei::v1::AuditReport> after = RunAudit(*db_.store(), path_);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->clean()) << after->ShortDebugString();
  ASSERT_EQ(after->accepted_losses_size(), 1);
  EXPECT_EQ(after->accepted_losses(0).sequence(), head + 1);
  EXPECT_EQ(after->accepted_losses(0).witness_sequence(), head + 3);
  EXPECT_EQ(after->accepted_losses(0).store_sequence(), head);
}

}  // namespace
}  // namespace jiamei::storage
