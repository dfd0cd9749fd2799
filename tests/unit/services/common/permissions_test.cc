// Every method of every jiamei.v1 service has exactly one entry in its
// service's permission table, and every table names only methods its
// service has. The services and their methods are read from the .proto
// files themselves, so a new service or method without an entry fails here.
#include "services/common/permissions.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/activity/activity_service.h"
#include "services/activity/volunteer_service.h"
#include "services/cards/card_service.h"
#include "services/export/export_service.h"
#include "services/ledger/audit_service.h"
#include "services/ledger/ledger_service.h"
#include "services/market/market_service.h"
#include "services/policy/policy_service.h"
#include "services/registry/access_service.h"
#include "services/registry/organization_service.h"
#include "services/registry/registry_service.h"
#include "services/report/report_service.h"
#include "services/server/backup_service.h"

namespace jiamei::services {
namespace {

using Methods = std::map<std::string, std::vector<std::string>>;

// The methods of each service ("jiamei.v1.LedgerService") declared in the
// .proto files of JIAMEI_PROTO_DIR.
Methods DeclaredMethods() {
  Methods methods;
  const std::regex service(R"(^service\s+(\w+)\s*\{)");
  const std::regex rpc(R"(^\s*rpc\s+(\w+)\s*\()");
  for (const auto& file :
       std::filesystem::directory_iterator(JIAMEI_PROTO_DIR)) {
    if (file.path().extension() != ".proto") continue;
    std::ifstream in(file.path());
    std::string line;
    std::string current;
    while (std::getline(in, line)) {
      std::smatch match;
      if (std::regex_search(line, match, service)) {
        current = "jiamei.v1." + match[1].str();
        methods[current];
      } else if (line.rfind("}", 0) == 0) {
        current.clear();
      } else if (!current.empty() && std::regex_search(line, match, rpc)) {
        methods[current].push_back(match[1].str());
      }
    }
  }
  return methods;
}

// The entries of every table, by service.
Methods TabledMethods() {
  Methods methods;
  auto add = [&](absl::string_view service,
                 absl::Span<const Permission> entries) {
    std::vector<std::string>& names = methods[std::string(service)];
    for (const Permission& entry : entries) {
      names.push_back(std::string(entry.method));
    }
  };
  add(kAccessPermissions.service, kAccessPermissions.All());
  add(kActivityPermissions.service, kActivityPermissions.All());
  add(kAuditPermissions.service, kAuditPermissions.All());
  add(kBackupPermissions.service, kBackupPermissions.All());
  add(kCardPermissions.service, kCardPermissions.All());
  add(kExportPermissions.service, kExportPermissions.All());
  add(kLedgerPermissions.service, kLedgerPermissions.All());
  add(kMarketPermissions.service, kMarketPermissions.All());
  add(kOrganizationPermissions.service, kOrganizationPermissions.All());
  add(kPolicyPermissions.service, kPolicyPermissions.All());
  add(kRegistryPermissions.service, kRegistryPermissions.All());
  add(kReportPermissions.service, kReportPermissions.All());
  add(kVolunteerPermissions.service, kVolunteerPermissions.All());
  return methods;
}

TEST(PermissionsTest, EveryMethodOfEveryServiceHasExactlyOneEntry) {
  const Methods declared = DeclaredMethods();
  const Methods tabled = TabledMethods();
  ASSERT_GE(declared.size(), 11u)
      << "no services read from " << JIAMEI_PROTO_DIR;
  for (const auto& [service, methods] : declared) {
    auto table = tabled.find(service);
    ASSERT_NE(table, tabled.end()) << service << " has no permission table";
    for (const std::string& method : methods) {
      EXPECT_EQ(std::count(table->second.begin(), table->second.end(), method),
                1)
          << service << "/" << method;
    }
  }
}

TEST(PermissionsTest, EveryEntryNamesAMethodOfItsService) {
  const Methods declared = DeclaredMethods();
  for (const auto& [service, entries] : TabledMethods()) {
    auto methods = declared.find(service);
    ASSERT_NE(methods, declared.end()) << service << " is not declared";
    for (const std::string& entry : entries) {
      EXPECT_EQ(
          std::count(methods->second.begin(), methods->second.end(), entry), 1)
          << service << "/" << entry;
    }
  }
}

TEST(PermissionsTest, EntryAdmitsItsRolesAndRefusesTheOthers) {
  Principal desk;
  desk.role = jiamei::v1::ROLE_DESK_OPERATOR;
  Principal member;
  member.role = jiamei::v1::ROLE_MEMBER;
  const Permission& redeem = kMarketPermissions.Of("Redeem");
  EXPECT_TRUE(RequirePermission(desk, redeem).ok());
  const absl::Status refused = RequirePermission(member, redeem);
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(refused.message(), "the role ROLE_MEMBER may not make this call");
  EXPECT_TRUE(RequirePermission(member, kAccessPermissions.Of("WhoAmI")).ok());
}

TEST(PermissionsTest, MethodWithoutAnEntryAdmitsNobody) {
  Principal admin;
  admin.role = jiamei::v1::ROLE_ADMIN;
  EXPECT_EQ(
      RequirePermission(admin, kLedgerPermissions.Of("NoSuchMethod")).code(),
      absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace jiamei::services
