// Volunteer service over gRPC against the real server: one activity's whole
// life from creation to a verified certificate, and every bad input of the
// issue refused with its status and reason while the digest stays put.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/activities.grpc.pb.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/world.h"

namespace jiamei::testing {
namespace {

using ::testing::HasSubstr;
using Stub = v1::ActivityService::Stub;

constexpr grpc::StatusCode kInvalid = grpc::StatusCode::INVALID_ARGUMENT;
constexpr grpc::StatusCode kConflict = grpc::StatusCode::FAILED_PRECONDITION;

google::protobuf::Timestamp At(absl::Time time) {
  google::protobuf::Timestamp t;
  t.set_seconds(absl::ToUnixSeconds(time));
  return t;
}

// Village A of the world's units (world.h) with three volunteers, each the
// head of a household (the first with a resident id); the first logs in as
// a member to use the app. No rules, no sites.
WorldPlan ActivityWorld() {
  WorldPlan plan;
  plan.households.assign(3, HouseholdPlan());
  for (int i = 0; i < 3; ++i) {
    plan.households[i].number = "000" + std::to_string(i);
    plan.households[i].volunteer = true;
  }
  plan.households[0].resident_id = "11010519491231002X";
  plan.rules.clear();
  plan.sites.clear();
  OperatorPlan app;
  app.login = "volunteer0";
  app.role = v1::ROLE_MEMBER;
  app.head_of = 0;
  plan.operators = {app};
  return plan;
}

class ActivityTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    world_ = std::make_unique<World>(server_, ActivityWorld());
    activities_ = v1::ActivityService::NewStub(server_.channel());
    village_ = world_->village_a();
    for (int i = 0; i < 3; ++i) {
      volunteers_.push_back(world_->volunteer(i));
      accounts_.push_back(world_->households()[i].account());
    }
    app_ = v1::ActivityService::NewStub(world_->op("volunteer0").channel);
  }

  std::string Id() { return world_->NewId(); }

  // An activity from `start` for two hours, 2 places, 10 points an hour.
  std::string Create(absl::Time start) {
    Reply<v1::Activity> made =
        Send(activities_.get(), &Stub::CreateActivity,
             world_->ActivityRequest(village_, start, absl::Hours(2), 2));
    EXPECT_THAT(made, IsOk());
    EXPECT_EQ(made.value.status(), v1::ACTIVITY_STATUS_DRAFT);
    return made.value.name();
  }

  Reply<v1::Activity> Move(const std::string& activity,
                           v1::ActivityStatus status) {
    v1::SetActivityStatusRequest request;
    request.set_request_id(Id());
    request.set_name(activity);
    request.set_status(status);
    if (status == v1::ACTIVITY_STATUS_CANCELLED) request.set_reason("rain");
    return Send(activities_.get(), &Stub::SetActivityStatus, request);
  }

  Reply<v1::Participation> SignUp(Stub* stub, const std::string& activity,
                                  const std::string& volunteer) {
    v1::SignUpRequest request;
    request.set_request_id(Id());
    request.set_activity(activity);
    request.set_volunteer(volunteer);
    return Send(stub, &Stub::SignUp, request);
  }

  Reply<v1::Participation> Check(Stub* stub, const std::string& activity,
                                 const std::string& volunteer,
                                 const std::string& code, bool in) {
    v1::CheckInRequest request;
    request.set_request_id(Id());
    request.set_activity(activity);
    request.set_volunteer(volunteer);
    request.set_code(code);
    if (in) return Send(stub, &Stub::CheckIn, request);
    v1::CheckOutRequest out;
    out.set_request_id(request.request_id());
    out.set_activity(activity);
    out.set_volunteer(volunteer);
    out.set_code(code);
    return Send(stub, &Stub::CheckOut, out);
  }

  std::string Code(const std::string& activity) {
    v1::GetCheckInCodeRequest request;
    request.set_activity(activity);
    return Send(activities_.get(), &Stub::GetCheckInCode, request).value.code();
  }

