#include "services/common/permissions.h"

#include "services/auth/auth_errors.h"

namespace jiamei::services {

absl::Status RequirePermission(const Principal& caller,
                               const Permission& permission) {
  if (permission.callers != Permission::Callers::kRoles ||
      permission.roles.Contains(caller.role)) {
    return absl::OkStatus();
  }
  return errors::RoleMayNotCall(
      jiamei::v1::Role_Name(static_cast<jiamei::v1::Role>(caller.role)));
}

}  // namespace jiamei::services
