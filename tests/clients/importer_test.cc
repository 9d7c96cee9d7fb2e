// The importer and the exporter against a real transpod: the demo data,
// dry runs, round trips, bad rows, --atomic.

#include "clients/import/importer.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/clients/importer_fixture.h"
#include "transpo/v1/court_cases.grpc.pb.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo::clients {
namespace {

using ::testing::HasSubstr;

TEST_F(ImporterTest, TheDemoDataLoadsOnceAndAgainWritesNothing) {
  auto server = StartServer(dir_a_);
  ASSERT_NE(server, nullptr);
  ImportSummary first = ImportDemo(*server);
  EXPECT_EQ(first.failed, 0)
      << (first.errors.empty() ? "" : first.errors.front().ToString());
  EXPECT_EQ(first.created,
            11 + 52 + 5);  // administrations, dossiers, procedures
  const uint64_t head = server->log().head();

  ImportSummary again = ImportDemo(*server);
  EXPECT_EQ(again.created + again.updated + again.failed, 0);
  EXPECT_EQ(again.unchanged, first.created);
  EXPECT_EQ(server->log().head(), head);

  // The states the file describes were reached by the lifecycle's moves.
  auto dossiers = v1::DossierService::NewStub(server->InProcessChannel());
  grpc::ClientContext context;
  v1::GetDossierRequest get;
  get.set_celex("32018L2001");
  v1::GetDossierResponse got;
  ASSERT_TRUE(dossiers->GetDossier(&context, get, &got).ok());
  EXPECT_EQ(got.dossier().status(), v1::DOSSIER_STATUS_NOTIFIED);
  EXPECT_EQ(got.dossier().lead_administration(), "be");
}

TEST_F(ImporterTest, ADryRunCountsAndWritesNothing) {
  auto server = StartServer(dir_a_);
  ASSERT_NE(server, nullptr);
  const uint64_t head = server->log().head();
  ImportSummary dry =
      Import(*server, ReadFile(DEMO_DIR "/dossiers.csv"), {.dry_run = true});
  EXPECT_EQ(dry.created, 52 + 5);
  EXPECT_EQ(dry.failed, 0);
  EXPECT_EQ(server->log().head(), head);
}

TEST_F(ImporterTest, ExportThenImportIntoAFreshServerGivesTheSameState) {
  auto a = StartServer(dir_a_);
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(ImportDemo(*a).failed, 0);
  {  // A court case, which only JSON lines carry.
    auto stub = v1::CourtCaseService::NewStub(a->InProcessChannel());
    grpc::ClientContext context;
    v1::CreateCourtCaseRequest request;
    v1::CourtCase& c = *request.mutable_court_case();
    c.set_number("C-123/24");
    c.set_kind(v1::COURT_CASE_KIND_ACTION);
    c.set_title("Commission v Belgium");
    c.add_celex("32019L1152");
    v1::CreateCourtCaseResponse response;
    ASSERT_TRUE(stub->CreateCourtCase(&context, request, &response).ok());
    grpc::ClientContext add_context;
    v1::AddCourtDeadlineRequest add;
    add.set_number("C-123/24");
    add.mutable_deadline()->set_date("2027-02-01");
    add.mutable_deadline()->set_description("defence due");
    v1::AddCourtDeadlineResponse added;
    ASSERT_TRUE(stub->AddCourtDeadline(&add_context, add, &added).ok());
  }
  auto exported = ExportAll(a->InProcessChannel(), {});
  ASSERT_TRUE(exported.ok()) << exported.status();
  const std::vector<v1::ExportRecord> want = Export(*a);

  {  // JSON lines: everything, versions included (no step twice).
    auto b = StartServer(dir_b_);
    ASSERT_NE(b, nullptr);
    ImportSummary s = Import(*b, WriteJsonLines(*exported));
    EXPECT_EQ(s.failed, 0) << (s.errors.empty() ? "" : s.errors[0].ToString());
    ExpectSameState(want, Export(*b));
  }
  {  // CSV: administrations, then dossiers with their procedures.
    testing::TempDir dir_c;
    auto c = StartServer(dir_c);
    ASSERT_NE(c, nullptr);
    ASSERT_EQ(Import(*c, WriteAdministrationsCsv(*exported)).failed, 0);
    ImportSummary s = Import(*c, WriteDossiersCsv(*exported));
    EXPECT_EQ(s.failed, 0) << (s.errors.empty() ? "" : s.errors[0].ToString());
    std::vector<v1::ExportRecord> without_court_cases = want;
    std::erase_if(without_court_cases,
                  [](const v1::ExportRecord& r) { return r.has_court_case(); });
    ExpectSameState(without_court_cases, Export(*c));
  }
}

constexpr char kMixedRows[] =
    "celex,short_title,deadline,status,lead_administration,status_reason\n"
    "32019L0904,Single-use plastics,2021-07-03,,,\n"
    "32019L0905,Bad date,2021-02-30,,,\n"
    "32019L0906,Unknown administration,2021-07-03,assigned,nowhere,\n"
    "32019L0907,Not applicable,2021-07-03,not-applicable,,federal\n";

TEST_F(ImporterTest, BadRowsAreReportedAndSkippedTheOthersImported) {
  auto server = StartServer(dir_a_);
  ASSERT_NE(server, nullptr);
  ImportSummary s = Import(*server, kMixedRows);
  EXPECT_EQ(s.failed, 2);
  // The unknown administration's directive is registered before the
  // assignment is refused: the row counts as failed, its directive stays.
  EXPECT_EQ(s.created, 2);
  ASSERT_EQ(s.errors.size(), 2u);
  EXPECT_EQ(s.errors[0].line, 3);
  EXPECT_EQ(s.errors[0].column, "deadline");
  EXPECT_EQ(s.errors[1].line, 4);
  EXPECT_EQ(s.errors[1].column, "lead_administration");
  EXPECT_THAT(s.errors[1].reason, HasSubstr("nowhere"));
}

TEST_F(ImporterTest, AtomicRefusesTheWholeFileAndWritesNothing) {
  auto server = StartServer(dir_a_);
  ASSERT_NE(server, nullptr);
  const uint64_t head = server->log().head();
  ImportSummary s = Import(*server, kMixedRows, {.atomic = true});
  EXPECT_TRUE(s.refused);
  EXPECT_EQ(s.created, 0);
  ASSERT_EQ(s.errors.size(), 2u);
  EXPECT_EQ(s.errors[0].column, "deadline");
  EXPECT_EQ(s.errors[1].column, "lead_administration");
  EXPECT_EQ(server->log().head(), head);
  // Without the bad rows, --atomic imports.
  ImportSummary good = Import(
      *server,
      "celex,short_title,deadline\n32019L0904,Single-use plastics,2021-07-03\n",
      {.atomic = true});
  EXPECT_FALSE(good.refused);
  EXPECT_EQ(good.created, 1);
}

TEST_F(ImporterTest, AStatusTheDossierCannotReachIsAnErrorOfItsRow) {
  auto server = StartServer(dir_a_);
  ASSERT_NE(server, nullptr);
  ASSERT_EQ(ImportDemo(*server).failed, 0);
  const uint64_t head = server->log().head();
  ImportSummary s = Import(*server,
                           "celex,short_title,deadline,status\n"
                           "32018L2001,Renewable energy (RED II),2021-06-30,"
                           "drafting\n");
  ASSERT_EQ(s.failed, 1);
  EXPECT_EQ(s.errors[0].column, "status");
  EXPECT_THAT(s.errors[0].reason,
              HasSubstr("notified on the server: it cannot be brought to "
                        "drafting"));
  EXPECT_EQ(server->log().head(), head);
}

}  // namespace
}  // namespace transpo::clients
