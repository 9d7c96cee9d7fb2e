// The domain API against the real server on port 0 with a real gRPC client
// and a manual clock: the whole life of the whistleblowers directive
// (32019L1937, deadline 17 Dec 2021), retries, conflicts, bad inputs that
// write nothing, restarts, as-of reads, lists and the clock.

#include <string>
#include <vector>

#include "server/app/aggregates.h"
#include "server/app/projector.h"
#include "tests/server/api_fixture.h"
#include "transpo/v1/events.pb.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;

TEST_F(ApiTest, WholeLifeOfTheWhistleblowersDirective) {
  v1::CreateDirectiveResponse created;
  ASSERT_TRUE(Create(Whistleblowers(), "create-1937", &created).ok());
  EXPECT_EQ(created.directive().version(), 1u);
  EXPECT_EQ(created.directive().audit().updated_by(), "euro-coordinator");
  EXPECT_EQ(GetDossier("32019L1937").status(), v1::DOSSIER_STATUS_REGISTERED);

  AddAdministration("bee", {"a.dupont"});
  AddAdministration("bi");
  v1::AssignDossierRequest assign;
  assign.set_celex("32019L1937");
  assign.set_lead_administration("bee");
  assign.add_involved_administrations("bi");
  assign.add_correspondents("a.dupont");
  assign.set_expected_version(1);
  v1::AssignDossierResponse assigned;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), assign, &assigned).ok());
  EXPECT_EQ(assigned.dossier().status(), v1::DOSSIER_STATUS_ASSIGNED);
  ASSERT_TRUE(ChangeStatus("32019L1937", v1::DOSSIER_STATUS_DRAFTING).ok());

  // The deadline passes; the trigger is one month later.
  SetDate(2022, 1, 27);
  v1::Dossier late = GetDossier("32019L1937");
  EXPECT_TRUE(late.overdue());
  EXPECT_EQ(late.days_overdue(), 41);
  ASSERT_GE(late.deadlines_size(), 2);
  EXPECT_EQ(late.deadlines(1).kind(), v1::DEADLINE_KIND_INFRINGEMENT_TRIGGER);
  EXPECT_EQ(late.deadlines(1).date(), "2022-01-17");

  v1::OpenProcedureRequest open;
  open.set_number("INFR(2022)0075");
  open.set_type(v1::PROCEDURE_TYPE_NON_COMMUNICATION);
  open.add_celex("32019L1937");
  v1::OpenProcedureResponse opened;
  ASSERT_TRUE(procedures_->OpenProcedure(Ctx().get(), open, &opened).ok());
  v1::RecordStageRequest lfn;
  lfn.set_number("INFR(2022)0075");
  lfn.mutable_stage()->set_kind(v1::STAGE_KIND_LETTER_OF_FORMAL_NOTICE);
  lfn.mutable_stage()->set_date("2022-01-27");
  v1::RecordStageResponse staged;
  ASSERT_TRUE(procedures_->RecordStage(Ctx().get(), lfn, &staged).ok());
  // Two months end on Sunday 27 March: due Monday 28 March (Reg. 1182/71).
  EXPECT_EQ(staged.procedure().stages(0).reply_due_date(), "2022-03-28");

  // The reply due date is a deadline of the dossier too.
  v1::Dossier with_letter = GetDossier("32019L1937");
  bool reply_listed = false;
  for (const auto& d : with_letter.deadlines()) {
    reply_listed |=
        d.kind() == v1::DEADLINE_KIND_REPLY_DUE && d.date() == "2022-03-28";
  }
  EXPECT_TRUE(reply_listed);

  SetDate(2022, 3, 25);
  v1::RecordReplyRequest reply;
  reply.set_number("INFR(2022)0075");
  reply.set_stage(v1::STAGE_KIND_LETTER_OF_FORMAL_NOTICE);
  reply.set_reply_date("2022-03-25");
  v1::RecordReplyResponse replied;
  ASSERT_TRUE(procedures_->RecordReply(Ctx().get(), reply, &replied).ok());
  EXPECT_TRUE(replied.procedure().deadlines(0).met());

  SetDate(2023, 6, 1);
  v1::RecordMeasureRequest measure;
  measure.set_celex("32019L1937");
  measure.mutable_measure()->set_id("ord-2023-05-04");
  measure.mutable_measure()->set_act_type("ordinance");
  measure.mutable_measure()->set_title(
      "Ordinance on the protection of whistleblowers");
  measure.mutable_measure()->set_adoption_date("2023-05-04");
  measure.mutable_measure()->set_publication_date("2023-05-20");
  v1::RecordMeasureResponse recorded;
  ASSERT_TRUE(dossiers_->RecordMeasure(Ctx().get(), measure, &recorded).ok());
  v1::NotifyMeasureRequest notify;
  notify.set_celex("32019L1937");
  notify.set_measure_id("ord-2023-05-04");
  notify.set_notification_date("2023-06-01");
  notify.set_scope(v1::NOTIFICATION_SCOPE_FULL);
  v1::NotifyMeasureResponse notified;
  ASSERT_TRUE(dossiers_->NotifyMeasure(Ctx().get(), notify, &notified).ok());
  EXPECT_EQ(notified.dossier().status(), v1::DOSSIER_STATUS_NOTIFIED);
  EXPECT_FALSE(notified.dossier().overdue());

  SetDate(2023, 7, 13);
  v1::CloseProcedureRequest close;
  close.set_number("INFR(2022)0075");
  close.set_closure_date("2023-07-13");
  close.set_reason("full transposition notified");
  v1::CloseProcedureResponse closed;
  ASSERT_TRUE(procedures_->CloseProcedure(Ctx().get(), close, &closed).ok());
  EXPECT_TRUE(closed.procedure().closed());
  ASSERT_TRUE(ChangeStatus("32019L1937", v1::DOSSIER_STATUS_CLOSED).ok());
  EXPECT_EQ(GetDossier("32019L1937").status(), v1::DOSSIER_STATUS_CLOSED);

  // The history: every event of the directive's stream, in order.
  v1::ReadStreamRequest history;
  history.set_stream("directive-32019L1937");
  v1::ReadStreamResponse events;
  ASSERT_TRUE(events_->ReadStream(Ctx().get(), history, &events).ok());
  std::vector<std::string> types;
  for (const auto& e : events.events()) types.push_back(e.type());
  EXPECT_THAT(types, ::testing::ElementsAre("transpo.v1.DirectiveRegistered",
                                            "transpo.v1.DossierAssigned",
                                            "transpo.v1.DossierStatusChanged",
                                            "transpo.v1.DossierStatusChanged",
                                            "transpo.v1.MeasureRecorded",
                                            "transpo.v1.MeasureNotified",
                                            "transpo.v1.DossierStatusChanged",
                                            "transpo.v1.DossierStatusChanged"));
  EXPECT_EQ(events.events(0).actor(), "euro-coordinator");
  // Payloads are the public event messages, whatever the log stores.
  v1::DossierAssigned assigned_event;
  ASSERT_TRUE(assigned_event.ParseFromString(events.events(1).payload()));
  EXPECT_EQ(assigned_event.dossier().lead_administration(), "bee");
  v1::DirectiveRegistered registered_event;
  ASSERT_TRUE(registered_event.ParseFromString(events.events(0).payload()));
  EXPECT_EQ(registered_event.directive().celex(), "32019L1937");
  EXPECT_EQ(registered_event.directive().deadlines_size(), 2);

  // The projection rows rebuild from the log to the same bytes.
  auto rows = [&] {
    std::vector<std::string> out;
    for (const auto& family : app::ProjectionFamilies()) {
      EXPECT_TRUE(server_->log()
                      .ScanProjection(
                          family, "",
                          [&](absl::string_view k, absl::string_view v) {
                            out.push_back(absl::StrCat(family, "/", k, "=", v));
                            return true;
                          })
                      .ok());
    }
    return out;
  };
  const std::vector<std::string> before = rows();
  app::DomainProjector projector;
  ASSERT_TRUE(server_->log().RebuildProjections(projector).ok());
  EXPECT_EQ(rows(), before);
}

