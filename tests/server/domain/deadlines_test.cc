#include "server/domain/deadlines.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace transpo::domain {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

TEST(DeadlinesTest, DossierDeadlinesWithTriggers) {
  Calendar calendar = *Calendar::Create({});
  DirectiveState state;
  DirectiveInfo info{
      .celex = "32019L1937",
      .short_title = "Whistleblowers",
      .deadlines = {{D(2021, 12, 17), ""}, {D(2023, 12, 17), "Art 8(3)"}}};
  auto registered = Decide(state, RegisterDirective{info}, {D(2026, 1, 1)});
  ASSERT_TRUE(registered.ok()) << registered.status();
  for (const auto& e : *registered) Apply(state, e, {});
  Apply(state, MilestoneSet{{MilestoneKind::kAdoption, D(2022, 3, 1), {}}}, {});
  auto deadlines = DossierDeadlines(state, calendar, {});
  ASSERT_EQ(deadlines.size(), 5u);
  EXPECT_EQ(deadlines[0].kind, DeadlineKind::kTransposition);
  EXPECT_EQ(deadlines[1].kind, DeadlineKind::kInfringementTrigger);
  EXPECT_EQ(deadlines[1].date, D(2022, 1, 17));
  EXPECT_EQ(deadlines[2].kind, DeadlineKind::kMilestone);
  // 17 Dec 2023 + 1 month = Wednesday 17 Jan 2024.
  EXPECT_EQ(deadlines[4].date, D(2024, 1, 17));
  EXPECT_THAT(deadlines[3].description, HasSubstr("(Art 8(3))"));
  // A configured offset of two months.
  auto two = DossierDeadlines(state, calendar,
                              {.infringement_trigger = Period::Months(2)});
  EXPECT_EQ(two[1].date, D(2022, 2, 17));
}

}  // namespace
}  // namespace transpo::domain