  Reply<v1::Participation> Settle(const std::string& activity,
                                  const std::string& volunteer, absl::Time at) {
    v1::SettleCheckOutRequest request;
    request.set_request_id(Id());
    request.set_activity(activity);
    request.set_volunteer(volunteer);
    *request.mutable_check_out_time() = At(at);
    request.set_reason("left without checking out; seen by the organiser");
    return Send(activities_.get(), &Stub::SettleCheckOut, request);
  }

  Reply<v1::ConfirmHoursResponse> Confirm(const std::string& activity,
                                          int64_t minutes_of_first) {
    v1::ConfirmHoursRequest request;
    request.set_request_id(Id());
    request.set_activity(activity);
    v1::HoursAdjustment* adjustment = request.add_adjustments();
    adjustment->set_volunteer(volunteers_[0]);
    adjustment->set_minutes(minutes_of_first);
    return Send(activities_.get(), &Stub::ConfirmHours, request);
  }

  int64_t Balance(int household) {
    return client_->GetAccount(accounts_[household]).value.balance();
  }

  std::unique_ptr<World> world_;
  std::unique_ptr<Stub> activities_;
  std::unique_ptr<Stub> app_;  // the first volunteer's phone
  std::string village_;
  std::vector<std::string> volunteers_, accounts_;
};

