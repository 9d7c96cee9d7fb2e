// AuthTest: ApiTest with authentication on. A token file of one principal
// per role (two correspondents), and data the coordinator set up:
// administrations adm-a, adm-b, adm-c; dossiers 32019L1937 (led by adm-a),
// 32019L1024 (led by adm-b) and 32016L0680 (led by adm-b, adm-a involved),
// measure m0 on 32019L1937; procedures INFR(2022)0075 (with its letter of
// formal notice), 0076 and 0077; court case C-100/21.
//
// Example:
//   TEST_F(AuthTest, Something) { ... dossiers_->GetDossier(As(kViewer)...) }

#ifndef TRANSPO_TESTS_SERVER_AUTH_FIXTURE_H_
#define TRANSPO_TESTS_SERVER_AUTH_FIXTURE_H_

#include <fstream>
#include <memory>
#include <string>

#include "server/app/principals.h"
#include "tests/server/api_fixture.h"
#include "tests/testing/http_get.h"

namespace transpo {

// The tokens of the token file, by principal.
inline constexpr char kCoordinatorToken[] = "tpo_coordinator-token";
inline constexpr char kCorrespondentAToken[] = "tpo_correspondent-a-token";
inline constexpr char kCorrespondentCToken[] = "tpo_correspondent-c-token";
inline constexpr char kViewerToken[] = "tpo_viewer-token";
inline constexpr char kServiceToken[] = "tpo_service-token";

// The token file giving those tokens to euro-coordinator (coordinator),
// corr-a (correspondent of adm-a), corr-c (of adm-c), gov-viewer (viewer)
// and am-bridge (service), each also known by the certificate name
// "<id>.clients.test".
inline std::string TokenFileText() {
  auto entry = [](const char* id, const char* role, const char* administration,
                  const char* token) {
    return absl::StrCat(
        "principals { id: \"", id, "\" role: \"", role, "\"",
        *administration == '\0'
            ? ""
            : absl::StrCat(" administrations: \"", administration, "\""),
        " token_sha256: \"", app::HashToken(token), "\" certificate_names: \"",
        id, ".clients.test\" }\n");
  };
  return absl::StrCat(
      entry("euro-coordinator", "coordinator", "", kCoordinatorToken),
      entry("corr-a", "correspondent", "adm-a", kCorrespondentAToken),
      entry("corr-c", "correspondent", "adm-c", kCorrespondentCToken),
      entry("gov-viewer", "viewer", "", kViewerToken),
      entry("am-bridge", "service", "", kServiceToken));
}

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

// A context carrying `token` (none if empty).
inline std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) {
    context->AddMetadata("authorization", "Bearer " + token);
  }
  return context;
}

class AuthTest : public ApiTest {
 protected:
  void SetUp() override { StartWithAuth(/*alerts=*/false); }

  void StartWithAuth(bool alerts) {
    token_file_ = files_.path() + "/tokens.textproto";
    token_ = kCoordinatorToken;
    WriteFile(token_file_, TokenFileText());
    Start("manual@2022-02-01T09:00", alerts);
    SetUpData();
  }

  void CreateDirective(const std::string& celex) {
    v1::Directive directive = Whistleblowers();
    directive.set_celex(celex);
    grpc::Status status = Create(directive);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  void Assign(const std::string& celex, const std::string& lead,
              const std::string& involved = "") {
    v1::AssignDossierRequest assign;
    assign.set_celex(celex);
    assign.set_lead_administration(lead);
    if (!involved.empty()) assign.add_involved_administrations(involved);
    v1::AssignDossierResponse assigned;
    grpc::Status status =
        dossiers_->AssignDossier(Ctx().get(), assign, &assigned);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  void SetUpData() {
    AddAdministration("adm-a", {"a1"});
    AddAdministration("adm-b", {"b1"});
    AddAdministration("adm-c", {"c1"});
    for (const char* celex : {"32019L1937", "32019L1024", "32016L0680"}) {
      CreateDirective(celex);
    }
    Assign("32019L1937", "adm-a");
    Assign("32019L1024", "adm-b");
    Assign("32016L0680", "adm-b", "adm-a");
    v1::RecordMeasureRequest measure;
    measure.set_celex("32019L1937");
    measure.mutable_measure()->set_id("m0");
    measure.mutable_measure()->set_act_type("order");
    measure.mutable_measure()->set_title("An order");
    v1::RecordMeasureResponse recorded;
    ASSERT_TRUE(dossiers_->RecordMeasure(Ctx().get(), measure, &recorded).ok());
    for (const char* number :
         {"INFR(2022)0075", "INFR(2022)0076", "INFR(2022)0077"}) {
      v1::OpenProcedureRequest open;
      open.set_number(number);
      open.set_type(v1::PROCEDURE_TYPE_NON_COMMUNICATION);
      open.add_celex("32019L1937");
      v1::OpenProcedureResponse opened;
      grpc::Status status =
          procedures_->OpenProcedure(Ctx().get(), open, &opened);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
    v1::RecordStageRequest stage;
    stage.set_number("INFR(2022)0075");
    stage.mutable_stage()->set_kind(v1::STAGE_KIND_LETTER_OF_FORMAL_NOTICE);
    stage.mutable_stage()->set_date("2022-01-27");
    v1::RecordStageResponse staged;
    ASSERT_TRUE(procedures_->RecordStage(Ctx().get(), stage, &staged).ok());
    v1::CreateCourtCaseRequest create;
    create.mutable_court_case()->set_number("C-100/21");
    create.mutable_court_case()->set_kind(v1::COURT_CASE_KIND_ACTION);
    create.mutable_court_case()->set_title("An action");
    v1::CreateCourtCaseResponse created;
    ASSERT_TRUE(
        court_cases_->CreateCourtCase(Ctx().get(), create, &created).ok());
  }

  // A first-reading milestone on `celex`, as the holder of `token`.
  grpc::Status SetMilestone(const std::string& token,
                            const std::string& celex) {
    v1::SetMilestoneRequest request;
    request.set_celex(celex);
    request.mutable_milestone()->set_kind(v1::MILESTONE_KIND_FIRST_READING);
    request.mutable_milestone()->set_planned_date("2022-11-15");
    v1::SetMilestoneResponse response;
    return dossiers_->SetMilestone(As(token).get(), request, &response);
  }

  // The actor of the last event in the log.
  std::string LastActor() {
    auto last = server_->log().ReadAll(Head(), 1);
    EXPECT_TRUE(last.ok() && last->size() == 1);
    return last.ok() && !last->empty() ? last->front().actor : "";
  }

  // transpo_auth_denied_total{reason} on /metrics (metrics_listen_ set).
  double DeniedTotal(const std::string& reason) {
    auto text = testing::HttpGet(server_->metrics_port(), "/metrics");
    EXPECT_TRUE(text.ok()) << text.status();
    const std::string line =
        absl::StrCat("transpo_auth_denied_total{reason=\"", reason, "\"} ");
    const size_t at = text.ok() ? text->find(line) : std::string::npos;
    if (at == std::string::npos) {
      ADD_FAILURE() << "no " << line << "on /metrics";
      return -1;
    }
    return std::stod(text->substr(at + line.size()));
  }

  TempDir files_;
};

}  // namespace transpo

#endif  // TRANSPO_TESTS_SERVER_AUTH_FIXTURE_H_
