// The permission matrix: every RPC of the server called as every role, on a
// record inside the caller's scope and on one outside it, and the code each
// must get (OK, PERMISSION_DENIED or UNAUTHENTICATED). The expectations are
// written here from the access rules in the README, not taken from the
// server's code. Later issues add their RPCs as rows.
#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/access.grpc.pb.h"
#include "jiamei/v1/activities.grpc.pb.h"
#include "jiamei/v1/audit.grpc.pb.h"
#include "jiamei/v1/cards.grpc.pb.h"
#include "jiamei/v1/ledger.grpc.pb.h"
#include "jiamei/v1/organization.grpc.pb.h"
#include "jiamei/v1/policy.grpc.pb.h"
#include "jiamei/v1/registry.grpc.pb.h"
#include "jiamei/v1/supermarket.grpc.pb.h"
#include "jiamei/v1/volunteers.grpc.pb.h"
#include "tests/integration/auth_channel.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

using grpc::StatusCode;

enum Role { kAdmin, kAuditor, kDesk, kOrganizer, kMember, kRoles };
constexpr const char* kRoleNames[] = {"admin of T1", "auditor of T1",
                                      "desk of V1", "organiser of V1",
                                      "member of H1"};
// The group leader of V1 (letter L) is called on the rows that name it
// (kLeaderRows), after the five roles above.
constexpr int kLeader = kRoles;

// Stubs of every service on one channel, with that channel's token.
struct Stubs {
  explicit Stubs(const std::shared_ptr<grpc::Channel>& channel)
      : access(v1::AccessService::NewStub(channel)),
        org(v1::OrganizationService::NewStub(channel)),
        registry(v1::RegistryService::NewStub(channel)),
        volunteers(v1::VolunteerService::NewStub(channel)),
        ledger(v1::LedgerService::NewStub(channel)),
        audit(v1::AuditService::NewStub(channel)),
        market(v1::SupermarketService::NewStub(channel)),
        activities(v1::ActivityService::NewStub(channel)),
        cards(v1::PointCardService::NewStub(channel)),
        policy(v1::PolicyService::NewStub(channel)) {}
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
};

// Calls `method` on `stub`; the status, the response in `out` if given.
template <typename Stub, typename Request, typename Response>
grpc::Status Call(Stub* stub,
                  grpc::Status (Stub::*method)(grpc::ClientContext*,
                                               const Request&, Response*),
                  const Request& request, Response* out = nullptr) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  Response response;
  grpc::Status status = (stub->*method)(&context, request, &response);
  if (out != nullptr) *out = response;
  return status;
}

// The little world of the matrix: county C with townships T1 (village V1)
// and T2 (village V3); a household, a volunteer and a team in V1 and in V3;
// operators of every role scoped to T1, V1 or (the member) H1.
class AccessMatrixTest : public ServerTest {
 public:  // the rows below use the world it builds
  struct Place {
    std::string township, village, issuance, household, second_household,
        person, account, team, transfer, operator_name;
    // The village's points supermarket: a rule of the village (no cap), a
    // site serving it with one good in stock, and one redemption.
    std::string rule, site, good, redemption;
  };

  void SetUp() override {
    ServerTest::SetUp();
    admin_ = std::make_unique<Stubs>(server_.channel());
    county_ = Unit(v1::UNIT_LEVEL_COUNTY, "").name();
    t1_ = Unit(v1::UNIT_LEVEL_TOWNSHIP, county_).name();
    t2_ = Unit(v1::UNIT_LEVEL_TOWNSHIP, county_).name();
    in_ = MakePlace(t1_);
    out_ = MakePlace(t2_);
    const std::pair<v1::Role, std::string> roles[] = {
        {v1::ROLE_ADMIN, t1_},
        {v1::ROLE_AUDITOR, t1_},
        {v1::ROLE_DESK_OPERATOR, in_.village},
        {v1::ROLE_ORGANIZER, in_.village},
        {v1::ROLE_MEMBER, ""}};
    for (int r = 0; r < kRoles; ++r) {
      const std::string login = "role" + std::to_string(r);
      MakeOperator(login, roles[r].first, roles[r].second,
                   r == kMember ? in_.person : "");
      absl::StatusOr<std::string> token =
          LogIn(server_.raw_channel(), login, "role password 1");
      ASSERT_TRUE(token.ok()) << token.status();
      callers_.push_back(
          std::make_unique<Stubs>(ChannelWithToken(server_.address(), *token)));
    }
    leader_ = LoggedIn("leader", v1::ROLE_GROUP_LEADER, in_.village);
    proposer_ = LoggedIn("proposer", v1::ROLE_GROUP_LEADER, county_);
  }

  std::unique_ptr<Stubs> LoggedIn(const std::string& login, v1::Role role,
                                  const std::string& scope) {
    MakeOperator(login, role, scope);
    absl::StatusOr<std::string> token =
        LogIn(server_.raw_channel(), login, "role password 1");
    EXPECT_TRUE(token.ok()) << token.status();
    return std::make_unique<Stubs>(
        ChannelWithToken(server_.address(), token.value_or("")));
  }

  std::string NewId() { return client_->NewRequestId(); }

  v1::Unit Unit(v1::UnitLevel level, const std::string& parent) {
    v1::CreateUnitRequest request;
    request.set_request_id(NewId());
    request.mutable_unit()->set_code(NewId());
    request.mutable_unit()->set_display_name("unit");
    request.mutable_unit()->set_level(level);
    request.mutable_unit()->set_parent(parent);
    v1::Unit unit;
    EXPECT_TRUE(Call(admin_->org.get(),
                     &v1::OrganizationService::Stub::CreateUnit, request, &unit)
                    .ok());
    return unit;
  }

  v1::Household Household(const std::string& village) {
    v1::CreateHouseholdRequest request;
    request.set_request_id(NewId());
    request.mutable_household()->set_village(village);
    request.mutable_household()->set_number(NewId().substr(0, 30));
    request.mutable_household()->set_address("1 Main road");
    request.mutable_head()->set_full_name("王芳");
    request.mutable_head()->set_phone("13812345678");
    v1::Household household;
    EXPECT_TRUE(Call(admin_->registry.get(),
                     &v1::RegistryService::Stub::CreateHousehold, request,
                     &household)
                    .ok());
    return household;
  }

  // A new person in `household`, enrolled as a volunteer if asked.
  std::string Person(const std::string& household, bool volunteer) {
    v1::CreatePersonRequest request;
    request.set_request_id(NewId());
    request.set_household(household);
    request.mutable_person()->set_full_name("李敏");
    v1::Person person;
    EXPECT_TRUE(Call(admin_->registry.get(),
                     &v1::RegistryService::Stub::CreatePerson, request, &person)
                    .ok());
    if (volunteer) Enroll(person.name());
    return person.name();
  }

  void Enroll(const std::string& person) {
    v1::EnrollVolunteerRequest request;
    request.set_request_id(NewId());
    request.set_person(person);
    request.set_join_date("2026-03-05");
    EXPECT_TRUE(Call(admin_->volunteers.get(),
                     &v1::VolunteerService::Stub::EnrollVolunteer, request)
                    .ok());
  }

  std::string Volunteer(const std::string& person) {
    return "volunteers/" + person.substr(person.find('/') + 1);
  }

