// jiamei-bench's `import` phase (alone): a register file of --accounts
// households, each a head and two more people with resident ID numbers,
// checked by a dry run and then imported into a new village, each round,
// timed from the outside (RegistryService.ImportRegister).
#ifndef JIAMEI_CLIENTS_BENCH_IMPORT_H_
#define JIAMEI_CLIENTS_BENCH_IMPORT_H_

#include <memory>

#include "clients/bench_common.h"
#include "grpcpp/grpcpp.h"

namespace jiamei::bench {

// Prints each round's file size, dry-run and import times, and their
// medians. False on failure (the server's refusal printed).
bool RunImportPhase(const std::shared_ptr<grpc::Channel>& channel,
                    RequestIds* ids, int households, int rounds);

}  // namespace jiamei::bench

#endif  // JIAMEI_CLIENTS_BENCH_IMPORT_H_
