#include "server/domain/checks.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/field_error.h"
#include "tests/testing/status_matchers.h"

namespace transpo::domain {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

TEST(ChecksTest, TextIsBoundedAndRequiredTextIsNotBlank) {
  EXPECT_OK(CheckText("title", std::string(10, 'x'), true, 10));
  auto long_text = CheckText("title", std::string(11, 'x'), false, 10);
  EXPECT_THAT(long_text, StatusIs(absl::StatusCode::kInvalidArgument,
                                  HasSubstr("title \"xxxxxxxxxxx\": 11 bytes, "
                                            "at most 10")));
  EXPECT_EQ(ErrorField(long_text), "title");
  EXPECT_THAT(CheckText("title", "  \t", true, 10),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("title: required")));
  EXPECT_OK(CheckText("title", "", false, 10));
}

TEST(ChecksTest, NamesAreCountedAndEachIsBounded) {
  EXPECT_OK(CheckNames("experts", {"a", "b"}, 2));
  EXPECT_THAT(CheckNames("experts", {"a", "b", "c"}, 2),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("experts: 3 items, at most 2")));
  auto blank = CheckNames("experts", {"a", " "}, 2);
  EXPECT_EQ(ErrorField(blank), "experts[1]");
  auto long_name = CheckNames("experts", {std::string(201, 'n')}, 2);
  EXPECT_THAT(long_name, StatusIs(absl::StatusCode::kInvalidArgument,
                                  HasSubstr("201 bytes, at most 200")));
  EXPECT_EQ(ErrorField(long_name), "experts[0]");
}

TEST(ChecksTest, MasksNameKnownMutableFields) {
  EXPECT_OK(CheckMask({"title"}, {"title", "policy_area"}, "celex"));
  EXPECT_THAT(CheckMask({}, {"title"}, "celex"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("names no field")));
  EXPECT_THAT(CheckMask({"celex"}, {"title"}, "celex"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("cannot be changed")));
  EXPECT_THAT(CheckMask({"colour"}, {"title", "policy_area"}, "celex"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unknown field (one of title, policy_area)")));
}

}  // namespace
}  // namespace transpo::domain
