// jiamei-bench's `expiry` phase: a yearly expiry over a whole village while
// desks keep recording awards, timed from the outside.
#ifndef JIAMEI_CLIENTS_BENCH_EXPIRY_H_
#define JIAMEI_CLIENTS_BENCH_EXPIRY_H_

#include <memory>
#include <string>
#include <vector>

#include "clients/bench_common.h"
#include "grpcpp/grpcpp.h"

namespace jiamei::bench {

// Sets the village's township to expire points at year end, gives every
// household points earned last December, then runs the expiry while
// `desks` threads record one award after another, and prints the run's
// time and the desks' latencies before and during it. False on failure.
bool RunExpiryPhase(const std::shared_ptr<grpc::Channel>& channel,
                    RequestIds* ids, const std::string& village,
                    const std::vector<std::string>& households, int desks);

}  // namespace jiamei::bench

#endif  // JIAMEI_CLIENTS_BENCH_EXPIRY_H_