  std::string Transfer(const Place& place) {
    v1::CreateTransferRequest request;
    request.set_request_id(NewId());
    request.set_debit_account(place.issuance);
    request.set_credit_account(place.account);
    request.set_amount(1);
    request.set_reason_code("AWARD");
    v1::Transfer transfer;
    EXPECT_TRUE(Call(admin_->ledger.get(),
                     &v1::LedgerService::Stub::CreateTransfer, request,
                     &transfer)
                    .ok());
    return transfer.name();
  }

  // A rule code no other rule has.
  std::string NewCode() { return "R" + std::to_string(++codes_); }

  v1::Rule PublishRule(Stubs* s, const std::string& unit) {
    v1::PublishRuleRequest request;
    request.set_request_id(NewId());
    v1::Rule* rule = request.mutable_rule();
    rule->set_unit(unit);
    rule->set_code(NewCode());
    rule->set_display_name("庭院干净整洁");
    rule->set_category(v1::RULE_CATEGORY_HYGIENE);
    rule->set_points(1000);
    rule->set_valid_from("2020-01-01");
    v1::Rule published;
    last_status_ =
        Call(s->market.get(), &v1::SupermarketService::Stub::PublishRule,
             request, &published);
    return published;
  }

  v1::Site CreateSite(Stubs* s, const std::string& village) {
    v1::CreateSiteRequest request;
    request.set_request_id(NewId());
    request.mutable_site()->set_unit(village);
    request.mutable_site()->set_display_name("积分超市");
    request.mutable_site()->add_villages(village);
    v1::Site site;
    last_status_ =
        Call(s->market.get(), &v1::SupermarketService::Stub::CreateSite,
             request, &site);
    return site;
  }

  v1::Good AddGood(Stubs* s, const std::string& site) {
    v1::AddGoodRequest request;
    request.set_request_id(NewId());
    request.mutable_good()->set_site(site);
    request.mutable_good()->set_display_name("洗衣皂");
    request.mutable_good()->set_measure("块");
    request.mutable_good()->set_price(5);
    request.mutable_good()->set_active(true);
    v1::Good good;
    last_status_ = Call(s->market.get(), &v1::SupermarketService::Stub::AddGood,
                        request, &good);
    return good;
  }

  v1::RedeemRequest RedeemOne(const Place& p) {
    v1::RedeemRequest request;
    request.set_request_id(NewId());
    request.set_site(p.site);
    request.set_household(p.household);
    v1::RedemptionLine* line = request.add_lines();
    line->set_good(p.good);
    line->set_quantity(1);
    return request;
  }

  // A redemption made by the admin, for calls that need a fresh one.
  std::string Redemption(const Place& p) {
    v1::Redemption redemption;
    EXPECT_TRUE(Call(admin_->market.get(),
                     &v1::SupermarketService::Stub::Redeem, RedeemOne(p),
                     &redemption)
                    .ok());
    return redemption.name();
  }

  v1::RecordStocktakeRequest StocktakeOne(const Place& p) {
    v1::RecordStocktakeRequest request;
    request.set_request_id(NewId());
    request.set_site(p.site);
    request.set_counter("王芳");
    request.set_reason("monthly count");
    v1::StocktakeLine* line = request.add_lines();
    line->set_good(p.good);
    line->set_counted(3);
    return request;
  }

  // A stocktake recorded by the admin.
  std::string Stocktake(const Place& p) {
    v1::Stocktake stocktake;
    EXPECT_TRUE(Call(admin_->market.get(),
                     &v1::SupermarketService::Stub::RecordStocktake,
                     StocktakeOne(p), &stocktake)
                    .ok());
    return stocktake.name();
  }

  // Points of `p`'s village expire 30 days after they are earned.
  void ExpireAfter30Days(const Place& p) {
    v1::SetUnitPolicyRequest request;
    request.set_request_id(NewId());
    request.mutable_policy()->set_unit(p.village);
    request.mutable_policy()->mutable_expiry()->set_mode(
        v1::EXPIRY_MODE_AFTER_DAYS);
    request.mutable_policy()->mutable_expiry()->set_days(30);
    v1::UnitPolicy policy;
    EXPECT_TRUE(Call(admin_->policy.get(),
                     &v1::PolicyService::Stub::SetUnitPolicy, request, &policy)
                    .ok());
  }

  v1::AwardPointsRequest AwardOne(const Place& p) {
    v1::AwardPointsRequest request;
    request.set_request_id(NewId());
    request.set_household(p.household);
    request.set_rule(p.rule);
    request.set_note("checked");
    return request;
  }

  // How far along a fresh activity of the place's village is made (by the
  // admin) before a row's call: open; the place's volunteer signed up;
  // checked in; checked out, closed and confirmed.
  enum Stage { kOpen, kSignedUp, kCheckedIn, kConfirmed };

  void AdminMoves(const std::string& activity, v1::ActivityStatus status) {
    v1::SetActivityStatusRequest r;
    r.set_request_id(NewId());
    r.set_name(activity);
    r.set_status(status);
    EXPECT_TRUE(Call(admin_->activities.get(),
                     &v1::ActivityService::Stub::SetActivityStatus, r)
                    .ok());
  }

  // Started ten minutes ago, or (`later`) starting in an hour.
  v1::CreateActivityRequest ActivityRequest(const Place& p,
                                            bool later = false) {
    v1::CreateActivityRequest r;
    r.set_request_id(NewId());
    v1::Activity* a = r.mutable_activity();
    a->set_unit(p.village);
    a->set_title("清洁村庄");
    a->set_category(v1::ACTIVITY_CATEGORY_ENVIRONMENT_CLEANUP);
    a->set_place("文化广场");
    a->mutable_start_time()->set_seconds(absl::ToUnixSeconds(absl::Now()) +
                                         (later ? 3600 : -600));
    a->mutable_end_time()->set_seconds(absl::ToUnixSeconds(absl::Now()) + 7200);
    a->set_capacity(100);
    a->mutable_points_rule()->set_points_per_hour(10);
    return r;
  }

  // A fresh activity at `stage`; with kConfirmed, the volunteer's record.
  std::string Activity(const Place& p, Stage stage, bool later = false) {
    v1::Activity activity;
    EXPECT_TRUE(Call(admin_->activities.get(),
                     &v1::ActivityService::Stub::CreateActivity,
                     ActivityRequest(p, later), &activity)
                    .ok());
    const std::string name = activity.name();
    const std::string volunteer = Volunteer(p.person);
    AdminMoves(name, v1::ACTIVITY_STATUS_OPEN);
    if (stage >= kSignedUp) {
      v1::SignUpRequest r;
      r.set_request_id(NewId());
      r.set_activity(name);
      r.set_volunteer(volunteer);
      EXPECT_TRUE(
          Call(admin_->activities.get(), &v1::ActivityService::Stub::SignUp, r)
              .ok());
    }
    for (const bool in : {true, false}) {
      if (stage < (in ? kCheckedIn : kConfirmed)) break;
      v1::OrganiserCheckRequest r;
      r.set_request_id(NewId());
      r.set_activity(name);
      r.add_volunteers(volunteer);
      r.set_check_in(in);
      EXPECT_TRUE(Call(admin_->activities.get(),
                       &v1::ActivityService::Stub::OrganiserCheck, r)
                      .ok());
    }
    if (stage < kConfirmed) return name;
    AdminMoves(name, v1::ACTIVITY_STATUS_IN_PROGRESS);
    AdminMoves(name, v1::ACTIVITY_STATUS_CLOSED);
    v1::ConfirmHoursRequest r;
    r.set_request_id(NewId());
    r.set_activity(name);
    v1::ConfirmHoursResponse confirmed;
    EXPECT_TRUE(Call(admin_->activities.get(),
                     &v1::ActivityService::Stub::ConfirmHours, r, &confirmed)
                    .ok());
    return confirmed.records_size() > 0 ? confirmed.records(0).name() : "";
  }

