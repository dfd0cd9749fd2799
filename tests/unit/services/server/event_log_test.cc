#include "services/server/event_log.h"

#include "gtest/gtest.h"

namespace jiamei::services {
namespace {

TEST(EventLineTest, PlainValuesAreBareAndOthersQuotedWithEscapes) {
  EXPECT_EQ(EventLine("call", {{"method", "/jiamei.v1.LedgerService/Get"},
                               {"code", "NOT_FOUND"},
                               {"latency_ms", "1.2"}}),
            "event=call method=/jiamei.v1.LedgerService/Get code=NOT_FOUND "
            "latency_ms=1.2");
  EXPECT_EQ(EventLine("start", {{"security", "TLS (a \"b\")\n"}, {"r", ""}}),
            "event=start security=\"TLS (a \\\"b\\\")\\n\" r=\"\"");
}

}  // namespace
}  // namespace jiamei::services
