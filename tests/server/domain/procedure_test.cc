#include "server/domain/procedure.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/court_case.h"
#include "server/domain/deadlines.h"
#include "server/domain/field_error.h"
#include "server/domain/identifiers.h"
#include "server/domain/limits.h"
#include "tests/testing/status_matchers.h"

namespace transpo::domain {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

class ProcedureTest : public ::testing::Test {
 protected:
  ProcedureContext Context() {
    return {.today = D(2026, 3, 2),
            .calendar = &calendar_,
            .reply = {},
            .directive_exists = [](const std::string& celex)
                -> absl::StatusOr<bool> { return celex == "32019L1937"; },
            .procedures_concerning = [this](const std::string& celex)
                -> absl::StatusOr<size_t> { return concerning_; }};
  }

  void Run(const ProcedureCommand& command) {
    auto events = Decide(state_, command, Context());
    ASSERT_TRUE(events.ok()) << events.status();
    for (const auto& e : *events)
      Apply(state_, e, {absl::UnixEpoch(), "tester"});
  }

  absl::Status Try(const ProcedureCommand& command) {
    return Decide(state_, command, Context()).status();
  }

  void Open() {
    Run(OpenProcedure{
        "INFR(2022)0075", ProcedureType::kNonCommunication, {"32019L1937"}});
  }