  std::string CheckInCode(const std::string& activity) {
    v1::GetCheckInCodeRequest r;
    r.set_activity(activity);
    v1::CheckInCode code;
    EXPECT_TRUE(Call(admin_->activities.get(),
                     &v1::ActivityService::Stub::GetCheckInCode, r, &code)
                    .ok());
    return code.code();
  }

  // A fresh award for the place's household proposed by a group leader of
  // the county, waiting for approval: its name.
  std::string AwardProposal(const Place& p) {
    v1::Award award;
    EXPECT_TRUE(Call(proposer_->market.get(),
                     &v1::SupermarketService::Stub::AwardPoints, AwardOne(p),
                     &award)
                    .ok());
    EXPECT_FALSE(award.approval().empty());
    return award.approval();
  }

  // The place's volunteer's hours of a fresh closed activity (created by
  // the admin) confirmed by the county's group leader, waiting for
  // approval: its name.
  std::string HoursProposal(const Place& p) {
    const std::string activity = Activity(p, kCheckedIn);
    v1::OrganiserCheckRequest out;
    out.set_request_id(NewId());
    out.set_activity(activity);
    out.add_volunteers(Volunteer(p.person));
    out.set_check_in(false);
    EXPECT_TRUE(Call(admin_->activities.get(),
                     &v1::ActivityService::Stub::OrganiserCheck, out)
                    .ok());
    AdminMoves(activity, v1::ACTIVITY_STATUS_IN_PROGRESS);
    AdminMoves(activity, v1::ACTIVITY_STATUS_CLOSED);
    v1::ConfirmHoursRequest r;
    r.set_request_id(NewId());
    r.set_activity(activity);
    v1::ConfirmHoursResponse proposed;
    EXPECT_TRUE(Call(proposer_->activities.get(),
                     &v1::ActivityService::Stub::ConfirmHours, r, &proposed)
                    .ok());
    EXPECT_FALSE(proposed.approval().empty());
    return proposed.approval();
  }

  static v1::DecideApprovalRequest Decision(AccessMatrixTest* t,
                                            const std::string& name,
                                            const std::string& note) {
    v1::DecideApprovalRequest r;
    r.set_request_id(t->NewId());
    r.set_name(name);
    r.set_note(note);
    return r;
  }

  // A fresh paper card of the place's village, issued by the admin: its
  // printed number.
  std::string Card(const Place& p) {
    v1::IssueCardsRequest r;
    r.set_request_id(NewId());
    r.set_unit(p.village);
    r.set_count(1);
    r.set_points(10);
    r.set_note("无手机户");
    v1::CardBatch batch;
    EXPECT_TRUE(Call(admin_->cards.get(),
                     &v1::PointCardService::Stub::IssueCards, r, &batch)
                    .ok());
    return batch.cards_size() == 1 ? batch.cards(0).number() : "";
  }

  void MakeMarket(Place* place) {
    Stubs* admin = admin_.get();
    place->rule = PublishRule(admin, place->village).name();
    EXPECT_TRUE(last_status_.ok()) << last_status_.error_message();
    place->site = CreateSite(admin, place->village).name();
    place->good = AddGood(admin, place->site).name();
    v1::StockInRequest stock;
    stock.set_request_id(NewId());
    stock.set_good(place->good);
    stock.set_quantity(1000);
    stock.set_kind(v1::STOCK_MOVEMENT_KIND_DONATION);
    stock.set_note("donated");
    EXPECT_TRUE(
        Call(admin->market.get(), &v1::SupermarketService::Stub::StockIn, stock)
            .ok());
    EXPECT_TRUE(Call(admin->market.get(),
                     &v1::SupermarketService::Stub::AwardPoints,
                     AwardOne(*place))
                    .ok());
    place->redemption = Redemption(*place);
  }

  std::string MakeOperator(const std::string& login, v1::Role role,
                           const std::string& scope,
                           const std::string& person = "") {
    v1::CreateOperatorRequest request;
    request.set_request_id(NewId());
    request.mutable_operator_()->set_login(login);
    request.mutable_operator_()->set_display_name(login);
    request.mutable_operator_()->set_role(role);
    request.mutable_operator_()->set_scope(scope);
    request.mutable_operator_()->set_person(person);
    request.set_password("role password 1");
    v1::Operator op;
    grpc::Status status =
        Call(admin_->access.get(), &v1::AccessService::Stub::CreateOperator,
             request, &op);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return op.name();
  }

  Place MakePlace(const std::string& township) {
    Place place;
    place.township = township;
    v1::Unit village = Unit(v1::UNIT_LEVEL_VILLAGE, township);
    place.village = village.name();
    place.issuance = village.issuance_account();
    v1::Household household = Household(place.village);
    place.household = household.name();
    place.person = household.head();
    place.account = household.account();
    place.second_household = Household(place.village).name();
    Enroll(place.person);
    v1::CreateTeamRequest team;
    team.set_request_id(NewId());
    team.mutable_team()->set_unit(place.village);
    team.mutable_team()->set_display_name("巾帼助耕队");
    team.mutable_team()->set_leader(Volunteer(place.person));
    team.set_date("2026-03-05");
    v1::Team created;
    EXPECT_TRUE(Call(admin_->volunteers.get(),
                     &v1::VolunteerService::Stub::CreateTeam, team, &created)
                    .ok());
    place.team = created.name();
    place.transfer = Transfer(place);
    place.operator_name = MakeOperator("desk" + NewId().substr(1, 12),
                                       v1::ROLE_DESK_OPERATOR, place.village);
    MakeMarket(&place);
    return place;
  }

  // One RPC on one target. `who` lists the roles that may make the call:
  // A admin, U auditor, D desk, O organiser, M member, L group leader; a
  // lowercase m means a member only on their own household's records (the
  // in-scope target).
  // A `scoped` call is refused (PERMISSION_DENIED) outside the scope.
  struct Row {
    std::string rpc;
    std::string who;
    bool scoped;
    std::function<grpc::Status(AccessMatrixTest*, Stubs*, const Place&)> call;
  };
  static std::vector<Row> Rows();

  static StatusCode Expected(const Row& row, int role, bool in_scope) {
    const char letter = "AUDOML"[role];
    const bool may =
        row.who.find(letter) != std::string::npos ||
        (role == kMember && in_scope && row.who.find('m') != std::string::npos);
    if (!may) return StatusCode::PERMISSION_DENIED;
    return row.scoped && !in_scope ? StatusCode::PERMISSION_DENIED
                                   : StatusCode::OK;
  }

  std::unique_ptr<Stubs> admin_;
  std::vector<std::unique_ptr<Stubs>> callers_;
  // A group leader of V1, and one of the county who proposes entries for
  // the rows that decide them.
  std::unique_ptr<Stubs> leader_, proposer_;
  std::string county_, t1_, t2_;
  Place in_, out_;
  int codes_ = 0;
  grpc::Status last_status_;
};

using S = Stubs;
using T = AccessMatrixTest;
using P = AccessMatrixTest::Place;

