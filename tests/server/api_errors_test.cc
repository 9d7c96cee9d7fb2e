// Errors through the wire, as a client sees them: every bad input is
// INVALID_ARGUMENT naming the field (with a google.rpc.BadRequest violation),
// quotes only a short prefix of the value, respects the bounds the proto
// states, and writes nothing; a version conflict carries its versions as a
// google.rpc.ErrorInfo.

#include <string>

#include "tests/server/api_fixture.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr size_t kHuge = 10000;

class ApiErrorsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ASSERT_TRUE(Create(Whistleblowers()).ok());
  }

  grpc::Status Assign(const v1::AssignDossierRequest& request) {
    v1::AssignDossierResponse response;
    return dossiers_->AssignDossier(Ctx().get(), request, &response);
  }
};

TEST_F(ApiErrorsTest, LongValuesAreQuotedShortAndStayInvalidArgument) {
  const uint64_t head = Head();
  v1::Directive celex = Whistleblowers();
  celex.set_celex(std::string(kHuge, '3'));
  grpc::Status status = Create(celex);
  EXPECT_THAT(status, InvalidField("directive.celex", "not a directive CELEX"));
  EXPECT_LT(status.error_message().size(), 300u);

  v1::Directive date = Whistleblowers();
  date.set_celex("32021L0001");
  date.mutable_deadlines(0)->set_date(std::string(kHuge, '2'));
  status = Create(date);
  EXPECT_THAT(status, InvalidField("directive.deadlines[0].date", "..."));
  EXPECT_LT(status.error_message().size(), 300u);

  v1::Directive title = Whistleblowers();
  title.set_celex("32021L0002");
  title.set_short_title(std::string(kHuge, 'x'));
  status = Create(title);
  EXPECT_THAT(status, InvalidField("directive.short_title",
                                   "10000 bytes, at most 2000"));
  EXPECT_LT(status.error_message().size(), 300u);

  v1::CreateDirectiveRequest request;
  *request.mutable_directive() = Whistleblowers();
  request.mutable_directive()->set_celex("32021L0003");
  request.set_request_id(std::string(kHuge, 'r'));
  v1::CreateDirectiveResponse response;
  status = directives_->CreateDirective(Ctx().get(), request, &response);
  EXPECT_THAT(status, InvalidField("request_id", "1 to 128 printable"));
  EXPECT_LT(status.error_message().size(), 300u);
  EXPECT_EQ(Head(), head);
}

TEST_F(ApiErrorsTest, RequestIdsArePrintableText) {
  for (const std::string& id : {std::string("has space"), std::string("tab\t"),
                                std::string("nul\0x", 5), std::string("é")}) {
    v1::CreateDirectiveRequest request;
    *request.mutable_directive() = Whistleblowers();
    request.mutable_directive()->set_celex("32021L0004");
    request.set_request_id(id);
    v1::CreateDirectiveResponse response;
    EXPECT_THAT(directives_->CreateDirective(Ctx().get(), request, &response),
                InvalidField("request_id", "printable ASCII"))
        << id;
  }
}

TEST_F(ApiErrorsTest, EveryRepeatedFieldIsBounded) {
  const uint64_t head = Head();
  v1::Directive many = Whistleblowers();
  many.set_celex("32021L0005");
  for (size_t i = 0; i < kHuge; ++i)
    many.add_deadlines()->set_date("2030-01-01");
  EXPECT_THAT(Create(many),
              InvalidField("directive.deadlines", "10002 items, at most 20"));

  v1::AssignDossierRequest assign;
  assign.set_celex("32019L1937");
  assign.set_lead_administration("bee");
  for (int i = 0; i < 51; ++i) assign.add_correspondents("someone");
  EXPECT_THAT(Assign(assign),
              InvalidField("dossier.correspondents", "51 items, at most 50"));
  assign.clear_correspondents();
  for (int i = 0; i < 21; ++i) assign.add_involved_administrations("admin");
  EXPECT_THAT(Assign(assign), InvalidField("dossier.involved_administrations",
                                           "21 items, at most 20"));
  assign.clear_involved_administrations();
  assign.add_experts(std::string(201, 'e'));
  EXPECT_THAT(Assign(assign),
              InvalidField("dossier.experts[0]", "201 bytes, at most 200"));

  v1::UpdateDossierRequest update;
  update.mutable_dossier()->set_celex("32019L1937");
  for (int i = 0; i < 21; ++i) update.mutable_update_mask()->add_paths("x");
  v1::UpdateDossierResponse updated;
  EXPECT_THAT(dossiers_->UpdateDossier(Ctx().get(), update, &updated),
              InvalidField("update_mask.paths", "21 items, at most 20"));

  v1::ListDossiersRequest list;
  for (int i = 0; i < 9; ++i) {
    list.mutable_filter()->add_statuses(v1::DOSSIER_STATUS_ASSIGNED);
  }
  v1::ListDossiersResponse listed;
  EXPECT_THAT(dossiers_->ListDossiers(Ctx().get(), list, &listed),
              InvalidField("filter.statuses", "9 items, at most 8"));
  list.Clear();
  list.mutable_filter()->set_administration(std::string(kHuge, 'a'));
  EXPECT_THAT(dossiers_->ListDossiers(Ctx().get(), list, &listed),
              InvalidField("filter.administration", "at most 200"));

  v1::OpenProcedureRequest open;
  open.set_number("INFR(2022)0075");
  open.set_type(v1::PROCEDURE_TYPE_NON_COMMUNICATION);
  for (int i = 0; i < 51; ++i) open.add_celex("32019L1937");
  v1::OpenProcedureResponse opened;
  EXPECT_THAT(procedures_->OpenProcedure(Ctx().get(), open, &opened),
              InvalidField("celex", "51 items, at most 50"));

  v1::RecordMeasureRequest measure;
  measure.set_celex("32019L1937");
  measure.mutable_measure()->set_id("m1");
  measure.mutable_measure()->set_act_type("order");
  measure.mutable_measure()->set_title("An order");
  for (int i = 0; i < 51; ++i) measure.mutable_measure()->add_covers("Art 1");
  v1::RecordMeasureResponse recorded;
  EXPECT_THAT(dossiers_->RecordMeasure(Ctx().get(), measure, &recorded),
              InvalidField("measure.covers", "51 items, at most 50"));
  EXPECT_EQ(Head(), head);
}

