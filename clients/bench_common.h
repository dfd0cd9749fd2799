// What jiamei-bench's workloads share: authenticated call contexts and
// request ids.
#ifndef JIAMEI_CLIENTS_BENCH_COMMON_H_
#define JIAMEI_CLIENTS_BENCH_COMMON_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"

namespace jiamei::bench {

// The "authorization" metadata every call carries, set once at log-in.
std::string& AuthHeader();
std::unique_ptr<grpc::ClientContext> NewContext();

// Unique request ids: a random run prefix and a counter.
class RequestIds {
 public:
  RequestIds();
  std::string Next();

 private:
  std::string prefix_;
  std::atomic<uint64_t> counter_{0};
};

}  // namespace jiamei::bench

#endif  // JIAMEI_CLIENTS_BENCH_COMMON_H_
