#include "server/domain/court_case.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/deadlines.h"
#include "tests/testing/status_matchers.h"

namespace transpo::domain {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

TEST(CourtCaseTest, RegisterAndAddDeadlines) {
  CourtCaseState state;
  EXPECT_THAT(
      Decide(state, RegisterCourtCase{{.number = "C-1/2", .title = "t"}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("court_case.number")));
  EXPECT_THAT(Decide(state, AddCourtDeadline{{D(2026, 4, 1), "observations"}}),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  auto run = [&state](const CourtCaseCommand& command) {
    auto events = Decide(state, command);
    ASSERT_TRUE(events.ok()) << events.status();
    for (const auto& e : *events) Apply(state, e, {});
  };
  run(RegisterCourtCase{
      {.number = "C-100/26", .title = "Reference from the Conseil d'Etat"}});
  run(AddCourtDeadline{{D(2026, 6, 1), "hearing"}});
  run(AddCourtDeadline{{D(2026, 4, 1), "written observations"}});
  EXPECT_EQ(state.version, 3u);
  EXPECT_EQ(CourtCaseDeadlines(state)[0].description, "written observations");
  EXPECT_THAT(
      Decide(state, AddCourtDeadline{{D(2026, 4, 1), ""}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("description")));
}

}  // namespace
}  // namespace transpo::domain
