#include "services/common/status_mapping.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "storage/core/refusal.h"

namespace jiamei::services {
namespace {

google::rpc::ErrorInfo InfoOf(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  EXPECT_TRUE(details.details(0).UnpackTo(&info));
  return info;
}

TEST(StatusMappingTest, OkStaysOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

TEST(StatusMappingTest, RefusalKeepsCodeMessageAndReason) {
  grpc::Status status = ToGrpcStatus(
      Refusal(absl::StatusCode::kFailedPrecondition, "INSUFFICIENT_POINTS",
              "accounts/2 has 3 points, 5 needed"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "accounts/2 has 3 points, 5 needed");
  google::rpc::ErrorInfo info = InfoOf(status);
  EXPECT_EQ(info.reason(), "INSUFFICIENT_POINTS");
  EXPECT_EQ(info.domain(), "jiamei.v1");
}

TEST(StatusMappingTest, PlainStatusGetsItsCodeNameAsReason) {
  grpc::Status status = ToGrpcStatus(absl::UnavailableError("disk gone"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(InfoOf(status).reason(), "UNAVAILABLE");
}

TEST(StatusMappingTest, EveryCanonicalCodeMapsToTheSameGrpcCode) {
  for (int code = 1; code <= 16; ++code) {
    grpc::Status status =
        ToGrpcStatus(absl::Status(static_cast<absl::StatusCode>(code), "x"));
    EXPECT_EQ(static_cast<int>(status.error_code()), code);
  }
}

TEST(StatusMappingTest, ReasonOfReadsBackTheReasonOfARefusal) {
  EXPECT_EQ(ReasonOf(ToGrpcStatus(Refusal(absl::StatusCode::kUnavailable,
                                          "SHUTTING_DOWN", "stopping"))),
            "SHUTTING_DOWN");
  EXPECT_EQ(ReasonOf(grpc::Status(grpc::StatusCode::CANCELLED, "gone")), "");
}

}  // namespace
}  // namespace jiamei::services