std::vector<AccessMatrixTest::Row> AccessMatrixTest::Rows() {
  return {
      // AccessService (Login needs no token; Logout and ChangePassword end
      // the caller's tokens and have their own tests).
      {"WhoAmI", "AUDOM", false,
       [](T*, S* s, const P&) {
         return Call(s->access.get(), &v1::AccessService::Stub::WhoAmI,
                     v1::WhoAmIRequest());
       }},
      {"CreateOperator", "A", true,
       [](T* t, S* s, const P& p) {
         v1::CreateOperatorRequest r;
         r.set_request_id(t->NewId());
         r.mutable_operator_()->set_login("op" + t->NewId().substr(1, 12));
         r.mutable_operator_()->set_display_name("op");
         r.mutable_operator_()->set_role(v1::ROLE_DESK_OPERATOR);
         r.mutable_operator_()->set_scope(p.village);
         r.set_password("role password 1");
         return Call(s->access.get(), &v1::AccessService::Stub::CreateOperator,
                     r);
       }},
      {"GetOperator", "AU", true,
       [](T*, S* s, const P& p) {
         v1::GetOperatorRequest r;
         r.set_name(p.operator_name);
         return Call(s->access.get(), &v1::AccessService::Stub::GetOperator, r);
       }},
      {"ListOperators", "AU", false,
       [](T*, S* s, const P&) {
         return Call(s->access.get(), &v1::AccessService::Stub::ListOperators,
                     v1::ListOperatorsRequest());
       }},
      {"DisableOperator", "A", true,
       [](T* t, S* s, const P& p) {
         v1::DisableOperatorRequest r;
         r.set_request_id(t->NewId());
         r.set_name(t->MakeOperator("op" + t->NewId().substr(1, 12),
                                    v1::ROLE_DESK_OPERATOR, p.village));
         return Call(s->access.get(), &v1::AccessService::Stub::DisableOperator,
                     r);
       }},
      // OrganizationService
      {"CreateUnit", "A", true,
       [](T* t, S* s, const P& p) {
         v1::CreateUnitRequest r;
         r.set_request_id(t->NewId());
         r.mutable_unit()->set_code(t->NewId());
         r.mutable_unit()->set_display_name("new village");
         r.mutable_unit()->set_level(v1::UNIT_LEVEL_VILLAGE);
         r.mutable_unit()->set_parent(p.township);
         return Call(s->org.get(), &v1::OrganizationService::Stub::CreateUnit,
                     r);
       }},
      {"RenameUnit", "A", true,
       [](T* t, S* s, const P& p) {
         v1::RenameUnitRequest r;
         r.set_request_id(t->NewId());
         r.set_name(p.village);
         r.set_display_name("renamed");
         return Call(s->org.get(), &v1::OrganizationService::Stub::RenameUnit,
                     r);
       }},
      {"GetUnit", "AUDO", true,
       [](T*, S* s, const P& p) {
         v1::GetUnitRequest r;
         r.set_name(p.village);
         return Call(s->org.get(), &v1::OrganizationService::Stub::GetUnit, r);
       }},
      {"ListUnits", "AUDO", true,
       [](T*, S* s, const P& p) {
         v1::ListUnitsRequest r;
         r.set_parent(p.village);
         return Call(s->org.get(), &v1::OrganizationService::Stub::ListUnits,
                     r);
       }},
      {"WalkUnits", "AUDO", true,
       [](T*, S* s, const P& p) {
         v1::WalkUnitsRequest r;
         r.set_root(p.village);
         return Call(s->org.get(), &v1::OrganizationService::Stub::WalkUnits,
                     r);
       }},
      // RegistryService
      {"CreateHousehold", "AD", true,
       [](T* t, S* s, const P& p) {
         v1::CreateHouseholdRequest r;
         r.set_request_id(t->NewId());
         r.mutable_household()->set_village(p.village);
         r.mutable_household()->set_number(t->NewId().substr(0, 30));
         r.mutable_household()->set_address("2 Main road");
         r.mutable_head()->set_full_name("赵丽");
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::CreateHousehold, r);
       }},
      {"GetHousehold", "AUDOm", true,
       [](T*, S* s, const P& p) {
         v1::GetHouseholdRequest r;
         r.set_name(p.household);
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::GetHousehold, r);
       }},
      {"ListHouseholds", "AUDO", true,
       [](T*, S* s, const P& p) {
         v1::ListHouseholdsRequest r;
         r.set_village(p.village);
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::ListHouseholds, r);
       }},
      {"SearchHouseholds", "AUDO", true,
       [](T*, S* s, const P& p) {
         v1::SearchHouseholdsRequest r;
         r.set_unit(p.village);
         r.set_query("王");
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::SearchHouseholds, r);
       }},
      {"SetHouseholdCare", "A", true,
       [](T* t, S* s, const P& p) {
         v1::SetHouseholdCareRequest r;
         r.set_request_id(t->NewId());
         r.set_name(p.household);
         r.add_care_categories("LEFT_BEHIND_CHILDREN");
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::SetHouseholdCare, r);
       }},
      {"CreatePerson", "AD", true,
       [](T* t, S* s, const P& p) {
         v1::CreatePersonRequest r;
         r.set_request_id(t->NewId());
         r.set_household(p.household);
         r.mutable_person()->set_full_name("王小明");
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::CreatePerson, r);
       }},
      {"GetPerson", "AUDOm", true,
       [](T*, S* s, const P& p) {
         v1::GetPersonRequest r;
         r.set_name(p.person);
         return Call(s->registry.get(), &v1::RegistryService::Stub::GetPerson,
                     r);
       }},
      {"MovePerson", "AD", true,
       [](T* t, S* s, const P& p) {
         v1::MovePersonRequest r;
         r.set_request_id(t->NewId());
         r.set_name(t->Person(p.household, false));
         r.set_household(p.second_household);
         return Call(s->registry.get(), &v1::RegistryService::Stub::MovePerson,
                     r);
       }},
      {"CreateCareCategory", "A", false,
       [](T* t, S* s, const P&) {
         v1::CreateCareCategoryRequest r;
         r.set_request_id(t->NewId());
         r.mutable_category()->set_code(
             "C" +
             std::to_string(std::hash<std::string>()(t->NewId()) % 1000000000));
         r.mutable_category()->set_display_name("disabled family member");
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::CreateCareCategory, r);
       }},
      {"ListCareCategories", "AU", false,
       [](T*, S* s, const P&) {
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::ListCareCategories,
                     v1::ListCareCategoriesRequest());
       }},
      // VolunteerService
      {"EnrollVolunteer", "AO", true,
       [](T* t, S* s, const P& p) {
         v1::EnrollVolunteerRequest r;
         r.set_request_id(t->NewId());
         r.set_person(t->Person(p.household, false));
         r.set_join_date("2026-03-05");
         return Call(s->volunteers.get(),
                     &v1::VolunteerService::Stub::EnrollVolunteer, r);
       }},
      {"GetVolunteer", "AUDOm", true,
       [](T* t, S* s, const P& p) {
         v1::GetVolunteerRequest r;
         r.set_name(t->Volunteer(p.person));
         return Call(s->volunteers.get(),
                     &v1::VolunteerService::Stub::GetVolunteer, r);
       }},
      {"SetVolunteerStatus", "AO", true,
       [](T* t, S* s, const P& p) {
         v1::SetVolunteerStatusRequest r;
         r.set_request_id(t->NewId());
         r.set_name(t->Volunteer(t->Person(p.household, true)));
         r.set_status(v1::VOLUNTEER_STATUS_SUSPENDED);
         r.set_reason("moved away for work");
         return Call(s->volunteers.get(),
                     &v1::VolunteerService::Stub::SetVolunteerStatus, r);
       }},
      {"CreateTeam", "AO", true,
       [](T* t, S* s, const P& p) {
         v1::CreateTeamRequest r;
         r.set_request_id(t->NewId());
         r.mutable_team()->set_unit(p.village);
         r.mutable_team()->set_display_name("义剪队");
         r.mutable_team()->set_leader(t->Volunteer(p.person));
         r.set_date("2026-03-05");
         return Call(s->volunteers.get(),
                     &v1::VolunteerService::Stub::CreateTeam, r);
       }},
      {"GetTeam", "AUDO", true,
       [](T*, S* s, const P& p) {
         v1::GetTeamRequest r;
         r.set_name(p.team);
         return Call(s->volunteers.get(), &v1::VolunteerService::Stub::GetTeam,
                     r);
       }},
      {"ListTeams", "AUDO", true,
       [](T*, S* s, const P& p) {
         v1::ListTeamsRequest r;
         r.set_unit(p.village);
         return Call(s->volunteers.get(),
                     &v1::VolunteerService::Stub::ListTeams, r);
       }},
      {"JoinTeam", "AO", true,
       [](T* t, S* s, const P& p) {
         v1::ChangeTeamMembershipRequest r;
         r.set_request_id(t->NewId());
         r.set_team(p.team);
         r.set_volunteer(t->Volunteer(t->Person(p.household, true)));
         r.set_date("2026-04-01");
         return Call(s->volunteers.get(), &v1::VolunteerService::Stub::JoinTeam,
                     r);
       }},
      {"LeaveTeam", "AO", true,
       [](T* t, S* s, const P& p) {
         v1::ChangeTeamMembershipRequest r;
         r.set_request_id(t->NewId());
         r.set_team(p.team);
         r.set_volunteer(t->Volunteer(t->Person(p.household, true)));
         r.set_date("2026-04-01");
         // The admin joins them first; the caller records the leaving.
         Call(t->admin_->volunteers.get(),
              &v1::VolunteerService::Stub::JoinTeam, r);
         r.set_request_id(t->NewId());
         return Call(s->volunteers.get(),
                     &v1::VolunteerService::Stub::LeaveTeam, r);
       }},
      // LedgerService and AuditService
      {"CreateAccount", "A", true,
       [](T* t, S* s, const P& p) {
         v1::CreateAccountRequest r;
         r.set_request_id(t->NewId());
         r.set_kind(v1::ACCOUNT_KIND_SUPERMARKET);
         r.set_display_name("积分超市");
         r.set_unit(p.township);
         return Call(s->ledger.get(), &v1::LedgerService::Stub::CreateAccount,
                     r);
       }},
      {"GetAccount", "AUDm", true,
       [](T*, S* s, const P& p) {
         v1::GetAccountRequest r;
         r.set_name(p.account);
         return Call(s->ledger.get(), &v1::LedgerService::Stub::GetAccount, r);
       }},
      {"ListAccounts", "AUD", true,
       [](T*, S* s, const P& p) {
         v1::ListAccountsRequest r;
         r.set_unit(p.village);
         return Call(s->ledger.get(), &v1::LedgerService::Stub::ListAccounts,
                     r);
       }},
      {"CreateTransfer", "AD", true,
       [](T* t, S* s, const P& p) {
         v1::CreateTransferRequest r;
         r.set_request_id(t->NewId());
         r.set_debit_account(p.issuance);
         r.set_credit_account(p.account);
         r.set_amount(1);
         r.set_reason_code("AWARD");
         return Call(s->ledger.get(), &v1::LedgerService::Stub::CreateTransfer,
                     r);
       }},
      {"GetTransfer", "AUDm", true,
       [](T*, S* s, const P& p) {
         v1::GetTransferRequest r;
         r.set_name(p.transfer);
         return Call(s->ledger.get(), &v1::LedgerService::Stub::GetTransfer, r);
       }},
      {"ReverseTransfer", "AD", true,
       [](T* t, S* s, const P& p) {
         v1::ReverseTransferRequest r;
         r.set_request_id(t->NewId());
         r.set_name(t->Transfer(p));
         return Call(s->ledger.get(), &v1::LedgerService::Stub::ReverseTransfer,
                     r);
       }},
      {"ListAccountHistory", "AUDm", true,
       [](T*, S* s, const P& p) {
         v1::ListAccountHistoryRequest r;
         r.set_account(p.account);
         return Call(s->ledger.get(),
                     &v1::LedgerService::Stub::ListAccountHistory, r);
       }},
      {"GetDigest", "AUDOM", false,
       [](T*, S* s, const P&) {
         return Call(s->ledger.get(), &v1::LedgerService::Stub::GetDigest,
                     v1::GetDigestRequest());
       }},
      {"RunAudit", "AU", false,
       [](T*, S* s, const P&) {
         return Call(s->audit.get(), &v1::AuditService::Stub::RunAudit,
                     v1::RunAuditRequest());
       }},
      // SupermarketService
      {"PublishRule", "A", true,
       [](T* t, S* s, const P& p) {
         t->PublishRule(s, p.village);
         return t->last_status_;
       }},
      {"ReviseRule", "A", true,
       [](T* t, S* s, const P& p) {
         v1::ReviseRuleRequest r;
         r.set_request_id(t->NewId());
         v1::Rule* rule = r.mutable_rule();
         rule->set_name(p.rule);
         rule->set_display_name("庭院干净整洁 v2");
         rule->set_category(v1::RULE_CATEGORY_HYGIENE);
         rule->set_points(1000);
         rule->set_valid_from("2020-01-01");
         return Call(s->market.get(), &v1::SupermarketService::Stub::ReviseRule,
                     r);
       }},
      {"GetRule", "AUDOm", true,
       [](T*, S* s, const P& p) {
         v1::GetRuleRequest r;
         r.set_name(p.rule);
         return Call(s->market.get(), &v1::SupermarketService::Stub::GetRule,
                     r);
       }},
      {"ListRules", "AUDOm", true,
       [](T*, S* s, const P& p) {
         v1::ListRulesRequest r;
         r.set_unit(p.village);
         return Call(s->market.get(), &v1::SupermarketService::Stub::ListRules,
                     r);
       }},
      // A group leader's award only proposes (policy.proto).
      {"AwardPoints", "ADL", true,
       [](T* t, S* s, const P& p) {
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::AwardPoints,
                     t->AwardOne(p));
       }},
      {"AwardBatch", "ADL", true,
       [](T* t, S* s, const P& p) {
         v1::AwardBatchRequest r;
         r.set_request_id(t->NewId());
         v1::AwardLine* line = r.add_lines();
         line->set_household(p.household);
         line->set_rule(p.rule);
         line->set_note("checked");
         return Call(s->market.get(), &v1::SupermarketService::Stub::AwardBatch,
                     r);
       }},
      {"CreateSite", "A", true,
       [](T* t, S* s, const P& p) {
         t->CreateSite(s, p.village);
         return t->last_status_;
       }},
      {"GetSite", "AUDOm", true,
       [](T*, S* s, const P& p) {
         v1::GetSiteRequest r;
         r.set_name(p.site);
         return Call(s->market.get(), &v1::SupermarketService::Stub::GetSite,
                     r);
       }},
      {"ListSites", "AUDO", true,
       [](T*, S* s, const P& p) {
         v1::ListSitesRequest r;
         r.set_unit(p.village);
         return Call(s->market.get(), &v1::SupermarketService::Stub::ListSites,
                     r);
       }},
      {"AddGood", "A", true,
       [](T* t, S* s, const P& p) {
         t->AddGood(s, p.site);
         return t->last_status_;
       }},
      {"ReviseGood", "A", true,
       [](T* t, S* s, const P& p) {
         v1::ReviseGoodRequest r;
         r.set_request_id(t->NewId());
         r.mutable_good()->set_name(p.good);
         r.mutable_good()->set_display_name("洗衣皂");
         r.mutable_good()->set_measure("块");
         r.mutable_good()->set_price(5);
         r.mutable_good()->set_active(true);
         return Call(s->market.get(), &v1::SupermarketService::Stub::ReviseGood,
                     r);
       }},
      {"GetGood", "AUDOm", true,
       [](T*, S* s, const P& p) {
         v1::GetGoodRequest r;
         r.set_name(p.good);
         return Call(s->market.get(), &v1::SupermarketService::Stub::GetGood,
                     r);
       }},
      {"ListGoods", "AUDOm", true,
       [](T*, S* s, const P& p) {
         v1::ListGoodsRequest r;
         r.set_site(p.site);
         return Call(s->market.get(), &v1::SupermarketService::Stub::ListGoods,
                     r);
       }},
      {"StockIn", "AD", true,
       [](T* t, S* s, const P& p) {
         v1::StockInRequest r;
         r.set_request_id(t->NewId());
         r.set_good(p.good);
         r.set_quantity(1);
         r.set_kind(v1::STOCK_MOVEMENT_KIND_PURCHASE);
         r.set_note("bought");
         return Call(s->market.get(), &v1::SupermarketService::Stub::StockIn,
                     r);
       }},
      {"AdjustStock", "AD", true,
       [](T* t, S* s, const P& p) {
         v1::AdjustStockRequest r;
         r.set_request_id(t->NewId());
         r.set_good(p.good);
         r.set_change(-1);
         r.set_kind(v1::STOCK_MOVEMENT_KIND_DAMAGE);
         r.set_note("wet");
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::AdjustStock, r);
       }},
      {"ListStockMovements", "AUD", true,
       [](T*, S* s, const P& p) {
         v1::ListStockMovementsRequest r;
         r.set_good(p.good);
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::ListStockMovements, r);
       }},
      {"Redeem", "AD", true,
       [](T* t, S* s, const P& p) {
         return Call(s->market.get(), &v1::SupermarketService::Stub::Redeem,
                     t->RedeemOne(p));
       }},
      {"VoidRedemption", "AD", true,
       [](T* t, S* s, const P& p) {
         v1::VoidRedemptionRequest r;
         r.set_request_id(t->NewId());
         r.set_name(t->Redemption(p));
         r.set_reason("wrong goods");
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::VoidRedemption, r);
       }},
      {"GetRedemption", "AUDOm", true,
       [](T*, S* s, const P& p) {
         v1::GetRedemptionRequest r;
         r.set_name(p.redemption);
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::GetRedemption, r);
       }},
      {"ListRedemptions", "AUD", true,
       [](T*, S* s, const P& p) {
         v1::ListRedemptionsRequest r;
         r.set_site(p.site);
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::ListRedemptions, r);
       }},
      {"GetReceipt", "AUDOm", true,
       [](T*, S* s, const P& p) {
         v1::GetReceiptRequest r;
         r.set_name(p.redemption);
         return Call(s->market.get(), &v1::SupermarketService::Stub::GetReceipt,
                     r);
       }},
      // The call is taken whole; each item gets its own code, which is what
      // the row checks.
      {"UploadDeskQueue", "AD", true,
       [](T* t, S* s, const P& p) {
         v1::UploadDeskQueueRequest r;
         v1::AwardPointsRequest* award = r.add_items()->mutable_award();
         *award = t->AwardOne(p);
         award->mutable_desk_time()->set_seconds(
             absl::ToUnixSeconds(absl::Now()));
         v1::UploadDeskQueueResponse response;
         grpc::Status status =
             Call(s->market.get(),
                  &v1::SupermarketService::Stub::UploadDeskQueue, r, &response);
         if (!status.ok() || response.results(0).code() == 0) return status;
         return grpc::Status(
             static_cast<StatusCode>(response.results(0).code()),
             response.results(0).message());
       }},
      {"GetStatement", "AUDOm", true,
       [](T*, S* s, const P& p) {
         v1::GetStatementRequest r;
         r.set_household(p.household);
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::GetStatement, r);
       }},
      {"GetMarketFigures", "AUDO", true,
       [](T*, S* s, const P& p) {
         v1::GetMarketFiguresRequest r;
         r.set_unit(p.village);
         r.set_from_date("2026-01-01");
         r.set_to_date("2026-12-31");
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::GetMarketFigures, r);
       }},
      {"RecordStocktake", "AD", true,
       [](T* t, S* s, const P& p) {
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::RecordStocktake,
                     t->StocktakeOne(p));
       }},
      {"GetStocktake", "AUD", true,
       [](T* t, S* s, const P& p) {
         v1::GetStocktakeRequest r;
         r.set_name(t->Stocktake(p));
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::GetStocktake, r);
       }},
      {"ListStocktakes", "AUD", true,
       [](T*, S* s, const P& p) {
         v1::ListStocktakesRequest r;
         r.set_site(p.site);
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::ListStocktakes, r);
       }},
      // ActivityService
      {"CreateActivity", "AO", true,
       [](T* t, S* s, const P& p) {
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::CreateActivity,
                     t->ActivityRequest(p));
       }},
      {"GetActivity", "AUDOm", true,
       [](T* t, S* s, const P& p) {
         v1::GetActivityRequest r;
         r.set_name(t->Activity(p, T::kOpen));
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::GetActivity, r);
       }},
      {"ListActivities", "AUDO", true,
       [](T*, S* s, const P& p) {
         v1::ListActivitiesRequest r;
         r.set_unit(p.village);
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::ListActivities, r);
       }},
      {"SetActivityStatus", "AO", true,
       [](T* t, S* s, const P& p) {
         v1::SetActivityStatusRequest r;
         r.set_request_id(t->NewId());
         r.set_name(t->Activity(p, T::kOpen));
         r.set_status(v1::ACTIVITY_STATUS_IN_PROGRESS);
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::SetActivityStatus, r);
       }},
      {"SignUp", "AOm", true,
       [](T* t, S* s, const P& p) {
         v1::SignUpRequest r;
         r.set_request_id(t->NewId());
         r.set_activity(t->Activity(p, T::kOpen));
         r.set_volunteer(t->Volunteer(p.person));
         return Call(s->activities.get(), &v1::ActivityService::Stub::SignUp,
                     r);
       }},
      {"CancelSignUp", "AOm", true,
       [](T* t, S* s, const P& p) {
         v1::CancelSignUpRequest r;
         r.set_request_id(t->NewId());
         r.set_activity(t->Activity(p, T::kSignedUp, /*later=*/true));
         r.set_volunteer(t->Volunteer(p.person));
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::CancelSignUp, r);
       }},
      {"GetCheckInCode", "AO", true,
       [](T* t, S* s, const P& p) {
         v1::GetCheckInCodeRequest r;
         r.set_activity(t->Activity(p, T::kOpen));
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::GetCheckInCode, r);
       }},
      {"CheckIn", "AOm", true,
       [](T* t, S* s, const P& p) {
         v1::CheckInRequest r;
         r.set_request_id(t->NewId());
         r.set_activity(t->Activity(p, T::kSignedUp));
         r.set_volunteer(t->Volunteer(p.person));
         r.set_code(t->CheckInCode(r.activity()));
         return Call(s->activities.get(), &v1::ActivityService::Stub::CheckIn,
                     r);
       }},
      {"CheckOut", "AOm", true,
       [](T* t, S* s, const P& p) {
         v1::CheckOutRequest r;
         r.set_request_id(t->NewId());
         r.set_activity(t->Activity(p, T::kCheckedIn));
         r.set_volunteer(t->Volunteer(p.person));
         r.set_code(t->CheckInCode(r.activity()));
         return Call(s->activities.get(), &v1::ActivityService::Stub::CheckOut,
                     r);
       }},
      {"OrganiserCheck", "AO", true,
       [](T* t, S* s, const P& p) {
         v1::OrganiserCheckRequest r;
         r.set_request_id(t->NewId());
         r.set_activity(t->Activity(p, T::kSignedUp));
         r.add_volunteers(t->Volunteer(p.person));
         r.set_check_in(true);
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::OrganiserCheck, r);
       }},
      {"SettleCheckOut", "AO", true,
       [](T* t, S* s, const P& p) {
         v1::SettleCheckOutRequest r;
         r.set_request_id(t->NewId());
         r.set_activity(t->Activity(p, T::kCheckedIn));
         r.set_volunteer(t->Volunteer(p.person));
         r.mutable_check_out_time()->set_seconds(
             absl::ToUnixSeconds(absl::Now()) + 60);
         r.set_reason("left early");
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::SettleCheckOut, r);
       }},
      {"ListParticipations", "AUO", true,
       [](T* t, S* s, const P& p) {
         v1::ListParticipationsRequest r;
         r.set_activity(t->Activity(p, T::kSignedUp));
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::ListParticipations, r);
       }},
      // By a group leader it waits for approval.
      {"ConfirmHours", "AOL", true,
       [](T* t, S* s, const P& p) {
         const std::string activity = t->Activity(p, T::kOpen);
         t->AdminMoves(activity, v1::ACTIVITY_STATUS_IN_PROGRESS);
         t->AdminMoves(activity, v1::ACTIVITY_STATUS_CLOSED);
         v1::ConfirmHoursRequest r;
         r.set_request_id(t->NewId());
         r.set_activity(activity);
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::ConfirmHours, r);
       }},
      {"CorrectRecord", "AO", true,
       [](T* t, S* s, const P& p) {
         v1::CorrectRecordRequest r;
         r.set_request_id(t->NewId());
         r.set_record(t->Activity(p, T::kConfirmed));
         r.set_minutes(30);
         r.set_reason("came early");
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::CorrectRecord, r);
       }},
      {"GetArchive", "AUOm", true,
       [](T* t, S* s, const P& p) {
         v1::GetArchiveRequest r;
         r.set_volunteer(t->Volunteer(p.person));
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::GetArchive, r);
       }},
      {"GetServiceFigures", "AUO", true,
       [](T*, S* s, const P& p) {
         v1::GetServiceFiguresRequest r;
         r.set_scope(p.village);
         r.set_from_date("2026-01-01");
         r.set_to_date("2026-12-31");
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::GetServiceFigures, r);
       }},
      {"IssueCertificate", "AOm", true,
       [](T* t, S* s, const P& p) {
         v1::IssueCertificateRequest r;
         r.set_request_id(t->NewId());
         r.set_volunteer(t->Volunteer(p.person));
         r.set_from_date("2026-01-01");
         r.set_to_date("2026-12-31");
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::IssueCertificate, r);
       }},
      {"VerifyCertificate", "AUDOM", false,
       [](T*, S* s, const P&) {
         v1::VerifyCertificateRequest r;
         r.set_verification_code("1-0123456789abcdef");
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::VerifyCertificate, r);
       }},
      // PointCardService. A village's desk may look up and redeem the
      // village's cards; only admins issue and void them.
      {"IssueCards", "A", true,
       [](T* t, S* s, const P& p) {
         v1::IssueCardsRequest r;
         r.set_request_id(t->NewId());
         r.set_unit(p.village);
         r.set_count(2);
         r.set_points(10);
         r.set_note("无手机户");
         return Call(s->cards.get(), &v1::PointCardService::Stub::IssueCards,
                     r);
       }},
      {"GetCard", "AUD", true,
       [](T* t, S* s, const P& p) {
         v1::GetCardRequest r;
         r.set_name(t->Card(p));
         return Call(s->cards.get(), &v1::PointCardService::Stub::GetCard, r);
       }},
      {"ListCards", "AUD", true,
       [](T*, S* s, const P& p) {
         v1::ListCardsRequest r;
         r.set_unit(p.village);
         return Call(s->cards.get(), &v1::PointCardService::Stub::ListCards, r);
       }},
      {"VoidCard", "A", true,
       [](T* t, S* s, const P& p) {
         v1::VoidCardRequest r;
         r.set_request_id(t->NewId());
         r.set_name(t->Card(p));
         r.set_reason("遗失");
         return Call(s->cards.get(), &v1::PointCardService::Stub::VoidCard, r);
       }},
      {"RedeemCard", "AD", true,
       [](T* t, S* s, const P& p) {
         v1::RedeemCardRequest r;
         r.set_request_id(t->NewId());
         r.set_number(t->Card(p));
         r.set_household(p.household);
         return Call(s->cards.get(), &v1::PointCardService::Stub::RedeemCard,
                     r);
       }},
      // PolicyService. Admins set a unit's policy; everyone reads the
      // policy and rankings of a unit they belong to (or one above it);
      // staff see the approvals of their scope; awards are decided at the
      // desk, hours by organisers; honour as the household's statement.
      {"SetUnitPolicy", "A", true,
       [](T* t, S* s, const P& p) {
         v1::SetUnitPolicyRequest r;
         r.set_request_id(t->NewId());
         r.mutable_policy()->set_unit(p.village);
         r.mutable_policy()->set_recording_deadline_days(10);
         return Call(s->policy.get(), &v1::PolicyService::Stub::SetUnitPolicy,
                     r);
       }},
      {"GetUnitPolicy", "AUDOML", true,
       [](T*, S* s, const P& p) {
         v1::GetUnitPolicyRequest r;
         r.set_unit(p.village);
         return Call(s->policy.get(), &v1::PolicyService::Stub::GetUnitPolicy,
                     r);
       }},
      {"GetApproval", "AUDOL", true,
       [](T* t, S* s, const P& p) {
         v1::GetApprovalRequest r;
         r.set_name(t->AwardProposal(p));
         return Call(s->policy.get(), &v1::PolicyService::Stub::GetApproval, r);
       }},
      {"ListApprovals", "AUDOL", true,
       [](T*, S* s, const P& p) {
         v1::ListApprovalsRequest r;
         r.set_unit(p.village);
         return Call(s->policy.get(), &v1::PolicyService::Stub::ListApprovals,
                     r);
       }},
      {"ApproveEntry (award)", "AD", true,
       [](T* t, S* s, const P& p) {
         return Call(s->policy.get(), &v1::PolicyService::Stub::ApproveEntry,
                     T::Decision(t, t->AwardProposal(p), ""));
       }},
      {"RejectEntry (award)", "AD", true,
       [](T* t, S* s, const P& p) {
         return Call(s->policy.get(), &v1::PolicyService::Stub::RejectEntry,
                     T::Decision(t, t->AwardProposal(p), "不属实"));
       }},
      {"ApproveEntry (hours)", "AO", true,
       [](T* t, S* s, const P& p) {
         return Call(s->policy.get(), &v1::PolicyService::Stub::ApproveEntry,
                     T::Decision(t, t->HoursProposal(p), ""));
       }},
      {"RejectEntry (hours)", "AO", true,
       [](T* t, S* s, const P& p) {
         return Call(s->policy.get(), &v1::PolicyService::Stub::RejectEntry,
                     T::Decision(t, t->HoursProposal(p), "没来"));
       }},
      {"PreviewExpiry", "AUD", true,
       [](T*, S* s, const P& p) {
         v1::PreviewExpiryRequest r;
         r.set_unit(p.village);
         return Call(s->policy.get(), &v1::PolicyService::Stub::PreviewExpiry,
                     r);
       }},
      {"RunExpiry", "A", true,
       [](T* t, S* s, const P& p) {
         t->ExpireAfter30Days(p);
         v1::RunExpiryRequest r;
         r.set_request_id(t->NewId());
         r.set_unit(p.village);
         return Call(s->policy.get(), &v1::PolicyService::Stub::RunExpiry, r);
       }},
      {"ListExpiryRuns", "AUD", true,
       [](T*, S* s, const P& p) {
         v1::ListExpiryRunsRequest r;
         r.set_unit(p.village);
         return Call(s->policy.get(), &v1::PolicyService::Stub::ListExpiryRuns,
                     r);
       }},
      {"GetHonour", "AUDOLm", true,
       [](T*, S* s, const P& p) {
         v1::GetHonourRequest r;
         r.set_subject(p.household);
         return Call(s->policy.get(), &v1::PolicyService::Stub::GetHonour, r);
       }},
      {"GetHonour (volunteer)", "AUDOLm", true,
       [](T* t, S* s, const P& p) {
         v1::GetHonourRequest r;
         r.set_subject(t->Volunteer(p.person));
         return Call(s->policy.get(), &v1::PolicyService::Stub::GetHonour, r);
       }},
      {"GetRankings", "AUDOML", true,
       [](T*, S* s, const P& p) {
         v1::GetRankingsRequest r;
         r.set_unit(p.village);
         r.set_subject(v1::RANKING_SUBJECT_HOUSEHOLDS);
         r.set_measure(v1::RANKING_MEASURE_HONOUR);
         r.set_from_date("2026-01-01");
         r.set_to_date("2026-12-31");
         return Call(s->policy.get(), &v1::PolicyService::Stub::GetRankings, r);
       }},
  };
}

