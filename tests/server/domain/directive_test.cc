#include "server/domain/directive.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/field_error.h"
#include "tests/testing/status_matchers.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

const DecideContext kContext{.today = D(2026, 3, 2)};

DirectiveInfo Whistleblowers() {
  DirectiveInfo d;
  d.celex = "32019L1937";
  d.short_title = "Whistleblower protection";
  d.adoption_date = D(2019, 10, 23);
  d.deadlines = {{D(2021, 12, 17), ""},
                 {D(2023, 12, 17), "Art 8(3) private entities 50-249"}};
  d.policy_area = "justice";
  d.competence = Competence::kShared;
  return d;
}

// Decides and applies `command`, failing the test on an error.
void Execute(DirectiveState& state, const DirectiveCommand& command,
             const DecideContext& context = kContext) {
  auto events = Decide(state, command, context);
  ASSERT_TRUE(events.ok()) << events.status();
  for (const auto& e : *events) Apply(state, e, {absl::UnixEpoch(), "tester"});
}

DirectiveState Registered() {
  DirectiveState state;
  Execute(state, RegisterDirective{Whistleblowers()});
  return state;
}

DirectiveState WithStatus(DossierStatus status) {
  DirectiveState state = Registered();
  state.status = status;  // a test shortcut: tables below exercise every pair
  return state;
}

TEST(DirectiveTest, RegisterCreatesTheDossier) {
  DirectiveState state = Registered();
  EXPECT_EQ(state.version, 1u);
  EXPECT_EQ(state.status, DossierStatus::kRegistered);
  EXPECT_EQ(state.directive.deadlines.size(), 2u);
  EXPECT_EQ(state.created.actor, "tester");
  EXPECT_THAT(
      Decide(state, RegisterDirective{Whistleblowers()}, kContext),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("32019L1937")));
}

TEST(DirectiveTest, RejectsBadDirectivesNamingTheField) {
  struct Case {
    std::function<void(DirectiveInfo&)> mutate;
    std::string field;
    std::string message;
  };
  const Case cases[] = {
      {[](DirectiveInfo& d) { d.celex = "32019R1937"; }, "directive.celex",
       "\"32019R1937\""},
      {[](DirectiveInfo& d) { d.celex = "3201L1937"; }, "directive.celex",
       "3YYYYLNNNN"},
      {[](DirectiveInfo& d) { d.short_title = " "; }, "directive.short_title",
       "required"},
      {[](DirectiveInfo& d) { d.deadlines.clear(); }, "directive.deadlines",
       "at least one"},
      {[](DirectiveInfo& d) { d.deadlines[1].date = D(2019, 1, 1); },
       "directive.deadlines[1].date",
       "\"2019-01-01\": before the adoption date 2019-10-23"},
      {[](DirectiveInfo& d) { d.title = std::string(2001, 'x'); },
       "directive.title", "longer than 2000"},
  };
  for (const Case& c : cases) {
    DirectiveInfo info = Whistleblowers();
    c.mutate(info);
    auto result = Decide(DirectiveState{}, RegisterDirective{info}, kContext);
    EXPECT_THAT(result, StatusIs(absl::StatusCode::kInvalidArgument,
                                 HasSubstr(c.message)))
        << c.field;
    EXPECT_EQ(ErrorField(result.status()), c.field);
  }
}

TEST(DirectiveTest, CommandsOnAnUnknownDirectiveAreNotFound) {
  EXPECT_THAT(Decide(DirectiveState{},
                     AssignDossier{{.lead_administration = "x"}}, kContext),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST(DirectiveTest, UpdateChangesOnlyMaskedFields) {
  DirectiveState state = Registered();
  DirectiveInfo patch;
  patch.short_title = "Whistleblowers";
  patch.policy_area = "ignored";
  Execute(state, UpdateDirective{patch, {"short_title"}});
  EXPECT_EQ(state.directive.short_title, "Whistleblowers");
  EXPECT_EQ(state.directive.policy_area, "justice");
  EXPECT_EQ(state.version, 2u);

  EXPECT_THAT(Decide(state, UpdateDirective{patch, {"celex"}}, kContext),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("cannot be changed")));
  EXPECT_THAT(Decide(state, UpdateDirective{patch, {"colour"}}, kContext),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("\"colour\": unknown field")));
  EXPECT_THAT(
      Decide(state, UpdateDirective{patch, {}}, kContext),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));
  // The merged result is validated as a whole.
  patch.adoption_date = D(2022, 1, 1);
  EXPECT_THAT(
      Decide(state, UpdateDirective{patch, {"adoption_date"}}, kContext),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("before the adoption date")));
}

