// Guessing against the real server: log-ins throttled by login at a client
// address and by address (a second address comes through a relay from
// 127.0.0.2), password changes throttled with the same records, Argon2id
// kept off gRPC's threads, and check-in codes throttled per volunteer and
// activity.
#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/access.grpc.pb.h"
#include "jiamei/v1/activities.grpc.pb.h"
#include "tests/integration/auth_channel.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/tcp_relay.h"
#include "tests/integration/world.h"

namespace jiamei::testing {
namespace {

using ::testing::HasSubstr;

constexpr grpc::StatusCode kThrottled = grpc::StatusCode::RESOURCE_EXHAUSTED;
constexpr grpc::StatusCode kFailed = grpc::StatusCode::UNAUTHENTICATED;
constexpr char kDeskPassword[] = "desk 07 password";
// The first wait, and a little more to sit it out.
constexpr absl::Duration kFirstWait = absl::Milliseconds(1100);

// A village desk operator "desk07" who logs in from the server's own
// address (127.0.0.1) and a stranger whose calls come from 127.0.0.2; every
// attempt on a connection of its own.
class ThrottleTest : public ServerTest {
 protected:
  // The world's units alone (world.h).
  virtual WorldPlan Plan() const {
    WorldPlan plan;
    plan.households.clear();
    plan.rules.clear();
    plan.sites.clear();
    return plan;
  }

  void SetUp() override {
    ServerTest::SetUp();
    world_ = std::make_unique<World>(server_, Plan());
    village_ = world_->village_a();
    OperatorPlan desk;
    desk.login = "desk07";
    desk.password = kDeskPassword;
    ASSERT_THAT(world_->CreateOperator(desk), IsOk());
    int port = 0;
    ASSERT_TRUE(absl::SimpleAtoi(
        server_.address().substr(server_.address().rfind(':') + 1), &port));
    relay_ = std::make_unique<TcpRelay>(port, "127.0.0.2");
    std::string error;
    ASSERT_TRUE(relay_->Start(&error)) << error;
  }

  static Reply<v1::LoginResponse> Login(
      const std::shared_ptr<grpc::Channel>& channel, const std::string& login,
      const std::string& password) {
    v1::LoginRequest request;
    request.set_login(login);
    request.set_password(password);
    auto access = v1::AccessService::NewStub(channel);
    return Send(access.get(), &v1::AccessService::Stub::Login, request);
  }
  // From the operator's own terminal.
  Reply<v1::LoginResponse> Login(const std::string& login,
                                 const std::string& password) {
    return Login(NewConnection(server_.address()), login, password);
  }

  // A channel to `target` (the server, or the relay in front of it) with a
  // connection of its own (a new client port each time, which the throttle
  // must not tell apart), speaking the server's TLS.
  std::shared_ptr<grpc::Channel> NewConnection(
      const std::string& target) const {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    std::shared_ptr<grpc::ChannelCredentials> credentials =
        CredentialsFor(server_.address(), &args);
    return grpc::CreateCustomChannel(target, credentials, args);
  }
  // From the stranger's address, 127.0.0.2.
  std::shared_ptr<grpc::Channel> Stranger() const {
    return NewConnection(relay_->address());
  }

  std::shared_ptr<grpc::Channel> ChannelOf(const std::string& login,
                                           const std::string& password) {
    absl::StatusOr<std::string> token =
        LogIn(server_.raw_channel(), login, password);
    EXPECT_TRUE(token.ok()) << token.status();
    return ChannelWithToken(server_.address(), token.value_or(""));
  }

  std::unique_ptr<World> world_;
  std::string village_;
  std::unique_ptr<TcpRelay> relay_;
};

TEST_F(ThrottleTest, ThreeWrongLogInsAreFreeAndTheFourthAttemptWaitsASecond) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(Login("desk07", "wrong password"),
                FailsWith(kFailed, "LOGIN_FAILED"))
        << "attempt " << i + 1;
  }
  // Even the right password waits: the guesser learns nothing.
  Reply<v1::LoginResponse> fourth = Login("desk07", kDeskPassword);
  EXPECT_THAT(fourth, FailsWith(kThrottled, "LOGIN_THROTTLED"));
  EXPECT_THAT(fourth.status.error_message(), HasSubstr("try again in 1s"));
  absl::SleepFor(kFirstWait);
  EXPECT_THAT(Login("desk07", kDeskPassword), IsOk());
  // The success cleared the record: three free failures again.
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(Login("desk07", "wrong password"),
                FailsWith(kFailed, "LOGIN_FAILED"));
  }
}

TEST_F(ThrottleTest,
       AStrangerElsewhereDoesNotLockTheOperatorOutOfTheirTerminal) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(Login(Stranger(), "desk07", "guess " + std::to_string(i)),
                FailsWith(kFailed, "LOGIN_FAILED"));
  }
  EXPECT_THAT(Login(Stranger(), "desk07", "guess 3"),
              FailsWith(kThrottled, "LOGIN_THROTTLED"));
  EXPECT_THAT(Login("desk07", kDeskPassword), IsOk());
  // The operator's success clears only their own terminal's record.
  EXPECT_THAT(Login(Stranger(), "desk07", kDeskPassword),
              FailsWith(kThrottled, "LOGIN_THROTTLED"));
}

