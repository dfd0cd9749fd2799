// The permission matrix: every RPC of the server called as every role of a
// village A, on a record of A, of its sibling village B, of the township T1
// above them both and of a village of another township, and the code each
// must get (OK, PERMISSION_DENIED or UNAUTHENTICATED); then as the admin and
// the auditor of T1. The expectations are written here from the access
// rules in docs/permissions.md, not taken from the server's code. Later issues
// add their RPCs as rows.
#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <set>
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
#include "tests/integration/world.h"

namespace jiamei::testing {
namespace {

using grpc::StatusCode;

enum Role { kAdmin, kAuditor, kDesk, kOrganizer, kMember, kLeader, kRoles };
constexpr const char* kRoleNames[] = {"admin of A",     "auditor of A",
                                      "desk of A",      "organiser of A",
                                      "member of H(A)", "group leader of A"};
// Whose record a row's call acts on, seen from village A.
enum Target { kInScope, kSibling, kAbove, kOtherTownship, kTargets };
constexpr const char* kTargetNames[] = {
    "a record of A", "a record of the sibling village B",
    "a record of the township T1 above", "a record of another township"};
// Calls that need a scope above a village (docs/permissions.md): a unit is made
// under a township or the county, and the audit, which reads the whole system,
// is run from a township or above.
const char* const kTownshipLevelRows[] = {"CreateUnit", "RunAudit"};
// Rows that act for A whatever the target: from T1 they meet the activity
// rules instead (NOT_INVITED, TEAM_OUTSIDE_UNIT: the tests at the end).
const char* const kVillageOnlyRows[] = {
    "CreateActivity (A's, inviting the target's team)",
    "SignUp (A's volunteer)"};

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

// The little world of the matrix, built as a World (world.h): county C
// with townships T1 (villages A and B) and T2 (village V3); two households
// (heads 王芳, phone 13812345678, the first a volunteer), a rule, a site
// with soap (1000 in stock) and a desk operator for each of A, B, V3 and
// T1 (whose households live in B and whose site serves A and B);
// operators of every role scoped to A or (the member) to A's first
// household; an admin and an auditor of T1; a group leader of the county.
// The places of the matrix, in the order of the plan's parts.
const Where kPlaces[] = {Where::kVillageA, Where::kVillageB, Where::kTownship,
                         Where::kOtherVillage};

WorldPlan MatrixWorld() {
  WorldPlan plan;
  plan.other_township = true;
  plan.households.clear();
  plan.rules.clear();
  plan.sites.clear();
  for (Where place : kPlaces) {
    const bool township = place == Where::kTownship;
    for (int i = 0; i < 2; ++i) {
      HouseholdPlan household;
      household.village = township ? Where::kVillageB : place;
      household.head = "王芳";
      household.phone = "13812345678";
      household.volunteer = i == 0;
      plan.households.push_back(household);
    }
    RulePlan rule;
    rule.unit = place;
    rule.points = 1000;
    plan.rules.push_back(rule);
    SitePlan site;
    site.unit = place;
    site.villages.clear();  // the village itself
    if (township) site.villages = {Where::kVillageA, Where::kVillageB};
    site.goods[0].measure = "块";
    site.goods[0].stock = 1000;
    plan.sites.push_back(site);
    OperatorPlan desk;
    desk.login = "desk" + std::to_string(plan.operators.size());
    desk.scope = place;
    plan.operators.push_back(desk);
  }
  const v1::Role roles[] = {v1::ROLE_ADMIN,         v1::ROLE_AUDITOR,
                            v1::ROLE_DESK_OPERATOR, v1::ROLE_ORGANIZER,
                            v1::ROLE_MEMBER,        v1::ROLE_GROUP_LEADER};
  for (int r = 0; r < kRoles; ++r) {
    OperatorPlan caller;
    caller.login = "role" + std::to_string(r);
    caller.role = roles[r];
    if (r == kMember) caller.head_of = 0;
    plan.operators.push_back(caller);
  }
  plan.operators.push_back({"t1admin", v1::ROLE_ADMIN, Where::kTownship});
  plan.operators.push_back({"t1auditor", v1::ROLE_AUDITOR, Where::kTownship});
  plan.operators.push_back({"proposer", v1::ROLE_GROUP_LEADER, Where::kCounty});
  return plan;
}

class AccessMatrixTest : public ServerTest {
 public:  // the rows below use the world it builds
  struct Place {
    std::string township, village, issuance, household, second_household,
        person, account, team, transfer, operator_name;
    // The unit's points supermarket: a rule of the unit (no cap), a site
    // serving its villages with one good in stock, and one redemption.
    std::string rule, site, good, redemption;
  };

  void SetUp() override {
    ServerTest::SetUp();
    world_ = std::make_unique<World>(server_, MatrixWorld());
    admin_ = &world_->admin();
    county_ = world_->county();
    t1_ = world_->township();
    in_ = MakePlace(0);
    sibling_ = MakePlace(1);
    above_ = MakePlace(2);
    other_ = MakePlace(3);
    for (int r = 0; r < kRoles; ++r) {
      callers_.push_back(&world_->op("role" + std::to_string(r)).stubs);
    }
    township_callers_ = {&world_->op("t1admin").stubs,
                         &world_->op("t1auditor").stubs};
    proposer_ = &world_->op("proposer").stubs;
  }

  const Place& PlaceOf(Target target) const {
    const Place* places[] = {&in_, &sibling_, &above_, &other_};
    return *places[target];
  }

  std::string NewId() { return world_->NewId(); }