TEST_F(ApiErrorsTest, AResourceHoldsNoMoreThanItsBounds) {
  v1::RecordMeasureRequest measure;
  measure.set_celex("32019L1937");
  measure.mutable_measure()->set_act_type("order");
  measure.mutable_measure()->set_title("An order");
  v1::RecordMeasureResponse recorded;
  for (int i = 0; i < 50; ++i) {
    measure.mutable_measure()->set_id(absl::StrCat("m", i));
    ASSERT_TRUE(dossiers_->RecordMeasure(Ctx().get(), measure, &recorded).ok());
  }
  const uint64_t head = Head();
  measure.mutable_measure()->set_id("m50");
  EXPECT_THAT(dossiers_->RecordMeasure(Ctx().get(), measure, &recorded),
              InvalidField("measure.id", "already has 50 measures"));
  // Replacing an existing measure is still fine.
  measure.mutable_measure()->set_id("m0");
  EXPECT_TRUE(dossiers_->RecordMeasure(Ctx().get(), measure, &recorded).ok());
  EXPECT_EQ(Head(), head + 1);

  v1::CreateCourtCaseRequest create;
  create.mutable_court_case()->set_number("C-100/21");
  create.mutable_court_case()->set_kind(v1::COURT_CASE_KIND_ACTION);
  create.mutable_court_case()->set_title("An action");
  v1::CreateCourtCaseResponse created;
  ASSERT_TRUE(
      court_cases_->CreateCourtCase(Ctx().get(), create, &created).ok());
  v1::AddCourtDeadlineRequest add;
  add.set_number("C-100/21");
  add.mutable_deadline()->set_date("2021-08-01");
  add.mutable_deadline()->set_description("observations");
  v1::AddCourtDeadlineResponse added;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(court_cases_->AddCourtDeadline(Ctx().get(), add, &added).ok());
  }
  EXPECT_THAT(court_cases_->AddCourtDeadline(Ctx().get(), add, &added),
              InvalidField("deadline", "already has 100 deadlines"));
}

