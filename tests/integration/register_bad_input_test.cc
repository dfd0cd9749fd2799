// Bad input to the register: each is refused with a clear status and reason,
// and nothing is written (the digest does not move).
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/organization.grpc.pb.h"
#include "jiamei/v1/registry.grpc.pb.h"
#include "jiamei/v1/volunteers.grpc.pb.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

constexpr grpc::StatusCode kInvalid = grpc::StatusCode::INVALID_ARGUMENT;

class RegisterBadInputTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    org_ = v1::OrganizationService::NewStub(server_.channel());
    registry_ = v1::RegistryService::NewStub(server_.channel());
    volunteers_ = v1::VolunteerService::NewStub(server_.channel());
    village_ = client_->TestVillage();
    county_ = client_->MustListAllAccounts(10).front().unit();
    v1::CreateHouseholdRequest request = HouseholdRequest("0001");
    v1::Household household;
    grpc::ClientContext context;
    ASSERT_TRUE(registry_->CreateHousehold(&context, request, &household).ok());
    household_ = household.name();
    Mark();
  }

  v1::CreateUnitRequest UnitRequest(v1::UnitLevel level,
                                    const std::string& parent) {
    v1::CreateUnitRequest request;
    request.set_request_id(client_->NewRequestId());
    request.mutable_unit()->set_code("U" + std::to_string(++codes_));
    request.mutable_unit()->set_display_name("new unit");
    request.mutable_unit()->set_level(level);
    request.mutable_unit()->set_parent(parent);
    return request;
  }

  v1::CreateHouseholdRequest HouseholdRequest(const std::string& number) {
    v1::CreateHouseholdRequest request;
    request.set_request_id(client_->NewRequestId());
    request.mutable_household()->set_village(village_);
    request.mutable_household()->set_number(number);
    request.mutable_household()->set_address("东村3组12号");
    request.mutable_head()->set_full_name("王秀英");
    return request;
  }

  Reply<v1::Unit> CreateUnit(const v1::CreateUnitRequest& request) {
    Reply<v1::Unit> reply;
    grpc::ClientContext context;
    reply.status = org_->CreateUnit(&context, request, &reply.value);
    return reply;
  }
  Reply<v1::Household> CreateHousehold(
      const v1::CreateHouseholdRequest& request) {
    Reply<v1::Household> reply;
    grpc::ClientContext context;
    reply.status = registry_->CreateHousehold(&context, request, &reply.value);
    return reply;
  }

  std::unique_ptr<v1::OrganizationService::Stub> org_;
  std::unique_ptr<v1::RegistryService::Stub> registry_;
  std::unique_ptr<v1::VolunteerService::Stub> volunteers_;
  std::string village_, county_, household_;
  int codes_ = 0;
};

TEST_F(RegisterBadInputTest, UnitsWithBadParentsCodesOrNamesAreRefused) {
  struct Case {
    std::string what;
    v1::CreateUnitRequest request;
    grpc::StatusCode code;
    std::string reason;
  };
  v1::CreateUnitRequest duplicate = UnitRequest(v1::UNIT_LEVEL_COUNTY, "");
  const Reply<v1::Unit> first = CreateUnit(duplicate);
  ASSERT_THAT(first, IsOk());
  Mark();
  duplicate.set_request_id(client_->NewRequestId());
  v1::CreateUnitRequest empty_name = UnitRequest(v1::UNIT_LEVEL_COUNTY, "");
  empty_name.mutable_unit()->set_display_name("");
  v1::CreateUnitRequest long_name = UnitRequest(v1::UNIT_LEVEL_COUNTY, "");
  long_name.mutable_unit()->set_display_name(std::string(201, 'x'));
  v1::CreateUnitRequest control = UnitRequest(v1::UNIT_LEVEL_COUNTY, "");
  control.mutable_unit()->set_display_name("东\x01村");
  v1::CreateUnitRequest bad_code = UnitRequest(v1::UNIT_LEVEL_COUNTY, "");
  bad_code.mutable_unit()->set_code("33 01");
  const std::vector<Case> cases = {
      {"unknown parent", UnitRequest(v1::UNIT_LEVEL_TOWNSHIP, "units/999"),
       grpc::StatusCode::NOT_FOUND, "UNIT_NOT_FOUND"},
      {"malformed parent", UnitRequest(v1::UNIT_LEVEL_TOWNSHIP, "999"),
       kInvalid, "INVALID_NAME"},
      {"a village under a county", UnitRequest(v1::UNIT_LEVEL_VILLAGE, county_),
       kInvalid, "WRONG_PARENT_LEVEL"},
      {"a township without a parent", UnitRequest(v1::UNIT_LEVEL_TOWNSHIP, ""),
       kInvalid, "WRONG_PARENT_LEVEL"},
      {"a county with a parent", UnitRequest(v1::UNIT_LEVEL_COUNTY, county_),
       kInvalid, "WRONG_PARENT_LEVEL"},
      {"a unit under a village", UnitRequest(v1::UNIT_LEVEL_VILLAGE, village_),
       kInvalid, "WRONG_PARENT_LEVEL"},
      {"no level", UnitRequest(v1::UNIT_LEVEL_UNSPECIFIED, ""), kInvalid,
       "INVALID_LEVEL"},
      {"duplicate code", duplicate, grpc::StatusCode::ALREADY_EXISTS,
       "DUPLICATE_CODE"},
      {"empty name", empty_name, kInvalid, "INVALID_DISPLAY_NAME"},
      {"name of 201 bytes", long_name, kInvalid, "INVALID_DISPLAY_NAME"},
      {"control character in the name", control, kInvalid,
       "INVALID_DISPLAY_NAME"},
      {"space in the code", bad_code, kInvalid, "INVALID_CODE"},
  };
  for (const Case& bad : cases) {
    const Reply<v1::Unit> reply = CreateUnit(bad.request);
    EXPECT_THAT(reply, FailsWith(bad.code, bad.reason)) << bad.what;
    EXPECT_THAT(reply.status.error_message(),
                ::testing::Not(::testing::IsEmpty()));
  }
  ExpectNothingWritten();
}