TEST_F(ActivityTest, OneActivityFromCreationToAVerifiedCertificate) {
  const absl::Time start = absl::Now() - absl::Minutes(10);
  const std::string activity = Create(start);
  ASSERT_THAT(Move(activity, v1::ACTIVITY_STATUS_OPEN), IsOk());
  ASSERT_THAT(SignUp(app_.get(), activity, volunteers_[0]), IsOk());
  ASSERT_THAT(SignUp(activities_.get(), activity, volunteers_[1]), IsOk());
  ASSERT_THAT(Move(activity, v1::ACTIVITY_STATUS_IN_PROGRESS), IsOk());
  // The volunteer with the organiser's code; the second, without a phone,
  // by the organiser.
  ASSERT_THAT(Check(app_.get(), activity, volunteers_[0], Code(activity), true),
              IsOk());
  v1::OrganiserCheckRequest batch;
  batch.set_request_id(Id());
  batch.set_activity(activity);
  batch.add_volunteers(volunteers_[1]);
  batch.set_check_in(true);
  ASSERT_THAT(Send(activities_.get(), &Stub::OrganiserCheck, batch), IsOk());
  ASSERT_THAT(
      Check(app_.get(), activity, volunteers_[0], Code(activity), false),
      IsOk());
  Reply<v1::Participation> settled =
      Settle(activity, volunteers_[1], start + absl::Minutes(70));
  ASSERT_THAT(settled, IsOk());
  EXPECT_EQ(settled.value.check_out_by(), "settled");
  ASSERT_THAT(Move(activity, v1::ACTIVITY_STATUS_CLOSED), IsOk());

  // The second checked in about now (10 minutes after the start) and was
  // settled at 70 minutes: 60 minutes, 10 points. The first is adjusted to
  // 90 minutes: 15 points.
  Reply<v1::ConfirmHoursResponse> confirmed = Confirm(activity, 90);
  ASSERT_THAT(confirmed, IsOk());
  ASSERT_EQ(confirmed.value.records_size(), 2);
  EXPECT_EQ(confirmed.value.records(0).points(), 15);
  EXPECT_NEAR(confirmed.value.records(1).minutes(), 60, 1);
  EXPECT_EQ(confirmed.value.records(0).transfer().reason_code(), "SERVICE");
  EXPECT_EQ(confirmed.value.records(0).transfer().memo(),
            confirmed.value.records(0).name());
  EXPECT_EQ(Balance(0), 15);
  EXPECT_EQ(Balance(1), confirmed.value.records(1).points());

  // A correction is a new record naming the old one; it moves the difference.
  v1::CorrectRecordRequest correct;
  correct.set_request_id(Id());
  correct.set_record(confirmed.value.records(0).name());
  correct.set_minutes(120);
  correct.set_reason("arrived early to set up");
  Reply<v1::ServiceRecord> corrected =
      Send(activities_.get(), &Stub::CorrectRecord, correct);
  ASSERT_THAT(corrected, IsOk());
  EXPECT_EQ(corrected.value.corrects(), confirmed.value.records(0).name());
  EXPECT_EQ(corrected.value.points(), 20);
  EXPECT_EQ(Balance(0), 20);

  v1::GetArchiveRequest archive;
  archive.set_volunteer(volunteers_[0]);
  Reply<v1::Archive> mine = Send(app_.get(), &Stub::GetArchive, archive);
  ASSERT_THAT(mine, IsOk());
  EXPECT_EQ(mine.value.total_minutes(), 120);
  ASSERT_EQ(mine.value.records_size(), 2);  // the correction, then the first
  EXPECT_EQ(mine.value.records(1).corrected_by(), corrected.value.name());

  v1::GetServiceFiguresRequest figures;
  figures.set_scope(village_);
  const std::string today =
      absl::FormatTime("%Y-%m-%d", start, absl::FixedTimeZone(8 * 3600));
  figures.set_from_date(today);
  figures.set_to_date(today);
  Reply<v1::ServiceFigures> counted =
      Send(activities_.get(), &Stub::GetServiceFigures, figures);
  ASSERT_THAT(counted, IsOk());
  EXPECT_EQ(counted.value.activities_held(), 1);
  EXPECT_EQ(counted.value.person_times(), 2);
  EXPECT_EQ(counted.value.distinct_volunteers(), 2);
  EXPECT_EQ(counted.value.households_credited(), 2);
  EXPECT_EQ(counted.value.points_issued(), Balance(0) + Balance(1));

  v1::IssueCertificateRequest issue;
  issue.set_request_id(Id());
  issue.set_volunteer(volunteers_[0]);
  issue.set_from_date(today);
  issue.set_to_date(today);
  Reply<v1::Certificate> certificate =
      Send(app_.get(), &Stub::IssueCertificate, issue);
  ASSERT_THAT(certificate, IsOk());
  EXPECT_THAT(certificate.value.text(), HasSubstr("清洁村庄"));
  EXPECT_THAT(certificate.value.text(), HasSubstr("2.0 小时"));
  EXPECT_THAT(certificate.value.text(), HasSubstr("1101**********002X"));
  v1::VerifyCertificateRequest verify;
  verify.set_verification_code(certificate.value.verification_code());
  Reply<v1::VerifyCertificateResponse> genuine =
      Send(activities_.get(), &Stub::VerifyCertificate, verify);
  ASSERT_THAT(genuine, IsOk());
  EXPECT_TRUE(genuine.value.genuine());
  EXPECT_EQ(genuine.value.certificate().text(), certificate.value.text());
  std::string forged = certificate.value.verification_code();
  forged.back() = forged.back() == '0' ? '1' : '0';
  verify.set_verification_code(forged);
  EXPECT_FALSE(Send(activities_.get(), &Stub::VerifyCertificate, verify)
                   .value.genuine());

  ExpectCleanAudit();
}

