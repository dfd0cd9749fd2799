// The annual report's pieces without a server: the period a request names,
// a row's figures from its counts, and a redemption's member count kept out
// of its request's fingerprint.
#include <string>

#include "gtest/gtest.h"
#include "services/report/report_rows.h"
#include "services/report/report_service.h"
#include "storage/core/canonical.h"
#include "storage/core/refusal.h"
#include "storage/domains.h"
#include "storage/market/market_state.h"
#include "tests/unit/storage/test_store.h"

namespace jiamei::services {
namespace {

absl::StatusOr<ReportPeriod> PeriodOf(int32_t year, const std::string& from,
                                      const std::string& to) {
  jiamei::v1::GetAnnualReportRequest request;
  request.set_year(year);
  request.set_from_day(from);
  request.set_to_day(to);
  return ReportPeriodOf(request);
}

void ExpectRefused(const absl::StatusOr<ReportPeriod>& period) {
  ASSERT_FALSE(period.ok());
  EXPECT_EQ(period.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RefusalReason(period.status()), "INVALID_REPORT_PERIOD");
}

TEST(ReportPeriodTest, AYearIsItsFirstToItsLastDay) {
  const absl::StatusOr<ReportPeriod> period = PeriodOf(2026, "", "");
  ASSERT_TRUE(period.ok());
  EXPECT_EQ(period->from, absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(period->to, absl::CivilDay(2026, 12, 31));
}

TEST(ReportPeriodTest, DaysCoverAtMost366) {
  ASSERT_TRUE(PeriodOf(0, "2024-01-01", "2024-12-31").ok());  // a leap year
  ASSERT_TRUE(PeriodOf(0, "2026-03-05", "2026-03-05").ok());
  ExpectRefused(PeriodOf(0, "2024-01-01", "2025-01-01"));
  ExpectRefused(PeriodOf(0, "2026-03-05", "2026-03-04"));
}

TEST(ReportPeriodTest, MalformedOrMixedPeriodsAreRefused) {
  ExpectRefused(PeriodOf(0, "", ""));
  ExpectRefused(PeriodOf(0, "2026-3-5", "2026-03-06"));
  ExpectRefused(PeriodOf(0, "2026-02-30", "2026-03-06"));
  ExpectRefused(PeriodOf(2026, "2026-01-01", ""));
  ExpectRefused(PeriodOf(1999, "", ""));
  ExpectRefused(PeriodOf(2100, "", ""));
  ExpectRefused(PeriodOf(0, "1999-12-31", "2000-01-01"));
}

TEST(ReportRowTest, IssuedIsRulesServiceAndCardsAndPeopleAsAtRedemption) {
  testing::TestStore test;
  RowTally row;
  row.by_category[1] = {40, 4};
  row.by_category[2] = {5, 1};
  row.service = 25;
  row.cards = 10;
  row.adjusted = -7;
  row.deducted = 3;
  row.events = 3;
  row.redemption_person_times = 8;
  row.redeemers = {{1, 3}, {2, 2}};
  row.activities = {1, 2};
  row.volunteers = {7};
  row.person_times = 2;
  jiamei::v1::ReportFigures out;
  ASSERT_TRUE(FillRow(row, storage::RegistryReader(test.store()),
                      storage::MarketReader(test.store()), &out)
                  .ok());
  EXPECT_EQ(out.points_issued(), 40 + 5 + 25 + 10);
  EXPECT_EQ(out.points_adjusted(), -7);
  EXPECT_EQ(out.issued_by_category_size(), 2);
  EXPECT_EQ(out.households_redeemed(), 2);
  EXPECT_EQ(out.people_redeemed(), 5);
  EXPECT_EQ(out.redemption_person_times(), 8);
  EXPECT_EQ(out.activities_held(), 2);
  EXPECT_EQ(out.distinct_volunteers(), 1);
}

TEST(RedeemedMembersTest, TheMemberCountIsNotPartOfTheFingerprint) {
  storage::MarketChange change;
  change.mutable_redeemed()->set_site(1);
  change.mutable_redeemed()->set_household(2);
  storage::Command first("r-1", change);
  change.mutable_redeemed()->set_members(3);
  storage::Command counted("r-1", change);
  EXPECT_EQ(storage::Fingerprint(first, storage::Domains()),
            storage::Fingerprint(counted, storage::Domains()));
  EXPECT_EQ(storage::AsRequested(change).redeemed().members(), 0);
}

}  // namespace
}  // namespace jiamei::services
