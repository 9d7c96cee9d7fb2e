#include "server/domain/field_error.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace transpo::domain {
namespace {

TEST(FieldErrorTest, NamesTheFieldAndQuotesTheValue) {
  absl::Status status = FieldError("deadlines[0].date", "2021-02-30", "bad");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "deadlines[0].date \"2021-02-30\": bad");
  EXPECT_EQ(ErrorField(status), "deadlines[0].date");
  EXPECT_EQ(ErrorField(absl::InvalidArgumentError("no field")), std::nullopt);
}

TEST(FieldErrorTest, QuotesOnlyAShortEscapedPrefix) {
  absl::Status status = FieldError("celex", std::string(100000, '3'), "bad");
  EXPECT_LT(status.message().size(), 100u);
  EXPECT_THAT(std::string(status.message()),
              ::testing::HasSubstr(std::string(kMaxQuotedBytes, '3') + "..."));
  EXPECT_EQ(QuoteValue("a\"b\n"), "a\\\"b\\n");
  EXPECT_EQ(QuoteValue(std::string(kMaxQuotedBytes, 'x')),
            std::string(kMaxQuotedBytes, 'x'));
}

}  // namespace
}  // namespace transpo::domain