TEST_F(ApiErrorsTest, InvalidTimestampsAndTokensNameTheirField) {
  v1::GetDossierRequest get;
  get.set_celex("32019L1937");
  get.mutable_as_of()->set_seconds(1'700'000'000);
  get.mutable_as_of()->set_nanos(-1);
  v1::GetDossierResponse got;
  EXPECT_THAT(dossiers_->GetDossier(Ctx().get(), get, &got),
              InvalidField("as_of.nanos", "0 to 999,999,999"));
  get.mutable_as_of()->set_nanos(0);
  get.mutable_as_of()->set_seconds(300'000'000'000);
  EXPECT_THAT(dossiers_->GetDossier(Ctx().get(), get, &got),
              InvalidField("as_of.seconds", "9999-12-31T23:59:59Z"));

  v1::ListProceduresRequest procedures;
  procedures.mutable_as_of()->set_nanos(1'000'000'000);
  v1::ListProceduresResponse listed;
  EXPECT_THAT(procedures_->ListProcedures(Ctx().get(), procedures, &listed),
              InvalidField("as_of.nanos", "0 to 999,999,999"));

  v1::SetTimeRequest set;
  set.mutable_time()->set_seconds(-300'000'000'000);
  v1::SetTimeResponse moved;
  EXPECT_THAT(clock_->SetTime(Ctx().get(), set, &moved),
              InvalidField("time.seconds", "out of range"));

  v1::ReadStreamRequest stream;
  v1::ReadStreamResponse history;
  EXPECT_THAT(events_->ReadStream(Ctx().get(), stream, &history),
              InvalidField("stream", "required"));
  stream.set_stream(std::string(kHuge, 's'));
  EXPECT_THAT(events_->ReadStream(Ctx().get(), stream, &history),
              InvalidField("stream", "longer than 256"));

  v1::ReadEventsRequest read;
  read.set_page_size(-1);
  v1::ReadEventsResponse page;
  EXPECT_THAT(events_->ReadEvents(Ctx().get(), read, &page),
              InvalidField("page_size", "must be 0"));
  read.set_page_size(0);
  read.set_page_token(std::string(kHuge, 't'));
  grpc::Status status = events_->ReadEvents(Ctx().get(), read, &page);
  EXPECT_THAT(status, InvalidField("page_token", "not a token"));
  EXPECT_LT(status.error_message().size(), 300u);
}

TEST_F(ApiErrorsTest, TheActorIsPrintableText) {
  grpc::ClientContext context;
  context.AddMetadata("transpo-actor", std::string(200, 'a'));
  v1::CreateDirectiveRequest request;
  *request.mutable_directive() = Whistleblowers();
  request.mutable_directive()->set_celex("32021L0010");
  v1::CreateDirectiveResponse response;
  EXPECT_THAT(directives_->CreateDirective(&context, request, &response),
              InvalidField("transpo-actor", "1 to 128 printable ASCII"));
}

TEST_F(ApiErrorsTest, AMissingResourceIsNotFoundBeforeItsVersionIsChecked) {
  v1::UpdateDirectiveRequest update;
  *update.mutable_directive() = Whistleblowers();
  update.mutable_directive()->set_celex("32099L0001");
  update.mutable_update_mask()->add_paths("title");
  update.set_expected_version(3);
  v1::UpdateDirectiveResponse updated;
  EXPECT_THAT(
      directives_->UpdateDirective(Ctx().get(), update, &updated),
      GrpcIs(grpc::StatusCode::NOT_FOUND, "directive 32099L0001 not found"));
}

TEST_F(ApiErrorsTest, TheClockOnlyMovesForward) {
  v1::SetTimeRequest back;
  back.mutable_time()->set_seconds(absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilDay(2021, 5, 1), absl::UTCTimeZone())));
  v1::SetTimeResponse moved;
  EXPECT_THAT(clock_->SetTime(Ctx().get(), back, &moved),
              InvalidField("time", "only moves forward"));
}

TEST_F(ApiErrorsTest, DatesOutsideTheStatedRangeAreRefused) {
  v1::Directive old = Whistleblowers();
  old.set_celex("32021L0006");
  old.set_adoption_date("");
  old.mutable_deadlines(0)->set_date("1949-12-31");
  EXPECT_THAT(Create(old),
              InvalidField("directive.deadlines[0].date",
                           "dates run from 1950-01-01 to 2200-12-31"));
}

TEST_F(ApiErrorsTest, AVersionConflictCarriesBothVersions) {
  v1::UpdateDirectiveRequest update;
  *update.mutable_directive() = Whistleblowers();
  update.mutable_update_mask()->add_paths("title");
  update.set_expected_version(7);
  v1::UpdateDirectiveResponse updated;
  grpc::Status status =
      directives_->UpdateDirective(Ctx().get(), update, &updated);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "VERSION_CONFLICT");
  EXPECT_EQ(info.metadata().at("resource"), "directive 32019L1937");
  EXPECT_EQ(info.metadata().at("expected_version"), "7");
  EXPECT_EQ(info.metadata().at("current_version"), "1");
}

TEST_F(ApiErrorsTest, APageTokenServesOnlyTheQueryItCameFrom) {
  v1::Directive second = Whistleblowers();
  second.set_celex("32021L0007");
  ASSERT_TRUE(Create(second).ok());
  v1::ListDossiersRequest list;
  list.set_page_size(1);
  v1::ListDossiersResponse first;
  ASSERT_TRUE(dossiers_->ListDossiers(Ctx().get(), list, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());

  v1::ListDossiersRequest other;
  other.set_page_size(1);
  other.mutable_filter()->set_policy_area("justice");
  other.set_page_token(first.next_page_token());
  v1::ListDossiersResponse ignored;
  EXPECT_THAT(dossiers_->ListDossiers(Ctx().get(), other, &ignored),
              InvalidField("page_token", "issued for another filter"));
  // With its own query, the token pages on.
  list.set_page_token(first.next_page_token());
  v1::ListDossiersResponse next;
  ASSERT_TRUE(dossiers_->ListDossiers(Ctx().get(), list, &next).ok());
  ASSERT_EQ(next.dossiers_size(), 1);
  EXPECT_EQ(next.dossiers(0).celex(), "32021L0007");
}

}  // namespace
}  // namespace transpo
