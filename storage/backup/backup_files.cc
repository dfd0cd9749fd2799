#include "storage/backup/backup_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "storage/core/status_macros.h"

namespace jiamei::storage {
namespace {

namespace fs = std::filesystem;
constexpr size_t kReadChunk = 1 << 20;

absl::Status Errno(absl::string_view what, const std::string& path) {
  return absl::UnavailableError(
      absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

absl::Status SyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", path);
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced ? absl::OkStatus() : Errno("cannot sync", path);
}

bool PlainName(const std::string& name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos && name != kBackupManifestFile;
}

// Writes all of `data` to `fd`.
bool WriteAll(int fd, absl::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// The size and SHA-256 of the file at `path`, or why not.
absl::StatusOr<jiamei::v1::BackupFile> Measure(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("missing");
  StreamingSha256 sha;
  std::string buffer(kReadChunk, '\0');
  uint64_t size = 0;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize got = in.gcount();
    sha.Update(absl::string_view(buffer.data(), static_cast<size_t>(got)));
    size += static_cast<uint64_t>(got);
  }
  if (in.bad()) return absl::UnavailableError("unreadable");
  jiamei::v1::BackupFile file;
  file.set_size(size);
  file.set_sha256(sha.HexDigest());
  return file;
}

}  // namespace

StreamingSha256::StreamingSha256() : context_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(context_, EVP_sha256(), nullptr);
}

StreamingSha256::~StreamingSha256() { EVP_MD_CTX_free(context_); }

void StreamingSha256::Update(absl::string_view bytes) {
  EVP_DigestUpdate(context_, bytes.data(), bytes.size());
}

std::string StreamingSha256::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_, digest, &length);
  EVP_DigestInit_ex(context_, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 15]);
  }
  return hex;
}

absl::StatusOr<std::unique_ptr<BackupDirWriter>> BackupDirWriter::Create(
    const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return absl::FailedPreconditionError(
        absl::StrCat(dir, " is not empty: a backup goes into a new folder"));
  }
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir, ec)) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot make the folder ", dir, ": ", ec.message()));
  }
  return std::unique_ptr<BackupDirWriter>(new BackupDirWriter(dir));
}

BackupDirWriter::~BackupDirWriter() {
  if (fd_ >= 0) ::close(fd_);
}

absl::Status BackupDirWriter::BeginFile(const jiamei::v1::BackupFile& file) {
  RETURN_IF_ERROR(CloseFile());
  if (!PlainName(file.name())) {
    return absl::DataLossError(
        absl::StrCat("the backup names a file \"", file.name(),
                     "\" that is not a plain file name"));
  }
  const std::string path = absl::StrCat(dir_, "/", file.name());
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd_ < 0) return Errno("cannot create", path);
  current_ = file;
  current_written_ = 0;
  return absl::OkStatus();
}

absl::Status BackupDirWriter::AddData(absl::string_view data) {
  if (fd_ < 0) return absl::DataLossError("backup data before any file");
  if (current_written_ + data.size() > current_.size()) {
    return absl::DataLossError(
        absl::StrCat(current_.name(), " is longer than announced"));
  }
  if (!WriteAll(fd_, data)) {
    return Errno("cannot write", absl::StrCat(dir_, "/", current_.name()));
  }
  sha_.Update(data);
  current_written_ += data.size();
  bytes_ += data.size();
  return absl::OkStatus();
}

absl::Status BackupDirWriter::CloseFile() {
  if (fd_ < 0) return absl::OkStatus();
  const std::string path = absl::StrCat(dir_, "/", current_.name());
  const bool synced = ::fsync(fd_) == 0;
  ::close(fd_);
  fd_ = -1;
  if (!synced) return Errno("cannot sync", path);
  if (current_written_ != current_.size()) {
    return absl::DataLossError(
        absl::StrCat(current_.name(), " has ", current_written_,
                     " bytes, announced ", current_.size()));
  }
  current_.set_sha256(sha_.HexDigest());
  received_.push_back(current_);
  return absl::OkStatus();
}

absl::Status BackupDirWriter::End(const jiamei::v1::BackupManifest& manifest) {
  RETURN_IF_ERROR(CloseFile());
  absl::flat_hash_map<std::string, const jiamei::v1::BackupFile*> got;
  for (const jiamei::v1::BackupFile& file : received_) {
    got[file.name()] = &file;
  }
  if (got.size() != static_cast<size_t>(manifest.files_size())) {
    return absl::DataLossError(absl::StrCat("received ", got.size(),
                                            " files, the manifest names ",
                                            manifest.files_size()));
  }
  for (const jiamei::v1::BackupFile& file : manifest.files()) {
    auto it = got.find(file.name());
    if (it == got.end() || it->second->size() != file.size() ||
        it->second->sha256() != file.sha256()) {
      return absl::DataLossError(absl::StrCat(
          file.name(), " did not arrive as the manifest describes it"));
    }
  }
  std::string text;
  google::protobuf::TextFormat::PrintToString(manifest, &text);
  const std::string temp = absl::StrCat(dir_, "/", kBackupManifestFile, ".tmp");
  const std::string path = absl::StrCat(dir_, "/", kBackupManifestFile);
  const int fd =
      ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return Errno("cannot create", temp);
  const bool written = WriteAll(fd, text) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return Errno("cannot write", temp);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return Errno("cannot rename", temp);
  }
  return SyncPath(dir_, O_RDONLY | O_DIRECTORY);
}

absl::StatusOr<jiamei::v1::BackupManifest> ReadBackupManifest(
    const std::string& dir) {
  const std::string path = absl::StrCat(dir, "/", kBackupManifestFile);
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(
        dir, " has no ", kBackupManifestFile,
        ": it is not a whole backup (one cut short, or not a backup)"));
  }
  std::stringstream text;
  text << in.rdbuf();
  jiamei::v1::BackupManifest manifest;
  if (!google::protobuf::TextFormat::ParseFromString(text.str(), &manifest)) {
    return absl::DataLossError(absl::StrCat(path, " does not parse"));
  }
  return manifest;
}

std::vector<std::string> CheckBackupFiles(
    const std::string& dir, const jiamei::v1::BackupManifest& manifest) {
  std::vector<std::string> findings;
  absl::flat_hash_map<std::string, bool> named;
  for (const jiamei::v1::BackupFile& file : manifest.files()) {
    named[file.name()] = true;
    absl::StatusOr<jiamei::v1::BackupFile> found =
        Measure(absl::StrCat(dir, "/", file.name()));
    if (!found.ok()) {
      findings.push_back(
          absl::StrCat(file.name(), ": ", found.status().message()));
    } else if (found->size() != file.size()) {
      findings.push_back(absl::StrCat(file.name(), ": ", found->size(),
                                      " bytes, the manifest says ",
                                      file.size()));
    } else if (found->sha256() != file.sha256()) {
      findings.push_back(absl::StrCat(file.name(), ": SHA-256 ",
                                      found->sha256(), ", the manifest says ",
                                      file.sha256()));
    }
  }
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name != kBackupManifestFile && !named.contains(name)) {
      findings.push_back(
          absl::StrCat(name, ": a file the manifest does not name"));
    }
  }
  if (ec) findings.push_back(absl::StrCat(dir, ": ", ec.message()));
  return findings;
}

}  // namespace jiamei::storage
