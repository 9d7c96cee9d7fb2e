// The reads and the dossier writes the whole-life test does not reach:
// directives, procedures and court cases got and listed (now and as of an
// earlier instant), UpdateDossier and SetMilestone.

#include <string>
#include <vector>

#include "tests/server/api_fixture.h"

namespace transpo {
namespace {

using ::testing::ElementsAre;

class ApiReadsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ASSERT_TRUE(Create(Whistleblowers()).ok());
    v1::Directive open_data;
    open_data.set_celex("32019L1024");
    open_data.set_short_title("Open data");
    open_data.set_policy_area("digital");
    open_data.add_deadlines()->set_date("2021-07-17");
    ASSERT_TRUE(Create(open_data).ok());
    created_ = server_->clock().Now();
  }

  google::protobuf::Timestamp At(absl::Time t) {
    google::protobuf::Timestamp out;
    out.set_seconds(absl::ToUnixSeconds(t));
    return out;
  }

  absl::Time created_;
};

TEST_F(ApiReadsTest, DirectivesListAndReadAsOf) {
  SetDate(2021, 7, 1);
  v1::UpdateDirectiveRequest update;
  *update.mutable_directive() = Whistleblowers();
  update.mutable_directive()->set_short_title("Whistleblowers (EU) 2019/1937");
  update.mutable_update_mask()->add_paths("short_title");
  v1::UpdateDirectiveResponse updated;
  ASSERT_TRUE(directives_->UpdateDirective(Ctx().get(), update, &updated).ok());

  v1::ListDirectivesRequest list;
  v1::ListDirectivesResponse listed;
  ASSERT_TRUE(directives_->ListDirectives(Ctx().get(), list, &listed).ok());
  ASSERT_EQ(listed.directives_size(), 2);
  EXPECT_EQ(listed.directives(0).celex(), "32019L1024");
  EXPECT_EQ(listed.directives(1).short_title(),
            "Whistleblowers (EU) 2019/1937");
  list.mutable_filter()->set_policy_area("digital");
  ASSERT_TRUE(directives_->ListDirectives(Ctx().get(), list, &listed).ok());
  ASSERT_EQ(listed.directives_size(), 1);
  EXPECT_EQ(listed.directives(0).celex(), "32019L1024");

  v1::GetDirectiveRequest get;
  get.set_celex("32019L1937");
  *get.mutable_as_of() = At(created_);
  v1::GetDirectiveResponse got;
  ASSERT_TRUE(directives_->GetDirective(Ctx().get(), get, &got).ok());
  EXPECT_EQ(got.directive().short_title(), "Whistleblower protection");
  EXPECT_EQ(got.directive().version(), 1u);

  v1::ListDirectivesRequest then;
  *then.mutable_as_of() = At(created_);
  ASSERT_TRUE(directives_->ListDirectives(Ctx().get(), then, &listed).ok());
  ASSERT_EQ(listed.directives_size(), 2);
  EXPECT_EQ(listed.directives(1).short_title(), "Whistleblower protection");
}

TEST_F(ApiReadsTest, UpdateDossierAndMilestones) {
  AddAdministration("bee");
  v1::AssignDossierRequest assign;
  assign.set_celex("32019L1937");
  assign.set_lead_administration("bee");
  v1::AssignDossierResponse assigned;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), assign, &assigned).ok());

  v1::UpdateDossierRequest update;
  update.mutable_dossier()->set_celex("32019L1937");
  update.mutable_dossier()->set_expected_completion_date("2022-06-30");
  update.mutable_dossier()->set_delay_cause("Council of State advice");
  update.mutable_dossier()->set_lead_administration("ignored: not in mask");
  update.mutable_update_mask()->add_paths("expected_completion_date");
  update.mutable_update_mask()->add_paths("delay_cause");
  update.set_expected_version(assigned.dossier().version());
  v1::UpdateDossierResponse updated;
  ASSERT_TRUE(dossiers_->UpdateDossier(Ctx().get(), update, &updated).ok());
  EXPECT_EQ(updated.dossier().expected_completion_date(), "2022-06-30");
  EXPECT_EQ(updated.dossier().delay_cause(), "Council of State advice");
  EXPECT_EQ(updated.dossier().lead_administration(), "bee");

  update.clear_update_mask();
  update.mutable_update_mask()->add_paths("colour");
  update.set_expected_version(0);
  EXPECT_THAT(dossiers_->UpdateDossier(Ctx().get(), update, &updated),
              InvalidField("update_mask", "unknown field"));

  v1::SetMilestoneRequest milestone;
  milestone.set_celex("32019L1937");
  milestone.mutable_milestone()->set_kind(v1::MILESTONE_KIND_FIRST_READING);
  milestone.mutable_milestone()->set_planned_date("2021-11-15");
  v1::SetMilestoneResponse set;
  ASSERT_TRUE(dossiers_->SetMilestone(Ctx().get(), milestone, &set).ok());
  ASSERT_EQ(set.dossier().milestones_size(), 1);
  EXPECT_EQ(set.dossier().milestones(0).planned_date(), "2021-11-15");
  EXPECT_EQ(set.dossier().deadlines(0).kind(), v1::DEADLINE_KIND_MILESTONE);
  // Setting the same kind again replaces it.
  milestone.mutable_milestone()->set_actual_date("2021-06-01");
  ASSERT_TRUE(dossiers_->SetMilestone(Ctx().get(), milestone, &set).ok());
  ASSERT_EQ(set.dossier().milestones_size(), 1);
  EXPECT_TRUE(set.dossier().deadlines(0).met());
  milestone.mutable_milestone()->set_actual_date("2030-01-01");
  EXPECT_THAT(dossiers_->SetMilestone(Ctx().get(), milestone, &set),
              InvalidField("milestone.actual_date", "in the future"));
}