  Calendar calendar_ = *Calendar::Create({});
  ProcedureState state_;
  size_t concerning_ = 0;  // procedures already concerning 32019L1937
};

TEST_F(ProcedureTest, OpensOnlyWithValidNumberAndKnownDirectives) {
  EXPECT_THAT(Try(OpenProcedure{"INFR(22)0075", {}, {"32019L1937"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("procedure.number \"INFR(22)0075\"")));
  EXPECT_THAT(
      Try(OpenProcedure{"INFR(2022)0075", {}, {}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at least one")));
  EXPECT_THAT(Try(OpenProcedure{"INFR(2022)0075", {}, {"32018L2001"}}),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("procedure.celex[0] \"32018L2001\"")));
  EXPECT_THAT(Try(RecordStage{}),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  Open();
  EXPECT_EQ(state_.version, 1u);
  EXPECT_THAT(Try(OpenProcedure{"INFR(2022)0075", {}, {"32019L1937"}}),
              StatusIs(absl::StatusCode::kAlreadyExists, ::testing::_));
}

TEST_F(ProcedureTest, LetterGetsADefaultReplyDateOrKeepsItsOwn) {
  Open();
  // The real letter to Belgium: 27 Jan 2022; two months end Sunday 27 March,
  // so the reply is due Monday 28 March.
  Run(RecordStage{
      {.kind = StageKind::kLetterOfFormalNotice, .date = D(2022, 1, 27)}});
  EXPECT_EQ(state_.stages[0].reply_due, D(2022, 3, 28));
  Run(RecordStage{{.kind = StageKind::kReasonedOpinion,
                   .date = D(2022, 7, 15),
                   .reply_due = D(2022, 9, 30)}});
  EXPECT_EQ(state_.stages[1].reply_due, D(2022, 9, 30));
  auto deadlines = ProcedureDeadlines(state_);
  ASSERT_EQ(deadlines.size(), 2u);
  EXPECT_EQ(deadlines[0].date, D(2022, 3, 28));
  EXPECT_FALSE(deadlines[0].met);
}

TEST_F(ProcedureTest, EuPilotDefaultsToTenWeeks) {
  Open();
  Run(RecordStage{{.kind = StageKind::kEuPilot, .date = D(2026, 1, 5)}});
  EXPECT_EQ(state_.stages[0].reply_due, D(2026, 3, 16));
}

TEST_F(ProcedureTest, StagesFollowTreatyOrder) {
  Open();
  EXPECT_THAT(
      Try(RecordStage{{.kind = StageKind::kAdditionalLetterOfFormalNotice,
                       .date = D(2022, 1, 1)}}),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("needs a letter of formal notice first")));
  EXPECT_THAT(Try(RecordStage{{.kind = StageKind::kJudgment,
                               .date = D(2022, 1, 1),
                               .case_number = "C-1/22"}}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("needs a referral")));
  Run(RecordStage{
      {.kind = StageKind::kLetterOfFormalNotice, .date = D(2022, 1, 27)}});
  Run(RecordStage{{.kind = StageKind::kAdditionalLetterOfFormalNotice,
                   .date = D(2022, 4, 1)}});
  Run(RecordStage{{.kind = StageKind::kAdditionalLetterOfFormalNotice,
                   .date = D(2022, 5, 1)}});
  Run(RecordStage{
      {.kind = StageKind::kReasonedOpinion, .date = D(2022, 7, 15)}});
  EXPECT_THAT(Try(RecordStage{{.kind = StageKind::kLetterOfFormalNotice,
                               .date = D(2022, 8, 1)}}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("at stage reasoned opinion: a letter of "
                                 "formal notice cannot follow")));
  EXPECT_THAT(Try(RecordStage{{.kind = StageKind::kReasonedOpinion,
                               .date = D(2022, 8, 1)}}),
              StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::_));
  EXPECT_THAT(
      Try(RecordStage{{.kind = StageKind::kReferral, .date = D(2022, 7, 1)}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("before the previous stage")));
  EXPECT_THAT(
      Try(RecordStage{{.kind = StageKind::kReferral, .date = D(2027, 1, 1)}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("in the future")));
  Run(RecordStage{{.kind = StageKind::kReferral,
                   .date = D(2023, 3, 1),
                   .lump_sum_eur = 2'100'000,
                   .case_number = "C-215/23"}});
  EXPECT_THAT(
      Try(RecordStage{{.kind = StageKind::kJudgment, .date = D(2024, 6, 1)}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("required for a judgment")));
  EXPECT_THAT(Try(RecordStage{{.kind = StageKind::kJudgment,
                               .date = D(2024, 6, 1),
                               .case_number = "C-215"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("stage.case_number \"C-215\"")));
  Run(RecordStage{{.kind = StageKind::kJudgment,
                   .date = D(2024, 6, 1),
                   .lump_sum_eur = 2'100'000,
                   .case_number = "C-215/23"}});
  EXPECT_FALSE(state_.stages.back().reply_due.has_value());
}

TEST_F(ProcedureTest, ASecondReferralNeedsTheArticle260LetterFirst) {
  Open();
  Run(RecordStage{
      {.kind = StageKind::kLetterOfFormalNotice, .date = D(2022, 1, 27)}});
  Run(RecordStage{{.kind = StageKind::kReferral,
                   .date = D(2023, 3, 1),
                   .case_number = "C-215/23"}});
  Run(RecordStage{{.kind = StageKind::kJudgment,
                   .date = D(2024, 6, 1),
                   .case_number = "C-215/23"}});
  EXPECT_THAT(
      Try(RecordStage{
          {.kind = StageKind::kSecondReferral, .date = D(2025, 6, 1)}}),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("a second referral (Art 260(2)) needs a Art 260(2) "
                         "letter of formal notice first")));
  Run(RecordStage{
      {.kind = StageKind::kArticle260Letter, .date = D(2024, 9, 1)}});
  EXPECT_OK(Try(RecordStage{
      {.kind = StageKind::kSecondReferral, .date = D(2025, 6, 1)}}));
}

TEST_F(ProcedureTest, ADirectiveIsConcernedByAtMostItsBoundOfProcedures) {
  concerning_ = kMaxProceduresPerDirective;
  auto refused = Decide(
      state_,
      OpenProcedure{
          "INFR(2022)0075", ProcedureType::kNonCommunication, {"32019L1937"}},
      Context());
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("already concerned by 20")));
  EXPECT_EQ(ErrorField(refused.status()), "procedure.celex[0]");
  concerning_ = kMaxProceduresPerDirective - 1;
  Open();
}

TEST_F(ProcedureTest, AReplyDueBeyondTheDateRangeIsRefused) {
  Open();
  auto refused =
      Decide(state_,
             RecordStage{{.kind = StageKind::kLetterOfFormalNotice,
                          .date = D(2200, 12, 20)}},
             {.today = D(2200, 12, 20),
              .calendar = &calendar_,
              .directive_exists = Context().directive_exists,
              .procedures_concerning = Context().procedures_concerning});
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("would be due on 2201-02-20")));
}

TEST_F(ProcedureTest, AProcedureHoldsAtMostItsBoundOfStages) {
  Open();
  Run(RecordStage{
      {.kind = StageKind::kLetterOfFormalNotice, .date = D(2022, 1, 1)}});
  for (size_t i = 1; i < kMaxStages; ++i) {
    Run(RecordStage{{.kind = StageKind::kAdditionalLetterOfFormalNotice,
                     .date = D(2022, 1, 1)}});
  }
  EXPECT_THAT(
      Try(RecordStage{{.kind = StageKind::kAdditionalLetterOfFormalNotice,
                       .date = D(2022, 1, 1)}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("already has 30 stages")));
}

TEST_F(ProcedureTest, RejectsFieldsThatDoNotFitTheStage) {
  Open();
  EXPECT_THAT(Try(RecordStage{{.kind = StageKind::kLetterOfFormalNotice,
                               .date = D(2022, 1, 27),
                               .lump_sum_eur = 5}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("stage.lump_sum_eur")));
  EXPECT_THAT(Try(RecordStage{{.kind = StageKind::kLetterOfFormalNotice,
                               .date = D(2022, 1, 27),
                               .reply_due = D(2022, 1, 1)}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("before the letter's date")));
  EXPECT_THAT(Try(RecordStage{{.kind = StageKind::kLetterOfFormalNotice,
                               .date = D(2022, 1, 27),
                               .case_number = "C-1/22"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("only a referral")));
}

TEST_F(ProcedureTest, RepliesAndClosure) {
  Open();
  EXPECT_THAT(Try(RecordReply{StageKind::kLetterOfFormalNotice, D(2022, 3, 1)}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("no letter of formal notice")));
  Run(RecordStage{
      {.kind = StageKind::kLetterOfFormalNotice, .date = D(2022, 1, 27)}});
  EXPECT_THAT(Try(RecordReply{StageKind::kLetterOfFormalNotice, D(2022, 1, 1)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("reply_date \"2022-01-01\"")));
  EXPECT_THAT(Try(RecordReply{StageKind::kReferral, D(2022, 3, 1)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("expects no reply")));
  Run(RecordReply{StageKind::kLetterOfFormalNotice, D(2022, 3, 25)});
  EXPECT_EQ(state_.stages[0].reply_sent, D(2022, 3, 25));
  EXPECT_TRUE(ProcedureDeadlines(state_)[0].met);
  EXPECT_THAT(
      Try(RecordReply{StageKind::kLetterOfFormalNotice, D(2022, 3, 26)}),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("was recorded")));

  EXPECT_THAT(
      Try(CloseProcedure{D(2023, 1, 1), ""}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  EXPECT_THAT(Try(CloseProcedure{D(2022, 1, 1), "done"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("before the last stage")));
  Run(CloseProcedure{D(2023, 2, 15), "full transposition notified"});
  EXPECT_TRUE(state_.closed());
  EXPECT_THAT(Try(RecordStage{{.kind = StageKind::kReasonedOpinion,
                               .date = D(2023, 3, 1)}}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("was closed on 2023-02-15")));
}

TEST_F(ProcedureTest, ReplyDueDatesAreDeadlinesOfTheDossiersConcerned) {
  Open();
  Run(RecordStage{
      {.kind = StageKind::kLetterOfFormalNotice, .date = D(2022, 1, 27)}});
  ProcedureState other = state_;
  other.number = "INFR(2022)0999";
  other.celex = {"32018L2001"};
  DirectiveState dossier;
  dossier.version = 1;
  dossier.directive = {.celex = "32019L1937",
                       .short_title = "Whistleblowers",
                       .deadlines = {{D(2021, 12, 17), ""}}};
  auto deadlines = DossierDeadlines(dossier, calendar_, {}, {state_, other});
  ASSERT_EQ(deadlines.size(), 3u);  // deadline, trigger, one reply
  EXPECT_EQ(deadlines[2].kind, DeadlineKind::kReplyDue);
  EXPECT_EQ(deadlines[2].date, D(2022, 3, 28));
  EXPECT_EQ(
      deadlines[2].description,
      "INFR(2022)0075: reply to the letter of formal notice of 2022-01-27");
}

}  // namespace
}  // namespace transpo::domain