TEST_F(ThrottleTest, OneAddressTryingManyLoginsIsSlowedAfterTen) {
  // An unknown login and a wrong password are the same refusal.
  for (int i = 0; i < 9; ++i) {
    EXPECT_THAT(Login(Stranger(), "user" + std::to_string(i), "guess"),
                FailsWith(kFailed, "LOGIN_FAILED"));
  }
  EXPECT_THAT(Login(Stranger(), "desk07", "guess"),
              FailsWith(kFailed, "LOGIN_FAILED"));
  // The eleventh try from that address waits, whatever the login.
  EXPECT_THAT(Login(Stranger(), "user10", "guess"),
              FailsWith(kThrottled, "LOGIN_THROTTLED"));
  EXPECT_THAT(Login(Stranger(), "desk07", kDeskPassword),
              FailsWith(kThrottled, "LOGIN_THROTTLED"));
  EXPECT_THAT(Login("desk07", kDeskPassword), IsOk());
}

TEST_F(ThrottleTest, AWrongOldPasswordIsThrottledWithTheLogInRecords) {
  auto access = v1::AccessService::NewStub(ChannelOf("desk07", kDeskPassword));
  v1::ChangePasswordRequest change;
  change.set_new_password("desk 07 new password");
  change.set_old_password("wrong password");
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(
        Send(access.get(), &v1::AccessService::Stub::ChangePassword, change),
        FailsWith(grpc::StatusCode::PERMISSION_DENIED, "WRONG_PASSWORD"));
  }
  change.set_old_password(kDeskPassword);
  EXPECT_THAT(
      Send(access.get(), &v1::AccessService::Stub::ChangePassword, change),
      FailsWith(kThrottled, "LOGIN_THROTTLED"));
  // The same record as a log-in of desk07 from this address.
  EXPECT_THAT(Login("desk07", kDeskPassword),
              FailsWith(kThrottled, "LOGIN_THROTTLED"));
  EXPECT_THAT(Login(Stranger(), "desk07", kDeskPassword), IsOk());
  absl::SleepFor(kFirstWait);
  EXPECT_THAT(
      Send(access.get(), &v1::AccessService::Stub::ChangePassword, change),
      IsOk());
}

TEST_F(ThrottleTest, GetDigestDoesNotWaitBehind96PasswordChanges) {
  // Each change keeps the password (old and new the same), so every one
  // that is run spends two Argon2id runs. Their clients give up after 4 s.
  auto access = v1::AccessService::NewStub(ChannelOf("desk07", kDeskPassword));
  constexpr int kChanges = 96;
  v1::ChangePasswordRequest change;
  change.set_old_password(kDeskPassword);
  change.set_new_password(kDeskPassword);
  std::vector<grpc::ClientContext> contexts(kChanges);
  std::vector<v1::ChangePasswordResponse> responses(kChanges);
  absl::Mutex mu;
  std::map<std::string, int> answers;  // "CODE REASON" or "OK": how many
  absl::BlockingCounter pending(kChanges);
  std::atomic<int> unanswered{kChanges};
  const absl::Time start = absl::Now();
  for (int i = 0; i < kChanges; ++i) {
    contexts[i].set_deadline(absl::ToChronoTime(start + absl::Seconds(4)));
    access->async()->ChangePassword(
        &contexts[i], &change, &responses[i], [&](grpc::Status status) {
          {
            absl::MutexLock lock(&mu);
            ++answers[status.ok() ? "OK"
                                  : CodeName(status.error_code()) + " " +
                                        ErrorReason(status)];
          }
          --unanswered;
          pending.DecrementCount();
        });
  }
  std::vector<absl::Duration> latencies;
  while (unanswered > 0) {
    const absl::Time before = absl::Now();
    ASSERT_THAT(client_->GetDigest(), IsOk());
    latencies.push_back(absl::Now() - before);
    absl::SleepFor(absl::Milliseconds(20));
  }
  pending.Wait();
  const absl::Duration burst = absl::Now() - start;
  // The changes whose clients gave up are skipped, not run: a log-in
  // queued now does not wait for them.
  const absl::Time before_login = absl::Now();
  EXPECT_THAT(Login("desk07", kDeskPassword), IsOk());
  const absl::Duration login = absl::Now() - before_login;

  std::sort(latencies.begin(), latencies.end());
  const absl::Duration median = latencies[latencies.size() / 2];
  const absl::Duration worst = latencies.back();
  std::string seen;
  for (const auto& [answer, count] : answers) {
    seen += absl::StrFormat("%d x %s; ", count, answer);
  }
  std::cout << kChanges << " ChangePassword calls answered in " << burst << " ("
            << seen << "); " << latencies.size()
            << " GetDigest calls meanwhile: median " << median << ", worst "
            << worst << "; a log-in after them " << login << "\n";
  EXPECT_GE(latencies.size(), 20u) << "the changes were over too soon";
  EXPECT_LT(worst, absl::Milliseconds(500));
  EXPECT_GT(answers["OK"], 0) << seen;
  // Two workers and 64 waiting places: the rest are refused at once.
  EXPECT_GT(answers["RESOURCE_EXHAUSTED PASSWORD_BUSY"], 0) << seen;
  EXPECT_LT(login, absl::Seconds(2));
}

