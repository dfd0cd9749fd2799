// The books keep China Standard Time (UTC+8) whatever zone the server's
// machine is set to: a server run with TZ=UTC, and one run in a zone whose
// day differs from China's right now, both take "today" as China's day.
#include <cstdlib>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "jiamei/v1/policy.grpc.pb.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/server_process.h"

namespace jiamei::testing {
namespace {

absl::CivilDay ChinaToday() {
  return absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 60 * 60));
}

// A POSIX TZ whose day is not China's now: UTC-12 is 20 hours behind, so
// it is still yesterday there unless China's clock is past 20:00; then
// UTC+14, 6 hours ahead, is already tomorrow.
std::string ZoneOfAnotherDay() {
  const absl::Time now = absl::Now();
  const std::string behind = "<-12>12";
  if (absl::ToCivilDay(now, absl::FixedTimeZone(-12 * 3600)) != ChinaToday()) {
    return behind;
  }
  return "<+14>-14";
}

// Starts a server with `tz` as its TZ and checks that RunExpiry's latest
// day is China's today: as_of today passes the date check (and reaches the
// unit check: no such unit), tomorrow is refused as in the future.
void ExpectChinasDay(const std::string& tz) {
  SCOPED_TRACE("TZ=" + tz);
  ASSERT_EQ(setenv("TZ", tz.c_str(), 1), 0);
  TempDir dir;
  ServerProcess server(dir.path());
  std::string error;
  const bool started = server.Start(&error);
  unsetenv("TZ");
  ASSERT_TRUE(started) << error;
  auto policy = v1::PolicyService::NewStub(server.channel());
  int n = 0;
  auto run = [&](absl::CivilDay day) {
    v1::RunExpiryRequest request;
    request.set_request_id("china-day-run-" + std::to_string(++n));
    request.set_unit("units/999");
    request.set_as_of(absl::FormatCivilTime(day));
    return Send(policy.get(), &v1::PolicyService::Stub::RunExpiry, request);
  };
  EXPECT_THAT(run(ChinaToday()),
              FailsWith(grpc::StatusCode::NOT_FOUND, "UNIT_NOT_FOUND"));
  EXPECT_THAT(run(ChinaToday() + 1),
              FailsWith(grpc::StatusCode::INVALID_ARGUMENT, "INVALID_AS_OF"));
}

TEST(ChinaDayTest, AServerInUtcTakesTodayAsChinasDay) {
  ExpectChinasDay("UTC0");
}

TEST(ChinaDayTest, AServerInAZoneOnAnotherDayTakesTodayAsChinasDay) {
  ExpectChinasDay(ZoneOfAnotherDay());
}

}  // namespace
}  // namespace jiamei::testing