TEST_F(ApiTest, RetriedRequestReturnsTheFirstAnswerAndWritesNothing) {
  v1::CreateDirectiveResponse first, again;
  ASSERT_TRUE(Create(Whistleblowers(), "req-42", &first).ok());
  const uint64_t head = Head();
  ASSERT_TRUE(Create(Whistleblowers(), "req-42", &again).ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Head(), head);
  // Also after a restart, and after the resource moved on.
  ASSERT_TRUE(ChangeStatus("32019L1937", v1::DOSSIER_STATUS_NOT_APPLICABLE,
                           "federal competence")
                  .ok());
  Restart();
  v1::CreateDirectiveResponse after_restart;
  ASSERT_TRUE(Create(Whistleblowers(), "req-42", &after_restart).ok());
  EXPECT_EQ(after_restart.directive().version(), 1u);
  EXPECT_EQ(Head(), head + 1);
  // The same id for another resource is refused.
  v1::Directive other = Whistleblowers();
  other.set_celex("32018L2001");
  EXPECT_THAT(Create(other, "req-42"),
              GrpcIs(grpc::StatusCode::ALREADY_EXISTS, "request_id"));
}

TEST_F(ApiTest, StaleExpectedVersionIsAbortedAndWritesNothing) {
  ASSERT_TRUE(Create(Whistleblowers()).ok());
  v1::UpdateDirectiveRequest update;
  *update.mutable_directive() = Whistleblowers();
  update.mutable_directive()->set_short_title("Whistleblowers");
  update.mutable_update_mask()->add_paths("short_title");
  update.set_expected_version(1);
  v1::UpdateDirectiveResponse updated;
  ASSERT_TRUE(directives_->UpdateDirective(Ctx().get(), update, &updated).ok());
  EXPECT_EQ(updated.directive().version(), 2u);
  const uint64_t head = Head();
  update.mutable_directive()->set_short_title("Lost update");
  EXPECT_THAT(directives_->UpdateDirective(Ctx().get(), update, &updated),
              GrpcIs(grpc::StatusCode::ABORTED,
                     "expected version 1, current version 2"));
  EXPECT_EQ(Head(), head);
}

