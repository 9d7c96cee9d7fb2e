// A retry with the same request_id answers exactly what the first call
// answered, byte for byte, and writes nothing: also after related writes in
// between (a letter adding a reply due date to the dossier, the day moving
// on) and after a restart.

#include <string>

#include "tests/server/api_fixture.h"

namespace transpo {
namespace {

class ApiRetriesTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ASSERT_TRUE(Create(Whistleblowers(), "create").ok());
    AddAdministration("bee");
  }

  v1::AssignDossierRequest Assignment() {
    v1::AssignDossierRequest assign;
    assign.set_celex("32019L1937");
    assign.set_lead_administration("bee");
    assign.set_request_id("assign-1");
    return assign;
  }

  void OpenWithLetter() {
    v1::OpenProcedureRequest open;
    open.set_number("INFR(2022)0075");
    open.set_type(v1::PROCEDURE_TYPE_NON_COMMUNICATION);
    open.add_celex("32019L1937");
    v1::OpenProcedureResponse opened;
    ASSERT_TRUE(procedures_->OpenProcedure(Ctx().get(), open, &opened).ok());
    v1::RecordStageRequest letter;
    letter.set_number("INFR(2022)0075");
    letter.mutable_stage()->set_kind(v1::STAGE_KIND_LETTER_OF_FORMAL_NOTICE);
    letter.mutable_stage()->set_date("2022-01-27");
    letter.set_request_id("letter-1");
    v1::RecordStageResponse staged;
    ASSERT_TRUE(procedures_->RecordStage(Ctx().get(), letter, &staged).ok());
  }
};

TEST_F(ApiRetriesTest, ADossierRetryIgnoresWritesMadeSince) {
  v1::AssignDossierResponse first;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), Assignment(), &first).ok());
  ASSERT_EQ(first.dossier().deadlines_size(), 4);  // two deadlines, triggers

  SetDate(2022, 2, 1);  // overdue from now on
  OpenWithLetter();     // adds a reply due date to the dossier's deadlines
  ASSERT_EQ(GetDossier("32019L1937").deadlines_size(), 5);

  const uint64_t head = Head();
  v1::AssignDossierResponse again;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), Assignment(), &again).ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_FALSE(again.dossier().overdue());  // as on the day of the first call
  EXPECT_EQ(Head(), head);

  Restart();
  v1::AssignDossierResponse after_restart;
  ASSERT_TRUE(
      dossiers_->AssignDossier(Ctx().get(), Assignment(), &after_restart).ok());
  EXPECT_EQ(after_restart.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Head(), head);
}

TEST_F(ApiRetriesTest, ADossierWriteAnswersWithTheProceduresOfItsTime) {
  SetDate(2022, 2, 1);
  OpenWithLetter();
  v1::AssignDossierResponse first;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), Assignment(), &first).ok());
  ASSERT_EQ(first.dossier().deadlines_size(), 5);  // the reply due date too

  v1::RecordReplyRequest reply;
  reply.set_number("INFR(2022)0075");
  reply.set_stage(v1::STAGE_KIND_LETTER_OF_FORMAL_NOTICE);
  reply.set_reply_date("2022-02-01");
  v1::RecordReplyResponse replied;
  ASSERT_TRUE(procedures_->RecordReply(Ctx().get(), reply, &replied).ok());

  v1::AssignDossierResponse again;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), Assignment(), &again).ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  bool met = true;
  for (const v1::Deadline& d : again.dossier().deadlines()) {
    if (d.kind() == v1::DEADLINE_KIND_REPLY_DUE) met = d.met();
  }
  EXPECT_FALSE(met);  // the reply came later
}