TEST_F(RegisterBadInputTest, ListingTheChildrenOfAnUnknownUnitIsNotFound) {
  v1::ListUnitsRequest request;
  request.set_parent("units/999");
  v1::ListUnitsResponse response;
  grpc::ClientContext context;
  const grpc::Status status = org_->ListUnits(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND)
      << status.error_message();
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("units/999"));
  // A unit that exists but has no children is an empty list.
  request.set_parent(village_);
  grpc::ClientContext again;
  EXPECT_TRUE(org_->ListUnits(&again, request, &response).ok());
  EXPECT_EQ(response.units_size(), 0);
}

TEST_F(RegisterBadInputTest, HouseholdsWithBadNumbersPhonesOrIdsAreRefused) {
  struct Case {
    std::string what;
    v1::CreateHouseholdRequest request;
    grpc::StatusCode code;
    std::string reason;
  };
  auto with = [&](auto change) {
    v1::CreateHouseholdRequest request =
        HouseholdRequest("N" + std::to_string(++codes_));
    change(&request);
    return request;
  };
  const std::vector<Case> cases = {
      {"duplicate number in the village", HouseholdRequest("0001"),
       grpc::StatusCode::ALREADY_EXISTS, "DUPLICATE_HOUSEHOLD_NUMBER"},
      {"a household in a county",
       with([&](auto* r) { r->mutable_household()->set_village(county_); }),
       kInvalid, "NOT_A_VILLAGE"},
      {"empty head name",
       with([](auto* r) { r->mutable_head()->set_full_name(""); }), kInvalid,
       "INVALID_FULL_NAME"},
      {"head name of 101 bytes", with([](auto* r) {
         r->mutable_head()->set_full_name(std::string(101, 'x'));
       }),
       kInvalid, "INVALID_FULL_NAME"},
      {"malformed phone",
       with([](auto* r) { r->mutable_head()->set_phone("1381234567"); }),
       kInvalid, "INVALID_PHONE"},
      {"resident ID with a wrong check digit", with([](auto* r) {
         r->mutable_head()->set_resident_id("110105194912310021");
       }),
       kInvalid, "INVALID_RESIDENT_ID"},
      {"resident ID of 17 characters", with([](auto* r) {
         r->mutable_head()->set_resident_id("11010519491231002");
       }),
       kInvalid, "INVALID_RESIDENT_ID"},
      {"unknown care category", with([](auto* r) {
         r->mutable_household()->add_care_categories("NOT_A_CATEGORY");
       }),
       grpc::StatusCode::NOT_FOUND, "CARE_CATEGORY_NOT_FOUND"},
      {"birth year in the future",
       with([](auto* r) { r->mutable_head()->set_birth_year(3000); }), kInvalid,
       "INVALID_BIRTH_YEAR"},
      {"empty address",
       with([](auto* r) { r->mutable_household()->set_address(""); }), kInvalid,
       "INVALID_ADDRESS"},
  };
  for (const Case& bad : cases) {
    EXPECT_THAT(CreateHousehold(bad.request), FailsWith(bad.code, bad.reason))
        << bad.what;
  }
  // A correct check digit is accepted (GB 11643: 11010519491231002X).
  v1::CreateHouseholdRequest good = with([](auto* r) {
    r->mutable_head()->set_resident_id("11010519491231002x");
  });
  const Reply<v1::Household> accepted = CreateHousehold(good);
  ASSERT_THAT(accepted, IsOk());
  EXPECT_EQ(accepted.value.members(0).resident_id(), "11010519491231002X");
  Mark();
  // The same number again, in another household: refused.
  good.set_request_id(client_->NewRequestId());
  good.mutable_household()->set_number("N999");
  EXPECT_THAT(CreateHousehold(good), FailsWith(grpc::StatusCode::ALREADY_EXISTS,
                                               "DUPLICATE_RESIDENT_ID"));
  ExpectNothingWritten();
}

TEST_F(RegisterBadInputTest, MalformedDatesAndMembershipsAreRefused) {
  v1::EnrollVolunteerRequest request;
  request.set_person("people/1");
  for (const char* date :
       {"2026-02-30", "2026-3-05", "yesterday", "1899-12-31", "2999-01-01"}) {
    request.set_request_id(client_->NewRequestId());
    request.set_join_date(date);
    v1::Volunteer volunteer;
    grpc::ClientContext context;
    const grpc::Status status =
        volunteers_->EnrollVolunteer(&context, request, &volunteer);
    EXPECT_EQ(status.error_code(), kInvalid) << date;
  }
  v1::ChangeTeamMembershipRequest leave;
  leave.set_request_id(client_->NewRequestId());
  leave.set_team("teams/1");
  leave.set_volunteer("volunteers/1");
  leave.set_date("2026-04-01");
  v1::Team team;
  grpc::ClientContext context;
  EXPECT_EQ(volunteers_->LeaveTeam(&context, leave, &team).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ExpectNothingWritten();
}

}  // namespace
}  // namespace jiamei::testing
