// Volunteer service's rules as the sequencer applies them, and the audit's
// replay of them.
#include "storage/activity/activity_state.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "storage/audit/audit.h"
#include "storage/core/refusal.h"
#include "storage/core/views.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_state.h"
#include "tests/unit/storage/expect_refusal.h"
#include "tests/unit/storage/store_fixture.h"

namespace jiamei::storage {
namespace {

constexpr int64_t kMinute = 60 * 1000000LL;

class ActivityStateTest : public StoreFixture {
 protected:
  void SetUp() override {
    uint64_t parent = 0;
    for (int32_t level : {kLevelCounty, kLevelTownship, kLevelVillage}) {
      RegistryChange change;
      UnitCreated* unit = change.mutable_unit_created();
      unit->set_code("U" + std::to_string(level));
      unit->set_display_name("unit");
      unit->set_level(level);
      unit->set_parent(parent);
      parent = MustApply(change).registry().unit_created().unit_id();
      if (level == kLevelTownship) township_ = parent;
    }
    village_ = parent;
    const EntryRecord made = MustApply(Household(village_, "0001"));
    volunteer_ = made.registry().household_created().head_person_id();
    account_ = made.registry().account().account_id();
    Enroll(volunteer_);
  }

  static RegistryChange Household(uint64_t village, const std::string& number) {
    RegistryChange household;
    household.mutable_household_created()->set_village(village);
    household.mutable_household_created()->set_number(number);
    household.mutable_household_created()->mutable_head()->set_full_name(
        "王芳");
    return household;
  }
  void Enroll(uint64_t person) {
    RegistryChange enroll;
    enroll.mutable_volunteer_enrolled()->set_person_id(person);
    enroll.mutable_volunteer_enrolled()->set_join_date("2026-01-01");
    MustApply(enroll);
  }
  // An activity of `unit` inviting `teams`, starting in an hour, 2 hours
  // long, 12 points an hour.
  static ActivityChange Create(uint64_t unit,
                               std::initializer_list<uint64_t> teams = {}) {
    ActivityChange create;
    ActivityFields* a = create.mutable_created()->mutable_activity();
    a->set_unit(unit);
    a->set_title("清洁村庄");
    a->set_category(1);
    a->set_place("广场");
    const int64_t start = absl::ToUnixMicros(absl::Now()) + 60 * kMinute;
    a->set_start_micros(start);
    a->set_end_micros(start + 120 * kMinute);
    a->set_capacity(10);
    a->set_points_per_hour(12);
    for (uint64_t team : teams) a->add_teams(team);
    return create;
  }
  static ActivityChange SignUp(uint64_t activity, uint64_t volunteer) {
    ActivityChange sign_up;
    sign_up.mutable_sign_up()->set_activity_id(activity);
    sign_up.mutable_sign_up()->set_volunteer(volunteer);
    return sign_up;
  }

  template <typename Change>
  EntryRecord MustApply(const Change& change) {
    Outcome outcome = ledger_.Apply({ledger_.NextId(), change});
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? *outcome : EntryRecord();
  }
  void Move(uint64_t activity, int32_t status) {
    ActivityChange change;
    change.mutable_status_set()->set_activity_id(activity);
    change.mutable_status_set()->set_status(status);
    MustApply(change);
  }
  ActivityChange Attendance(uint64_t activity, bool in, int64_t at = 0) {
    ActivityChange change;
    AttendanceMarked* m = change.mutable_attendance();
    m->set_activity_id(activity);
    m->add_volunteers(volunteer_);
    m->set_check_in(in);
    m->set_by(at == 0 ? kByOrganiser : kSettled);
    m->set_at_micros(at);
    m->set_reason(at == 0 ? "" : "left without checking out");
    return change;
  }