TEST_F(ApiTest, BadInputsNameTheFieldAndWriteNothing) {
  ASSERT_TRUE(Create(Whistleblowers()).ok());
  const uint64_t head = Head();

  v1::Directive bad_celex = Whistleblowers();
  bad_celex.set_celex("2019/1937");
  EXPECT_THAT(Create(bad_celex), GrpcIs(grpc::StatusCode::INVALID_ARGUMENT,
                                        "directive.celex \"2019/1937\""));

  v1::Directive feb30 = Whistleblowers();
  feb30.set_celex("32021L0001");
  feb30.mutable_deadlines(0)->set_date("2021-02-30");
  EXPECT_THAT(Create(feb30),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT,
                     "directive.deadlines[0].date \"2021-02-30\": not a date"));

  v1::Directive early = Whistleblowers();
  early.set_celex("32021L0002");
  early.mutable_deadlines(1)->set_date("2019-01-01");
  EXPECT_THAT(Create(early), GrpcIs(grpc::StatusCode::INVALID_ARGUMENT,
                                    "before the adoption date"));

  EXPECT_THAT(ChangeStatus("32099L0001", v1::DOSSIER_STATUS_DRAFTING),
              GrpcIs(grpc::StatusCode::NOT_FOUND, "not found"));
  v1::GetDossierRequest get;
  get.set_celex("32099L0001");
  v1::GetDossierResponse got;
  EXPECT_THAT(
      dossiers_->GetDossier(Ctx().get(), get, &got),
      GrpcIs(grpc::StatusCode::NOT_FOUND, "directive 32099L0001 not found"));

  EXPECT_THAT(ChangeStatus("32019L1937", v1::DOSSIER_STATUS_CLOSED),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION,
                     "from registered to closed"));
  EXPECT_THAT(Create(Whistleblowers()),
              GrpcIs(grpc::StatusCode::ALREADY_EXISTS, "32019L1937"));

  v1::OpenProcedureRequest open;
  open.set_number("INFR(2022)75");
  open.set_type(v1::PROCEDURE_TYPE_NON_COMMUNICATION);
  open.add_celex("32019L1937");
  v1::OpenProcedureResponse opened;
  EXPECT_THAT(
      procedures_->OpenProcedure(Ctx().get(), open, &opened),
      GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "number \"INFR(2022)75\""));
  EXPECT_EQ(Head(), head);
}

