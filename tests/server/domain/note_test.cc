// The note's content over real directives: the key figures, the overdue
// list, what falls due before the horizon, the procedures, what changed since
// the previous note and the financial exposure, exactly.

#include "server/domain/note.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/domain/directive_fixture.h"
#include "tests/server/domain/note_fixture.h"

namespace transpo::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

TEST(NoteTest, KeyFigures) {
  const NoteFigures f = BuildNote(NoteFixture()).figures;
  EXPECT_EQ(f.followed, 7);  // all but environmental crime
  EXPECT_EQ(f.transposed, 2);
  EXPECT_EQ(f.transposed_on_time, 1);  // minimum wages; efficiency was late
  EXPECT_EQ(f.overdue, 3);
  EXPECT_EQ(f.overdue_two_years, 1);  // whistleblowers
  EXPECT_DOUBLE_EQ(f.deficit, 3.0 / 7);
}

TEST(NoteTest, OverdueLongestFirstWithCauseAndEta) {
  const Note note = BuildNote(NoteFixture());
  ASSERT_EQ(note.overdue.size(), 3u);
  const OverdueDirective& first = note.overdue[0];
  EXPECT_EQ(first.celex, "32019L1937");
  EXPECT_EQ(first.deadline, D(2021, 12, 17));
  EXPECT_EQ(first.days_overdue, 1565);
  EXPECT_EQ(first.lead_administration, "bee");
  EXPECT_EQ(first.delay_cause, "Council of State advice pending");
  EXPECT_EQ(first.expected_completion, D(2026, 9, 30));
  // RED III: its earlier, permitting deadline counts.
  EXPECT_EQ(note.overdue[1].celex, "32023L2413");
  EXPECT_EQ(note.overdue[1].days_overdue, 638);
  EXPECT_EQ(note.overdue[1].status, DossierStatus::kPartiallyNotified);
  EXPECT_EQ(note.overdue[2].celex, "32024L0825");
  EXPECT_EQ(note.overdue[2].days_overdue, 4);
}

TEST(NoteTest, WhatFallsDueBeforeTheHorizon) {
  // Not environmental crime (not applicable), not pay transparency (after
  // the horizon).
  EXPECT_THAT(
      BuildNote(NoteFixture()).falling_due,
      ElementsAre(AllOf(Field(&DueDeadline::celex, "32024L1275"),
                        Field(&DueDeadline::days_left, 59),
                        Field(&DueDeadline::lead_administration, "bm"))));
}

TEST(NoteTest, OpenProceduresMostAdvancedFirstAndTheExposure) {
  const Note note = BuildNote(NoteFixture());
  ASSERT_EQ(note.procedures.size(), 2u);
  EXPECT_EQ(note.procedures[0].number, "INFR(2024)2100");
  EXPECT_EQ(note.procedures[0].stage->kind, StageKind::kReferral);
  EXPECT_EQ(note.procedures[0].next_reply_due, std::nullopt);
  EXPECT_EQ(note.procedures[1].number, "INFR(2022)0075");
  EXPECT_EQ(note.procedures[1].next_reply_due, D(2026, 4, 20));
  EXPECT_EQ(note.exposure.lump_sum_eur, 1'200'000);
  EXPECT_EQ(note.exposure.daily_penalty_eur, 7'500);
}

TEST(NoteTest, WhatChangedSinceThePreviousNote) {
  const NoteChanges changes = BuildNote(NoteFixture()).changes;
  EXPECT_THAT(changes.newly_transposed, ElementsAre("32023L1791"));
  EXPECT_THAT(changes.newly_overdue, ElementsAre("32024L0825"));
  ASSERT_EQ(changes.new_steps.size(), 1u);
  EXPECT_EQ(changes.new_steps[0].number, "INFR(2022)0075");
  EXPECT_EQ(changes.new_steps[0].stage.kind, StageKind::kReasonedOpinion);
  ASSERT_EQ(changes.closures.size(), 1u);
  EXPECT_EQ(changes.closures[0].number, "INFR(2025)0160");
  EXPECT_EQ(changes.closures[0].date, D(2026, 3, 5));
  EXPECT_EQ(changes.closures[0].reason, "measures notified");
}

TEST(NoteTest, TheTrendIsTheEndOfEachOfTheTwelveMonthsToTheDay) {
  EXPECT_THAT(TrendDays(D(2026, 3, 15)),
              ElementsAre(D(2025, 4, 30), D(2025, 5, 31), D(2025, 6, 30),
                          D(2025, 7, 31), D(2025, 8, 31), D(2025, 9, 30),
                          D(2025, 10, 31), D(2025, 11, 30), D(2025, 12, 31),
                          D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 15)));
  EXPECT_EQ(TrendDays(D(2024, 12, 31)).front(), D(2024, 1, 31));
}