  // An activity that started 10 minutes ago, 2 hours long, 12 points an
  // hour; the volunteer signed up and checked in; returns its id.
  uint64_t CheckedIn() {
    ActivityChange create = Create(village_);
    ActivityFields* a = create.mutable_created()->mutable_activity();
    start_ = absl::ToUnixMicros(absl::Now()) - 10 * kMinute;
    a->set_start_micros(start_);
    a->set_end_micros(start_ + 120 * kMinute);
    const uint64_t id = MustApply(create).activity().created().activity_id();
    Move(id, kActivityOpen);
    MustApply(SignUp(id, volunteer_));
    MustApply(Attendance(id, true));
    return id;
  }

  int64_t Balance() {
    return LedgerReader(db_.store()).GetAccount(account_)->balance.balance();
  }

  uint64_t township_ = 0, village_ = 0, volunteer_ = 0, account_ = 0;
  int64_t start_ = 0;
};

TEST_F(ActivityStateTest, ConfirmationCreditsTheHouseholdAndTheAuditAgrees) {
  const uint64_t id = CheckedIn();
  EXPECT_EQ(
      RefusalReason(Apply(Attendance(id, false, start_ - kMinute)).status()),
      "CHECK_OUT_BEFORE_CHECK_IN");
  MustApply(Attendance(id, false, start_ + 70 * kMinute));
  Move(id, kActivityInProgress);
  Move(id, kActivityClosed);
  ActivityChange confirm;
  confirm.mutable_confirmed()->set_activity_id(id);
  const EntryRecord confirmed = MustApply(confirm);
  ASSERT_EQ(confirmed.activity().confirmed().lines_size(), 1);
  // Checked in about now (10 minutes in), out at 70: about an hour.
  const ServiceLine& line = confirmed.activity().confirmed().lines(0);
  EXPECT_NEAR(line.minutes(), 60, 1);
  EXPECT_EQ(Balance(), line.points());
  EXPECT_EQ(RefusalReason(Apply(confirm).status()), "ALREADY_CONFIRMED");

  absl::StatusOr<jiamei::v1::AuditReport> clean = RunAudit(*db_.store());
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->clean()) << clean->DebugString();

