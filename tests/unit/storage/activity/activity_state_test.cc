// Volunteer service's rules as the sequencer applies them, and the audit's
// replay of them.
#include "storage/activity/activity_state.h"

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "storage/audit/audit.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_state.h"
#include "storage/core/views.h"
#include "tests/unit/storage/test_store.h"

namespace jiamei::storage {
namespace {

using ::jiamei::testing::TestLedger;
using ::jiamei::testing::TestStore;

constexpr int64_t kMinute = 60 * 1000000LL;

class ActivityStateTest : public ::testing::Test {
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
  Outcome Apply(const ActivityChange& change) {
    return ledger_.Apply({ledger_.NextId(), change});
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

  TestStore db_;
  TestLedger ledger_{db_.store()};
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
  rocksdb::WriteBatch batch;
  batch.Put(db_.store()->handle(Cf::kRegistry),
            RecordKey(Record::kServiceRecord, line.record_id()),
            record->SerializeAsString());
  ASSERT_TRUE(db_.store()->Write(&batch).ok());
  absl::StatusOr<jiamei::v1::AuditReport> damaged = RunAudit(*db_.store());
  ASSERT_TRUE(damaged.ok());
  EXPECT_FALSE(damaged->clean());
  EXPECT_EQ(damaged->discrepancies(0).kind(), "REGISTRY_MISMATCH");
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

}  // namespace
}  // namespace jiamei::storage
