#include "storage/core/wal_damage.h"

#include <filesystem>
#include <set>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace jiamei::storage {
namespace {

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
                              const rocksdb::Status& status,
                              const std::string& line) {
  if (!line.empty()) return absl::StrCat("its WAL is damaged: ", line);
  return absl::StrCat("RocksDB found damage (", status.ToString(),
                      ") in one of its files; the WAL files are ",
                      WalFiles(dir));
}

}  // namespace jiamei::storage
