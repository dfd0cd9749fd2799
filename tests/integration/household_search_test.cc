// Household search and pagination over a village of a few thousand
// households: every page complete, no household twice, none missed.
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/registry.grpc.pb.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

constexpr int kHouseholds = 3000;
const char* const kSurnames[] = {"王", "李", "张", "刘", "陈"};

class HouseholdSearchTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    registry_ = v1::RegistryService::NewStub(server_.channel());
    village_ = client_->TestVillage();
    // Household i: head named <surname i%5><i>, number %05d, phone 139%08d.
    constexpr int kThreads = 8;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = t; i < kHouseholds; i += kThreads) {
          v1::CreateHouseholdRequest request;
          request.set_request_id(client_->NewRequestId());
          request.mutable_household()->set_village(village_);
          request.mutable_household()->set_number(absl::StrFormat("%05d", i));
          request.mutable_household()->set_address("Main road");
          request.mutable_head()->set_full_name(
              absl::StrCat(kSurnames[i % 5], i));
          request.mutable_head()->set_phone(absl::StrFormat("139%08d", i));
          v1::Household household;
          grpc::ClientContext context;
          if (!registry_->CreateHousehold(&context, request, &household).ok()) {
            ++failures;
          }
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    ASSERT_EQ(failures.load(), 0);
  }

  // Every household the query finds, following page tokens.
  std::vector<std::string> SearchAll(const std::string& query,
                                     int32_t page_size) {
    std::vector<std::string> found;
    v1::SearchHouseholdsRequest request;
    request.set_unit(village_);
    request.set_query(query);
    request.set_page_size(page_size);
    for (int pages = 0; pages < 1000; ++pages) {
      v1::SearchHouseholdsResponse response;
      grpc::ClientContext context;
      const grpc::Status status =
          registry_->SearchHouseholds(&context, request, &response);
      EXPECT_TRUE(status.ok()) << Describe(status);
      if (!status.ok()) break;
      if (!response.next_page_token().empty()) {
        EXPECT_EQ(response.households_size(), page_size) << "a short page";
      }
      for (const v1::Household& h : response.households()) {
        found.push_back(h.number());
      }
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return found;
  }

  std::unique_ptr<v1::RegistryService::Stub> registry_;
  std::string village_;
};

TEST_F(HouseholdSearchTest, NamePrefixFindsEachMatchOnceAcrossPages) {
  const std::vector<std::string> found = SearchAll("王", 97);
  EXPECT_EQ(found.size(), static_cast<size_t>(kHouseholds / 5));
  EXPECT_EQ(std::set<std::string>(found.begin(), found.end()).size(),
            found.size());
  // 王10, 王100..王109, 王1000..王1099 (i % 5 == 0 among them)
  std::set<std::string> expected;
  for (int i = 0; i < kHouseholds; ++i) {
    const std::string name = absl::StrCat(kSurnames[i % 5], i);
    if (name.rfind("王10", 0) == 0) {
      expected.insert(absl::StrFormat("%05d", i));
    }
  }
  const std::vector<std::string> narrow = SearchAll("王10", 7);
  EXPECT_EQ(std::set<std::string>(narrow.begin(), narrow.end()), expected);
}

TEST_F(HouseholdSearchTest, NumberAndPhonePrefixesFindTheirHouseholds) {
  EXPECT_THAT(SearchAll("0012", 50),
              ::testing::UnorderedElementsAre(
                  "00120", "00121", "00122", "00123", "00124", "00125", "00126",
                  "00127", "00128", "00129"));
  EXPECT_THAT(SearchAll("1390000299", 50),
              ::testing::UnorderedElementsAre(
                  "02990", "02991", "02992", "02993", "02994", "02995", "02996",
                  "02997", "02998", "02999"));
  EXPECT_THAT(SearchAll("nobody", 50), ::testing::IsEmpty());
}

}  // namespace
}  // namespace jiamei::testing