// The rows the group leader (L) is checked on: those where it may do more
// than read, and PolicyService's.
const char* const kLeaderRows[] = {
    "AwardPoints",           "AwardBatch",           "ConfirmHours",
    "SetUnitPolicy",         "GetUnitPolicy",        "GetApproval",
    "ListApprovals",         "ApproveEntry (award)", "RejectEntry (award)",
    "ApproveEntry (hours)",  "RejectEntry (hours)",  "GetHonour",
    "GetHonour (volunteer)", "GetRankings"};

TEST_F(AccessMatrixTest, EveryRpcAsEveryRoleInAndOutOfScope) {
  for (const Row& row : Rows()) {
    for (int role = 0; role < kRoles; ++role) {
      for (const bool in_scope : {true, false}) {
        const grpc::Status status =
            row.call(this, callers_[role].get(), in_scope ? in_ : out_);
        EXPECT_EQ(status.error_code(), Expected(row, role, in_scope))
            << row.rpc << " as " << kRoleNames[role] << " on a record "
            << (in_scope ? "in" : "outside")
            << " its scope: " << Describe(status);
      }
    }
  }
}

TEST_F(AccessMatrixTest, AGroupLeaderProposesAndReadsOnlyInItsVillage) {
  int checked = 0;
  for (const Row& row : Rows()) {
    if (std::find(std::begin(kLeaderRows), std::end(kLeaderRows), row.rpc) ==
        std::end(kLeaderRows)) {
      continue;
    }
    ++checked;
    for (const bool in_scope : {true, false}) {
      const grpc::Status status =
          row.call(this, leader_.get(), in_scope ? in_ : out_);
      EXPECT_EQ(status.error_code(), Expected(row, kLeader, in_scope))
          << row.rpc << " as group leader of V1 on a record "
          << (in_scope ? "in" : "outside")
          << " its scope: " << Describe(status);
    }
  }
  EXPECT_EQ(checked, static_cast<int>(std::size(kLeaderRows)));
}