TEST_F(ActivityTest, SignUpIsOncePerVolunteerWithinCapacityWhileOpen) {
  const std::string activity = Create(absl::Now() + absl::Hours(3));
  Mark();
  EXPECT_THAT(SignUp(app_.get(), activity, volunteers_[0]),
              FailsWith(kConflict, "NOT_OPEN"));
  ExpectNothingWritten();
  ASSERT_THAT(Move(activity, v1::ACTIVITY_STATUS_OPEN), IsOk());
  ASSERT_THAT(SignUp(app_.get(), activity, volunteers_[0]), IsOk());
  ASSERT_THAT(SignUp(activities_.get(), activity, volunteers_[1]), IsOk());
  Mark();
  EXPECT_THAT(SignUp(app_.get(), activity, volunteers_[0]),
              FailsWith(kConflict, "ALREADY_SIGNED_UP"));
  const auto full = SignUp(activities_.get(), activity, volunteers_[2]);
  EXPECT_THAT(full, FailsWith(kConflict, "ACTIVITY_FULL"));
  const std::map<std::string, std::string> places = {
      {"activity", activity}, {"signed_up", "2"}, {"capacity", "2"}};
  EXPECT_EQ(MetadataOf(full), places);
  // A member signs up only themself.
  EXPECT_THAT(
      SignUp(app_.get(), activity, volunteers_[2]),
      FailsWith(grpc::StatusCode::PERMISSION_DENIED, "PERMISSION_DENIED"));
  ExpectNothingWritten();
  // Cancelled before the start, the place is free again.
  v1::CancelSignUpRequest cancel;
  cancel.set_request_id(Id());
  cancel.set_activity(activity);
  cancel.set_volunteer(volunteers_[1]);
  ASSERT_THAT(Send(activities_.get(), &Stub::CancelSignUp, cancel), IsOk());
  EXPECT_THAT(SignUp(activities_.get(), activity, volunteers_[2]), IsOk());
}

TEST_F(ActivityTest, AttendanceOutsideTheWindowOrOutOfOrderIsRefused) {
  const std::string later = Create(absl::Now() + absl::Hours(3));
  ASSERT_THAT(Move(later, v1::ACTIVITY_STATUS_OPEN), IsOk());
  ASSERT_THAT(SignUp(app_.get(), later, volunteers_[0]), IsOk());
  const absl::Time start = absl::Now() - absl::Minutes(5);
  const std::string now = Create(start);
  ASSERT_THAT(Move(now, v1::ACTIVITY_STATUS_OPEN), IsOk());
  ASSERT_THAT(SignUp(app_.get(), now, volunteers_[0]), IsOk());
  ASSERT_THAT(SignUp(activities_.get(), now, volunteers_[1]), IsOk());
  Mark();
  EXPECT_THAT(Check(app_.get(), later, volunteers_[0], Code(later), true),
              FailsWith(kConflict, "OUTSIDE_WINDOW"));
  EXPECT_THAT(Check(app_.get(), now, volunteers_[0], Code(later), true),
              FailsWith(kConflict, "STALE_CODE"));
  EXPECT_THAT(Check(app_.get(), now, volunteers_[0], "000000x", true),
              FailsWith(kConflict, "STALE_CODE"));
  EXPECT_THAT(Check(app_.get(), now, volunteers_[0], Code(now), false),
              FailsWith(kConflict, "NOT_CHECKED_IN"));
  EXPECT_THAT(Check(activities_.get(), now, volunteers_[2], "", true),
              FailsWith(kConflict, "NOT_SIGNED_UP"));
  ExpectNothingWritten();
  ASSERT_THAT(Check(app_.get(), now, volunteers_[0], Code(now), true), IsOk());
  ASSERT_THAT(Check(activities_.get(), now, volunteers_[1], "", true), IsOk());
  Mark();
  EXPECT_THAT(Check(app_.get(), now, volunteers_[0], Code(now), true),
              FailsWith(kConflict, "ALREADY_CHECKED_IN"));
  EXPECT_THAT(Settle(now, volunteers_[1], start),
              FailsWith(kConflict, "CHECK_OUT_BEFORE_CHECK_IN"));
  EXPECT_THAT(Settle(now, volunteers_[1], start + absl::Hours(3)),
              FailsWith(kConflict, "OUTSIDE_WINDOW"));
  ExpectNothingWritten();
}