TEST(DossierTest, AssignmentMovesRegisteredToAssigned) {
  DirectiveState state = Registered();
  EXPECT_THAT(Decide(state, AssignDossier{{}}, kContext),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("lead_administration")));
  Execute(state, AssignDossier{
                     {.lead_administration = "Brussels Economy and Employment",
                      .correspondents = {"a.dupont"}}});
  EXPECT_EQ(state.status, DossierStatus::kAssigned);
  EXPECT_EQ(state.dossier.correspondents.size(), 1u);
  // Reassigning keeps the status.
  Execute(state,
          AssignDossier{{.lead_administration = "Brussels International"}});
  EXPECT_EQ(state.status, DossierStatus::kAssigned);
  EXPECT_EQ(state.dossier.lead_administration, "Brussels International");
}

TEST(DossierTest, StatusTransitionTable) {
  using S = DossierStatus;
  const S all[] = {S::kRegistered, S::kAssigned,          S::kDrafting,
                   S::kAdopted,    S::kPartiallyNotified, S::kNotified,
                   S::kClosed,     S::kNotApplicable};
  const std::set<std::pair<S, S>> allowed = {
      {S::kAssigned, S::kDrafting},
      {S::kPartiallyNotified, S::kDrafting},
      {S::kDrafting, S::kAdopted},
      {S::kPartiallyNotified, S::kAdopted},
      {S::kNotified, S::kClosed},
      {S::kRegistered, S::kNotApplicable},
      {S::kAssigned, S::kNotApplicable},
      {S::kDrafting, S::kNotApplicable},
      {S::kNotApplicable, S::kRegistered},
  };
  for (S from : all) {
    for (S to : all) {
      DirectiveState state = WithStatus(from);
      auto result = Decide(
          state, ChangeDossierStatus{to, "no regional competence"}, kContext);
      if (allowed.count({from, to})) {
        EXPECT_TRUE(result.ok())
            << DossierStatusName(from) << " -> " << DossierStatusName(to);
      } else {
        EXPECT_THAT(
            result,
            StatusIs(absl::StatusCode::kFailedPrecondition,
                     HasSubstr(absl::StrCat("from ", DossierStatusName(from),
                                            " to ", DossierStatusName(to)))));
      }
    }
  }
}

TEST(DossierTest, NotApplicableNeedsAReason) {
  DirectiveState state = Registered();
  EXPECT_THAT(
      Decide(state, ChangeDossierStatus{DossierStatus::kNotApplicable, ""},
             kContext),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  Execute(state, ChangeDossierStatus{DossierStatus::kNotApplicable,
                                     "existing law conforms"});
  EXPECT_EQ(state.status_reason, "existing law conforms");
  EXPECT_FALSE(IsOverdue(state, D(2026, 1, 1)));
  EXPECT_THAT(
      Decide(state, SetMilestone{{MilestoneKind::kDraft, D(2026, 4, 1), {}}},
             kContext),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("not applicable")));
}

