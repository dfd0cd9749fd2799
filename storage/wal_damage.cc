#include "storage/wal_damage.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace jiamei::storage {
namespace {

// RocksDB's recovery logs "<wal path>: dropping <n> bytes; <status>" for
// each bad record it meets (db/db_impl/db_impl_open.cc, LogReporter).
constexpr char kDropping[] = ".log: dropping ";

std::string FirstDroppingLine(const std::string& dir) {
  std::ifstream log(std::filesystem::path(dir) / "LOG");
  std::string line;
  std::string found;
  while (found.empty() && std::getline(log, line)) {
    const size_t at = line.find(kDropping);
    if (at == std::string::npos) continue;
    // The path starts after the last "] " of the line's prefix.
    const size_t start = line.rfind("] ", at);
    found = line.substr(start == std::string::npos ? 0 : start + 2);
  }
  return found;
}

std::string WalFiles(const std::string& dir) {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& file : std::filesystem::directory_iterator(dir, ec)) {
    if (file.path().extension() == ".log") {
      names.insert(file.path().filename().string());
    }
  }
  return names.empty() ? "none" : absl::StrJoin(names, ", ");
}

}  // namespace

std::string DescribeWalDamage(const std::string& dir,
                              const rocksdb::Status& status) {
  const std::string line = FirstDroppingLine(dir);
  if (!line.empty()) return absl::StrCat("its WAL is damaged: ", line);
  return absl::StrCat("RocksDB found damage (", status.ToString(),
                      ") in one of its files; the WAL files are ",
                      WalFiles(dir));
}

}  // namespace jiamei::storage
