#include "clients/directive_import.h"

#include <grpcpp/grpcpp.h>

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/transpod.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace transpo::clients {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

TEST(DirectiveImportTest, ParsesStaggeredDeadlines) {
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

TEST(DirectiveImportTest, TheShippedDataSetLoadsOnceThroughTheApi) {
  testing::TempDir dir;
  // Without alerts: the log holds only what the imports write.
  auto server = Transpod::Start({.listen = "127.0.0.1:0",
                                 .metrics_listen = "",
                                 .data_dir = dir.path(),
                                 .clock = "manual@2026-11-23T09:00",
                                 .alerts = false});
  ASSERT_TRUE(server.ok()) << server.status();
  std::ifstream in(DEMO_DATA_PATH);
  std::stringstream text;
  text << in.rdbuf();
  ASSERT_OK_AND_ASSIGN(auto directives, ParseDirectivesCsv(text.str()));
  auto stub = v1::DirectiveService::NewStub((*server)->InProcessChannel());
  ASSERT_OK_AND_ASSIGN(ImportCounts first,
                       ImportDirectives(*stub, directives, "demo-data"));
  EXPECT_GE(first.directives, 50);
  EXPECT_EQ(first.created, first.directives);
  const uint64_t head = (*server)->log().head();
  ASSERT_OK_AND_ASSIGN(ImportCounts again,
                       ImportDirectives(*stub, directives, "demo-data"));
  EXPECT_EQ(again.created, 0);
  EXPECT_EQ((*server)->log().head(), head);
}

TEST(DirectiveImportTest, ARefusedRowStopsTheImportNamingIt) {
  testing::TempDir dir;
  auto server = Transpod::Start({.listen = "127.0.0.1:0",
                                 .metrics_listen = "",
                                 .data_dir = dir.path(),
                                 .clock = "manual@2026-11-23T09:00"});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_OK_AND_ASSIGN(
      auto directives,
      ParseDirectivesCsv("header\n"
                         "32019L0904,Single-use plastics,2021-07-03,,env,x\n"
                         "32019L0905,Bad date,2021-02-30,,env,x\n"));
  auto stub = v1::DirectiveService::NewStub((*server)->InProcessChannel());
  EXPECT_THAT(ImportDirectives(*stub, directives, "import"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("32019L0905: directive.deadlines[0].date")));
}

}  // namespace
}  // namespace transpo::clients
