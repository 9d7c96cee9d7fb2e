// The key figures' definitions: what is followed, what an open deadline is,
// two years overdue to the day, the deficit, the next reply owed.

#include "server/domain/key_figures.h"

#include "gtest/gtest.h"
#include "tests/server/domain/directive_fixture.h"

namespace transpo::domain {
namespace {

TEST(KeyFiguresTest, NotApplicableIsNotFollowedTransposedHasNoOpenDeadline) {
  EXPECT_FALSE(IsFollowed(DirectiveState{}));
  EXPECT_TRUE(IsFollowed(WithStatus(DossierStatus::kDrafting)));
  EXPECT_FALSE(IsFollowed(WithStatus(DossierStatus::kNotApplicable)));
  // The first of its two deadlines; partial notification is not transposed.
  EXPECT_EQ(OpenDeadline(WithStatus(DossierStatus::kPartiallyNotified)),
            D(2021, 12, 17));
  EXPECT_EQ(OpenDeadline(WithStatus(DossierStatus::kNotified)), std::nullopt);
  EXPECT_EQ(OpenDeadline(WithStatus(DossierStatus::kClosed)), std::nullopt);
  EXPECT_EQ(OpenDeadline(WithStatus(DossierStatus::kNotApplicable)),
            std::nullopt);
}

TEST(KeyFiguresTest, TwoYearsOverdueIsCountedToTheDay) {
  EXPECT_FALSE(OverdueTwoYearsOrMore(D(2021, 12, 17), D(2023, 12, 16)));
  EXPECT_TRUE(OverdueTwoYearsOrMore(D(2021, 12, 17), D(2023, 12, 17)));
  // From 29 February, two years end on 1 March.
  EXPECT_FALSE(OverdueTwoYearsOrMore(D(2024, 2, 29), D(2026, 2, 28)));
  EXPECT_TRUE(OverdueTwoYearsOrMore(D(2024, 2, 29), D(2026, 3, 1)));
  // On 29 February, a deadline of 1 March two years before is not yet.
  EXPECT_FALSE(OverdueTwoYearsOrMore(D(2026, 3, 1), D(2028, 2, 29)));
  EXPECT_TRUE(OverdueTwoYearsOrMore(D(2026, 2, 28), D(2028, 2, 29)));
}

TEST(KeyFiguresTest, DeficitIsOverdueOverFollowed) {
  EXPECT_EQ(Deficit(0, 0), 0);
  EXPECT_DOUBLE_EQ(Deficit(1, 200), 0.005);
  EXPECT_DOUBLE_EQ(Deficit(3, 4), 0.75);
}

TEST(KeyFiguresTest, TheNextReplyIsTheEarliestNotSent) {
  ProcedureState procedure;
  procedure.version = 1;
  EXPECT_EQ(NextReplyDue(procedure), std::nullopt);
  Stage letter{.kind = StageKind::kLetterOfFormalNotice,
               .date = D(2022, 1, 27),
               .reply_due = D(2022, 3, 28),
               .reply_sent = D(2022, 3, 20)};
  Stage opinion{.kind = StageKind::kReasonedOpinion,
                .date = D(2022, 7, 15),
                .reply_due = D(2022, 9, 15)};
  procedure.stages = {letter, opinion};
  EXPECT_EQ(NextReplyDue(procedure), D(2022, 9, 15));
  procedure.stages[1].reply_sent = D(2022, 9, 1);
  EXPECT_EQ(NextReplyDue(procedure), std::nullopt);
  procedure.stages[1].reply_sent.reset();
  procedure.closed_on = D(2022, 8, 1);
  EXPECT_EQ(NextReplyDue(procedure), std::nullopt);
}

}  // namespace
}  // namespace transpo::domain
