#include "storage/core/witness_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "storage/core/canonical.h"

namespace jiamei::storage {
namespace {

// A slot: magic, generation, store id, sequence, hash (zeros when none),
// then the SHA-256 of all of that. Integers big-endian.
constexpr absl::string_view kMagic = "jmwitns1";
constexpr size_t kSlotBytes = 4096;  // one slot per block
constexpr size_t kFileBytes = 2 * kSlotBytes;
constexpr size_t kBodyBytes =
    kMagic.size() + 8 + WitnessFile::kStoreIdSize + 8 + kHashSize;

void PutUint64(uint64_t value, std::string* out) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>(value >> shift));
  }
}

uint64_t GetUint64(absl::string_view bytes) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return value;
}

std::string EncodeSlot(const WitnessState& state, uint64_t generation) {
  std::string slot(kMagic);
  PutUint64(generation, &slot);
  slot.append(state.store_id);
  slot.resize(kMagic.size() + 8 + WitnessFile::kStoreIdSize, '\0');
  PutUint64(state.sequence, &slot);
  slot.append(state.hash.empty() ? ZeroHash() : state.hash);
  slot.append(Sha256(slot));
  return slot;
}

struct Slot {
  WitnessState state;
  uint64_t generation = 0;
};

// The slot in `bytes`, or nullopt when it is not intact.
std::optional<Slot> DecodeSlot(absl::string_view bytes) {
  if (bytes.size() < kBodyBytes + kHashSize ||
      bytes.substr(0, kMagic.size()) != kMagic ||
      Sha256(bytes.substr(0, kBodyBytes)) !=
          bytes.substr(kBodyBytes, kHashSize)) {
    return std::nullopt;
  }
  Slot slot;
  size_t at = kMagic.size();
  slot.generation = GetUint64(bytes.substr(at));
  at += 8;
  slot.state.store_id =
      std::string(bytes.substr(at, WitnessFile::kStoreIdSize));
  at += WitnessFile::kStoreIdSize;
  slot.state.sequence = GetUint64(bytes.substr(at));
  at += 8;
  slot.state.hash = std::string(bytes.substr(at, kHashSize));
  if (slot.state.sequence == 0) slot.state.hash.clear();
  return slot;
}

absl::Status Errno(absl::string_view what, const std::string& path) {
  return absl::UnavailableError(
      absl::StrCat("witness ", path, ": ", what, ": ", std::strerror(errno)));
}

absl::Status WriteAll(int fd, absl::string_view bytes, off_t offset,
                      const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = pwrite(fd, bytes.data(), bytes.size(), offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Errno("write failed", path);
    bytes.remove_prefix(static_cast<size_t>(n));
    offset += n;
  }
  return absl::OkStatus();
}

// The newest intact slot of the open file `fd`.
absl::StatusOr<Slot> ReadSlots(int fd, const std::string& path) {
  std::string bytes(kFileBytes + 1, '\0');
  size_t size = 0;
  while (size < bytes.size()) {
    const ssize_t n = pread(fd, bytes.data() + size, bytes.size() - size,
                            static_cast<off_t>(size));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("read failed", path);
    if (n == 0) break;
    size += static_cast<size_t>(n);
  }
  if (size != kFileBytes) {
    return absl::DataLossError(
        absl::StrCat("the witness ", path, " is damaged: ", size,
                     " bytes where there must be ", kFileBytes));
  }
  const absl::string_view view(bytes);
  std::optional<Slot> a = DecodeSlot(view.substr(0, kSlotBytes));
  std::optional<Slot> b = DecodeSlot(view.substr(kSlotBytes, kSlotBytes));
  if (!a && !b) {
    return absl::DataLossError(absl::StrCat(
        "the witness ", path, " is damaged: neither of its slots is intact"));
  }
  if (!a) return *std::move(b);
  if (!b) return *std::move(a);
  return a->generation > b->generation ? *std::move(a) : *std::move(b);
}

absl::Status SyncDirectoryOf(const std::string& path) {
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int fd = open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Errno("cannot open its directory", path);
  const int synced = fsync(fd);
  close(fd);
  return synced == 0 ? absl::OkStatus()
                     : Errno("cannot sync its directory", path);
}

}  // namespace

absl::StatusOr<std::optional<WitnessState>> WitnessFile::Read(
    const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return std::nullopt;
  if (fd < 0) return Errno("cannot open", path);
  absl::StatusOr<Slot> slot = ReadSlots(fd, path);
  close(fd);
  if (!slot.ok()) return slot.status();
  return std::move(slot->state);
}

absl::StatusOr<std::unique_ptr<WitnessFile>> WitnessFile::Create(
    const std::string& path, const WitnessState& state) {
  const std::string temp = path + ".new";
  const int fd =
      open(temp.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create", temp);
  // Generation g lives in slot g % 2: slot 0 stays zeros, not intact.
  std::string bytes(kSlotBytes, '\0');
  bytes.append(EncodeSlot(state, 1));
  bytes.resize(kFileBytes, '\0');
  absl::Status s = WriteAll(fd, bytes, 0, temp);
  if (s.ok() && fsync(fd) != 0) s = Errno("cannot sync", temp);
  if (s.ok() && rename(temp.c_str(), path.c_str()) != 0) {
    s = Errno("cannot rename into place", temp);
  }
  if (s.ok()) s = SyncDirectoryOf(path);
  if (!s.ok()) {
    close(fd);
    return s;
  }
  return std::unique_ptr<WitnessFile>(new WitnessFile(path, fd, state, 1));
}

absl::StatusOr<std::unique_ptr<WitnessFile>> WitnessFile::Open(
    const std::string& path) {
  const int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    return absl::NotFoundError(absl::StrCat("no witness at ", path));
  }
  if (fd < 0) return Errno("cannot open", path);
  absl::StatusOr<Slot> slot = ReadSlots(fd, path);
  if (!slot.ok()) {
    close(fd);
    return slot.status();
  }
  return std::unique_ptr<WitnessFile>(
      new WitnessFile(path, fd, std::move(slot->state), slot->generation));
}

WitnessFile::~WitnessFile() { close(fd_); }

absl::Status WitnessFile::Update(uint64_t sequence, absl::string_view hash) {
  WitnessState next = state_;
  next.sequence = sequence;
  next.hash = std::string(hash);
  const uint64_t generation = generation_ + 1;
  const off_t offset = static_cast<off_t>((generation % 2) * kSlotBytes);
  if (absl::Status s =
          WriteAll(fd_, EncodeSlot(next, generation), offset, path_);
      !s.ok()) {
    return s;
  }
  if (fdatasync(fd_) != 0) return Errno("cannot sync", path_);
  state_ = std::move(next);
  generation_ = generation;
  return absl::OkStatus();
}

}  // namespace jiamei::storage
