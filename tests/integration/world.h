// The world the integration tests act in, built over a running server
// through its public API only, as the server's admin: a county with a
// township and its two villages A and B (and, if asked, a second township
// with a village of its own), households with people, operators logged in,
// rules, and supermarket sites with goods in stock. A test says what is
// particular to it in a WorldPlan; what it does not say is the common world
// (see WorldPlan). Every step of building must succeed: one that fails
// records a test failure (with the status) and leaves its part empty, so a
// broken world fails the test that asked for it, never silently.
#ifndef JIAMEI_TESTS_INTEGRATION_WORLD_H_
#define JIAMEI_TESTS_INTEGRATION_WORLD_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "jiamei/v1/access.grpc.pb.h"
#include "jiamei/v1/activities.grpc.pb.h"
#include "jiamei/v1/audit.grpc.pb.h"
#include "jiamei/v1/cards.grpc.pb.h"
#include "jiamei/v1/ledger.grpc.pb.h"
#include "jiamei/v1/organization.grpc.pb.h"
#include "jiamei/v1/policy.grpc.pb.h"
#include "jiamei/v1/registry.grpc.pb.h"
#include "jiamei/v1/reports.grpc.pb.h"
#include "jiamei/v1/supermarket.grpc.pb.h"
#include "jiamei/v1/volunteers.grpc.pb.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/server_process.h"