TEST_F(ApiTest, RestartKeepsEverythingAndAsOfReturnsTheOldState) {
  ASSERT_TRUE(Create(Whistleblowers()).ok());
  const absl::Time registered = server_->clock().Now();
  SetDate(2021, 9, 1);
  AddAdministration("bm");
  v1::AssignDossierRequest assign;
  assign.set_celex("32019L1937");
  assign.set_lead_administration("bm");
  v1::AssignDossierResponse assigned;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), assign, &assigned).ok());

  Restart();
  v1::Dossier now = GetDossier("32019L1937");
  EXPECT_EQ(now.status(), v1::DOSSIER_STATUS_ASSIGNED);
  EXPECT_EQ(now.lead_administration(), "bm");
  EXPECT_EQ(now.version(), 3u);

  v1::GetDossierRequest then;
  then.set_celex("32019L1937");
  then.mutable_as_of()->set_seconds(absl::ToUnixSeconds(registered));
  v1::GetDossierResponse old;
  ASSERT_TRUE(dossiers_->GetDossier(Ctx().get(), then, &old).ok());
  EXPECT_EQ(old.dossier().status(), v1::DOSSIER_STATUS_REGISTERED);
  EXPECT_EQ(old.dossier().lead_administration(), "");
  EXPECT_EQ(old.dossier().version(), 1u);

  then.mutable_as_of()->set_seconds(absl::ToUnixSeconds(registered) - 3600);
  EXPECT_THAT(dossiers_->GetDossier(Ctx().get(), then, &old),
              GrpcIs(grpc::StatusCode::NOT_FOUND, "at that time"));

  v1::ListDossiersRequest list;
  list.mutable_as_of()->set_seconds(absl::ToUnixSeconds(registered));
  v1::ListDossiersResponse listed;
  ASSERT_TRUE(dossiers_->ListDossiers(Ctx().get(), list, &listed).ok());
  ASSERT_EQ(listed.dossiers_size(), 1);
  EXPECT_EQ(listed.dossiers(0).status(), v1::DOSSIER_STATUS_REGISTERED);
}

