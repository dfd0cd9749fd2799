#include <vector>

#include "absl/strings/str_join.h"
#include "clients/cli/command.h"

namespace jiamei::cli {

absl::Span<const Command> Commands() {
  static const std::vector<Command>* const table = [] {
    auto* all = new std::vector<Command>;
    for (absl::Span<const Command> domain :
         {AccessCommands(), RegistryCommands(), VolunteerCommands(),
          LedgerCommands(), AuditCommands(), MarketCommands(),
          ActivityCommands(), CardCommands(), PolicyCommands(),
          ExportCommands()}) {
      all->insert(all->end(), domain.begin(), domain.end());
    }
    return all;
  }();
  return *table;
}

std::string Synopsis(const Command& command) {
  std::vector<absl::string_view> parts;
  for (absl::string_view part :
       {command.noun, command.verb, command.operand, command.flags}) {
    if (!part.empty()) parts.push_back(part);
  }
  return absl::StrJoin(parts, " ");
}

}  // namespace jiamei::cli
