#include "tests/integration/world.h"

#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/auth_channel.h"

namespace jiamei::testing {

Stubs::Stubs(const std::shared_ptr<grpc::Channel>& channel)
    : access(v1::AccessService::NewStub(channel)),
      org(v1::OrganizationService::NewStub(channel)),
      registry(v1::RegistryService::NewStub(channel)),
      volunteers(v1::VolunteerService::NewStub(channel)),
      ledger(v1::LedgerService::NewStub(channel)),
      audit(v1::AuditService::NewStub(channel)),
      market(v1::SupermarketService::NewStub(channel)),
      activities(v1::ActivityService::NewStub(channel)),
      cards(v1::PointCardService::NewStub(channel)),
      policy(v1::PolicyService::NewStub(channel)),
      reports(v1::ReportService::NewStub(channel)) {}

v1::CreateOperatorRequest OperatorRequest(const std::string& login,
                                          v1::Role role,
                                          const std::string& scope,
                                          const std::string& person,
                                          const std::string& password) {
  v1::CreateOperatorRequest request;
  request.set_request_id("operator-" + login);
  request.mutable_operator_()->set_login(login);
  request.mutable_operator_()->set_display_name(login);
  request.mutable_operator_()->set_role(role);
  request.mutable_operator_()->set_scope(scope);
  request.mutable_operator_()->set_person(person);
  request.set_password(password);
  return request;
}

std::unique_ptr<LoggedIn> CreateAndLogIn(
    const ServerProcess& server, const v1::CreateOperatorRequest& request) {
  auto access = v1::AccessService::NewStub(server.channel());
  Reply<v1::Operator> created =
      Send(access.get(), &v1::AccessService::Stub::CreateOperator, request);
  EXPECT_THAT(created, IsOk()) << "creating " << request.operator_().login();
  absl::StatusOr<std::string> token = LogIn(
      server.raw_channel(), request.operator_().login(), request.password());
  EXPECT_TRUE(token.ok()) << token.status();
  auto logged_in = std::make_unique<LoggedIn>(
      ChannelWithToken(server.address(), token.value_or("")));
  logged_in->record = created.value;
  return logged_in;
}

std::string VolunteerOf(const std::string& person) {
  return "volunteers/" + person.substr(person.find('/') + 1);
}

WorldPlan::WorldPlan() {
  HouseholdPlan h1;
  h1.number = "0001";
  h1.people = 3;
  h1.volunteer = true;
  HouseholdPlan h2;
  h2.number = "0002";
  h2.head = "李敏";
  h2.volunteer = true;
  HouseholdPlan h3;
  h3.village = Where::kVillageB;
  h3.number = "0003";
  h3.head = "张兰";
  households = {h1, h2, h3};
  rules = {RulePlan()};
  sites = {SitePlan()};
}

World::World(const ServerProcess& server, const WorldPlan& plan)
    : server_(server),
      client_(server.channel()),
      admin_(std::make_unique<Stubs>(server.channel())) {
  units_[Where::kCounty] = MakeUnit(v1::UNIT_LEVEL_COUNTY, "");
  units_[Where::kTownship] = MakeUnit(v1::UNIT_LEVEL_TOWNSHIP, county());
  units_[Where::kVillageA] = MakeUnit(v1::UNIT_LEVEL_VILLAGE, township());
  units_[Where::kVillageB] = MakeUnit(v1::UNIT_LEVEL_VILLAGE, township());
  if (plan.other_township) {
    units_[Where::kOtherTownship] = MakeUnit(v1::UNIT_LEVEL_TOWNSHIP, county());
    units_[Where::kOtherVillage] =
        MakeUnit(v1::UNIT_LEVEL_VILLAGE, other_township());
  }
  for (const HouseholdPlan& household : plan.households) {
    households_.push_back(MakeHousehold(household));
    volunteers_.push_back(
        household.volunteer ? Enroll(households_.back().head()) : "");
  }
  for (const RulePlan& rule : plan.rules) {
    rules_.push_back(Publish(RuleOf(rule)));
  }
  for (const SitePlan& site : plan.sites) sites_.push_back(MakeSite(site));
  for (const OperatorPlan& op : plan.operators) LogInNew(op);
}

const v1::Unit& World::unit(Where where) const {
  static const v1::Unit* const kNone = new v1::Unit();
  auto found = units_.find(where);
  if (found != units_.end()) return found->second;
  if (where != Where::kSystem) {
    ADD_FAILURE() << "the world has no unit " << static_cast<int>(where)
                  << " (WorldPlan::other_township?)";
  }
  return *kNone;
}

LoggedIn& World::op(const std::string& login) {
  std::unique_ptr<LoggedIn>& found = operators_[login];
  if (found == nullptr) {
    ADD_FAILURE() << "the world has no operator " << login;
    found = std::make_unique<LoggedIn>(server_.raw_channel());
  }
  return *found;
}

v1::Unit World::MakeUnit(v1::UnitLevel level, const std::string& parent) {
  v1::CreateUnitRequest request;
  request.set_request_id(NewId());
  request.mutable_unit()->set_code("U" + std::to_string(++codes_));
  request.mutable_unit()->set_display_name("unit");
  request.mutable_unit()->set_level(level);
  request.mutable_unit()->set_parent(parent);
  Reply<v1::Unit> reply = Send(
      admin_->org.get(), &v1::OrganizationService::Stub::CreateUnit, request);
  EXPECT_THAT(reply, IsOk()) << "creating a unit under " << parent;
  return reply.value;
}

v1::Household World::MakeHousehold(const HouseholdPlan& plan) {
  v1::CreateHouseholdRequest request;
  request.set_request_id(NewId());
  request.mutable_household()->set_village(Resolve(plan.village));
  request.mutable_household()->set_number(
      plan.number.empty() ? absl::StrFormat("H%03d", ++codes_) : plan.number);
  request.mutable_household()->set_address("东村3组");
  request.mutable_head()->set_full_name(plan.head);
  request.mutable_head()->set_phone(plan.phone);
  request.mutable_head()->set_resident_id(plan.resident_id);
  Reply<v1::Household> made =
      Send(admin_->registry.get(), &v1::RegistryService::Stub::CreateHousehold,
           request);
  EXPECT_THAT(made, IsOk()) << "creating household " << plan.number;
  for (int i = 1; i < plan.people; ++i) MakePerson(made.value.name());
  return made.value;
}

v1::Person World::MakePerson(const std::string& household,
                             const std::string& full_name) {
  v1::CreatePersonRequest request;
  request.set_request_id(NewId());
  request.set_household(household);
  request.mutable_person()->set_full_name(full_name);
  Reply<v1::Person> made =
      Send(admin_->registry.get(), &v1::RegistryService::Stub::CreatePerson,
           request);
  EXPECT_THAT(made, IsOk()) << "adding a person to " << household;
  return made.value;
}

std::string World::Enroll(const std::string& person) {
  v1::EnrollVolunteerRequest request;
  request.set_request_id(NewId());
  request.set_person(person);
  request.set_join_date("2026-03-05");
  EXPECT_THAT(Send(admin_->volunteers.get(),
                   &v1::VolunteerService::Stub::EnrollVolunteer, request),
              IsOk())
      << "enrolling " << person;
  return VolunteerOf(person);
}

v1::Rule World::RuleOf(const RulePlan& plan) {
  v1::Rule rule;
  rule.set_unit(Resolve(plan.unit));
  rule.set_code("R" + std::to_string(++codes_));
  rule.set_display_name(plan.display_name);
  rule.set_category(v1::RULE_CATEGORY_HYGIENE);
  rule.set_points(plan.points);
  rule.set_cap_period(plan.cap_period);
  rule.set_cap_points(plan.cap_points);
  rule.set_valid_from(plan.valid_from);
  rule.set_valid_to(plan.valid_to);
  rule.set_deduction(plan.deduction);
  return rule;
}

Reply<v1::Rule> World::TryPublish(const v1::Rule& rule) {
  v1::PublishRuleRequest request;
  request.set_request_id(NewId());
  *request.mutable_rule() = rule;
  return Send(admin_->market.get(), &v1::SupermarketService::Stub::PublishRule,
              request);
}

v1::Rule World::Publish(const v1::Rule& rule) {
  Reply<v1::Rule> reply = TryPublish(rule);
  EXPECT_THAT(reply, IsOk()) << "publishing rule " << rule.code();
  return reply.value;
}

v1::CreateSiteRequest World::SiteRequest(
    const std::string& unit, const std::vector<std::string>& villages) {
  v1::CreateSiteRequest request;
  request.set_request_id(NewId());
  request.mutable_site()->set_unit(unit);
  request.mutable_site()->set_display_name("积分超市");
  for (const std::string& village : villages) {
    request.mutable_site()->add_villages(village);
  }
  return request;
}

BuiltSite World::MakeSite(const SitePlan& plan) {
  std::vector<std::string> villages;
  for (Where village : plan.villages) villages.push_back(Resolve(village));
  if (villages.empty()) villages.push_back(Resolve(plan.unit));
  Reply<v1::Site> made =
      Send(admin_->market.get(), &v1::SupermarketService::Stub::CreateSite,
           SiteRequest(Resolve(plan.unit), villages));
  EXPECT_THAT(made, IsOk()) << "creating a site";
  BuiltSite built;
  built.site = made.value;
  for (const GoodPlan& good : plan.goods) {
    built.goods.push_back(AddGood(built.site.name(), good));
  }
  return built;
}

v1::AddGoodRequest World::GoodRequest(const std::string& site,
                                      const GoodPlan& plan) {
  v1::AddGoodRequest request;
  request.set_request_id(NewId());
  request.mutable_good()->set_site(site);
  request.mutable_good()->set_display_name(plan.display_name);
  request.mutable_good()->set_measure(plan.measure);
  request.mutable_good()->set_price(plan.price);
  request.mutable_good()->set_active(plan.active);
  return request;
}

v1::Good World::AddGood(const std::string& site, const GoodPlan& plan) {
  Reply<v1::Good> made =
      Send(admin_->market.get(), &v1::SupermarketService::Stub::AddGood,
           GoodRequest(site, plan));
  EXPECT_THAT(made, IsOk()) << "adding " << plan.display_name;
  if (plan.stock > 0) StockIn(made.value.name(), plan.stock);
  return made.value;
}

void World::StockIn(const std::string& good, int64_t quantity) {
  v1::StockInRequest request;
  request.set_request_id(NewId());
  request.set_good(good);
  request.set_quantity(quantity);
  request.set_kind(v1::STOCK_MOVEMENT_KIND_DONATION);
  request.set_note("donated");
  EXPECT_THAT(Send(admin_->market.get(), &v1::SupermarketService::Stub::StockIn,
                   request),
              IsOk())
      << "stocking " << good;
}

v1::CreateOperatorRequest World::RequestOf(const OperatorPlan& plan) const {
  const bool member = plan.role == v1::ROLE_MEMBER;
  std::string person;
  if (plan.head_of >= static_cast<int>(households_.size())) {
    ADD_FAILURE() << plan.login << " heads household " << plan.head_of << " of "
                  << households_.size();
  } else if (plan.head_of >= 0) {
    person = households_[plan.head_of].head();
  }
  return OperatorRequest(plan.login, plan.role,
                         member ? "" : Resolve(plan.scope), person,
                         plan.password);
}

Reply<v1::Operator> World::CreateOperator(const OperatorPlan& plan) {
  return Send(admin_->access.get(), &v1::AccessService::Stub::CreateOperator,
              RequestOf(plan));
}

LoggedIn& World::LogInNew(const OperatorPlan& plan) {
  std::unique_ptr<LoggedIn>& slot = operators_[plan.login];
  slot = CreateAndLogIn(server_, RequestOf(plan));
  return *slot;
}

v1::AwardPointsRequest World::AwardRequest(const std::string& household,
                                           const std::string& rule) {
  v1::AwardPointsRequest request;
  request.set_request_id(NewId());
  request.set_household(household);
  request.set_rule(rule);
  request.set_note("checked");
  return request;
}

v1::RedeemRequest World::RedeemRequest(const std::string& site,
                                       const std::string& household,
                                       const std::string& good,
                                       int64_t quantity) {
  v1::RedeemRequest request;
  request.set_request_id(NewId());
  request.set_site(site);
  request.set_household(household);
  v1::RedemptionLine* line = request.add_lines();
  line->set_good(good);
  line->set_quantity(quantity);
  return request;
}

v1::Statement World::Statement(const std::string& household) {
  v1::GetStatementRequest request;
  request.set_household(household);
  Reply<v1::Statement> reply =
      Send(admin_->market.get(), &v1::SupermarketService::Stub::GetStatement,
           request);
  EXPECT_THAT(reply, IsOk()) << "reading the statement of " << household;
  return reply.value;
}

v1::CreateActivityRequest World::ActivityRequest(const std::string& unit,
                                                 absl::Time start,
                                                 absl::Duration length,
                                                 int32_t capacity) {
  v1::CreateActivityRequest request;
  request.set_request_id(NewId());
  v1::Activity* activity = request.mutable_activity();
  activity->set_unit(unit);
  activity->set_title("清洁村庄");
  activity->set_category(v1::ACTIVITY_CATEGORY_ENVIRONMENT_CLEANUP);
  activity->set_place("东村文化广场");
  activity->mutable_start_time()->set_seconds(absl::ToUnixSeconds(start));
  activity->mutable_end_time()->set_seconds(
      absl::ToUnixSeconds(start + length));
  activity->set_capacity(capacity);
  activity->mutable_points_rule()->set_points_per_hour(10);
  return request;
}

std::string World::MakeTeam(const std::string& unit, const std::string& leader,
                            const std::vector<std::string>& members) {
  using Stub = v1::VolunteerService::Stub;
  v1::CreateTeamRequest create;
  create.set_request_id(NewId());
  create.mutable_team()->set_unit(unit);
  create.mutable_team()->set_display_name("巾帼助耕队");
  create.mutable_team()->set_leader(leader);
  create.set_date("2026-03-05");
  const Reply<v1::Team> team =
      Send(admin_->volunteers.get(), &Stub::CreateTeam, create);
  EXPECT_THAT(team, IsOk());
  for (const std::string& member : members) {
    v1::ChangeTeamMembershipRequest join;
    join.set_request_id(NewId());
    join.set_team(team.value.name());
    join.set_volunteer(member);
    join.set_date("2026-03-05");
    EXPECT_THAT(Send(admin_->volunteers.get(), &Stub::JoinTeam, join), IsOk());
  }
  return team.value.name();
}

v1::ConfirmHoursResponse World::HoldActivity(
    const std::string& unit, const std::string& team,
    const std::map<std::string, int64_t>& minutes) {
  using Stub = v1::ActivityService::Stub;
  Stub* stub = admin_->activities.get();
  v1::CreateActivityRequest create =
      ActivityRequest(unit, absl::Now() - absl::Minutes(10), absl::Hours(2),
                      static_cast<int32_t>(minutes.size()) + 10);
  if (!team.empty()) create.mutable_activity()->add_teams(team);
  Reply<v1::Activity> made = Send(stub, &Stub::CreateActivity, create);
  EXPECT_THAT(made, IsOk());
  const std::string activity = made.value.name();
  auto move = [&](v1::ActivityStatus status) {
    v1::SetActivityStatusRequest request;
    request.set_request_id(NewId());
    request.set_name(activity);
    request.set_status(status);
    return Send(stub, &Stub::SetActivityStatus, request).status.ok();
  };
  auto check = [&](bool in) {
    v1::OrganiserCheckRequest batch;
    batch.set_request_id(NewId());
    batch.set_activity(activity);
    for (const auto& [volunteer, m] : minutes) batch.add_volunteers(volunteer);
    batch.set_check_in(in);
    return Send(stub, &Stub::OrganiserCheck, batch).status.ok();
  };
  if (!made.status.ok() || !move(v1::ACTIVITY_STATUS_OPEN)) return {};
  for (const auto& [volunteer, m] : minutes) {
    v1::SignUpRequest sign;
    sign.set_request_id(NewId());
    sign.set_activity(activity);
    sign.set_volunteer(volunteer);
    const Reply<v1::Participation> signed_up = Send(stub, &Stub::SignUp, sign);
    EXPECT_THAT(signed_up, IsOk());
    if (!signed_up.status.ok()) return {};
  }
  const bool held = move(v1::ACTIVITY_STATUS_IN_PROGRESS) && check(true) &&
                    check(false) && move(v1::ACTIVITY_STATUS_CLOSED);
  EXPECT_TRUE(held) << activity << " was not held";
  if (!held) return {};
  v1::ConfirmHoursRequest confirm;
  confirm.set_request_id(NewId());
  confirm.set_activity(activity);
  for (const auto& [volunteer, m] : minutes) {
    v1::HoursAdjustment* a = confirm.add_adjustments();
    a->set_volunteer(volunteer);
    a->set_minutes(m);
  }
  Reply<v1::ConfirmHoursResponse> confirmed =
      Send(stub, &Stub::ConfirmHours, confirm);
  EXPECT_THAT(confirmed, IsOk());
  return confirmed.value;
}

const std::string& World::Resolve(Where where) const {
  return unit(where).name();
}

}  // namespace jiamei::testing
