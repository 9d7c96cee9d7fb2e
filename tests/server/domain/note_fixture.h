// The note's input on 31 March 2026 (the previous note on 31 January, the
// next on 31 May) over real directives with a recorded history: the
// fixture of the note's content and rendering tests.

#ifndef TRANSPO_TESTS_SERVER_DOMAIN_NOTE_FIXTURE_H_
#define TRANSPO_TESTS_SERVER_DOMAIN_NOTE_FIXTURE_H_

#include <string>
#include <vector>

#include "server/domain/note.h"
#include "tests/server/domain/directive_fixture.h"

namespace transpo::domain {

inline DirectiveState FixtureDirective(
    const std::string& celex, const std::string& title,
    std::vector<TranspositionDeadline> deadlines, DossierStatus status,
    const std::string& lead = "") {
  DirectiveState d;
  d.version = 1;
  d.directive.celex = celex;
  d.directive.short_title = title;
  d.directive.deadlines = std::move(deadlines);
  d.status = status;
  d.dossier.lead_administration = lead;
  return d;
}

inline Measure Notified(absl::CivilDay day, NotificationScope scope) {
  Measure m;
  m.id = "m1";
  m.notification_date = day;
  m.notification_scope = scope;
  return m;
}

inline ProcedureState FixtureProcedure(const std::string& number,
                                       const std::string& celex,
                                       std::vector<Stage> stages) {
  ProcedureState p;
  p.version = 1;
  p.number = number;
  p.celex = {celex};
  p.stages = std::move(stages);
  return p;
}

// The state of play on 31 March 2026, the previous note on 31 January.
inline NoteInput NoteFixture() {
  NoteInput in{.as_of = D(2026, 3, 31),
               .since = D(2026, 1, 31),
               .horizon = D(2026, 5, 31)};
  DirectiveState whistleblowers =
      FixtureDirective("32019L1937", "Protection of whistleblowers",
                       {{D(2021, 12, 17), ""},
                        {D(2023, 12, 17), "entities with 50 to 249 workers"}},
                       DossierStatus::kDrafting, "bee");
  whistleblowers.dossier.delay_cause = "Council of State advice pending";
  whistleblowers.dossier.expected_completion = D(2026, 9, 30);
  DirectiveState efficiency = FixtureDirective(
      "32023L1791", "Energy efficiency (recast)", {{D(2025, 10, 11), ""}},
      DossierStatus::kNotified, "bee");
  efficiency.measures = {Notified(D(2026, 2, 15), NotificationScope::kFull)};
  DirectiveState buildings =
      FixtureDirective("32024L1275", "Energy performance of buildings (recast)",
                       {{D(2026, 5, 29), ""}}, DossierStatus::kDrafting, "bm");
  DirectiveState crime =
      FixtureDirective("32024L1203", "Environmental crime",
                       {{D(2026, 5, 21), ""}}, DossierStatus::kNotApplicable);
  DirectiveState wages = FixtureDirective(
      "32022L2041", "Adequate minimum wages", {{D(2024, 11, 15), ""}},
      DossierStatus::kClosed, "talent");
  wages.measures = {Notified(D(2024, 11, 10), NotificationScope::kFull)};
  DirectiveState red3 = FixtureDirective(
      "32023L2413", "Renewable energy amendment (RED III)",
      {{D(2025, 5, 21), ""}, {D(2024, 7, 1), "permitting provisions"}},
      DossierStatus::kPartiallyNotified, "bew");
  red3.measures = {Notified(D(2024, 12, 1), NotificationScope::kPartial)};
  DirectiveState consumers = FixtureDirective(
      "32024L0825", "Empowering consumers for the green transition",
      {{D(2026, 3, 27), ""}}, DossierStatus::kRegistered);
  DirectiveState pay =
      FixtureDirective("32023L0970", "Pay transparency", {{D(2026, 6, 7), ""}},
                       DossierStatus::kAssigned, "talent");
  in.now.directives = {whistleblowers, efficiency, buildings, crime,
                       wages,          red3,       consumers, pay};

  DirectiveState efficiency_then = efficiency;
  efficiency_then.status = DossierStatus::kDrafting;
  efficiency_then.measures.clear();
  in.directives_then = {
      whistleblowers, efficiency_then, buildings, crime, wages,
      red3,           consumers,       pay};

  ProcedureState p1 =
      FixtureProcedure("INFR(2022)0075", "32019L1937",
                       {{.kind = StageKind::kLetterOfFormalNotice,
                         .date = D(2022, 1, 27),
                         .reply_due = D(2022, 3, 28),
                         .reply_sent = D(2022, 3, 20)},
                        {.kind = StageKind::kReasonedOpinion,
                         .date = D(2026, 2, 20),
                         .reply_due = D(2026, 4, 20)}});
  ProcedureState p2 =
      FixtureProcedure("INFR(2025)0160", "32023L1791",
                       {{.kind = StageKind::kLetterOfFormalNotice,
                         .date = D(2025, 11, 27),
                         .reply_due = D(2026, 1, 27)}});
  p2.closed_on = D(2026, 3, 5);
  p2.closure_reason = "measures notified";
  ProcedureState p3 =
      FixtureProcedure("INFR(2024)2100", "32023L2413",
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

}  // namespace transpo::domain

#endif  // TRANSPO_TESTS_SERVER_DOMAIN_NOTE_FIXTURE_H_