TEST_F(ApiReadsTest, ProceduresGetListAndReadAsOf) {
  SetDate(2022, 1, 27);
  for (const char* number : {"INFR(2022)0075", "INFR(2022)0080"}) {
    v1::OpenProcedureRequest open;
    open.set_number(number);
    open.set_type(v1::PROCEDURE_TYPE_NON_COMMUNICATION);
    open.add_celex(std::string(number) == "INFR(2022)0075" ? "32019L1937"
                                                           : "32019L1024");
    v1::OpenProcedureResponse opened;
    ASSERT_TRUE(procedures_->OpenProcedure(Ctx().get(), open, &opened).ok());
  }
  const absl::Time opened_at = server_->clock().Now();
  SetDate(2022, 3, 1);
  v1::CloseProcedureRequest close;
  close.set_number("INFR(2022)0080");
  close.set_closure_date("2022-03-01");
  close.set_reason("transposition notified");
  v1::CloseProcedureResponse closed;
  ASSERT_TRUE(procedures_->CloseProcedure(Ctx().get(), close, &closed).ok());

  auto numbers = [](const v1::ListProceduresResponse& r) {
    std::vector<std::string> out;
    for (const auto& p : r.procedures()) out.push_back(p.number());
    return out;
  };
  v1::ListProceduresRequest list;
  v1::ListProceduresResponse listed;
  ASSERT_TRUE(procedures_->ListProcedures(Ctx().get(), list, &listed).ok());
  EXPECT_THAT(numbers(listed), ElementsAre("INFR(2022)0075", "INFR(2022)0080"));
  list.set_open_only(true);
  ASSERT_TRUE(procedures_->ListProcedures(Ctx().get(), list, &listed).ok());
  EXPECT_THAT(numbers(listed), ElementsAre("INFR(2022)0075"));
  list.set_open_only(false);
  list.set_celex("32019L1024");
  ASSERT_TRUE(procedures_->ListProcedures(Ctx().get(), list, &listed).ok());
  EXPECT_THAT(numbers(listed), ElementsAre("INFR(2022)0080"));
  // As of the day they opened, both were open.
  v1::ListProceduresRequest then;
  then.set_open_only(true);
  *then.mutable_as_of() = At(opened_at);
  ASSERT_TRUE(procedures_->ListProcedures(Ctx().get(), then, &listed).ok());
  EXPECT_THAT(numbers(listed), ElementsAre("INFR(2022)0075", "INFR(2022)0080"));

  v1::GetProcedureRequest get;
  get.set_number("INFR(2022)0080");
  v1::GetProcedureResponse got;
  ASSERT_TRUE(procedures_->GetProcedure(Ctx().get(), get, &got).ok());
  EXPECT_TRUE(got.procedure().closed());
  EXPECT_EQ(got.procedure().closure_reason(), "transposition notified");
  *get.mutable_as_of() = At(opened_at);
  ASSERT_TRUE(procedures_->GetProcedure(Ctx().get(), get, &got).ok());
  EXPECT_FALSE(got.procedure().closed());
  EXPECT_EQ(got.procedure().version(), 1u);
  *get.mutable_as_of() = At(created_);
  EXPECT_THAT(procedures_->GetProcedure(Ctx().get(), get, &got),
              GrpcIs(grpc::StatusCode::NOT_FOUND, "at that time"));
}

