#include "server/api/paging.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/field_error.h"
#include "tests/testing/status_matchers.h"
#include "transpo/v1/directives.pb.h"

namespace transpo::api {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

TEST(PagingTest, PageSizesDefaultAndCap) {
  EXPECT_EQ(*PageSize(0, 50, 500), 50);
  EXPECT_EQ(*PageSize(7, 50, 500), 7);
  EXPECT_EQ(*PageSize(100000, 50, 500), 500);
  auto negative = PageSize(-1, 50, 500);
  EXPECT_THAT(negative, StatusIs(absl::StatusCode::kInvalidArgument,
                                 HasSubstr("page_size \"-1\"")));
  EXPECT_EQ(domain::ErrorField(negative.status()), "page_size");
}

TEST(PagingTest, PositionTokensRoundTripAndRefuseGarbage) {
  EXPECT_EQ(*DecodePositionToken(EncodePositionToken(42)), 42u);
  EXPECT_FALSE(DecodePositionToken("garbage").ok());
  EXPECT_FALSE(DecodePositionToken(EncodePositionToken(0)).ok());
  EXPECT_FALSE(DecodePositionToken(std::string(1000, 'A')).ok());
}

TEST(PagingTest, ListTokensServeOnlyTheirQuery) {
  v1::ListDossiersRequest energy;
  energy.mutable_filter()->set_policy_area("energy");
  v1::ListDossiersRequest digital;
  digital.mutable_filter()->set_policy_area("digital");
  const std::string token = ListToken("32019L0944", QueryKey(energy));
  EXPECT_EQ(*ListTokenStart(token, QueryKey(energy)), "32019L0944");
  EXPECT_THAT(ListTokenStart(token, QueryKey(digital)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("issued for another filter")));
  EXPECT_EQ(*ListTokenStart("", QueryKey(energy)), "");
  EXPECT_FALSE(ListTokenStart(EncodePositionToken(3), QueryKey(energy)).ok());
  EXPECT_EQ(QueryKey(energy), QueryKey(energy));
}

TEST(PagingTest, FillPageStopsAtTheBudgetAndContinuesAfterTheLastItem) {
  app::Page<std::string> page;
  for (int i = 0; i < 4; ++i) {
    page.items.push_back(absl::StrCat("id", i));
    page.cursors.push_back(absl::StrCat("cursor", i));
  }
  google::protobuf::RepeatedPtrField<v1::Directive> out;
  std::string next;
  // Items of 1.2 MiB: only two fit in 3 MiB.
  FillPage(
      page,
      [](const std::string& id) {
        v1::Directive d;
        d.set_celex(id);
        d.set_title(std::string(1200 * 1024, 'x'));
        return d;
      },
      "key", out, next);
  ASSERT_EQ(out.size(), 2);
  EXPECT_EQ(*ListTokenStart(next, "key"), "cursor1");

  // A single item above the budget still goes out alone.
  app::Page<std::string> one;
  one.items = {"huge"};
  one.cursors = {"c"};
  google::protobuf::RepeatedPtrField<v1::Directive> alone;
  std::string none;
  FillPage(
      one,
      [](const std::string& id) {
        v1::Directive d;
        d.set_title(std::string(4 << 20, 'x'));
        return d;
      },
      "key", alone, none);
  EXPECT_EQ(alone.size(), 1);
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace transpo::api
