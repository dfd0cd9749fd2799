#include "services/server/server_errors.h"

#include "services/auth/auth_errors.h"
#include "storage/core/refusal.h"

namespace jiamei::errors {

absl::Status BackupRunning() {
  return Refusal(absl::StatusCode::kResourceExhausted, kBackupRunning,
                 "a backup is being made; try again when it ends");
}

absl::Status BackupNeedsSystemAdmin() {
  return PermissionDenied(
      "a backup holds the whole system; only an admin of the "
      "whole system may make one");
}

}  // namespace jiamei::errors