TEST_F(ActivityTest, ConfirmationIsRefusedUnlessClosedCompleteAndOnce) {
  const absl::Time start = absl::Now() - absl::Minutes(5);
  const std::string activity = Create(start);
  ASSERT_THAT(Move(activity, v1::ACTIVITY_STATUS_OPEN), IsOk());
  ASSERT_THAT(SignUp(app_.get(), activity, volunteers_[0]), IsOk());
  ASSERT_THAT(Check(app_.get(), activity, volunteers_[0], Code(activity), true),
              IsOk());
  Mark();
  EXPECT_THAT(Confirm(activity, 30), FailsWith(kConflict, "NOT_CLOSED"));
  EXPECT_THAT(Move(activity, v1::ACTIVITY_STATUS_CLOSED),
              FailsWith(kConflict, "INVALID_TRANSITION"));  // not started
  ExpectNothingWritten();
  ASSERT_THAT(Move(activity, v1::ACTIVITY_STATUS_IN_PROGRESS), IsOk());
  ASSERT_THAT(Move(activity, v1::ACTIVITY_STATUS_CLOSED), IsOk());
  Mark();
  EXPECT_THAT(Confirm(activity, 30), FailsWith(kConflict, "CHECK_OUT_MISSING"));
  ExpectNothingWritten();
  ASSERT_THAT(Settle(activity, volunteers_[0], start + absl::Minutes(100)),
              IsOk());
  Mark();
  EXPECT_THAT(Confirm(activity, 121), FailsWith(kInvalid, "HOURS_TOO_LONG"));
  ExpectNothingWritten();
  ASSERT_THAT(Confirm(activity, 120), IsOk());
  Mark();
  EXPECT_THAT(Confirm(activity, 120),
              FailsWith(kConflict, "ALREADY_CONFIRMED"));
  ExpectNothingWritten();
  EXPECT_EQ(Balance(0), 20);

  const std::string cancelled = Create(absl::Now() + absl::Hours(5));
  ASSERT_THAT(Move(cancelled, v1::ACTIVITY_STATUS_CANCELLED), IsOk());
  Mark();
  EXPECT_THAT(Confirm(cancelled, 0),
              FailsWith(kConflict, "ACTIVITY_CANCELLED"));
  EXPECT_THAT(Move(cancelled, v1::ACTIVITY_STATUS_OPEN),
              FailsWith(kConflict, "INVALID_TRANSITION"));
  ExpectNothingWritten();
}

TEST_F(ActivityTest, MalformedActivitiesAreRefused) {
  Mark();
  const absl::Time start = absl::Now();
  struct Case {
    std::function<void(v1::Activity*)> spoil;
    const char* reason;
  };
  const std::vector<Case> cases = {
      {[](v1::Activity* a) { a->clear_title(); }, "INVALID_TITLE"},
      {[](v1::Activity* a) { a->set_category(v1::ActivityCategory(99)); },
       "INVALID_CATEGORY"},
      {[&](v1::Activity* a) { *a->mutable_end_time() = At(start); },
       "INVALID_END_TIME"},
      {[&](v1::Activity* a) {
         *a->mutable_end_time() = At(start + absl::Hours(24 * 8));
       },
       "INVALID_END_TIME"},
      {[](v1::Activity* a) { a->set_capacity(0); }, "INVALID_CAPACITY"},
      {[](v1::Activity* a) {
         a->mutable_points_rule()->set_points_per_hour(-1);
       },
       "INVALID_POINTS_RULE"},
      {[](v1::Activity* a) {
         a->mutable_points_rule()->set_points_per_participation(5);
       },
       "INVALID_POINTS_RULE"},
      {[](v1::Activity* a) { a->set_place(std::string(201, 'x')); },
       "INVALID_PLACE"},
  };
  for (const Case& c : cases) {
    v1::CreateActivityRequest request =
        world_->ActivityRequest(village_, start, absl::Hours(2), 5);
    v1::Activity* a = request.mutable_activity();
    a->set_category(v1::ACTIVITY_CATEGORY_OTHER);
    a->set_place("广场");
    c.spoil(a);
    EXPECT_THAT(Send(activities_.get(), &Stub::CreateActivity, request),
                FailsWith(kInvalid, c.reason))
        << c.reason;
  }
  ExpectNothingWritten();
}

}  // namespace
}  // namespace jiamei::testing