  // A new person in `household`, enrolled as a volunteer if asked.
  std::string Person(const std::string& household, bool volunteer) {
    const std::string person = world_->MakePerson(household).name();
    if (volunteer) world_->Enroll(person);
    return person;
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

  v1::Rule PublishRule(Stubs* s, const std::string& unit) {
    v1::PublishRuleRequest request;
    request.set_request_id(NewId());
    *request.mutable_rule() = world_->RuleOf({Where::kSystem, 1000});
    request.mutable_rule()->set_unit(unit);
    v1::Rule published;
    last_status_ =
        Call(s->market.get(), &v1::SupermarketService::Stub::PublishRule,
             request, &published);
    return published;
  }

  // A site of `unit` serving it.
  v1::Site CreateSite(Stubs* s, const std::string& unit) {
    v1::Site site;
    last_status_ =
        Call(s->market.get(), &v1::SupermarketService::Stub::CreateSite,
             world_->SiteRequest(unit, {unit}), &site);
    return site;
  }

  v1::Good AddGood(Stubs* s, const std::string& site) {
    GoodPlan soap;
    soap.measure = "块";
    v1::Good good;
    last_status_ = Call(s->market.get(), &v1::SupermarketService::Stub::AddGood,
                        world_->GoodRequest(site, soap), &good);
    return good;
  }

  v1::RedeemRequest RedeemOne(const Place& p) {
    return world_->RedeemRequest(p.site, p.household, p.good, 1);
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
    return world_->AwardRequest(p.household, p.rule);
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
    const absl::Time now = absl::Now();
    const absl::Duration start = later ? absl::Hours(1) : -absl::Minutes(10);
    return world_->ActivityRequest(p.village, now + start,
                                   absl::Hours(2) - start, 100);
  }

  // A fresh activity at `stage`; with kConfirmed, the volunteer's record.
  std::string Activity(const Place& p, Stage stage, bool later = false) {
    v1::Activity activity;
    EXPECT_TRUE(Call(admin_->activities.get(),
                     &v1::ActivityService::Stub::CreateActivity,
                     ActivityRequest(p, later), &activity)
                    .ok());
    const std::string name = activity.name();
    const std::string volunteer = VolunteerOf(p.person);
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
    out.add_volunteers(VolunteerOf(p.person));
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

  // What the place `i` of kPlaces holds: the world's parts, a team led by
  // its first household's head, a transfer of 1 point from its unit to
  // that household, an award to it and a redemption of one soap.
  Place MakePlace(int i) {
    const v1::Unit& unit = world_->unit(kPlaces[i]);
    Place place;
    place.township = unit.parent();
    place.village = unit.name();
    place.issuance = unit.issuance_account();
    const v1::Household& household = world_->households()[2 * i];
    place.household = household.name();
    place.person = household.head();
    place.account = household.account();
    place.second_household = world_->household(2 * i + 1);
    v1::CreateTeamRequest team;
    team.set_request_id(NewId());
    team.mutable_team()->set_unit(place.village);
    team.mutable_team()->set_display_name("巾帼助耕队");
    team.mutable_team()->set_leader(VolunteerOf(place.person));
    team.set_date("2026-03-05");
    v1::Team created;
    EXPECT_TRUE(Call(admin_->volunteers.get(),
                     &v1::VolunteerService::Stub::CreateTeam, team, &created)
                    .ok());
    place.team = created.name();
    place.transfer = Transfer(place);
    place.operator_name = world_->op("desk" + std::to_string(i)).record.name();
    place.rule = world_->rule(i);
    place.site = world_->site(i);
    place.good = world_->good(i, 0);
    EXPECT_TRUE(Call(admin_->market.get(),
                     &v1::SupermarketService::Stub::AwardPoints,
                     AwardOne(place))
                    .ok());
    place.redemption = Redemption(place);
    return place;
  }

  // An operator of `role` scoped to `scope`, not logged in: its name.
  std::string MakeOperator(const std::string& login, v1::Role role,
                           const std::string& scope) {
    Reply<v1::Operator> made =
        Send(admin_->access.get(), &v1::AccessService::Stub::CreateOperator,
             OperatorRequest(login, role, scope));
    EXPECT_THAT(made, IsOk());
    return made.value.name();
  }

  // One RPC on one target. `who` lists the roles that may make the call on
  // a record of their scope: A admin, U auditor, D desk, O organiser,
  // M member, L group leader; a lowercase m means a member only on their
  // own household's records. A `scoped` call is refused (PERMISSION_DENIED)
  // outside the scope but for the roles `above` lists, which may make it on
  // a record of the township above (those of a sibling village and of
  // another township stay refused).
  struct Row {
    std::string rpc;
    std::string who;
    bool scoped;
    std::string above;
    std::function<grpc::Status(AccessMatrixTest*, Stubs*, const Place&)> call;
  };
  static std::vector<Row> Rows();

  // The code `role` gets on a record that is `target` seen from its scope,
  // the village A (`village_caller`) or the township T1.
  static StatusCode Expected(const Row& row, int role, Target target,
                             bool village_caller) {
    const auto names = [](const std::string& who, char letter) {
      return who.find(letter) != std::string::npos;
    };
    const char letter = "AUDOML"[role];
    const bool township_level =
        std::find(std::begin(kTownshipLevelRows), std::end(kTownshipLevelRows),
                  row.rpc) != std::end(kTownshipLevelRows);
    bool may = false;
    if (village_caller && township_level) {
      // refused everywhere
    } else if (!row.scoped) {
      may = names(row.who, letter);
    } else if (target == kInScope) {
      may = names(row.who, letter) || (role == kMember && names(row.who, 'm'));
    } else if (target == kAbove) {
      may = names(row.above, letter);
    }
    return may ? StatusCode::OK : StatusCode::PERMISSION_DENIED;
  }

  std::unique_ptr<World> world_;
  Stubs* admin_;
  // Every role of A, by Role; the admin and the auditor of T1.
  std::vector<Stubs*> callers_, township_callers_;
  // A group leader of the county who proposes entries for the rows that
  // decide them.
  Stubs* proposer_;
  std::string county_, t1_;
  // A, B, T1 and V3.
  Place in_, sibling_, above_, other_;
  grpc::Status last_status_;
};

using S = Stubs;
using T = AccessMatrixTest;
using P = AccessMatrixTest::Place;

// A volunteer's own check-in or check-out with the activity's code, at an
// activity in `stage` (the CheckIn and CheckOut rows differ only in these).
template <typename Request>
Request OwnCheck(T* t, const P& p, T::Stage stage) {
  Request r;
  r.set_request_id(t->NewId());
  r.set_activity(t->Activity(p, stage));
  r.set_volunteer(VolunteerOf(p.person));
  r.set_code(t->CheckInCode(r.activity()));
  return r;
}

std::vector<AccessMatrixTest::Row> AccessMatrixTest::Rows() {
  return {
      // AccessService (Login needs no token; Logout and ChangePassword end
      // the caller's tokens and have their own tests).
      {"WhoAmI", "AUDOML", false, "",
       [](T*, S* s, const P&) {
         return Call(s->access.get(), &v1::AccessService::Stub::WhoAmI,
                     v1::WhoAmIRequest());
       }},
      {"CreateOperator", "A", true, "",
       [](T* t, S* s, const P& p) {
         v1::CreateOperatorRequest r;
         r.set_request_id(t->NewId());
         r.mutable_operator_()->set_login("op" + t->NewId().substr(1, 12));
         r.mutable_operator_()->set_display_name("op");
         r.mutable_operator_()->set_role(v1::ROLE_DESK_OPERATOR);
         r.mutable_operator_()->set_scope(p.village);
         r.set_password(kOperatorPassword);
         return Call(s->access.get(), &v1::AccessService::Stub::CreateOperator,
                     r);
       }},
      {"GetOperator", "AU", true, "",
       [](T*, S* s, const P& p) {
         v1::GetOperatorRequest r;
         r.set_name(p.operator_name);
         return Call(s->access.get(), &v1::AccessService::Stub::GetOperator, r);
       }},
      {"ListOperators", "AU", false, "",
       [](T*, S* s, const P&) {
         return Call(s->access.get(), &v1::AccessService::Stub::ListOperators,
                     v1::ListOperatorsRequest());
       }},
      {"DisableOperator", "A", true, "",
       [](T* t, S* s, const P& p) {
         v1::DisableOperatorRequest r;
         r.set_request_id(t->NewId());
         r.set_name(t->MakeOperator("op" + t->NewId().substr(1, 12),
                                    v1::ROLE_DESK_OPERATOR, p.village));
         return Call(s->access.get(), &v1::AccessService::Stub::DisableOperator,
                     r);
       }},
      // OrganizationService
      {"CreateUnit", "A", true, "",
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
      {"RenameUnit", "A", true, "",
       [](T* t, S* s, const P& p) {
         v1::RenameUnitRequest r;
         r.set_request_id(t->NewId());
         r.set_name(p.village);
         r.set_display_name("renamed");
         return Call(s->org.get(), &v1::OrganizationService::Stub::RenameUnit,
                     r);
       }},
      {"GetUnit", "AUDOL", true, "AUDOL",
       [](T*, S* s, const P& p) {
         v1::GetUnitRequest r;
         r.set_name(p.village);
         return Call(s->org.get(), &v1::OrganizationService::Stub::GetUnit, r);
       }},
      {"ListUnits", "AUDOL", true, "",
       [](T*, S* s, const P& p) {
         v1::ListUnitsRequest r;
         r.set_parent(p.village);
         return Call(s->org.get(), &v1::OrganizationService::Stub::ListUnits,
                     r);
       }},
      {"WalkUnits", "AUDOL", true, "",
       [](T*, S* s, const P& p) {
         v1::WalkUnitsRequest r;
         r.set_root(p.village);
         return Call(s->org.get(), &v1::OrganizationService::Stub::WalkUnits,
                     r);
       }},
      // RegistryService
      {"CreateHousehold", "AD", true, "",
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
      {"GetHousehold", "AUDOLm", true, "",
       [](T*, S* s, const P& p) {
         v1::GetHouseholdRequest r;
         r.set_name(p.household);
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::GetHousehold, r);
       }},
      {"ListHouseholds", "AUDOL", true, "",
       [](T*, S* s, const P& p) {
         v1::ListHouseholdsRequest r;
         r.set_village(p.village);
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::ListHouseholds, r);
       }},
      {"SearchHouseholds", "AUDOL", true, "",
       [](T*, S* s, const P& p) {
         v1::SearchHouseholdsRequest r;
         r.set_unit(p.village);
         r.set_query("王");
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::SearchHouseholds, r);
       }},
      {"SetHouseholdCare", "A", true, "",
       [](T* t, S* s, const P& p) {
         v1::SetHouseholdCareRequest r;
         r.set_request_id(t->NewId());
         r.set_name(p.household);
         r.add_care_categories("LEFT_BEHIND_CHILDREN");
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::SetHouseholdCare, r);
       }},
      {"CreatePerson", "AD", true, "",
       [](T* t, S* s, const P& p) {
         v1::CreatePersonRequest r;
         r.set_request_id(t->NewId());
         r.set_household(p.household);
         r.mutable_person()->set_full_name("王小明");
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::CreatePerson, r);
       }},
      {"GetPerson", "AUDOLm", true, "",
       [](T*, S* s, const P& p) {
         v1::GetPersonRequest r;
         r.set_name(p.person);
         return Call(s->registry.get(), &v1::RegistryService::Stub::GetPerson,
                     r);
       }},
      {"MovePerson", "AD", true, "",
       [](T* t, S* s, const P& p) {
         v1::MovePersonRequest r;
         r.set_request_id(t->NewId());
         r.set_name(t->Person(p.household, false));
         r.set_household(p.second_household);
         return Call(s->registry.get(), &v1::RegistryService::Stub::MovePerson,
                     r);
       }},
      {"CreateCareCategory", "A", false, "",
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
      {"ListCareCategories", "AU", false, "",
       [](T*, S* s, const P&) {
         return Call(s->registry.get(),
                     &v1::RegistryService::Stub::ListCareCategories,
                     v1::ListCareCategoriesRequest());
       }},
      // VolunteerService
      {"EnrollVolunteer", "AO", true, "",
       [](T* t, S* s, const P& p) {
         v1::EnrollVolunteerRequest r;
         r.set_request_id(t->NewId());
         r.set_person(t->Person(p.household, false));
         r.set_join_date("2026-03-05");
         return Call(s->volunteers.get(),
                     &v1::VolunteerService::Stub::EnrollVolunteer, r);
       }},
      {"GetVolunteer", "AUDOLm", true, "",
       [](T*, S* s, const P& p) {
         v1::GetVolunteerRequest r;
         r.set_name(VolunteerOf(p.person));
         return Call(s->volunteers.get(),
                     &v1::VolunteerService::Stub::GetVolunteer, r);
       }},
      {"SetVolunteerStatus", "AO", true, "",
       [](T* t, S* s, const P& p) {
         v1::SetVolunteerStatusRequest r;
         r.set_request_id(t->NewId());
         r.set_name(VolunteerOf(t->Person(p.household, true)));
         r.set_status(v1::VOLUNTEER_STATUS_SUSPENDED);
         r.set_reason("moved away for work");
         return Call(s->volunteers.get(),
                     &v1::VolunteerService::Stub::SetVolunteerStatus, r);
       }},
      {"CreateTeam", "AO", true, "",
       [](T* t, S* s, const P& p) {
         v1::CreateTeamRequest r;
         r.set_request_id(t->NewId());
         r.mutable_team()->set_unit(p.village);
         r.mutable_team()->set_display_name("义剪队");
         r.mutable_team()->set_leader(VolunteerOf(p.person));
         r.set_date("2026-03-05");
         return Call(s->volunteers.get(),
                     &v1::VolunteerService::Stub::CreateTeam, r);
       }},
      {"GetTeam", "AUDOL", true, "",
       [](T*, S* s, const P& p) {
         v1::GetTeamRequest r;
         r.set_name(p.team);
         return Call(s->volunteers.get(), &v1::VolunteerService::Stub::GetTeam,
                     r);
       }},
      {"ListTeams", "AUDOL", true, "",
       [](T*, S* s, const P& p) {
         v1::ListTeamsRequest r;
         r.set_unit(p.village);
         return Call(s->volunteers.get(),
                     &v1::VolunteerService::Stub::ListTeams, r);
       }},
      {"JoinTeam", "AO", true, "",
       [](T* t, S* s, const P& p) {
         v1::ChangeTeamMembershipRequest r;
         r.set_request_id(t->NewId());
         r.set_team(p.team);
         r.set_volunteer(VolunteerOf(t->Person(p.household, true)));
         r.set_date("2026-04-01");
         return Call(s->volunteers.get(), &v1::VolunteerService::Stub::JoinTeam,
                     r);
       }},
      {"LeaveTeam", "AO", true, "",
       [](T* t, S* s, const P& p) {
         v1::ChangeTeamMembershipRequest r;
         r.set_request_id(t->NewId());
         r.set_team(p.team);
         r.set_volunteer(VolunteerOf(t->Person(p.household, true)));
         r.set_date("2026-04-01");
         // The admin joins them first; the caller records the leaving.
         Call(t->admin_->volunteers.get(),
              &v1::VolunteerService::Stub::JoinTeam, r);
         r.set_request_id(t->NewId());
         return Call(s->volunteers.get(),
                     &v1::VolunteerService::Stub::LeaveTeam, r);
       }},
      // LedgerService and AuditService
      {"CreateAccount", "A", true, "",
       [](T* t, S* s, const P& p) {
         v1::CreateAccountRequest r;
         r.set_request_id(t->NewId());
         r.set_kind(v1::ACCOUNT_KIND_SUPERMARKET);
         r.set_display_name("积分超市");
         r.set_unit(p.village);
         return Call(s->ledger.get(), &v1::LedgerService::Stub::CreateAccount,
                     r);
       }},
      {"GetAccount", "AUDm", true, "",
       [](T*, S* s, const P& p) {
         v1::GetAccountRequest r;
         r.set_name(p.account);
         return Call(s->ledger.get(), &v1::LedgerService::Stub::GetAccount, r);
       }},
      {"ListAccounts", "AUD", true, "",
       [](T*, S* s, const P& p) {
         v1::ListAccountsRequest r;
         r.set_unit(p.village);
         return Call(s->ledger.get(), &v1::LedgerService::Stub::ListAccounts,
                     r);
       }},
      {"CreateTransfer", "AD", true, "",
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
      {"GetTransfer", "AUDm", true, "",
       [](T*, S* s, const P& p) {
         v1::GetTransferRequest r;
         r.set_name(p.transfer);
         return Call(s->ledger.get(), &v1::LedgerService::Stub::GetTransfer, r);
       }},
      {"ReverseTransfer", "AD", true, "",
       [](T* t, S* s, const P& p) {
         v1::ReverseTransferRequest r;
         r.set_request_id(t->NewId());
         r.set_name(t->Transfer(p));
         return Call(s->ledger.get(), &v1::LedgerService::Stub::ReverseTransfer,
                     r);
       }},
      {"ListAccountHistory", "AUDm", true, "",
       [](T*, S* s, const P& p) {
         v1::ListAccountHistoryRequest r;
         r.set_account(p.account);
         return Call(s->ledger.get(),
                     &v1::LedgerService::Stub::ListAccountHistory, r);
       }},
      {"GetDigest", "AUDOML", false, "",
       [](T*, S* s, const P&) {
         return Call(s->ledger.get(), &v1::LedgerService::Stub::GetDigest,
                     v1::GetDigestRequest());
       }},
      {"RunAudit", "AU", false, "",
       [](T*, S* s, const P&) {
         return Call(s->audit.get(), &v1::AuditService::Stub::RunAudit,
                     v1::RunAuditRequest());
       }},
      // MarketService
      {"PublishRule", "A", true, "",
       [](T* t, S* s, const P& p) {
         t->PublishRule(s, p.village);
         return t->last_status_;
       }},
      {"ReviseRule", "A", true, "",
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
      {"GetRule", "AUDOLm", true, "AUDOLM",
       [](T*, S* s, const P& p) {
         v1::GetRuleRequest r;
         r.set_name(p.rule);
         return Call(s->market.get(), &v1::SupermarketService::Stub::GetRule,
                     r);
       }},
      {"ListRules", "AUDOLm", true, "AUDOLM",
       [](T*, S* s, const P& p) {
         v1::ListRulesRequest r;
         r.set_unit(p.village);
         return Call(s->market.get(), &v1::SupermarketService::Stub::ListRules,
                     r);
       }},
      // A group leader's award only proposes (policy.proto).
      {"AwardPoints", "ADL", true, "",
       [](T* t, S* s, const P& p) {
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::AwardPoints,
                     t->AwardOne(p));
       }},
      {"AwardBatch", "ADL", true, "",
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
      {"CreateSite", "A", true, "",
       [](T* t, S* s, const P& p) {
         t->CreateSite(s, p.village);
         return t->last_status_;
       }},
      {"GetSite", "AUDOLm", true, "AUDOLM",
       [](T*, S* s, const P& p) {
         v1::GetSiteRequest r;
         r.set_name(p.site);
         return Call(s->market.get(), &v1::SupermarketService::Stub::GetSite,
                     r);
       }},
      {"ListSites", "AUDOL", true, "",
       [](T*, S* s, const P& p) {
         v1::ListSitesRequest r;
         r.set_unit(p.village);
         return Call(s->market.get(), &v1::SupermarketService::Stub::ListSites,
                     r);
       }},
      {"AddGood", "A", true, "",
       [](T* t, S* s, const P& p) {
         t->AddGood(s, p.site);
         return t->last_status_;
       }},
      {"ReviseGood", "A", true, "",
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
      {"GetGood", "AUDOLm", true, "AUDOLM",
       [](T*, S* s, const P& p) {
         v1::GetGoodRequest r;
         r.set_name(p.good);
         return Call(s->market.get(), &v1::SupermarketService::Stub::GetGood,
                     r);
       }},
      {"ListGoods", "AUDOLm", true, "AUDOLM",
       [](T*, S* s, const P& p) {
         v1::ListGoodsRequest r;
         r.set_site(p.site);
         return Call(s->market.get(), &v1::SupermarketService::Stub::ListGoods,
                     r);
       }},
      {"StockIn", "AD", true, "",
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
      {"AdjustStock", "AD", true, "",
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
      {"ListStockMovements", "AUD", true, "",
       [](T*, S* s, const P& p) {
         v1::ListStockMovementsRequest r;
         r.set_good(p.good);
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::ListStockMovements, r);
       }},
      {"Redeem", "AD", true, "",
       [](T* t, S* s, const P& p) {
         return Call(s->market.get(), &v1::SupermarketService::Stub::Redeem,
                     t->RedeemOne(p));
       }},
      {"VoidRedemption", "AD", true, "",
       [](T* t, S* s, const P& p) {
         v1::VoidRedemptionRequest r;
         r.set_request_id(t->NewId());
         r.set_name(t->Redemption(p));
         r.set_reason("wrong goods");
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::VoidRedemption, r);
       }},
      {"GetRedemption", "AUDOLm", true, "",
       [](T*, S* s, const P& p) {
         v1::GetRedemptionRequest r;
         r.set_name(p.redemption);
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::GetRedemption, r);
       }},
      {"ListRedemptions", "AUD", true, "",
       [](T*, S* s, const P& p) {
         v1::ListRedemptionsRequest r;
         r.set_site(p.site);
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::ListRedemptions, r);
       }},
      {"GetReceipt", "AUDOLm", true, "",
       [](T*, S* s, const P& p) {
         v1::GetReceiptRequest r;
         r.set_name(p.redemption);
         return Call(s->market.get(), &v1::SupermarketService::Stub::GetReceipt,
                     r);
       }},
      // The call is taken whole; each item gets its own code, which is what
      // the row checks.
      {"UploadDeskQueue", "AD", true, "",
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
      {"GetStatement", "AUDOLm", true, "",
       [](T*, S* s, const P& p) {
         v1::GetStatementRequest r;
         r.set_household(p.household);
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::GetStatement, r);
       }},
      {"GetMarketFigures", "AUDOL", true, "",
       [](T*, S* s, const P& p) {
         v1::GetMarketFiguresRequest r;
         r.set_unit(p.village);
         r.set_from_date("2026-01-01");
         r.set_to_date("2026-12-31");
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::GetMarketFigures, r);
       }},
      {"GetAnnualReport", "AUD", true, "",
       [](T*, S* s, const P& p) {
         v1::GetAnnualReportRequest r;
         r.set_unit(p.village);
         r.set_year(2026);
         return Call(s->reports.get(),
                     &v1::ReportService::Stub::GetAnnualReport, r);
       }},
      {"RecordStocktake", "AD", true, "",
       [](T* t, S* s, const P& p) {
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::RecordStocktake,
                     t->StocktakeOne(p));
       }},
      {"GetStocktake", "AUD", true, "",
       [](T* t, S* s, const P& p) {
         v1::GetStocktakeRequest r;
         r.set_name(t->Stocktake(p));
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::GetStocktake, r);
       }},
      {"ListStocktakes", "AUD", true, "",
       [](T*, S* s, const P& p) {
         v1::ListStocktakesRequest r;
         r.set_site(p.site);
         return Call(s->market.get(),
                     &v1::SupermarketService::Stub::ListStocktakes, r);
       }},
      // ActivityService
      {"CreateActivity", "AO", true, "",
       [](T* t, S* s, const P& p) {
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::CreateActivity,
                     t->ActivityRequest(p));
       }},
      // An organiser of A invites the teams of A only: another village's
      // are outside the scope, the township's are above it
      // (docs/permissions.md).
      {"CreateActivity (A's, inviting the target's team)", "AO", true, "",
       [](T* t, S* s, const P& p) {
         v1::CreateActivityRequest r = t->ActivityRequest(t->in_);
         r.mutable_activity()->add_teams(p.team);
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::CreateActivity, r);
       }},
      {"GetActivity", "AUDOLm", true, "AUDOLM",
       [](T* t, S* s, const P& p) {
         v1::GetActivityRequest r;
         r.set_name(t->Activity(p, T::kOpen));
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::GetActivity, r);
       }},
      {"ListActivities", "AUDOL", true, "AUDOL",
       [](T*, S* s, const P& p) {
         v1::ListActivitiesRequest r;
         r.set_unit(p.village);
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::ListActivities, r);
       }},
      {"SetActivityStatus", "AO", true, "",
       [](T* t, S* s, const P& p) {
         v1::SetActivityStatusRequest r;
         r.set_request_id(t->NewId());
         r.set_name(t->Activity(p, T::kOpen));
         r.set_status(v1::ACTIVITY_STATUS_IN_PROGRESS);
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::SetActivityStatus, r);
       }},
      {"SignUp", "AOm", true, "",
       [](T* t, S* s, const P& p) {
         v1::SignUpRequest r;
         r.set_request_id(t->NewId());
         r.set_activity(t->Activity(p, T::kOpen));
         r.set_volunteer(VolunteerOf(p.person));
         return Call(s->activities.get(), &v1::ActivityService::Stub::SignUp,
                     r);
       }},
      // The member of A signs up for the activities of A and of T1, which
      // admits the volunteers of its villages, never for B's.
      {"SignUp (A's volunteer)", "AOm", true, "M",
       [](T* t, S* s, const P& p) {
         v1::SignUpRequest r;
         r.set_request_id(t->NewId());
         r.set_activity(t->Activity(p, T::kOpen));
         r.set_volunteer(VolunteerOf(t->in_.person));
         return Call(s->activities.get(), &v1::ActivityService::Stub::SignUp,
                     r);
       }},
      {"CancelSignUp", "AOm", true, "",
       [](T* t, S* s, const P& p) {
         v1::CancelSignUpRequest r;
         r.set_request_id(t->NewId());
         r.set_activity(t->Activity(p, T::kSignedUp, /*later=*/true));
         r.set_volunteer(VolunteerOf(p.person));
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::CancelSignUp, r);
       }},
      {"GetCheckInCode", "AO", true, "",
       [](T* t, S* s, const P& p) {
         v1::GetCheckInCodeRequest r;
         r.set_activity(t->Activity(p, T::kOpen));
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::GetCheckInCode, r);
       }},
      {"CheckIn", "AOm", true, "",
       [](T* t, S* s, const P& p) {
         return Call(s->activities.get(), &v1::ActivityService::Stub::CheckIn,
                     OwnCheck<v1::CheckInRequest>(t, p, T::kSignedUp));
       }},
      {"CheckOut", "AOm", true, "",
       [](T* t, S* s, const P& p) {
         return Call(s->activities.get(), &v1::ActivityService::Stub::CheckOut,
                     OwnCheck<v1::CheckOutRequest>(t, p, T::kCheckedIn));
       }},
      {"OrganiserCheck", "AO", true, "",
       [](T* t, S* s, const P& p) {
         v1::OrganiserCheckRequest r;
         r.set_request_id(t->NewId());
         r.set_activity(t->Activity(p, T::kSignedUp));
         r.add_volunteers(VolunteerOf(p.person));
         r.set_check_in(true);
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::OrganiserCheck, r);
       }},
      {"SettleCheckOut", "AO", true, "",
       [](T* t, S* s, const P& p) {
         v1::SettleCheckOutRequest r;
         r.set_request_id(t->NewId());
         r.set_activity(t->Activity(p, T::kCheckedIn));
         r.set_volunteer(VolunteerOf(p.person));
         r.mutable_check_out_time()->set_seconds(
             absl::ToUnixSeconds(absl::Now()) + 60);
         r.set_reason("left early");
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::SettleCheckOut, r);
       }},
      {"ListParticipations", "AUO", true, "",
       [](T* t, S* s, const P& p) {
         v1::ListParticipationsRequest r;
         r.set_activity(t->Activity(p, T::kSignedUp));
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::ListParticipations, r);
       }},
      // By a group leader it waits for approval.
      {"ConfirmHours", "AOL", true, "",
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
      {"CorrectRecord", "AO", true, "",
       [](T* t, S* s, const P& p) {
         v1::CorrectRecordRequest r;
         r.set_request_id(t->NewId());
         r.set_record(t->Activity(p, T::kConfirmed));
         r.set_minutes(30);
         r.set_reason("came early");
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::CorrectRecord, r);
       }},
      {"GetArchive", "AUOm", true, "",
       [](T*, S* s, const P& p) {
         v1::GetArchiveRequest r;
         r.set_volunteer(VolunteerOf(p.person));
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::GetArchive, r);
       }},
      {"GetServiceFigures", "AUO", true, "",
       [](T*, S* s, const P& p) {
         v1::GetServiceFiguresRequest r;
         r.set_scope(p.village);
         r.set_from_date("2026-01-01");
         r.set_to_date("2026-12-31");
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::GetServiceFigures, r);
       }},
      {"IssueCertificate", "AOm", true, "",
       [](T* t, S* s, const P& p) {
         v1::IssueCertificateRequest r;
         r.set_request_id(t->NewId());
         r.set_volunteer(VolunteerOf(p.person));
         r.set_from_date("2026-01-01");
         r.set_to_date("2026-12-31");
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::IssueCertificate, r);
       }},
      {"VerifyCertificate", "AUDOML", false, "",
       [](T*, S* s, const P&) {
         v1::VerifyCertificateRequest r;
         r.set_verification_code("1-0123456789abcdef");
         return Call(s->activities.get(),
                     &v1::ActivityService::Stub::VerifyCertificate, r);
       }},
      // PointCardService. A village's desk may look up and redeem the
      // village's cards; only admins issue and void them.
      {"IssueCards", "A", true, "",
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
      {"GetCard", "AUD", true, "AUD",
       [](T* t, S* s, const P& p) {
         v1::GetCardRequest r;
         r.set_name(t->Card(p));
         return Call(s->cards.get(), &v1::PointCardService::Stub::GetCard, r);
       }},
      {"ListCards", "AUD", true, "",
       [](T*, S* s, const P& p) {
         v1::ListCardsRequest r;
         r.set_unit(p.village);
         return Call(s->cards.get(), &v1::PointCardService::Stub::ListCards, r);
       }},
      {"VoidCard", "A", true, "",
       [](T* t, S* s, const P& p) {
         v1::VoidCardRequest r;
         r.set_request_id(t->NewId());
         r.set_name(t->Card(p));
         r.set_reason("遗失");
         return Call(s->cards.get(), &v1::PointCardService::Stub::VoidCard, r);
       }},
      {"RedeemCard", "AD", true, "",
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
      {"SetUnitPolicy", "A", true, "",
       [](T* t, S* s, const P& p) {
         v1::SetUnitPolicyRequest r;
         r.set_request_id(t->NewId());
         r.mutable_policy()->set_unit(p.village);
         r.mutable_policy()->set_recording_deadline_days(10);
         return Call(s->policy.get(), &v1::PolicyService::Stub::SetUnitPolicy,
                     r);
       }},
      {"GetUnitPolicy", "AUDOML", true, "AUDOML",
       [](T*, S* s, const P& p) {
         v1::GetUnitPolicyRequest r;
         r.set_unit(p.village);
         return Call(s->policy.get(), &v1::PolicyService::Stub::GetUnitPolicy,
                     r);
       }},
      {"GetApproval", "AUDOL", true, "",
       [](T* t, S* s, const P& p) {
         v1::GetApprovalRequest r;
         r.set_name(t->AwardProposal(p));
         return Call(s->policy.get(), &v1::PolicyService::Stub::GetApproval, r);
       }},
      {"ListApprovals", "AUDOL", true, "",
       [](T*, S* s, const P& p) {
         v1::ListApprovalsRequest r;
         r.set_unit(p.village);
         return Call(s->policy.get(), &v1::PolicyService::Stub::ListApprovals,
                     r);
       }},
      {"ApproveEntry (award)", "AD", true, "",
       [](T* t, S* s, const P& p) {
         return Call(s->policy.get(), &v1::PolicyService::Stub::ApproveEntry,
                     T::Decision(t, t->AwardProposal(p), ""));
       }},
      {"RejectEntry (award)", "AD", true, "",
       [](T* t, S* s, const P& p) {
         return Call(s->policy.get(), &v1::PolicyService::Stub::RejectEntry,
                     T::Decision(t, t->AwardProposal(p), "不属实"));
       }},
      {"ApproveEntry (hours)", "AO", true, "",
       [](T* t, S* s, const P& p) {
         return Call(s->policy.get(), &v1::PolicyService::Stub::ApproveEntry,
                     T::Decision(t, t->HoursProposal(p), ""));
       }},
      {"RejectEntry (hours)", "AO", true, "",
       [](T* t, S* s, const P& p) {
         return Call(s->policy.get(), &v1::PolicyService::Stub::RejectEntry,
                     T::Decision(t, t->HoursProposal(p), "没来"));
       }},
      {"PreviewExpiry", "AUD", true, "",
       [](T*, S* s, const P& p) {
         v1::PreviewExpiryRequest r;
         r.set_unit(p.village);
         return Call(s->policy.get(), &v1::PolicyService::Stub::PreviewExpiry,
                     r);
       }},
      {"RunExpiry", "A", true, "",
       [](T* t, S* s, const P& p) {
         t->ExpireAfter30Days(p);
         v1::RunExpiryRequest r;
         r.set_request_id(t->NewId());
         r.set_unit(p.village);
         return Call(s->policy.get(), &v1::PolicyService::Stub::RunExpiry, r);
       }},
      {"ListExpiryRuns", "AUD", true, "",
       [](T*, S* s, const P& p) {
         v1::ListExpiryRunsRequest r;
         r.set_unit(p.village);
         return Call(s->policy.get(), &v1::PolicyService::Stub::ListExpiryRuns,
                     r);
       }},
      {"GetHonour", "AUDOLm", true, "",
       [](T*, S* s, const P& p) {
         v1::GetHonourRequest r;
         r.set_subject(p.household);
         return Call(s->policy.get(), &v1::PolicyService::Stub::GetHonour, r);
       }},
      {"GetHonour (volunteer)", "AUDOLm", true, "",
       [](T*, S* s, const P& p) {
         v1::GetHonourRequest r;
         r.set_subject(VolunteerOf(p.person));
         return Call(s->policy.get(), &v1::PolicyService::Stub::GetHonour, r);
       }},
      {"GetRankings", "AUDOML", true, "AUDOML",
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

TEST_F(AccessMatrixTest, EveryRpcAsEveryRoleOfAVillageOnEveryNeighbour) {
  for (const Row& row : Rows()) {
    for (int role = 0; role < kRoles; ++role) {
      for (int target = 0; target < kTargets; ++target) {
        const grpc::Status status =
            row.call(this, callers_[role], PlaceOf(Target(target)));
        EXPECT_EQ(status.error_code(),
                  Expected(row, role, Target(target), /*village_caller=*/true))
            << row.rpc << " as " << kRoleNames[role] << " on "
            << kTargetNames[target] << ": " << Describe(status);
      }
    }
  }
}

TEST_F(AccessMatrixTest, EveryRpcAsTheTownshipsAdminAndAuditor) {
  // Both villages of T1 are in their scope; V3 of T2 is not.
  const std::pair<const Place*, Target> targets[] = {
      {&in_, kInScope}, {&sibling_, kInScope}, {&other_, kOtherTownship}};
  for (const Row& row : Rows()) {
    if (std::find(std::begin(kVillageOnlyRows), std::end(kVillageOnlyRows),
                  row.rpc) != std::end(kVillageOnlyRows)) {
      continue;
    }
    for (int role : {kAdmin, kAuditor}) {
      for (const auto& [place, target] : targets) {
        const grpc::Status status =
            row.call(this, township_callers_[role], *place);
        EXPECT_EQ(status.error_code(),
                  Expected(row, role, target, /*village_caller=*/false))
            << row.rpc << " as " << (role == kAdmin ? "admin" : "auditor")
            << " of T1 on village " << place->village << ": "
            << Describe(status);
      }
    }
  }
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
  Stubs* desk = callers_[kDesk];
  ASSERT_TRUE(Call(desk->access.get(), &v1::AccessService::Stub::Logout,
                   v1::LogoutRequest())
                  .ok());
  EXPECT_EQ(Call(desk->access.get(), &v1::AccessService::Stub::WhoAmI,
                 v1::WhoAmIRequest())
                .error_code(),
            StatusCode::UNAUTHENTICATED);
}

TEST_F(AccessMatrixTest, AChangedPasswordEndsTheOldTokens) {
  Stubs* organizer = callers_[kOrganizer];
  v1::ChangePasswordRequest wrong;
  wrong.set_old_password("not my password");
  wrong.set_new_password("a new password 2");
  EXPECT_EQ(Call(organizer->access.get(),
                 &v1::AccessService::Stub::ChangePassword, wrong)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
  v1::ChangePasswordRequest right = wrong;
  right.set_old_password(kOperatorPassword);
  ASSERT_TRUE(Call(organizer->access.get(),
                   &v1::AccessService::Stub::ChangePassword, right)
                  .ok());
  EXPECT_EQ(Call(organizer->access.get(), &v1::AccessService::Stub::WhoAmI,
                 v1::WhoAmIRequest())
                .error_code(),
            StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(LogIn(server_.raw_channel(), "role3", "a new password 2").ok());
  EXPECT_FALSE(LogIn(server_.raw_channel(), "role3", kOperatorPassword).ok());
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

// ---- What a neighbour is told: the answers, not only the codes.

// Sign-up for an activity that invites no team admits the volunteers of
// the activity's unit and the units below it, whoever asks (storage judges
// it); a member is refused another village's activity at the door.
TEST_F(AccessMatrixTest,
       AnActivityWithoutTeamsAdmitsOnlyItsOwnUnitsVolunteers) {
  using Activities = v1::ActivityService::Stub;
  const std::string mine = VolunteerOf(in_.person);
  const auto sign_up = [&](Stubs* s, const std::string& activity,
                           const std::string& volunteer) {
    v1::SignUpRequest r;
    r.set_request_id(NewId());
    r.set_activity(activity);
    r.set_volunteer(volunteer);
    return Send(s->activities.get(), &Activities::SignUp, r);
  };
  Stubs* member = callers_[kMember];
  const std::string neighbours = Activity(sibling_, kOpen, /*later=*/true);
  EXPECT_THAT(sign_up(member, neighbours, mine),
              FailsWith(StatusCode::PERMISSION_DENIED, "PERMISSION_DENIED"));
  EXPECT_THAT(sign_up(admin_, neighbours, mine),
              FailsWith(StatusCode::FAILED_PRECONDITION, "NOT_INVITED"));
  v1::CancelSignUpRequest cancel;
  cancel.set_request_id(NewId());
  cancel.set_activity(neighbours);
  cancel.set_volunteer(mine);
  EXPECT_THAT(Send(member->activities.get(), &Activities::CancelSignUp, cancel),
              FailsWith(StatusCode::PERMISSION_DENIED, "PERMISSION_DENIED"));
  // The township's and the village's own admit A's volunteers.
  for (const Place* place : {&above_, &in_}) {
    const std::string activity = Activity(*place, kOpen, /*later=*/true);
    EXPECT_THAT(sign_up(member, activity, mine), IsOk()) << place->village;
    cancel.set_request_id(NewId());
    cancel.set_activity(activity);
    EXPECT_THAT(
        Send(member->activities.get(), &Activities::CancelSignUp, cancel),
        IsOk())
        << place->village;
  }
  // A team of B invited by B's activity admits its members wherever they
  // live.
  v1::ChangeTeamMembershipRequest join;
  join.set_request_id(NewId());
  join.set_team(sibling_.team);
  join.set_volunteer(mine);
  join.set_date("2026-04-01");
  ASSERT_THAT(Send(admin_->volunteers.get(),
                   &v1::VolunteerService::Stub::JoinTeam, join),
              IsOk());
  v1::CreateActivityRequest with_team = ActivityRequest(sibling_, true);
  with_team.mutable_activity()->add_teams(sibling_.team);
  Reply<v1::Activity> created =
      Send(admin_->activities.get(), &Activities::CreateActivity, with_team);
  ASSERT_THAT(created, IsOk());
  AdminMoves(created.value.name(), v1::ACTIVITY_STATUS_OPEN);
  EXPECT_THAT(sign_up(admin_, created.value.name(), mine), IsOk());
}

// An activity invites the teams of its unit and of the units below it: a
// village's organiser invites no neighbour's team, and nobody invites one
// into a village from outside it.
TEST_F(AccessMatrixTest, AnActivityInvitesOnlyTeamsOfItsUnitOrBelowIt) {
  using Activities = v1::ActivityService::Stub;
  for (const std::string& team : {sibling_.team, above_.team}) {
    v1::CreateActivityRequest r = ActivityRequest(in_);
    r.mutable_activity()->add_teams(team);
    EXPECT_THAT(Send(callers_[kOrganizer]->activities.get(),
                     &Activities::CreateActivity, r),
                FailsWith(StatusCode::PERMISSION_DENIED, "PERMISSION_DENIED"))
        << team;
    r.set_request_id(NewId());
    EXPECT_THAT(Send(admin_->activities.get(), &Activities::CreateActivity, r),
                FailsWith(StatusCode::FAILED_PRECONDITION, "TEAM_OUTSIDE_UNIT"))
        << team;
  }
  v1::CreateActivityRequest township = ActivityRequest(above_);
  township.mutable_activity()->add_teams(in_.team);
  township.mutable_activity()->add_teams(sibling_.team);
  township.mutable_activity()->add_teams(above_.team);
  EXPECT_THAT(
      Send(admin_->activities.get(), &Activities::CreateActivity, township),
      IsOk());
}

// A township's ranking read from village A shows every place and score but
// names only A's households; the township's own staff see every name.
TEST_F(AccessMatrixTest, ARankingAboveTheScopeNamesOnlyTheCallersVillage) {
  v1::GetRankingsRequest r;
  r.set_subject(v1::RANKING_SUBJECT_HOUSEHOLDS);
  r.set_measure(v1::RANKING_MEASURE_HONOUR);
  // The world's awards were made today.
  const auto day = [](absl::Duration from_now) {
    return absl::FormatTime("%Y-%m-%d", absl::Now() + from_now,
                            absl::UTCTimeZone());
  };
  r.set_from_date(day(-absl::Hours(48)));
  r.set_to_date(day(absl::Hours(48)));
  const auto named_villages = [&](Stubs* s, const std::string& unit) {
    r.set_unit(unit);
    Reply<v1::Rankings> rankings =
        Send(s->policy.get(), &v1::PolicyService::Stub::GetRankings, r);
    EXPECT_THAT(rankings, IsOk()) << unit;
    std::multiset<std::pair<std::string, bool>> seen;
    for (const v1::RankingEntry& e : rankings.value.entries()) {
      EXPECT_EQ(e.subject().empty(), e.display_name().empty());
      EXPECT_GT(e.score(), 0);
      seen.insert({e.village(), !e.subject().empty()});
    }
    return seen;
  };
  // A has one household awarded, B two (its own and the township's),
  // V3 one.
  using Seen = std::multiset<std::pair<std::string, bool>>;
  const Seen from_a = {{in_.village, true},
                       {sibling_.village, false},
                       {sibling_.village, false}};
  Seen county_from_a = from_a;
  county_from_a.insert({other_.village, false});
  for (const int role :
       {kAdmin, kAuditor, kDesk, kOrganizer, kMember, kLeader}) {
    EXPECT_EQ(named_villages(callers_[role], t1_), from_a) << kRoleNames[role];
    EXPECT_EQ(named_villages(callers_[role], county_), county_from_a)
        << kRoleNames[role];
  }
  const Seen from_t1 = {
      {in_.village, true}, {sibling_.village, true}, {sibling_.village, true}};
  EXPECT_EQ(named_villages(township_callers_[kAuditor], t1_), from_t1);
}

// The stock ledger of a township's good holds the redemptions of all its
// villages: like the redemptions, it is listed only with the site in scope.
TEST_F(AccessMatrixTest, AStockLedgerIsListedWhereItsRedemptionsAre) {
  using Market = v1::SupermarketService::Stub;
  v1::ListStockMovementsRequest stock;
  stock.set_good(above_.good);
  v1::ListRedemptionsRequest redemptions;
  redemptions.set_site(above_.site);
  for (const int role : {kAdmin, kAuditor, kDesk}) {
    Stubs* s = callers_[role];
    EXPECT_THAT(Send(s->market.get(), &Market::ListStockMovements, stock),
                FailsWith(StatusCode::PERMISSION_DENIED, "PERMISSION_DENIED"))
        << kRoleNames[role];
    EXPECT_THAT(Send(s->market.get(), &Market::ListRedemptions, redemptions),
                FailsWith(StatusCode::PERMISSION_DENIED, "PERMISSION_DENIED"))
        << kRoleNames[role];
  }
  Stubs* township = township_callers_[kAuditor];
  Reply<v1::ListStockMovementsResponse> listed =
      Send(township->market.get(), &Market::ListStockMovements, stock);
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed.value.movements_size(), 2);  // stock-in and B's redemption
  EXPECT_EQ(listed.value.movements(0).redemption(), above_.redemption);
  EXPECT_THAT(
      Send(township->market.get(), &Market::ListRedemptions, redemptions),
      IsOk());
}

// A township's card looked up at A's desk says whether it is used, not
// which neighbour used it; one used in A says so.
TEST_F(AccessMatrixTest, ATownshipsCardUsedInAnotherVillageDoesNotSayWhere) {
  using Cards = v1::PointCardService::Stub;
  const auto redeem = [&](Stubs* s, const std::string& number,
                          const std::string& household) {
    v1::RedeemCardRequest r;
    r.set_request_id(NewId());
    r.set_number(number);
    r.set_household(household);
    Reply<v1::Card> card = Send(s->cards.get(), &Cards::RedeemCard, r);
    EXPECT_THAT(card, IsOk());
    return card.value.name();
  };
  const auto get = [&](Stubs* s, const std::string& name) {
    v1::GetCardRequest r;
    r.set_name(name);
    Reply<v1::Card> card = Send(s->cards.get(), &Cards::GetCard, r);
    EXPECT_THAT(card, IsOk());
    return card.value;
  };
  const std::string in_b = redeem(admin_, Card(above_), sibling_.household);
  const std::string in_a = redeem(callers_[kDesk], Card(above_), in_.household);
  for (const int role : {kAdmin, kAuditor, kDesk}) {
    const v1::Card hidden = get(callers_[role], in_b);
    EXPECT_EQ(hidden.state(), v1::CARD_STATE_REDEEMED) << kRoleNames[role];
    EXPECT_EQ(hidden.household(), "") << kRoleNames[role];
    EXPECT_EQ(hidden.closed_by(), "") << kRoleNames[role];
    EXPECT_FALSE(hidden.has_transfer()) << kRoleNames[role];
    const v1::Card shown = get(callers_[role], in_a);
    EXPECT_EQ(shown.household(), in_.household) << kRoleNames[role];
    EXPECT_EQ(shown.transfer().credit_account(), in_.account)
        << kRoleNames[role];
  }
  const v1::Card township = get(township_callers_[kAuditor], in_b);
  EXPECT_EQ(township.household(), sibling_.household);
  EXPECT_FALSE(township.closed_by().empty());
}

// Phones are masked for auditors and group leaders (138****5678): they find
// a household by the whole number, never by a prefix that would rebuild
// the hidden digits; those who see phones keep prefix search.
TEST_F(AccessMatrixTest, WhoSeesPhonesMaskedFindsHouseholdsByTheWholeNumber) {
  using Registry = v1::RegistryService::Stub;
  const auto search = [&](Stubs* s, const std::string& query) {
    v1::SearchHouseholdsRequest r;
    r.set_unit(in_.village);
    r.set_query(query);
    Reply<v1::SearchHouseholdsResponse> found =
        Send(s->registry.get(), &Registry::SearchHouseholds, r);
    EXPECT_THAT(found, IsOk()) << query;
    std::vector<std::string> names;
    for (const v1::Household& h : found.value.households()) {
      names.push_back(h.name());
    }
    return names;
  };
  v1::GetHouseholdRequest get;
  get.set_name(in_.household);
  const std::string number =
      Send(admin_->registry.get(), &Registry::GetHousehold, get).value.number();
  const std::vector<std::string> both = {in_.household, in_.second_household};
  for (const int role : {kAuditor, kLeader}) {
    Stubs* s = callers_[role];
    for (const std::string prefix : {"1", "138", "1381234", "1381234567"}) {
      EXPECT_THAT(search(s, prefix), ::testing::IsEmpty())
          << kRoleNames[role] << " searching " << prefix;
    }
    EXPECT_EQ(search(s, "13812345678"), both) << kRoleNames[role];
    EXPECT_THAT(search(s, number), ::testing::Contains(in_.household))
        << kRoleNames[role];
    EXPECT_THAT(search(s, number.substr(0, number.size() - 2)),
                ::testing::Contains(in_.household))
        << kRoleNames[role];
  }
  for (const int role : {kAdmin, kDesk, kOrganizer}) {
    EXPECT_EQ(search(callers_[role], "1381234"), both) << kRoleNames[role];
  }
}

// Whole numbers tried in turn would rebuild a masked phone's four hidden
// digits: after five that find nothing, a caller who sees phones masked
// waits before the next, even the right one.
TEST_F(AccessMatrixTest,
       GuessingWholePhonesIsSlowedDownAfterFiveThatFindNothing) {
  using Registry = v1::RegistryService::Stub;
  const auto search = [&](Stubs* s, const std::string& query) {
    v1::SearchHouseholdsRequest r;
    r.set_unit(in_.village);
    r.set_query(query);
    return Send(s->registry.get(), &Registry::SearchHouseholds, r);
  };
  Stubs* auditor = callers_[kAuditor];
  for (int i = 0; i < 5; ++i) {
    Reply<v1::SearchHouseholdsResponse> miss =
        search(auditor, "1381234000" + std::to_string(i));
    ASSERT_THAT(miss, IsOk()) << i;
    EXPECT_EQ(miss.value.households_size(), 0) << i;
  }
  EXPECT_THAT(
      search(auditor, "13812345678"),
      FailsWith(StatusCode::RESOURCE_EXHAUSTED, "PHONE_SEARCH_THROTTLED"));
  // Names are no guess; nor is anything another caller looks for.
  EXPECT_THAT(search(auditor, "王"), IsOk());
  EXPECT_EQ(search(callers_[kLeader], "13812345678").value.households_size(),
            2);
  for (int i = 0; i < 6; ++i) {
    EXPECT_THAT(search(callers_[kDesk], "1381234000" + std::to_string(i)),
                IsOk());
  }
}

}  // namespace
}  // namespace jiamei::testing