namespace jiamei::testing {

// Stubs of every service on one channel (and so with that channel's token).
struct Stubs {
  explicit Stubs(const std::shared_ptr<grpc::Channel>& channel);
  std::unique_ptr<v1::AccessService::Stub> access;
  std::unique_ptr<v1::OrganizationService::Stub> org;
  std::unique_ptr<v1::RegistryService::Stub> registry;
  std::unique_ptr<v1::VolunteerService::Stub> volunteers;
  std::unique_ptr<v1::LedgerService::Stub> ledger;
  std::unique_ptr<v1::AuditService::Stub> audit;
  std::unique_ptr<v1::SupermarketService::Stub> market;
  std::unique_ptr<v1::ActivityService::Stub> activities;
  std::unique_ptr<v1::PointCardService::Stub> cards;
  std::unique_ptr<v1::PolicyService::Stub> policy;
  std::unique_ptr<v1::ReportService::Stub> reports;
};

// The password of every operator the helpers below make unless told
// otherwise.
inline constexpr char kOperatorPassword[] = "operator password 1";

// A CreateOperator request (request id "operator-" + login, display name
// the login) for `login` of `role` scoped to `scope` ("" the whole
// system) or, for a member, to `person`.
v1::CreateOperatorRequest OperatorRequest(
    const std::string& login, v1::Role role, const std::string& scope,
    const std::string& person = "",
    const std::string& password = kOperatorPassword);

// An operator logged in: its record and a channel (and stubs) carrying its
// token.
struct LoggedIn {
  explicit LoggedIn(const std::shared_ptr<grpc::Channel>& token_channel)
      : channel(token_channel), stubs(token_channel) {}
  v1::Operator record;
  std::shared_ptr<grpc::Channel> channel;
  Stubs stubs;
};

// Has the admin of `server` create the operator `request` asks for, then
// logs it in with the request's password. Either failing is a test failure;
// the channel then carries no valid token.
std::unique_ptr<LoggedIn> CreateAndLogIn(
    const ServerProcess& server, const v1::CreateOperatorRequest& request);

// "people/N" -> "volunteers/N": a person's volunteer record, once enrolled.
std::string VolunteerOf(const std::string& person);

// A part of the world by its place in the unit tree. kSystem is no unit: the
// whole system (an operator's scope "", a rule's unit "").
enum class Where {
  kSystem,
  kCounty,
  kTownship,  // T, above villages A and B
  kVillageA,
  kVillageB,
  kOtherTownship,  // T2, with WorldPlan::other_township only
  kOtherVillage,   // T2's village
};

// One household, made in its village's register.
struct HouseholdPlan {
  Where village = Where::kVillageA;
  std::string number;  // "" for one made up, unique in the world
  std::string head = "王秀英";
  int people = 1;           // the head and people - 1 more, each named 李敏
  bool volunteer = false;   // the head enrolled as a volunteer (2026-03-05)
  std::string phone;        // the head's, if any
  std::string resident_id;  // the head's, if any
};

// One rule of category hygiene with a code of its own ("R<n>").
struct RulePlan {
  RulePlan() = default;
  RulePlan(Where unit_of, int64_t points_each,
           v1::CapPeriod cap = v1::CAP_PERIOD_NONE, int64_t cap_of = 0)
      : unit(unit_of),
        points(points_each),
        cap_period(cap),
        cap_points(cap_of) {}
  Where unit = Where::kTownship;
  int64_t points = 10;
  v1::CapPeriod cap_period = v1::CAP_PERIOD_NONE;
  int64_t cap_points = 0;
  bool deduction = false;
  std::string display_name = "庭院干净整洁";
  std::string valid_from = "2020-01-01";
  std::string valid_to;  // "" for open
};

// One good of a site; `stock` (when above 0) comes in as a donation.
struct GoodPlan {
  std::string display_name = "洗衣皂";
  int64_t price = 5;
  bool active = true;
  int64_t stock = 10;
  std::string measure = "件";
};

// One points supermarket ("积分超市") of `unit` serving `villages` (none:
// the unit itself), with its goods.
struct SitePlan {
  Where unit = Where::kTownship;
  std::vector<Where> villages = {Where::kVillageA};
  std::vector<GoodPlan> goods = {GoodPlan()};
};

// One operator, logged in once the world is built.
struct OperatorPlan {
  OperatorPlan() = default;
  OperatorPlan(std::string login_as, v1::Role role_of,
               Where scope_of = Where::kVillageA)
      : login(std::move(login_as)), role(role_of), scope(scope_of) {}
  std::string login;
  v1::Role role = v1::ROLE_DESK_OPERATOR;
  Where scope = Where::kVillageA;  // ignored for a member
  int head_of = -1;  // a member: the head of households()[head_of]
  std::string password = kOperatorPassword;
};

// What a World builds. Its defaults are the common world: households H1
// (A, "0001", head 王秀英 and two more people) and H2 (A, "0002", head 李敏),
// both heads volunteers, and H3 (B, "0003", head 张兰); the township's rule
// of 10 points; a site of the township serving A with soap (洗衣皂, 5
// points, 10 in stock); no operators but the admin. A test changes or
// clears the parts it needs otherwise.
struct WorldPlan {
  WorldPlan();
  bool other_township = false;
  std::vector<HouseholdPlan> households;
  std::vector<RulePlan> rules;
  std::vector<SitePlan> sites;
  std::vector<OperatorPlan> operators;
};

// A site as made, with its goods in the order of its plan.
struct BuiltSite {
  v1::Site site;
  std::vector<v1::Good> goods;
};

// The built world, and the steps it is built with for tests that make more
// of it. Not thread-safe. `server` must be running and outlive the World.
class World {
 public:
  // Builds `plan` in this order: the units (county, township, A, B, then
  // T2 and its village), households, rules, sites, operators.
  World(const ServerProcess& server, const WorldPlan& plan = WorldPlan());
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // The parts, by name.
  const v1::Unit& unit(Where where) const;
  const std::string& county() const { return unit(Where::kCounty).name(); }
  const std::string& township() const { return unit(Where::kTownship).name(); }
  const std::string& village_a() const { return unit(Where::kVillageA).name(); }
  const std::string& village_b() const { return unit(Where::kVillageB).name(); }
  const std::string& other_township() const {
    return unit(Where::kOtherTownship).name();
  }
  const std::string& other_village() const {
    return unit(Where::kOtherVillage).name();
  }
  // By the index of their plan.
  const std::vector<v1::Household>& households() const { return households_; }
  const std::string& household(int i) const { return households_[i].name(); }
  // "volunteers/N" of households()[i]'s head, "" if not enrolled.
  const std::string& volunteer(int i) const { return volunteers_[i]; }
  const std::vector<v1::Rule>& rules() const { return rules_; }
  const std::string& rule(int i) const { return rules_[i].name(); }
  const std::vector<BuiltSite>& sites() const { return sites_; }
  const std::string& site(int i) const { return sites_[i].site.name(); }
  const std::string& good(int site, int i) const {
    return sites_[site].goods[i].name();
  }
  // The operator of the plan (or of LogInNew) with `login`.
  LoggedIn& op(const std::string& login);
  Stubs& admin() const { return *admin_; }

