// The world jiamei-bench works in: its channels, its log-in, and a county,
// township and village with households, made before any phase runs.
#ifndef JIAMEI_CLIENTS_BENCH_WORLD_H_
#define JIAMEI_CLIENTS_BENCH_WORLD_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/bench_common.h"
#include "grpcpp/grpcpp.h"

namespace jiamei::bench {

// `count` channels to `target`, secured as the --tls flags say, each its
// own connection.
absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> MakeChannels(
    const std::string& target, int count);

// Logs in as `login` with the password in $JIAMEI_PASSWORD; every later
// call carries the token (AuthHeader()).
grpc::Status LogIn(const std::shared_ptr<grpc::Channel>& channel,
                   const std::string& login);

// A village with `count` households, made by a few threads: the village's
// name and issuance account, and each household's account, name and head.
grpc::Status MakeVillage(const std::shared_ptr<grpc::Channel>& channel,
                         RequestIds* ids, int count, std::string* village,
                         std::string* issuance,
                         std::vector<std::string>* households,
                         std::vector<std::string>* household_names,
                         std::vector<std::string>* heads);

}  // namespace jiamei::bench

#endif  // JIAMEI_CLIENTS_BENCH_WORLD_H_