TEST(DossierTest, MeasuresAndNotificationDriveTheStatus) {
  DirectiveState state = Registered();
  Execute(state,
          AssignDossier{{.lead_administration = "Brussels International"}});
  Execute(state, ChangeDossierStatus{DossierStatus::kDrafting, ""});
  Measure ordinance{.id = "ord-2023-1",
                    .act_type = "ordinance",
                    .title = "Ordinance on the protection of whistleblowers",
                    .adoption_date = D(2023, 5, 4),
                    .publication_date = D(2023, 5, 20)};
  Execute(state, RecordMeasure{ordinance});
  EXPECT_THAT(Decide(state, NotifyMeasure{"nope", D(2023, 6, 1)}, kContext),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"nope\"")));
  EXPECT_THAT(
      Decide(state, NotifyMeasure{"ord-2023-1", D(2023, 5, 10)}, kContext),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("before the measure's")));
  EXPECT_THAT(
      Decide(state, NotifyMeasure{"ord-2023-1", D(2027, 1, 1)}, kContext),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("in the future")));

  Execute(state, NotifyMeasure{"ord-2023-1", D(2023, 6, 1),
                               NotificationScope::kPartial});
  EXPECT_EQ(state.status, DossierStatus::kPartiallyNotified);
  EXPECT_TRUE(
      IsOverdue(state, D(2023, 6, 2)));  // partial counts as not transposed
  EXPECT_THAT(Decide(state, RecordMeasure{ordinance}, kContext),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("was notified")));

  Measure order{
      .id = "order-2024-2", .act_type = "order", .title = "Implementing order"};
  Execute(state, RecordMeasure{order});
  Execute(state, NotifyMeasure{"order-2024-2", D(2024, 2, 1),
                               NotificationScope::kFull});
  EXPECT_EQ(state.status, DossierStatus::kNotified);
  EXPECT_FALSE(IsOverdue(state, D(2024, 2, 2)));
  EXPECT_THAT(
      Decide(state, NotifyMeasure{"order-2024-2", D(2024, 2, 2)}, kContext),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("notified")));
  Execute(state, ChangeDossierStatus{DossierStatus::kClosed, ""});
  EXPECT_THAT(
      Decide(state, RecordMeasure{order}, kContext),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("is closed")));
}

TEST(DossierTest, RejectsBadMeasures) {
  DirectiveState state = Registered();
  EXPECT_THAT(
      Decide(
          state,
          RecordMeasure{{.id = "has space", .act_type = "order", .title = "t"}},
          kContext),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("measure.id \"has space\"")));
  EXPECT_THAT(
      Decide(state, RecordMeasure{{.id = "m", .act_type = "order"}}, kContext),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("measure.title")));
  EXPECT_THAT(Decide(state,
                     RecordMeasure{{.id = "m",
                                    .act_type = "order",
                                    .title = "t",
                                    .adoption_date = D(2023, 5, 4),
                                    .publication_date = D(2023, 5, 1)}},
                     kContext),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("measure.publication_date")));
}

TEST(DossierTest, UpdateAndMilestones) {
  DirectiveState state = Registered();
  Execute(state, UpdateDossier{{.expected_completion = D(2026, 9, 30),
                                .delay_cause = "Council of State"},
                               {"expected_completion_date", "delay_cause"}});
  EXPECT_EQ(state.dossier.expected_completion, D(2026, 9, 30));
  EXPECT_EQ(state.status, DossierStatus::kRegistered);
  Execute(state, AssignDossier{{.lead_administration = "Brussels Mobility"}});
  EXPECT_THAT(
      Decide(state, UpdateDossier{{}, {"lead_administration"}}, kContext),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("required once")));

  Execute(
      state,
      SetMilestone{{MilestoneKind::kCouncilOfStateAdvice, D(2026, 5, 1), {}}});
  Execute(state,
          SetMilestone{{MilestoneKind::kDraft, D(2026, 3, 1), D(2026, 2, 27)}});
  Execute(
      state,
      SetMilestone{{MilestoneKind::kCouncilOfStateAdvice, D(2026, 6, 1), {}}});
  ASSERT_EQ(state.milestones.size(), 2u);
  EXPECT_EQ(state.milestones[0].kind, MilestoneKind::kDraft);  // kept in order
  EXPECT_EQ(state.milestones[1].planned, D(2026, 6, 1));       // replaced
  EXPECT_THAT(
      Decide(state,
             SetMilestone{{MilestoneKind::kAdoption, {}, D(2026, 12, 1)}},
             kContext),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("in the future")));
  EXPECT_THAT(
      Decide(state, SetMilestone{{MilestoneKind::kAdoption, {}, {}}}, kContext),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("planned_date")));
}

TEST(DossierTest, OverdueCountsFromTheDayAfterTheFirstDeadline) {
  DirectiveState state = Registered();
  EXPECT_FALSE(IsOverdue(state, D(2021, 12, 17)));
  EXPECT_TRUE(IsOverdue(state, D(2021, 12, 18)));
  EXPECT_EQ(DaysOverdue(state, D(2021, 12, 18)), 1);
  EXPECT_EQ(DaysOverdue(state, D(2022, 12, 17)), 365);
}

}  // namespace
}  // namespace transpo
