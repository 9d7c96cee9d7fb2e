#include "server/demo_data.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

TEST(DemoDataTest, ParsesStaggeredDeadlines) {
  ASSERT_OK_AND_ASSIGN(
      auto directives,
      ParseDirectivesCsv(
          "celex,short_title,deadline,other_deadlines,policy_area,confidence\n"
          "32019L0904,Single-use plastics,2021-07-03,2024-07-03 Art 6(1); "
          "2024-12-31 extended producer responsibility,environment,found\n"));
  ASSERT_EQ(directives.size(), 1u);
  ASSERT_EQ(directives[0].deadlines_size(), 3);
  EXPECT_EQ(directives[0].deadlines(1).date(), "2024-07-03");
  EXPECT_EQ(directives[0].deadlines(1).scope(), "Art 6(1)");
  EXPECT_EQ(directives[0].deadlines(2).scope(),
            "extended producer responsibility");
  EXPECT_THAT(ParseDirectivesCsv("header\n32019L0904,too,few\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("line 2: 3 columns")));
}

TEST(DemoDataTest, TheShippedDataSetLoadsOnceThroughTheApi) {
  testing::TempDir dir;
  auto server = Transpod::Start({.listen = "127.0.0.1:0",
                                 .metrics_listen = "",
                                 .data_dir = dir.path(),
                                 .clock = "manual@2026-11-23T09:00"});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_OK_AND_ASSIGN(DemoLoad first, LoadDemoData(**server, DEMO_DATA_PATH));
  EXPECT_GE(first.directives, 50);
  EXPECT_EQ(first.created, first.directives);
  const uint64_t head = (*server)->log().head();
  ASSERT_OK_AND_ASSIGN(DemoLoad again, LoadDemoData(**server, DEMO_DATA_PATH));
  EXPECT_EQ(again.created, 0);
  EXPECT_EQ((*server)->log().head(), head);
}

}  // namespace
}  // namespace transpo
