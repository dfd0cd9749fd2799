// jiamei-server --verify_backup=DIR: checks a backup folder without writing
// to it (storage::VerifyBackup) and says what it found.
#ifndef JIAMEI_SERVICES_SERVER_VERIFY_BACKUP_H_
#define JIAMEI_SERVICES_SERVER_VERIFY_BACKUP_H_

#include <ostream>
#include <string>

namespace jiamei::services {

// Prints the backup's digest and the audit's result to `out`, findings to
// `err`. Returns the exit status: 0 a whole, sound backup whose head is the
// one its manifest recorded; 1 findings (a file changed or missing, the
// audit found discrepancies, a head other than the manifest's); 3 no
// backup at all (no readable manifest).
int VerifyBackupCommand(const std::string& dir, std::ostream& out,
                        std::ostream& err);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_SERVER_VERIFY_BACKUP_H_