  // The steps, as the admin. Make*, Enroll, Publish, AddGood, StockIn,
  // LogInNew and Statement record a test failure if the server refuses;
  // TryPublish and CreateOperator return the reply for the test to judge;
  // RuleOf and the *Request builders send nothing.
  std::string NewId() { return client_.NewRequestId(); }
  // A unit named "unit" with a code of its own ("U<n>").
  v1::Unit MakeUnit(v1::UnitLevel level, const std::string& parent);
  v1::Household MakeHousehold(const HouseholdPlan& plan);
  // A person named `full_name` in `household`.
  v1::Person MakePerson(const std::string& household,
                        const std::string& full_name = "李敏");
  // Enrolls `person` (joined 2026-03-05); its volunteer record.
  std::string Enroll(const std::string& person);
  // The rule `plan` describes, not yet published.
  v1::Rule RuleOf(const RulePlan& plan);
  Reply<v1::Rule> TryPublish(const v1::Rule& rule);
  v1::Rule Publish(const v1::Rule& rule);
  // A site of `unit` ("积分超市") serving `villages`, to send.
  v1::CreateSiteRequest SiteRequest(const std::string& unit,
                                    const std::vector<std::string>& villages);
  BuiltSite MakeSite(const SitePlan& plan);
  // The good `plan` describes for `site` (its stock aside), to send.
  v1::AddGoodRequest GoodRequest(const std::string& site, const GoodPlan& plan);
  v1::Good AddGood(const std::string& site, const GoodPlan& plan);
  void StockIn(const std::string& good, int64_t quantity);
  // The operator `plan` describes, created; not logged in.
  Reply<v1::Operator> CreateOperator(const OperatorPlan& plan);
  // The one helper for operators: creates `plan` and logs it in; op(login)
  // finds it again.
  LoggedIn& LogInNew(const OperatorPlan& plan);
  // An award of `rule` to `household` (note "checked"), to send.
  v1::AwardPointsRequest AwardRequest(const std::string& household,
                                      const std::string& rule);
  // A redemption of `quantity` of `good` at `site` by `household`, to send.
  v1::RedeemRequest RedeemRequest(const std::string& site,
                                  const std::string& household,
                                  const std::string& good, int64_t quantity);
  // The household's statement, as the admin reads it.
  v1::Statement Statement(const std::string& household);
  // An activity of `unit` to create: 清洁村庄 (environment clean-up) at
  // 东村文化广场 from `start` for `length`, `capacity` places, 10 points an
  // hour.
  v1::CreateActivityRequest ActivityRequest(const std::string& unit,
                                            absl::Time start,
                                            absl::Duration length,
                                            int32_t capacity);
  // An activity of `unit` inviting `team` (none: "") started 10 minutes ago,
  // opened, signed up to, checked in and out by the organiser (the admin)
  // for each volunteer of `minutes`, closed and confirmed with those
  // minutes; the confirmation's answer (records, one per volunteer). A
  // refused step records a test failure and ends it early.
  // A team of `unit` named 巾帼助耕队 led by volunteer `leader`, with
  // `members` joined too (all on 2026-03-05); its name ("teams/N").
  std::string MakeTeam(const std::string& unit, const std::string& leader,
                       const std::vector<std::string>& members);
  v1::ConfirmHoursResponse HoldActivity(
      const std::string& unit, const std::string& team,
      const std::map<std::string, int64_t>& minutes);

 private:
  const std::string& Resolve(Where where) const;
  v1::CreateOperatorRequest RequestOf(const OperatorPlan& plan) const;

  const ServerProcess& server_;
  LedgerClient client_;
  std::unique_ptr<Stubs> admin_;
  std::map<Where, v1::Unit> units_;
  std::vector<v1::Household> households_;
  std::vector<std::string> volunteers_;
  std::vector<v1::Rule> rules_;
  std::vector<BuiltSite> sites_;
  std::map<std::string, std::unique_ptr<LoggedIn>> operators_;
  int codes_ = 0;
};

}  // namespace jiamei::testing

#endif  // JIAMEI_TESTS_INTEGRATION_WORLD_H_