  // Hours changed behind the ledger's back are found.
  absl::StatusOr<ServiceRecordRecord> record =
      FindServiceRecord(StoreViews(db_.store()), line.record_id());
  ASSERT_TRUE(record.ok());
  record->mutable_line()->set_minutes(600);
  Damage(Record::kServiceRecord, line.record_id(), *record);
  ExpectAuditFindsRegistryMismatch();
}

TEST_F(ActivityStateTest, SignUpsAndInvitedTeamsStayWithinTheActivitysUnit) {
  RegistryChange sibling;
  sibling.mutable_unit_created()->set_code("U4");
  sibling.mutable_unit_created()->set_display_name("sibling");
  sibling.mutable_unit_created()->set_level(kLevelVillage);
  sibling.mutable_unit_created()->set_parent(township_);
  const uint64_t other = MustApply(sibling).registry().unit_created().unit_id();
  const uint64_t neighbour = MustApply(Household(other, "0001"))
                                 .registry()
                                 .household_created()
                                 .head_person_id();
  Enroll(neighbour);
  RegistryChange team;
  team.mutable_team_created()->set_unit_id(other);
  team.mutable_team_created()->set_display_name("巾帼助耕队");
  team.mutable_team_created()->set_leader(neighbour);
  team.mutable_team_created()->set_date("2026-01-01");
  const uint64_t neighbours_team =
      MustApply(team).registry().team_created().team_id();

  // Without teams: the volunteers of the unit and below it.
  const uint64_t village =
      MustApply(Create(village_)).activity().created().activity_id();
  const uint64_t township =
      MustApply(Create(township_)).activity().created().activity_id();
  Move(village, kActivityOpen);
  Move(township, kActivityOpen);
  EXPECT_EQ(RefusalReason(Apply(SignUp(village, neighbour)).status()),
            "NOT_INVITED");
  MustApply(SignUp(village, volunteer_));
  MustApply(SignUp(township, neighbour));
  MustApply(SignUp(township, volunteer_));

  // Teams: of the activity's unit or below it.
  EXPECT_EQ(RefusalReason(Apply(Create(village_, {neighbours_team})).status()),
            "TEAM_OUTSIDE_UNIT");
  const uint64_t invited = MustApply(Create(township_, {neighbours_team}))
                               .activity()
                               .created()
                               .activity_id();
  Move(invited, kActivityOpen);
  EXPECT_EQ(RefusalReason(Apply(SignUp(invited, volunteer_)).status()),
            "NOT_INVITED");
  MustApply(SignUp(invited, neighbour));

  absl::StatusOr<jiamei::v1::AuditReport> audit = RunAudit(*db_.store());
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(audit->clean()) << audit->DebugString();
}

TEST_F(ActivityStateTest, ACorrectionTakesTheDifferenceBackOnce) {
  const uint64_t id = CheckedIn();
  MustApply(Attendance(id, false, start_ + 110 * kMinute));
  Move(id, kActivityInProgress);
  Move(id, kActivityClosed);
  ActivityChange confirm;
  confirm.mutable_confirmed()->set_activity_id(id);
  const uint64_t record =
      MustApply(confirm).activity().confirmed().lines(0).record_id();
  ActivityChange correct;
  correct.mutable_corrected()->set_record_id(record);
  correct.mutable_corrected()->set_minutes(30);
  correct.mutable_corrected()->set_reason("left early");
  const EntryRecord corrected = MustApply(correct);
  EXPECT_EQ(Balance(), 6);  // 30 minutes at 12 an hour
  // The difference goes back from the household to the issuance account.
  EXPECT_EQ(corrected.activity().transfers(0).debit_account(), account_);
  EXPECT_EQ(RefusalReason(Apply(correct).status()), "ALREADY_CORRECTED");
}

// Every refusal of activity_errors.h, with its message, and those of the
// register that a sign-up gives (TigerBeetle's "every outcome" test).
TEST_F(ActivityStateTest,
       EveryRefusalOfVolunteerServiceIsReachedWithItsMessage) {
  const auto expect = ::jiamei::testing::ExpectRefusal;
  auto head_of = [&](const std::string& number) {
    return MustApply(Household(village_, number))
        .registry()
        .household_created()
        .head_person_id();
  };
  const uint64_t other = head_of("0002");
  Enroll(other);
  const uint64_t unenrolled = head_of("0003");
  const uint64_t suspended = head_of("0004");
  Enroll(suspended);
  RegistryChange suspend;
  suspend.mutable_volunteer_status_set()->set_person_id(suspended);
  suspend.mutable_volunteer_status_set()->set_status(kVolunteerSuspended);
  MustApply(suspend);
  const std::string me = absl::StrCat("volunteers/", volunteer_);

  ActivityChange status;
  status.mutable_status_set()->set_activity_id(99);
  status.mutable_status_set()->set_status(kActivityOpen);
  expect(Apply(status).status(), "ACTIVITY_NOT_FOUND",
         "activities/99 does not exist");
  ActivityChange correct;
  correct.mutable_corrected()->set_record_id(99);
  expect(Apply(correct).status(), "RECORD_NOT_FOUND",
         "records/99 does not exist");
  expect(Apply(ActivityChange()).status(), "INVALID_CHANGE",
         "no activity change given");

  // A draft: it neither takes sign-ups nor attendance, and is cancelled.
  const uint64_t draft =
      MustApply(Create(village_)).activity().created().activity_id();
  const std::string draft_name = absl::StrCat("activities/", draft);
  status.mutable_status_set()->set_activity_id(draft);
  status.mutable_status_set()->set_status(kActivityClosed);
  expect(Apply(status).status(), "INVALID_TRANSITION",
         draft_name + " is draft; it cannot become closed");
  expect(Apply(SignUp(draft, volunteer_)).status(), "NOT_OPEN",
         draft_name + " is draft, not open for sign-up");
  expect(Apply(Attendance(draft, true)).status(), "NOT_RUNNING",
         draft_name + " is draft");
  Move(draft, kActivityCancelled);
  ActivityChange confirm;
  confirm.mutable_confirmed()->set_activity_id(draft);
  expect(Apply(confirm).status(), "ACTIVITY_CANCELLED",
         draft_name + " was cancelled");

  // An open activity with one place, starting in an hour.
  ActivityChange one_place = Create(village_);
  one_place.mutable_created()->mutable_activity()->set_capacity(1);
  const uint64_t open = MustApply(one_place).activity().created().activity_id();
  Move(open, kActivityOpen);
  ActivityChange cancel = SignUp(open, other);
  cancel.mutable_sign_up()->set_cancelled(true);
  expect(Apply(cancel).status(), "NOT_SIGNED_UP",
         absl::StrCat("volunteers/", other, " is not signed up"));
  MustApply(SignUp(open, volunteer_));
  expect(Apply(SignUp(open, volunteer_)).status(), "ALREADY_SIGNED_UP",
         me + " is already signed up");
  expect(Apply(SignUp(open, 99)).status(), "VOLUNTEER_NOT_FOUND",
         "volunteers/99 does not exist");
  expect(
      Apply(SignUp(open, unenrolled)).status(), "VOLUNTEER_NOT_FOUND",
      absl::StrCat("volunteers/", unenrolled, " is not an enrolled volunteer"));
  expect(Apply(SignUp(open, suspended)).status(), "VOLUNTEER_SUSPENDED",
         absl::StrCat("volunteers/", suspended, " is suspended"));
  expect(Apply(SignUp(open, other)).status(), "ACTIVITY_FULL",
         absl::StrCat("activities/", open, " has 1 of 1 places taken"));
  expect(Apply(Attendance(open, true)).status(), "OUTSIDE_WINDOW",
         "check-in opens 30 minutes before the start and closes at the end");
  expect(Apply(Attendance(open, false)).status(), "NOT_CHECKED_IN",
         me + " has not checked in");

  // A running activity the volunteer checked in to.
  const uint64_t running = CheckedIn();
  const std::string running_name = absl::StrCat("activities/", running);
  expect(Apply(Attendance(running, true)).status(), "ALREADY_CHECKED_IN",
         me + " has already checked in");
  cancel.mutable_sign_up()->set_activity_id(running);
  cancel.mutable_sign_up()->set_volunteer(volunteer_);
  expect(Apply(cancel).status(), "TOO_LATE",
         "a sign-up can be cancelled only before the start");
  MustApply(Attendance(running, false, start_ + 70 * kMinute));
  expect(Apply(Attendance(running, false, start_ + 80 * kMinute)).status(),
         "ALREADY_CHECKED_OUT", me + " has already checked out");
  Move(running, kActivityInProgress);
  confirm.mutable_confirmed()->set_activity_id(running);
  expect(Apply(confirm).status(), "NOT_CLOSED",
         running_name + " is in progress; close it first");
  Move(running, kActivityClosed);
  MinutesAdjustment* adjustment =
      confirm.mutable_confirmed()->add_adjustments();
  adjustment->set_volunteer(volunteer_);
  adjustment->set_minutes(1000);
  expect(Apply(confirm).status(), "HOURS_TOO_LONG",
         me + ": 1000 minutes; the activity lasts 120");
  adjustment->set_volunteer(other);
  adjustment->set_minutes(10);
  expect(Apply(confirm).status(), "NOT_A_PARTICIPANT",
         absl::StrCat("volunteers/", other, " did not check in to ",
                      running_name));
  confirm.mutable_confirmed()->clear_adjustments();
  const uint64_t record =
      MustApply(confirm).activity().confirmed().lines(0).record_id();
  correct.mutable_corrected()->set_record_id(record);
  correct.mutable_corrected()->set_minutes(500);
  expect(Apply(correct).status(), "HOURS_TOO_LONG",
         "500 minutes; the activity lasts 120");

  // A closed activity whose volunteer never checked out.
  const uint64_t unsettled = CheckedIn();
  Move(unsettled, kActivityInProgress);
  Move(unsettled, kActivityClosed);
  confirm.mutable_confirmed()->set_activity_id(unsettled);
  expect(Apply(confirm).status(), "CHECK_OUT_MISSING",
         me + " has not checked out; settle it first");
}

}  // namespace
}  // namespace jiamei::storage
