#include "server/api/grpc_status.h"

#include <string>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "server/app/conflict.h"
#include "server/domain/field_error.h"

namespace transpo::api {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

google::rpc::Status Details(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  return details;
}

TEST(GrpcStatusTest, FieldErrorsCarryABadRequestFieldViolation) {
  grpc::Status status = ToGrpcStatus(domain::FieldError(
      "directive.deadlines[0].date", "2021-02-30", "not a date"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "directive.deadlines[0].date \"2021-02-30\": not a date");

  google::rpc::Status details = Details(status);
  EXPECT_EQ(details.code(), 3);  // INVALID_ARGUMENT
  ASSERT_THAT(details.details(), SizeIs(1));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  ASSERT_THAT(bad_request.field_violations(), SizeIs(1));
  EXPECT_EQ(bad_request.field_violations(0).field(),
            "directive.deadlines[0].date");
  EXPECT_THAT(bad_request.field_violations(0).description(),
              HasSubstr("not a date"));
}

TEST(GrpcStatusTest, EveryInvalidArgumentCarriesAViolation) {
  grpc::Status status =
      ToGrpcStatus(absl::InvalidArgumentError("something is off"));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(Details(status).details(0).UnpackTo(&bad_request));
  EXPECT_EQ(bad_request.field_violations(0).description(), "something is off");
}

TEST(GrpcStatusTest, VersionConflictsCarryBothVersionsAsErrorInfo) {
  grpc::Status status =
      ToGrpcStatus(app::VersionConflictError("directive 32019L1937", 3, 5));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(status.error_message(), HasSubstr("expected version 3"));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(Details(status).details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "VERSION_CONFLICT");
  EXPECT_EQ(info.domain(), "transpo.eu");
  EXPECT_EQ(info.metadata().at("resource"), "directive 32019L1937");
  EXPECT_EQ(info.metadata().at("expected_version"), "3");
  EXPECT_EQ(info.metadata().at("current_version"), "5");
}

TEST(GrpcStatusTest, LongMessagesAreCut) {
  grpc::Status status =
      ToGrpcStatus(absl::InternalError(std::string(100000, 'x')));
  EXPECT_EQ(status.error_message().size(), kMaxStatusMessageBytes);
  EXPECT_THAT(status.error_message(), ::testing::EndsWith("..."));
}

TEST(GrpcStatusTest, OtherErrorsKeepCodeAndMessageOnly) {
  grpc::Status status =
      ToGrpcStatus(absl::NotFoundError("directive 32099L0001 not found"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "directive 32099L0001 not found");
  EXPECT_TRUE(status.error_details().empty());
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace transpo::api
