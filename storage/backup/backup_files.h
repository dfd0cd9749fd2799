// The files of a backup folder: receiving a backup into a folder (so that a
// folder is either a whole, checked backup or plainly not one), and checking
// a folder against its manifest. Shared by the server (scheduled backups,
// --verify_backup) and the `jiamei backup` command; knows no RocksDB.
#ifndef JIAMEI_STORAGE_BACKUP_BACKUP_FILES_H_
#define JIAMEI_STORAGE_BACKUP_BACKUP_FILES_H_

#include <openssl/evp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jiamei/v1/backup.pb.h"

namespace jiamei::storage {

// The manifest's file inside a backup folder (protobuf text of
// jiamei.v1.BackupManifest). RocksDB ignores a file of this name, so a
// restored data directory may keep it.
inline constexpr char kBackupManifestFile[] = "JIAMEI_BACKUP";

// SHA-256 over bytes given piece by piece.
class StreamingSha256 {
 public:
  StreamingSha256();
  ~StreamingSha256();
  StreamingSha256(const StreamingSha256&) = delete;
  StreamingSha256& operator=(const StreamingSha256&) = delete;
  void Update(absl::string_view bytes);
  // The digest of everything given, lower-case hex; starts anew.
  std::string HexDigest();

 private:
  EVP_MD_CTX* context_;
};

// Where a backup goes, in the order a backup is made: each file announced
// (name and size) then its bytes, and last the manifest with every file's
// checksum. An error stops the backup.
class BackupSink {
 public:
  virtual ~BackupSink() = default;
  virtual absl::Status BeginFile(const jiamei::v1::BackupFile& file) = 0;
  virtual absl::Status AddData(absl::string_view data) = 0;
  virtual absl::Status End(const jiamei::v1::BackupManifest& manifest) = 0;
};

// Writes a backup into a folder. End() checks that exactly the manifest's
// files came, each whole with its checksum, syncs them and the folder, and
// only then writes the manifest (synced): until then the folder is not a
// backup, and --verify_backup says so. File names are plain names (no
// folders, not the manifest's), so a sender cannot write elsewhere.
class BackupDirWriter : public BackupSink {
 public:
  // `dir` must not exist or be empty (FAILED_PRECONDITION otherwise); it is
  // created with its parents.
  static absl::StatusOr<std::unique_ptr<BackupDirWriter>> Create(
      const std::string& dir);
  ~BackupDirWriter() override;

  absl::Status BeginFile(const jiamei::v1::BackupFile& file) override;
  absl::Status AddData(absl::string_view data) override;
  absl::Status End(const jiamei::v1::BackupManifest& manifest) override;

  // Bytes written so far.
  uint64_t bytes() const { return bytes_; }

 private:
  explicit BackupDirWriter(std::string dir) : dir_(std::move(dir)) {}
  // Syncs and closes the file being written, keeping its size and checksum.
  absl::Status CloseFile();

  const std::string dir_;
  int fd_ = -1;
  jiamei::v1::BackupFile current_;  // name and size announced
  uint64_t current_written_ = 0;
  StreamingSha256 sha_;
  std::vector<jiamei::v1::BackupFile> received_;  // with checksums
  uint64_t bytes_ = 0;
};

// The manifest of backup folder `dir`; NOT_FOUND when it has none (not a
// whole backup), DATA_LOSS when it does not parse.
absl::StatusOr<jiamei::v1::BackupManifest> ReadBackupManifest(
    const std::string& dir);

// What is wrong with the files of `dir` against `manifest`: a file missing,
// of another size or checksum, or one the manifest does not name. Empty
// when every file agrees. Reads every file; writes nothing.
std::vector<std::string> CheckBackupFiles(
    const std::string& dir, const jiamei::v1::BackupManifest& manifest);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_BACKUP_BACKUP_FILES_H_
