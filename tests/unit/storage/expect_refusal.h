// ExpectRefusal: the test expects `status` to be a refusal with `reason`
// and exactly `message`, the words a client is shown.
#ifndef JIAMEI_TESTS_UNIT_STORAGE_EXPECT_REFUSAL_H_
#define JIAMEI_TESTS_UNIT_STORAGE_EXPECT_REFUSAL_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "storage/core/refusal.h"

namespace jiamei::testing {

inline void ExpectRefusal(const absl::Status& status, absl::string_view reason,
                          absl::string_view message) {
  EXPECT_EQ(RefusalReason(status), reason) << status;
  EXPECT_EQ(status.message(), message);
}

}  // namespace jiamei::testing

#endif  // JIAMEI_TESTS_UNIT_STORAGE_EXPECT_REFUSAL_H_
