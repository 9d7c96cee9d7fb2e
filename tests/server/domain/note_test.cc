// The note's content over real directives: the key figures, the overdue
// list, what falls due before the horizon, the procedures, what changed since
// the previous note and the financial exposure, exactly.

#include "server/domain/note.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/domain/directive_fixture.h"

namespace transpo::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

DirectiveState Directive(const std::string& celex, const std::string& title,
                         std::vector<TranspositionDeadline> deadlines,
                         DossierStatus status, const std::string& lead = "") {
  DirectiveState d;
  d.version = 1;
  d.directive.celex = celex;
  d.directive.short_title = title;
  d.directive.deadlines = std::move(deadlines);
  d.status = status;
  d.dossier.lead_administration = lead;
  return d;
}

Measure Notified(absl::CivilDay day, NotificationScope scope) {
  Measure m;
  m.id = "m1";
  m.notification_date = day;
  m.notification_scope = scope;
  return m;
}

ProcedureState Procedure(const std::string& number, const std::string& celex,
                         std::vector<Stage> stages) {
  ProcedureState p;
  p.version = 1;
  p.number = number;
  p.celex = {celex};
  p.stages = std::move(stages);
  return p;
}

// The state of play on 31 March 2026, the previous note on 31 January.
NoteInput Input() {
  NoteInput in{.as_of = D(2026, 3, 31),
               .since = D(2026, 1, 31),
               .horizon = D(2026, 5, 31)};
  DirectiveState whistleblowers =
      Directive("32019L1937", "Protection of whistleblowers",
                {{D(2021, 12, 17), ""},
                 {D(2023, 12, 17), "entities with 50 to 249 workers"}},
                DossierStatus::kDrafting, "bee");
  whistleblowers.dossier.delay_cause = "Council of State advice pending";
  whistleblowers.dossier.expected_completion = D(2026, 9, 30);
  DirectiveState efficiency =
      Directive("32023L1791", "Energy efficiency (recast)",
                {{D(2025, 10, 11), ""}}, DossierStatus::kNotified, "bee");
  efficiency.measures = {Notified(D(2026, 2, 15), NotificationScope::kFull)};
  DirectiveState buildings =
      Directive("32024L1275", "Energy performance of buildings (recast)",
                {{D(2026, 5, 29), ""}}, DossierStatus::kDrafting, "bm");
  DirectiveState crime =
      Directive("32024L1203", "Environmental crime", {{D(2026, 5, 21), ""}},
                DossierStatus::kNotApplicable);
  DirectiveState wages =
      Directive("32022L2041", "Adequate minimum wages", {{D(2024, 11, 15), ""}},
                DossierStatus::kClosed, "talent");
  wages.measures = {Notified(D(2024, 11, 10), NotificationScope::kFull)};
  DirectiveState red3 = Directive(
      "32023L2413", "Renewable energy amendment (RED III)",
      {{D(2025, 5, 21), ""}, {D(2024, 7, 1), "permitting provisions"}},
      DossierStatus::kPartiallyNotified, "bew");
  red3.measures = {Notified(D(2024, 12, 1), NotificationScope::kPartial)};
  DirectiveState consumers =
      Directive("32024L0825", "Empowering consumers for the green transition",
                {{D(2026, 3, 27), ""}}, DossierStatus::kRegistered);
  DirectiveState pay =
      Directive("32023L0970", "Pay transparency", {{D(2026, 6, 7), ""}},
                DossierStatus::kAssigned, "talent");
  in.now.directives = {whistleblowers, efficiency, buildings, crime,
                       wages,          red3,       consumers, pay};

  DirectiveState efficiency_then = efficiency;
  efficiency_then.status = DossierStatus::kDrafting;
  efficiency_then.measures.clear();
  in.directives_then = {
      whistleblowers, efficiency_then, buildings, crime, wages,
      red3,           consumers,       pay};

  ProcedureState p1 = Procedure("INFR(2022)0075", "32019L1937",
                                {{.kind = StageKind::kLetterOfFormalNotice,
                                  .date = D(2022, 1, 27),
                                  .reply_due = D(2022, 3, 28),
                                  .reply_sent = D(2022, 3, 20)},
                                 {.kind = StageKind::kReasonedOpinion,
                                  .date = D(2026, 2, 20),
                                  .reply_due = D(2026, 4, 20)}});
  ProcedureState p2 = Procedure("INFR(2025)0160", "32023L1791",
                                {{.kind = StageKind::kLetterOfFormalNotice,
                                  .date = D(2025, 11, 27),
                                  .reply_due = D(2026, 1, 27)}});
  p2.closed_on = D(2026, 3, 5);
  p2.closure_reason = "measures notified";
  ProcedureState p3 = Procedure("INFR(2024)2100", "32023L2413",
                                {{.kind = StageKind::kLetterOfFormalNotice,
                                  .date = D(2024, 9, 26),
                                  .reply_due = D(2024, 11, 26),
                                  .reply_sent = D(2024, 11, 20)},
                                 {.kind = StageKind::kReasonedOpinion,
                                  .date = D(2025, 3, 15),
                                  .reply_due = D(2025, 5, 15),
                                  .reply_sent = D(2025, 5, 10)},
                                 {.kind = StageKind::kReferral,
                                  .date = D(2025, 12, 1),
                                  .lump_sum_eur = 1'200'000,
                                  .daily_penalty_eur = 7'500,
                                  .case_number = "C-812/25"}});
  in.now.procedures = {p1, p2, p3};
  return in;
}

TEST(NoteTest, KeyFigures) {
  const NoteFigures f = BuildNote(Input()).figures;
  EXPECT_EQ(f.followed, 7);  // all but environmental crime
  EXPECT_EQ(f.transposed, 2);
  EXPECT_EQ(f.transposed_on_time, 1);  // minimum wages; efficiency was late
  EXPECT_EQ(f.overdue, 3);
  EXPECT_EQ(f.overdue_two_years, 1);  // whistleblowers
  EXPECT_DOUBLE_EQ(f.deficit, 3.0 / 7);
}

TEST(NoteTest, OverdueLongestFirstWithCauseAndEta) {
  const Note note = BuildNote(Input());
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
      BuildNote(Input()).falling_due,
      ElementsAre(AllOf(Field(&DueDeadline::celex, "32024L1275"),
                        Field(&DueDeadline::days_left, 59),
                        Field(&DueDeadline::lead_administration, "bm"))));
}

TEST(NoteTest, OpenProceduresMostAdvancedFirstAndTheExposure) {
  const Note note = BuildNote(Input());
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
  const NoteChanges changes = BuildNote(Input()).changes;
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

TEST(NoteTest, TransposedOnIsTheFirstFullNotification) {
  DirectiveState d =
      Directive("32023L1791", "Energy efficiency (recast)",
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