// Two volunteers of the village, each with the family app, and an
// activity under way that both signed up for.
class CheckInThrottleTest : public ThrottleTest {
 protected:
  // Two households of A, each head a volunteer logged in as a member.
  WorldPlan Plan() const override {
    WorldPlan plan = ThrottleTest::Plan();
    for (int i = 0; i < 2; ++i) {
      HouseholdPlan household;
      household.number = "000" + std::to_string(i);
      household.volunteer = true;
      plan.households.push_back(household);
      OperatorPlan app;
      app.login = "volunteer" + std::to_string(i);
      app.role = v1::ROLE_MEMBER;
      app.head_of = i;
      app.password = "volunteer password";
      plan.operators.push_back(app);
    }
    return plan;
  }

  void SetUp() override {
    ThrottleTest::SetUp();
    activities_ = v1::ActivityService::NewStub(server_.channel());
    for (int i = 0; i < 2; ++i) {
      volunteers_.push_back(world_->volunteer(i));
      apps_.push_back(v1::ActivityService::NewStub(
          world_->op("volunteer" + std::to_string(i)).channel));
    }
    activity_ = Activity();
    other_activity_ = Activity();
    for (const std::string& volunteer : volunteers_) {
      v1::SignUpRequest request;
      request.set_request_id(client_->NewRequestId());
      request.set_activity(activity_);
      request.set_volunteer(volunteer);
      ASSERT_THAT(
          Send(activities_.get(), &v1::ActivityService::Stub::SignUp, request),
          IsOk());
    }
  }

  // Open, started five minutes ago, for two hours.
  std::string Activity() {
    Reply<v1::Activity> made =
        Send(activities_.get(), &v1::ActivityService::Stub::CreateActivity,
             world_->ActivityRequest(village_, absl::Now() - absl::Minutes(5),
                                     absl::Hours(2), 5));
    EXPECT_THAT(made, IsOk());
    v1::SetActivityStatusRequest open;
    open.set_request_id(client_->NewRequestId());
    open.set_name(made.value.name());
    open.set_status(v1::ACTIVITY_STATUS_OPEN);
    EXPECT_THAT(Send(activities_.get(),
                     &v1::ActivityService::Stub::SetActivityStatus, open),
                IsOk());
    return made.value.name();
  }

  std::string Code(const std::string& activity) {
    v1::GetCheckInCodeRequest request;
    request.set_activity(activity);
    return Send(activities_.get(), &v1::ActivityService::Stub::GetCheckInCode,
                request)
        .value.code();
  }

  // A code that is not `code`.
  static std::string WrongCode(const std::string& code, int i) {
    int value = 0;
    EXPECT_TRUE(absl::SimpleAtoi(code, &value)) << code;
    return absl::StrFormat("%06d", (value + 1 + i) % 1000000);
  }

  Reply<v1::Participation> CheckIn(int volunteer, const std::string& activity,
                                   const std::string& code) {
    v1::CheckInRequest request;
    request.set_request_id(client_->NewRequestId());
    request.set_activity(activity);
    request.set_volunteer(volunteers_[volunteer]);
    request.set_code(code);
    return Send(apps_[volunteer].get(), &v1::ActivityService::Stub::CheckIn,
                request);
  }

  std::unique_ptr<v1::ActivityService::Stub> activities_;
  std::vector<std::unique_ptr<v1::ActivityService::Stub>> apps_;
  std::vector<std::string> volunteers_;
  std::string activity_, other_activity_;
};

TEST_F(CheckInThrottleTest, WrongCodesAreThrottledPerVolunteerAndActivity) {
  const std::string code = Code(activity_);
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(CheckIn(0, activity_, WrongCode(code, i)),
                FailsWith(grpc::StatusCode::FAILED_PRECONDITION, "STALE_CODE"))
        << "attempt " << i + 1;
  }
  Reply<v1::Participation> fourth = CheckIn(0, activity_, Code(activity_));
  EXPECT_THAT(fourth, FailsWith(kThrottled, "CHECKIN_CODE_THROTTLED"));
  EXPECT_THAT(fourth.status.error_message(), HasSubstr("try again in 1s"));
  // Another volunteer of the same activity, from the same address.
  EXPECT_THAT(CheckIn(1, activity_, Code(activity_)), IsOk());
  // The same volunteer at another activity.
  EXPECT_THAT(CheckIn(0, other_activity_, WrongCode(Code(other_activity_), 0)),
              FailsWith(grpc::StatusCode::FAILED_PRECONDITION, "STALE_CODE"));
  absl::SleepFor(kFirstWait);
  Reply<v1::Participation> in = CheckIn(0, activity_, Code(activity_));
  ASSERT_THAT(in, IsOk());
  EXPECT_EQ(in.value.check_in_by(), "code");
}

}  // namespace
}  // namespace jiamei::testing