TEST(NoteTest, FiguresCountedOneAtATimeAreTheNotesOnThatDay) {
  const NoteInput in = NoteFixture();
  FiguresCounter counter(in.as_of);
  for (const DirectiveState& d : in.now.directives) counter.Add(d);
  const NoteFigures f = counter.figures();
  const NoteFigures note = BuildNote(in).figures;
  EXPECT_EQ(f.followed, note.followed);
  EXPECT_EQ(f.overdue, note.overdue);
  EXPECT_EQ(f.transposed_on_time, note.transposed_on_time);
  EXPECT_DOUBLE_EQ(f.deficit, note.deficit);
  // A year earlier the consumers' deadline had not passed.
  FiguresCounter earlier(D(2025, 3, 31));
  for (const DirectiveState& d : in.now.directives) earlier.Add(d);
  EXPECT_EQ(earlier.figures().overdue, 2);
}

TEST(NoteTest, TransposedOnIsTheFirstFullNotification) {
  DirectiveState d =
      FixtureDirective("32023L1791", "Energy efficiency (recast)",
                       {{D(2025, 10, 11), ""}}, DossierStatus::kNotified);
  d.measures = {Notified(D(2025, 9, 1), NotificationScope::kPartial),
                Notified(D(2026, 2, 15), NotificationScope::kFull),
                Notified(D(2026, 1, 15), NotificationScope::kFull)};
  EXPECT_EQ(TransposedOn(d), D(2026, 1, 15));
  d.status = DossierStatus::kDrafting;  // reopened
  EXPECT_EQ(TransposedOn(d), std::nullopt);
}

TEST(NoteTest, DaysDefaultToTwoMonthsEitherSide) {
  auto days = CheckNoteDays(D(2026, 3, 31), std::nullopt, std::nullopt,
                            D(2026, 11, 26));
  ASSERT_TRUE(days.ok()) << days.status();
  EXPECT_EQ(days->since, D(2026, 1, 31));
  EXPECT_EQ(days->horizon, D(2026, 5, 31));
  days =
      CheckNoteDays(std::nullopt, std::nullopt, std::nullopt, D(2026, 4, 30));
  ASSERT_TRUE(days.ok()) << days.status();
  EXPECT_EQ(days->as_of, D(2026, 4, 30));
  EXPECT_EQ(days->since, D(2026, 2, 28));  // no 30 February
  EXPECT_EQ(days->horizon, D(2026, 6, 30));
}

TEST(NoteTest, DaysOutOfOrderAreRefusedNamingTheField) {
  const absl::CivilDay today = D(2026, 3, 31);
  EXPECT_THAT(CheckNoteDays(D(2026, 4, 1), std::nullopt, std::nullopt, today)
                  .status()
                  .message(),
              ::testing::HasSubstr("as_of_date \"2026-04-01\": after today"));
  EXPECT_THAT(
      CheckNoteDays(today, today, std::nullopt, today).status().message(),
      ::testing::HasSubstr("since_date \"2026-03-31\": not before"));
  EXPECT_THAT(CheckNoteDays(today, std::nullopt, D(2026, 3, 1), today)
                  .status()
                  .message(),
              ::testing::HasSubstr("horizon_date \"2026-03-01\": not after"));
}

}  // namespace
}  // namespace transpo::domain