TEST_F(ApiReadsTest, ASecondReferralNeedsTheArticle260LetterFirst) {
  SetDate(2025, 1, 1);
  v1::OpenProcedureRequest open;
  open.set_number("INFR(2022)0075");
  open.set_type(v1::PROCEDURE_TYPE_NON_COMMUNICATION);
  open.add_celex("32019L1937");
  v1::OpenProcedureResponse opened;
  ASSERT_TRUE(procedures_->OpenProcedure(Ctx().get(), open, &opened).ok());
  auto stage = [&](v1::StageKind kind, const std::string& date,
                   const std::string& case_number = "") {
    v1::RecordStageRequest request;
    request.set_number("INFR(2022)0075");
    request.mutable_stage()->set_kind(kind);
    request.mutable_stage()->set_date(date);
    request.mutable_stage()->set_case_number(case_number);
    v1::RecordStageResponse response;
    return procedures_->RecordStage(Ctx().get(), request, &response);
  };
  ASSERT_TRUE(stage(v1::STAGE_KIND_LETTER_OF_FORMAL_NOTICE, "2022-01-27").ok());
  ASSERT_TRUE(stage(v1::STAGE_KIND_REASONED_OPINION, "2022-07-15").ok());
  ASSERT_TRUE(stage(v1::STAGE_KIND_REFERRAL, "2023-02-15", "C-123/23").ok());
  ASSERT_TRUE(stage(v1::STAGE_KIND_JUDGMENT, "2024-06-20", "C-123/23").ok());
  const uint64_t head = Head();
  EXPECT_THAT(stage(v1::STAGE_KIND_SECOND_REFERRAL, "2024-12-01"),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION,
                     "needs a Art 260(2) letter of formal notice first"));
  EXPECT_EQ(Head(), head);
  ASSERT_TRUE(stage(v1::STAGE_KIND_ARTICLE_260_LETTER, "2024-09-01").ok());
  EXPECT_TRUE(stage(v1::STAGE_KIND_SECOND_REFERRAL, "2024-12-01").ok());
}

TEST_F(ApiReadsTest, CourtCasesGetAndList) {
  for (const char* number : {"C-100/21", "C-543/17"}) {
    v1::CreateCourtCaseRequest create;
    create.mutable_court_case()->set_number(number);
    create.mutable_court_case()->set_kind(v1::COURT_CASE_KIND_ACTION);
    create.mutable_court_case()->set_title(absl::StrCat("Case ", number));
    create.mutable_court_case()->add_celex("32019L1024");
    v1::CreateCourtCaseResponse created;
    ASSERT_TRUE(
        court_cases_->CreateCourtCase(Ctx().get(), create, &created).ok());
  }
  v1::GetCourtCaseRequest get;
  get.set_number("C-543/17");
  v1::GetCourtCaseResponse got;
  ASSERT_TRUE(court_cases_->GetCourtCase(Ctx().get(), get, &got).ok());
  EXPECT_EQ(got.court_case().title(), "Case C-543/17");
  EXPECT_EQ(got.court_case().kind(), v1::COURT_CASE_KIND_ACTION);
  get.set_number("C-999/99");
  EXPECT_THAT(court_cases_->GetCourtCase(Ctx().get(), get, &got),
              GrpcIs(grpc::StatusCode::NOT_FOUND, "court case C-999/99"));

  v1::ListCourtCasesRequest list;
  list.set_page_size(1);
  v1::ListCourtCasesResponse first, second;
  ASSERT_TRUE(court_cases_->ListCourtCases(Ctx().get(), list, &first).ok());
  ASSERT_EQ(first.court_cases_size(), 1);
  EXPECT_EQ(first.court_cases(0).number(), "C-100/21");
  list.set_page_token(first.next_page_token());
  ASSERT_TRUE(court_cases_->ListCourtCases(Ctx().get(), list, &second).ok());
  ASSERT_EQ(second.court_cases_size(), 1);
  EXPECT_EQ(second.court_cases(0).number(), "C-543/17");
  EXPECT_TRUE(second.next_page_token().empty());
}

}  // namespace
}  // namespace transpo
