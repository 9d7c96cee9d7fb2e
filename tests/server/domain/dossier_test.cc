#include "server/domain/dossier.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/field_error.h"
#include "server/domain/limits.h"
#include "tests/server/domain/directive_fixture.h"
#include "tests/testing/status_matchers.h"

namespace transpo::domain {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

TEST(DossierTest, AssignmentMovesRegisteredToAssigned) {
  DirectiveState state = Registered();
  EXPECT_THAT(Decide(state, AssignDossier{{}}, kContext),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("lead_administration")));
  Execute(state, AssignDossier{{.lead_administration = "bee",
                                .correspondents = {"a.dupont"}}});
  EXPECT_EQ(state.status, DossierStatus::kAssigned);
  EXPECT_EQ(state.dossier.correspondents.size(), 1u);
  // Reassigning keeps the status.
  Execute(state, AssignDossier{{.lead_administration = "bi"}});
  EXPECT_EQ(state.status, DossierStatus::kAssigned);
  EXPECT_EQ(state.dossier.lead_administration, "bi");
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
  Execute(state, AssignDossier{{.lead_administration = "bi"}});
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
  Execute(state, AssignDossier{{.lead_administration = "bm"}});
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

TEST(DossierTest, ADossierHoldsAtMostItsBoundOfMeasures) {
  DirectiveState state = Registered();
  Execute(state, AssignDossier{{.lead_administration = "bm"}});
  Measure measure{.act_type = "order", .title = "An order"};
  for (size_t i = 0; i < kMaxMeasures; ++i) {
    measure.id = absl::StrCat("m", i);
    Execute(state, RecordMeasure{measure});
  }
  measure.id = "one-too-many";
  auto refused = Decide(state, RecordMeasure{measure}, kContext);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("already has 50 measures")));
  EXPECT_EQ(ErrorField(refused.status()), "measure.id");
  measure.id = "m7";  // replacing one is fine
  EXPECT_OK(Decide(state, RecordMeasure{measure}, kContext).status());
}

}  // namespace
}  // namespace transpo::domain
