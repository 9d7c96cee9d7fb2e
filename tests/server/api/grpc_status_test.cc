#include "server/grpc_status.h"

#include <google/protobuf/unknown_field_set.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/field_error.h"

namespace transpo {
namespace {

// The bytes of the first length-delimited field `number` of `message`.
std::string Bytes(const std::string& message, int number) {
  google::protobuf::UnknownFieldSet set;
  EXPECT_TRUE(set.ParseFromString(message));
  for (int i = 0; i < set.field_count(); ++i) {
    if (set.field(i).number() == number &&
        set.field(i).type() ==
            google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) {
      return set.field(i).length_delimited();
    }
  }
  return "";
}

TEST(GrpcStatusTest, FieldErrorsCarryABadRequestFieldViolation) {
  grpc::Status status = ToGrpcStatus(
      FieldError("directive.deadlines[0].date", "2021-02-30", "not a date"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "directive.deadlines[0].date \"2021-02-30\": not a date");

  google::protobuf::UnknownFieldSet rpc_status;
  ASSERT_TRUE(rpc_status.ParseFromString(status.error_details()));
  ASSERT_GE(rpc_status.field_count(), 1);
  EXPECT_EQ(rpc_status.field(0).varint(), 3u);  // INVALID_ARGUMENT
  const std::string any = Bytes(status.error_details(), 3);
  EXPECT_EQ(Bytes(any, 1), "type.googleapis.com/google.rpc.BadRequest");
  const std::string violation = Bytes(Bytes(any, 2), 1);
  EXPECT_EQ(Bytes(violation, 1), "directive.deadlines[0].date");
  EXPECT_THAT(Bytes(violation, 2), ::testing::HasSubstr("not a date"));
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
}  // namespace transpo
