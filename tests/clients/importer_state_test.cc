// The importer on states the demo data does not have: what must survive
// an export and an import, columns left out, correspondents who left,
// create-only.

#include <google/protobuf/text_format.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/import/importer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/clients/importer_fixture.h"
#include "transpo/v1/administrations.grpc.pb.h"
#include "transpo/v1/court_cases.grpc.pb.h"
#include "transpo/v1/directives.grpc.pb.h"
#include "transpo/v1/infringements.grpc.pb.h"

namespace transpo::clients {
namespace {

// A unary call that must succeed.
template <typename Stub, typename Request, typename Response>
void MustCall(Stub& stub,
              grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                           Response*),
              const Request& request) {
  grpc::ClientContext context;
  Response response;
  const grpc::Status status = (stub.*method)(&context, request, &response);
  ASSERT_TRUE(status.ok()) << request.ShortDebugString() << ": "
                           << status.error_message();
}

template <typename Request>
Request Parse(const std::string& text) {
  Request request;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &request))
      << text;
  return request;
}

// A state the demo data does not have: an inactive correspondent named by
// a dossier, a scope on the first deadline and a ';' in another, a dossier
// partially notified then back to drafting and adopted, one reopened after
// "not applicable", a procedure of two directives whose first letter has
// the default reply period, a court case.
void WriteAwkwardState(Transpod& server) {
  auto channel = server.InProcessChannel();
  auto administrations = v1::AdministrationService::NewStub(channel);
  auto directives = v1::DirectiveService::NewStub(channel);
  auto dossiers = v1::DossierService::NewStub(channel);
  auto procedures = v1::InfringementService::NewStub(channel);
  auto court_cases = v1::CourtCaseService::NewStub(channel);
  using A = v1::AdministrationService::Stub;
  using D = v1::DirectiveService::Stub;
  using S = v1::DossierService::Stub;
  using P = v1::InfringementService::Stub;
  MustCall(*administrations, &A::CreateAdministration,
           Parse<v1::CreateAdministrationRequest>(R"pb(
             administration {
               id: "be"
               name_nl: "Leefmilieu Brussel"
               name_fr: "Bruxelles Environnement"
               correspondents {
                 id: "a.left"
                 name: "A. Left"
                 email: "a@example.org"
                 language: LANGUAGE_FR
                 active: true
               }
               correspondents {
                 id: "b.stays"
                 name: "B. Stays"
                 email: "b@example.org"
                 language: LANGUAGE_NL
                 active: true
               }
             })pb"));
  for (const char* celex : {"32099L0001", "32099L0002", "32099L0003"}) {
    MustCall(*directives, &D::CreateDirective,
             Parse<v1::CreateDirectiveRequest>(absl::StrCat(
                 "directive { celex: \"", celex,
                 "\" short_title: \"Awkward\" competence: COMPETENCE_SHARED "
                 "deadlines { date: \"2025-01-01\" scope: \"Articles 1-3\" } "
                 "deadlines { date: \"2026-01-01\" scope: \"Art 6; Art 7\" "
                 "} }")));
    MustCall(*dossiers, &S::AssignDossier,
             Parse<v1::AssignDossierRequest>(absl::StrCat(
                 "celex: \"", celex,
                 "\" lead_administration: \"be\" correspondents: \"a.left\"")));
  }
  // 32099L0001: partially notified, then drafting and adopted again.
  MustCall(*dossiers, &S::RecordMeasure, Parse<v1::RecordMeasureRequest>(R"pb(
    celex: "32099L0001"
    measure {
      id: "m1"
      act_type: "ordinance"
      title: "First part"
      adoption_date: "2025-03-01"
    })pb"));
  MustCall(*dossiers, &S::NotifyMeasure, Parse<v1::NotifyMeasureRequest>(R"pb(
    celex: "32099L0001"
    measure_id: "m1"
    notification_date: "2025-03-10"
    scope: NOTIFICATION_SCOPE_PARTIAL)pb"));
  for (auto status :
       {v1::DOSSIER_STATUS_DRAFTING, v1::DOSSIER_STATUS_ADOPTED}) {
    v1::ChangeDossierStatusRequest change;
    change.set_celex("32099L0001");
    change.set_status(status);
    MustCall(*dossiers, &S::ChangeDossierStatus, change);
  }
  // 32099L0002: not applicable, then reopened (registered, its lead kept).
  MustCall(*dossiers, &S::ChangeDossierStatus,
           Parse<v1::ChangeDossierStatusRequest>(R"pb(
             celex: "32099L0002"
             status: DOSSIER_STATUS_NOT_APPLICABLE
             reason: "federal")pb"));
  MustCall(*dossiers, &S::ChangeDossierStatus,
           Parse<v1::ChangeDossierStatusRequest>(R"pb(
             celex: "32099L0002"
             status: DOSSIER_STATUS_REGISTERED)pb"));
  // The correspondent named by the dossiers leaves.
  MustCall(*administrations, &A::UpdateCorrespondent,
           Parse<v1::UpdateCorrespondentRequest>(R"pb(
             administration_id: "be"
             correspondent { id: "a.left" active: false }
             update_mask { paths: "active" })pb"));
  MustCall(*procedures, &P::OpenProcedure, Parse<v1::OpenProcedureRequest>(R"pb(
    number: "INFR(2025)0001"
    type: PROCEDURE_TYPE_NON_COMMUNICATION
    celex: "32099L0001"
    celex: "32099L0003")pb"));
  MustCall(*procedures, &P::RecordStage,
           Parse<v1::RecordStageRequest>(R"pb(
             number: "INFR(2025)0001"
             stage {
               kind: STAGE_KIND_LETTER_OF_FORMAL_NOTICE
               date: "2025-03-06"
             })pb"));
  MustCall(*procedures, &P::RecordReply, Parse<v1::RecordReplyRequest>(R"pb(
    number: "INFR(2025)0001"
    stage: STAGE_KIND_LETTER_OF_FORMAL_NOTICE
    reply_date: "2025-05-02")pb"));
  MustCall(*court_cases, &v1::CourtCaseService::Stub::CreateCourtCase,
           Parse<v1::CreateCourtCaseRequest>(R"pb(
             court_case {
               number: "C-1/26"
               kind: COURT_CASE_KIND_ACTION
               title: "Commission v Belgium"
               celex: "32099L0003"
             })pb"));
}

TEST_F(ImporterTest, AnAwkwardStateSurvivesTheRoundTripAndAgainWritesNothing) {
  auto a = StartServer(dir_a_);
  ASSERT_NE(a, nullptr);
  ASSERT_NO_FATAL_FAILURE(WriteAwkwardState(*a));
  auto exported = ExportAll(a->InProcessChannel(), {});
  ASSERT_TRUE(exported.ok()) << exported.status();
  const std::vector<v1::ExportRecord> want = Export(*a, /*versions=*/true);
  struct Format {
    std::vector<std::string> files;
    bool court_cases;
  };
  for (const Format& format : {Format{{WriteJsonLines(*exported)}, true},
                               Format{{WriteAdministrationsCsv(*exported),
                                       WriteDossiersCsv(*exported)},
                                      false}}) {
    testing::TempDir dir;
    auto b = StartServer(dir);
    ASSERT_NE(b, nullptr);
    for (const std::string& file : format.files) {
      ImportSummary s = Import(*b, file);
      EXPECT_EQ(s.failed, 0)
          << (s.errors.empty() ? "" : s.errors[0].ToString());
    }
    std::vector<v1::ExportRecord> expected = want;
    if (!format.court_cases) {
      std::erase_if(expected, [](const v1::ExportRecord& r) {
        return r.has_court_case();
      });
    }
    ExpectSameState(expected, Export(*b, /*versions=*/true));
    const uint64_t head = b->log().head();
    for (const std::string& file : format.files) {
      ImportSummary again = Import(*b, file);
      EXPECT_EQ(again.created + again.updated + again.failed, 0)
          << (again.errors.empty() ? "" : again.errors[0].ToString());
    }
    EXPECT_EQ(b->log().head(), head);
  }
}

TEST_F(ImporterTest, AColumnLeftOutKeepsTheServersValue) {
  auto server = StartServer(dir_a_);
  ASSERT_NE(server, nullptr);
  ASSERT_NO_FATAL_FAILURE(WriteAwkwardState(*server));
  const uint64_t head = server->log().head();
  // No other_deadlines, empty competence and status, no active column.
  ImportSummary s = Import(*server,
                           "celex,short_title,deadline,competence,status\n"
                           "32099L0001,Awkward,2025-01-01 Articles 1-3,,\n");
  EXPECT_EQ(s.unchanged, 1) << (s.errors.empty() ? "" : s.errors[0].ToString());
  s = Import(*server,
             "administration,name_nl,name_fr,correspondent,correspondent_name,"
             "email,language,active\n"
             "be,Leefmilieu Brussel,,a.left,A. Left,,,\n");
  EXPECT_EQ(s.unchanged, 1) << (s.errors.empty() ? "" : s.errors[0].ToString());
  EXPECT_EQ(server->log().head(), head);
}

TEST_F(ImporterTest, CorrespondentsWhoLeftStayInactiveThroughChanges) {
  auto server = StartServer(dir_a_);
  ASSERT_NE(server, nullptr);
  ASSERT_NO_FATAL_FAILURE(WriteAwkwardState(*server));
  // Two new correspondents of an existing administration, the first one
  // inactive: each write expects the version the one before left.
  ImportSummary s = Import(*server,
                           "administration,correspondent,correspondent_name,"
                           "email,language,active\n"
                           "be,c.one,C. One,c1@example.org,fr,false\n"
                           "be,c.two,C. Two,c2@example.org,nl,true\n");
  EXPECT_EQ(s.failed, 0) << (s.errors.empty() ? "" : s.errors[0].ToString());
  EXPECT_EQ(s.updated, 1);
  // A dossier naming one who left gets other people: a.left is active for
  // that write only.
  s = Import(*server,
             "celex,short_title,deadline,experts,correspondents\n"
             "32099L0003,Awkward,2025-01-01 Articles 1-3,An Expert,"
             "a.left; c.two\n");
  EXPECT_EQ(s.failed, 0) << (s.errors.empty() ? "" : s.errors[0].ToString());
  EXPECT_EQ(s.updated, 1);
  auto stub = v1::AdministrationService::NewStub(server->InProcessChannel());
  grpc::ClientContext context;
  v1::GetAdministrationRequest get;
  get.set_id("be");
  v1::GetAdministrationResponse got;
  ASSERT_TRUE(stub->GetAdministration(&context, get, &got).ok());
  std::map<std::string, bool> active;
  for (const auto& c : got.administration().correspondents()) {
    active[c.id()] = c.active();
  }
  EXPECT_FALSE(active["a.left"]);
  EXPECT_FALSE(active["c.one"]);
  EXPECT_TRUE(active["c.two"]);
}

TEST_F(ImporterTest, CreateOnlyLeavesWhatOthersChangedAndFinishesItsOwn) {
  auto server = StartServer(dir_a_);
  ASSERT_NE(server, nullptr);
  ASSERT_EQ(ImportDemo(*server).failed, 0);  // as "import-test"
  constexpr char kRows[] =
      "celex,short_title,deadline\n"
      "32018L2001,Renamed,2021-06-30\n"
      "32099L0009,New,2027-01-01\n";
  // transpod's demo data ("demo-data") leaves what others wrote last.
  ImportSummary s =
      Import(*server, kRows, {.create_only = true, .actor = "demo-data"});
  EXPECT_EQ(s.failed, 0);
  EXPECT_EQ(s.unchanged, 1);
  EXPECT_EQ(s.created, 1);
  // What it wrote last itself is brought to the file's state.
  s = Import(*server, absl::StrCat(kRows, "32099L0010,Other,2027-01-01\n"),
             {.create_only = true, .actor = "demo-data"});
  EXPECT_EQ(s.created, 1);
  EXPECT_EQ(s.unchanged, 2);
  s = Import(*server,
             "celex,short_title,deadline\n32099L0009,Renamed,2027-01-01\n",
             {.create_only = true, .actor = "demo-data"});
  EXPECT_EQ(s.updated, 1);
}

}  // namespace
}  // namespace transpo::clients
