#include "clients/bench_common.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace jiamei::bench {

std::string& AuthHeader() {
  static std::string* const header = new std::string();
  return *header;
}

std::unique_ptr<grpc::ClientContext> NewContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", AuthHeader());
  return context;
}

RequestIds::RequestIds() {
  std::random_device random;
  prefix_ = absl::StrFormat("bench-%08x%08x-", random(), random());
}

std::string RequestIds::Next() {
  return absl::StrCat(prefix_, counter_.fetch_add(1));
}

}  // namespace jiamei::bench
