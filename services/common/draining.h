// Whether the server is draining before it stops: once it is, every
// handler refuses new work with UNAVAILABLE (SHUTTING_DOWN) before it
// reaches the ledger (services/common/handler.h CheckParsed). One server
// per process; safe from any thread.
#ifndef JIAMEI_SERVICES_COMMON_DRAINING_H_
#define JIAMEI_SERVICES_COMMON_DRAINING_H_

namespace jiamei::services {

// True once BeginShuttingDown() was called.
bool ShuttingDown();
// Called once by the server's call monitor when it begins to drain
// (services/server/call_monitor.h); never undone.
void BeginShuttingDown();

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_COMMON_DRAINING_H_