TEST_F(ApiTest, ListsFilterAndPage) {
  const char* rows[][4] = {
      {"32018L2001", "Renewable energy (RED II)", "2021-06-30", "energy"},
      {"32019L0944", "Internal market for electricity", "2020-12-31", "energy"},
      {"32018L0851", "Waste framework amendment", "2020-07-05", "environment"},
      {"32024L1275", "Energy performance of buildings", "2026-05-29",
       "buildings"},
  };
  for (const auto& row : rows) {
    v1::Directive d;
    d.set_celex(row[0]);
    d.set_short_title(row[1]);
    d.add_deadlines()->set_date(row[2]);
    d.set_policy_area(row[3]);
    ASSERT_TRUE(Create(d).ok()) << row[0];
  }
  AddAdministration("environment");
  v1::AssignDossierRequest assign;
  assign.set_celex("32018L0851");
  assign.set_lead_administration("environment");
  v1::AssignDossierResponse assigned;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), assign, &assigned).ok());

  auto list = [&](const v1::DossierFilter& filter, int page_size = 0,
                  const std::string& token = "") {
    v1::ListDossiersRequest request;
    *request.mutable_filter() = filter;
    request.set_page_size(page_size);
    request.set_page_token(token);
    v1::ListDossiersResponse response;
    EXPECT_TRUE(dossiers_->ListDossiers(Ctx().get(), request, &response).ok());
    return response;
  };
  auto celexes = [](const v1::ListDossiersResponse& r) {
    std::vector<std::string> out;
    for (const auto& d : r.dossiers()) out.push_back(d.celex());
    return out;
  };
  v1::DossierFilter overdue;  // clock: 1 June 2021
  overdue.set_overdue_only(true);
  EXPECT_THAT(celexes(list(overdue)),
              ::testing::ElementsAre("32018L0851", "32019L0944"));
  v1::DossierFilter energy;
  energy.set_policy_area("energy");
  EXPECT_THAT(celexes(list(energy)),
              ::testing::ElementsAre("32018L2001", "32019L0944"));
  v1::DossierFilter environment;
  environment.set_administration("environment");
  environment.add_statuses(v1::DOSSIER_STATUS_ASSIGNED);
  EXPECT_THAT(celexes(list(environment)), ::testing::ElementsAre("32018L0851"));
  v1::DossierFilter window;
  window.set_deadline_after("2021-01-01");
  window.set_deadline_before("2026-12-31");
  EXPECT_THAT(celexes(list(window)),
              ::testing::ElementsAre("32018L2001", "32024L1275"));

  auto first = list({}, 3);
  EXPECT_EQ(first.dossiers_size(), 3);
  ASSERT_FALSE(first.next_page_token().empty());
  auto second = list({}, 3, first.next_page_token());
  EXPECT_THAT(celexes(second), ::testing::ElementsAre("32024L1275"));
  EXPECT_TRUE(second.next_page_token().empty());

  v1::ListDossiersRequest bad;
  bad.set_page_token("garbage");
  v1::ListDossiersResponse ignored;
  EXPECT_THAT(dossiers_->ListDossiers(Ctx().get(), bad, &ignored),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "page_token"));
  bad.Clear();
  bad.mutable_filter()->set_deadline_after("2021-13-01");
  EXPECT_THAT(dossiers_->ListDossiers(Ctx().get(), bad, &ignored),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT,
                     "filter.deadline_after \"2021-13-01\""));
}

TEST_F(ApiTest, CourtCasesKeepTheirDeadlines) {
  v1::CreateCourtCaseRequest create;
  create.mutable_court_case()->set_number("C-100/21");
  create.mutable_court_case()->set_kind(
      v1::COURT_CASE_KIND_PRELIMINARY_REFERENCE);
  create.mutable_court_case()->set_title("Reference from the Council of State");
  v1::CreateCourtCaseResponse created;
  ASSERT_TRUE(
      court_cases_->CreateCourtCase(Ctx().get(), create, &created).ok());
  v1::AddCourtDeadlineRequest add;
  add.set_number("C-100/21");
  add.mutable_deadline()->set_date("2021-08-01");
  add.mutable_deadline()->set_description("written observations");
  v1::AddCourtDeadlineResponse added;
  ASSERT_TRUE(court_cases_->AddCourtDeadline(Ctx().get(), add, &added).ok());
  EXPECT_EQ(added.court_case().deadlines_size(), 1);
  EXPECT_EQ(added.court_case().version(), 2u);
}

TEST_F(ApiTest, ClockMovesOnlyWhenManual) {
  v1::GetTimeResponse time;
  ASSERT_TRUE(clock_->GetTime(Ctx().get(), {}, &time).ok());
  EXPECT_EQ(time.today(), "2021-06-01");
  EXPECT_TRUE(time.manual());
  v1::SetTimeRequest advance;
  advance.mutable_advance()->set_seconds(86400);
  v1::SetTimeResponse moved;
  ASSERT_TRUE(clock_->SetTime(Ctx().get(), advance, &moved).ok());
  EXPECT_EQ(moved.today(), "2021-06-02");

  server_.reset();
  Start("system");
  EXPECT_THAT(clock_->SetTime(Ctx().get(), advance, &moved),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "system clock"));
}

}  // namespace
}  // namespace transpo
