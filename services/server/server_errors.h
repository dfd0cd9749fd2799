// The refusals of the server's own services (services/server): backups.
// Reasons are declared once, each after one line naming its gRPC code, with
// a factory for each way it is raised.
#ifndef JIAMEI_SERVICES_SERVER_SERVER_ERRORS_H_
#define JIAMEI_SERVICES_SERVER_SERVER_ERRORS_H_

#include "absl/status/status.h"

namespace jiamei::errors {

// RESOURCE_EXHAUSTED: a backup is being made.
inline constexpr char kBackupRunning[] = "BACKUP_RUNNING";
absl::Status BackupRunning();

// PERMISSION_DENIED (common_errors.h) for an admin scoped below the whole
// system: a backup holds every record.
absl::Status BackupNeedsSystemAdmin();

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_SERVER_SERVER_ERRORS_H_
