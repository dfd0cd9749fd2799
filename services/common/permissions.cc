#include "services/common/permissions.h"

namespace jiamei::services {

absl::Status RequirePermission(const Principal& caller,
                               const Permission& permission) {
  if (permission.callers != Permission::Callers::kRoles ||
      permission.roles.Contains(caller.role)) {
    return absl::OkStatus();
  }
  // No role passes an empty set: RequireRole words the refusal.
  return RequireRole(caller, {});
}

}  // namespace jiamei::services
