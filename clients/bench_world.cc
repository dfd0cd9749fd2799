#include "clients/bench_world.h"

#include <cstdlib>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/tls_flags.h"
#include "jiamei/v1/access.grpc.pb.h"
#include "jiamei/v1/organization.grpc.pb.h"
#include "jiamei/v1/registry.grpc.pb.h"

namespace jiamei::bench {
namespace {

using jiamei::v1::RegistryService;

grpc::Status AddUnit(jiamei::v1::OrganizationService::Stub* stub,
                     RequestIds* ids, jiamei::v1::UnitLevel level,
                     const std::string& parent, jiamei::v1::Unit* unit) {
  jiamei::v1::CreateUnitRequest request;
  request.set_request_id(ids->Next());
  request.mutable_unit()->set_code(ids->Next());
  request.mutable_unit()->set_display_name("bench unit");
  request.mutable_unit()->set_level(level);
  request.mutable_unit()->set_parent(parent);
  return stub->CreateUnit(NewContext().get(), request, unit);
}

// Household i: a head named from common surnames, a number and a phone.
jiamei::v1::CreateHouseholdRequest HouseholdRequest(RequestIds* ids,
                                                    const std::string& village,
                                                    int i) {
  static const char* const kSurnames[] = {"王", "李", "张", "刘", "陈",
                                          "杨", "黄", "赵", "吴", "周"};
  static const char* const kGiven[] = {"芳", "秀英", "敏", "静", "丽",
                                       "强", "磊",   "军", "洋", "勇"};
  jiamei::v1::CreateHouseholdRequest request;
  request.set_request_id(ids->Next());
  request.mutable_household()->set_village(village);
  request.mutable_household()->set_number(absl::StrFormat("%05d", i));
  request.mutable_household()->set_address(absl::StrCat(i, " Main road"));
  request.mutable_head()->set_full_name(
      absl::StrCat(kSurnames[i % 10], kGiven[(i / 10) % 10], i / 100));
  request.mutable_head()->set_phone(absl::StrFormat("138%08d", i));
  return request;
}

}  // namespace

absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> MakeChannels(
    const std::string& target, int count) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("jiamei.bench.channel", i);  // distinct args: own connection
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        jiamei::clients::ChannelFromFlags(target, args);
    if (!channel.ok()) return channel.status();
    channels.push_back(*std::move(channel));
  }
  return channels;
}

grpc::Status LogIn(const std::shared_ptr<grpc::Channel>& channel,
                   const std::string& login) {
  const char* password = std::getenv("JIAMEI_PASSWORD");
  if (password == nullptr) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "set $JIAMEI_PASSWORD to the admin's password");
  }
  auto stub = jiamei::v1::AccessService::NewStub(channel);
  grpc::ClientContext context;
  jiamei::v1::LoginRequest request;
  request.set_login(login);
  request.set_password(password);
  jiamei::v1::LoginResponse response;
  grpc::Status status = stub->Login(&context, request, &response);
  AuthHeader() = "Bearer " + response.token();
  return status;
}

grpc::Status MakeVillage(const std::shared_ptr<grpc::Channel>& channel,
                         RequestIds* ids, int count, std::string* village,
                         std::string* issuance,
                         std::vector<std::string>* households,
                         std::vector<std::string>* household_names,
                         std::vector<std::string>* heads) {
  auto org = jiamei::v1::OrganizationService::NewStub(channel);
  jiamei::v1::Unit county, township, unit;
  grpc::Status status =
      AddUnit(org.get(), ids, jiamei::v1::UNIT_LEVEL_COUNTY, "", &county);
  if (status.ok()) {
    status = AddUnit(org.get(), ids, jiamei::v1::UNIT_LEVEL_TOWNSHIP,
                     county.name(), &township);
  }
  if (status.ok()) {
    status = AddUnit(org.get(), ids, jiamei::v1::UNIT_LEVEL_VILLAGE,
                     township.name(), &unit);
  }
  if (!status.ok()) return status;
  *village = unit.name();
  *issuance = unit.issuance_account();
  auto registry = RegistryService::NewStub(channel);
  households->assign(count, "");
  household_names->assign(count, "");
  heads->assign(count, "");
  constexpr int kThreads = 16;
  std::vector<grpc::Status> statuses(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < count && statuses[t].ok(); i += kThreads) {
        jiamei::v1::Household household;
        statuses[t] = registry->CreateHousehold(
            NewContext().get(), HouseholdRequest(ids, *village, i), &household);
        (*households)[i] = household.account();
        (*household_names)[i] = household.name();
        (*heads)[i] = household.head();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const grpc::Status& s : statuses) {
    if (!s.ok()) return s;
  }
  return grpc::Status::OK;
}

}  // namespace jiamei::bench