TEST_F(ApiRetriesTest, ARetryMatchesAFirstAnswerTakenBetweenSeconds) {
  // The first answer carries the decision's time; the retry rebuilds it from
  // the log, which keeps microseconds: the decision's time must too.
  v1::SetTimeRequest set;
  set.mutable_time()->set_seconds(absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilDay(2021, 7, 1), absl::UTCTimeZone())));
  set.mutable_time()->set_nanos(123'456'789);
  v1::SetTimeResponse moved;
  ASSERT_TRUE(clock_->SetTime(Ctx().get(), set, &moved).ok());
  v1::AssignDossierResponse first, again;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), Assignment(), &first).ok());
  EXPECT_EQ(first.dossier().audit().update_time().nanos(), 123'456'000);
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), Assignment(), &again).ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
}

TEST_F(ApiRetriesTest, AnIdReusedForAnotherRequestIsRefused) {
  v1::AssignDossierResponse first;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), Assignment(), &first).ok());
  const uint64_t head = Head();
  v1::AssignDossierRequest other = Assignment();
  other.set_lead_administration("bm");  // same id, new content
  v1::AssignDossierResponse refused;
  EXPECT_THAT(dossiers_->AssignDossier(Ctx().get(), other, &refused),
              GrpcIs(grpc::StatusCode::ALREADY_EXISTS,
                     "already used for a different request"));
  EXPECT_EQ(Head(), head);
  // Another method with the same id is another request too.
  v1::ChangeDossierStatusRequest status;
  status.set_celex("32019L1937");
  status.set_status(v1::DOSSIER_STATUS_DRAFTING);
  status.set_request_id("assign-1");
  v1::ChangeDossierStatusResponse changed;
  EXPECT_THAT(dossiers_->ChangeDossierStatus(Ctx().get(), status, &changed),
              GrpcIs(grpc::StatusCode::ALREADY_EXISTS, "different request"));
}

TEST_F(ApiRetriesTest, EveryResourceAnswersItsFirstAnswer) {
  v1::CreateDirectiveResponse created;
  ASSERT_TRUE(Create(Whistleblowers(), "create", &created).ok());
  EXPECT_EQ(created.directive().version(), 1u);

  SetDate(2022, 2, 1);
  OpenWithLetter();
  v1::RecordStageRequest letter;
  letter.set_number("INFR(2022)0075");
  letter.mutable_stage()->set_kind(v1::STAGE_KIND_LETTER_OF_FORMAL_NOTICE);
  letter.mutable_stage()->set_date("2022-01-27");
  letter.set_request_id("letter-1");
  v1::RecordStageResponse first;
  ASSERT_TRUE(procedures_->RecordStage(Ctx().get(), letter, &first).ok());
  v1::CloseProcedureRequest close;
  close.set_number("INFR(2022)0075");
  close.set_closure_date("2022-02-01");
  close.set_reason("withdrawn");
  v1::CloseProcedureResponse closed;
  ASSERT_TRUE(procedures_->CloseProcedure(Ctx().get(), close, &closed).ok());
  v1::RecordStageResponse again;
  ASSERT_TRUE(procedures_->RecordStage(Ctx().get(), letter, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_FALSE(again.procedure().closed());

  v1::CreateCourtCaseRequest create;
  create.mutable_court_case()->set_number("C-100/21");
  create.mutable_court_case()->set_kind(v1::COURT_CASE_KIND_ACTION);
  create.mutable_court_case()->set_title("An action");
  create.set_request_id("case-1");
  v1::CreateCourtCaseResponse case_first, case_again;
  ASSERT_TRUE(
      court_cases_->CreateCourtCase(Ctx().get(), create, &case_first).ok());
  v1::AddCourtDeadlineRequest add;
  add.set_number("C-100/21");
  add.mutable_deadline()->set_date("2022-03-01");
  add.mutable_deadline()->set_description("hearing");
  v1::AddCourtDeadlineResponse added;
  ASSERT_TRUE(court_cases_->AddCourtDeadline(Ctx().get(), add, &added).ok());
  ASSERT_TRUE(
      court_cases_->CreateCourtCase(Ctx().get(), create, &case_again).ok());
  EXPECT_EQ(case_again.SerializeAsString(), case_first.SerializeAsString());
}

}  // namespace
}  // namespace transpo