TEST_F(AccessMatrixTest, EveryRpcWithoutAGoodTokenIsUnauthenticated) {
  Stubs none(server_.raw_channel());
  Stubs forged(ChannelWithToken(server_.address(),
                                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
  Stubs malformed(ChannelWithToken(server_.address(), "not a token at all"));
  for (const Row& row : Rows()) {
    for (Stubs* stubs : {&none, &forged, &malformed}) {
      const grpc::Status status = row.call(this, stubs, in_);
      EXPECT_EQ(status.error_code(), StatusCode::UNAUTHENTICATED)
          << row.rpc << ": " << Describe(status);
    }
  }
}

TEST_F(AccessMatrixTest, ALoggedOutTokenIsRefused) {
  Stubs* desk = callers_[kDesk].get();
  ASSERT_TRUE(Call(desk->access.get(), &v1::AccessService::Stub::Logout,
                   v1::LogoutRequest())
                  .ok());
  EXPECT_EQ(Call(desk->access.get(), &v1::AccessService::Stub::WhoAmI,
                 v1::WhoAmIRequest())
                .error_code(),
            StatusCode::UNAUTHENTICATED);
}

TEST_F(AccessMatrixTest, AChangedPasswordEndsTheOldTokens) {
  Stubs* organizer = callers_[kOrganizer].get();
  v1::ChangePasswordRequest wrong;
  wrong.set_old_password("not my password");
  wrong.set_new_password("a new password 2");
  EXPECT_EQ(Call(organizer->access.get(),
                 &v1::AccessService::Stub::ChangePassword, wrong)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
  v1::ChangePasswordRequest right = wrong;
  right.set_old_password("role password 1");
  ASSERT_TRUE(Call(organizer->access.get(),
                   &v1::AccessService::Stub::ChangePassword, right)
                  .ok());
  EXPECT_EQ(Call(organizer->access.get(), &v1::AccessService::Stub::WhoAmI,
                 v1::WhoAmIRequest())
                .error_code(),
            StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(LogIn(server_.raw_channel(), "role3", "a new password 2").ok());
  EXPECT_FALSE(LogIn(server_.raw_channel(), "role3", "role password 1").ok());
}

TEST_F(AccessMatrixTest, ADisabledOperatorsTokenStopsWorking) {
  v1::GetOperatorRequest get;
  get.set_name(in_.operator_name);
  ASSERT_TRUE(Call(admin_->access.get(), &v1::AccessService::Stub::WhoAmI,
                   v1::WhoAmIRequest())
                  .ok());
  v1::WhoAmIRequest whoami;
  v1::Operator desk;
  ASSERT_TRUE(Call(callers_[kDesk]->access.get(),
                   &v1::AccessService::Stub::WhoAmI, whoami, &desk)
                  .ok());
  v1::DisableOperatorRequest disable;
  disable.set_request_id(NewId());
  disable.set_name(desk.name());
  ASSERT_TRUE(Call(admin_->access.get(),
                   &v1::AccessService::Stub::DisableOperator, disable)
                  .ok());
  EXPECT_EQ(Call(callers_[kDesk]->access.get(),
                 &v1::AccessService::Stub::WhoAmI, whoami)
                .error_code(),
            StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace jiamei::testing
