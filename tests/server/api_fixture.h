// ApiTest: a real transpod on port 0 (manual clock, temporary data
// directory) with a gRPC client stub per service, for the API tests.
//
// Example:
//   TEST_F(ApiTest, Something) { ASSERT_TRUE(Create(Whistleblowers()).ok()); }

#ifndef TRANSPO_TESTS_SERVER_API_FIXTURE_H_
#define TRANSPO_TESTS_SERVER_API_FIXTURE_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "server/app/app.h"
#include "server/transpod.h"
#include "tests/testing/temp_dir.h"
#include "transpo/v1/administrations.grpc.pb.h"
#include "transpo/v1/clock.grpc.pb.h"
#include "transpo/v1/court_cases.grpc.pb.h"
#include "transpo/v1/directives.grpc.pb.h"
#include "transpo/v1/event_log.grpc.pb.h"
#include "transpo/v1/infringements.grpc.pb.h"

namespace transpo {

using ::transpo::testing::TempDir;

MATCHER_P2(GrpcIs, code, substring, "") {
  *result_listener << "status " << arg.error_code() << ": "
                   << arg.error_message();
  return arg.error_code() == code &&
         arg.error_message().find(substring) != std::string::npos;
}

// The field of the google.rpc.BadRequest violation a status carries in its
// details; "(none)" if it carries none.
inline std::string ViolationField(const grpc::Status& status) {
  google::rpc::Status details;
  google::rpc::BadRequest bad_request;
  if (!details.ParseFromString(status.error_details()) ||
      details.details_size() == 0 ||
      !details.details(0).UnpackTo(&bad_request) ||
      bad_request.field_violations_size() == 0) {
    return "(none)";
  }
  return bad_request.field_violations(0).field();
}

// INVALID_ARGUMENT with a field violation naming `field`, and a message
// containing `substring`.
MATCHER_P2(InvalidField, field, substring, "") {
  *result_listener << "status " << arg.error_code() << ": "
                   << arg.error_message().substr(0, 300) << " (violation "
                   << ViolationField(arg) << ")";
  return arg.error_code() == grpc::StatusCode::INVALID_ARGUMENT &&
         ViolationField(arg) == std::string(field) &&
         arg.error_message().find(substring) != std::string::npos;
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }

  // `alerts`: run the alert scheduler (it writes alert events as the clock
  // passes deadlines).
  void Start(const std::string& clock = "manual@2021-06-01T09:00",
             bool alerts = true) {
    alerts_ = alerts;
    TranspodOptions options{.listen = "127.0.0.1:0",
                            .metrics_listen = metrics_listen_,
                            .data_dir = dir_.path(),
                            .clock = clock};
    options.alerts = alerts;
    options.token_file = token_file_;
    auto server = Transpod::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    auto channel =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                            grpc::InsecureChannelCredentials());
    directives_ = v1::DirectiveService::NewStub(channel);
    dossiers_ = v1::DossierService::NewStub(channel);
    procedures_ = v1::InfringementService::NewStub(channel);
    court_cases_ = v1::CourtCaseService::NewStub(channel);
    administrations_ = v1::AdministrationService::NewStub(channel);
    clock_ = v1::ClockService::NewStub(channel);
    events_ = v1::EventLogService::NewStub(channel);
  }

  // Starts again on the same data, the manual clock where it stood (to the
  // minute), with or without alerts as before.
  void Restart() {
    const std::string clock = absl::StrCat(
        "manual@",
        absl::FormatTime("%Y-%m-%dT%H:%M", server_->clock().Now(),
                         server_->app().settings().calendar.time_zone()));
    server_.reset();
    Start(clock, alerts_);
  }

  // A context of the Euro-coordinator: its token_ when authentication is on
  // (token_file_), else its name in transpo-actor.
  std::unique_ptr<grpc::ClientContext> Ctx() {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!token_.empty()) {
      context->AddMetadata("authorization", "Bearer " + token_);
    } else {
      context->AddMetadata("transpo-actor", "euro-coordinator");
    }
    return context;
  }

  void SetDate(int y, int m, int d) {
    v1::SetTimeRequest request;
    request.mutable_time()->set_seconds(absl::ToUnixSeconds(absl::FromCivil(
        absl::CivilSecond(y, m, d, 10, 0, 0), absl::UTCTimeZone())));
    v1::SetTimeResponse response;
    ASSERT_TRUE(clock_->SetTime(Ctx().get(), request, &response).ok());
  }

  static v1::Directive Whistleblowers() {
    v1::Directive d;
    d.set_celex("32019L1937");
    d.set_short_title("Whistleblower protection");
    d.set_title(
        "Directive (EU) 2019/1937 on the protection of persons who report "
        "breaches of Union law");
    d.set_adoption_date("2019-10-23");
    d.set_policy_area("justice");
    d.set_competence(v1::COMPETENCE_SHARED);
    auto* first = d.add_deadlines();
    first->set_date("2021-12-17");
    auto* second = d.add_deadlines();
    second->set_date("2023-12-17");
    second->set_scope("Art 8(3), private entities with 50 to 249 workers");
    return d;
  }

  grpc::Status Create(const v1::Directive& directive,
                      const std::string& request_id = "",
                      v1::CreateDirectiveResponse* response = nullptr) {
    v1::CreateDirectiveRequest request;
    *request.mutable_directive() = directive;
    request.set_request_id(request_id);
    v1::CreateDirectiveResponse ignored;
    return directives_->CreateDirective(Ctx().get(), request,
                                        response ? response : &ignored);
  }

  v1::Dossier GetDossier(const std::string& celex) {
    v1::GetDossierRequest request;
    request.set_celex(celex);
    v1::GetDossierResponse response;
    grpc::Status status =
        dossiers_->GetDossier(Ctx().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.dossier();
  }

  grpc::Status ChangeStatus(const std::string& celex, v1::DossierStatus to,
                            const std::string& reason = "") {
    v1::ChangeDossierStatusRequest request;
    request.set_celex(celex);
    request.set_status(to);
    request.set_reason(reason);
    v1::ChangeDossierStatusResponse response;
    return dossiers_->ChangeDossierStatus(Ctx().get(), request, &response);
  }

  uint64_t Head() { return server_->log().head(); }

  // Registers administration `id` (names "<id> nl", "<id> fr") with these
  // correspondents (e-mail "<id>@example.org", Dutch), as dossier assignments
  // need.
  void AddAdministration(const std::string& id,
                         const std::vector<std::string>& correspondents = {}) {
    v1::CreateAdministrationRequest request;
    v1::Administration* a = request.mutable_administration();
    a->set_id(id);
    a->set_name_nl(id + " nl");
    a->set_name_fr(id + " fr");
    for (const std::string& c : correspondents) {
      v1::Correspondent* correspondent = a->add_correspondents();
      correspondent->set_id(c);
      correspondent->set_name(c);
      correspondent->set_email(c + "@example.org");
      correspondent->set_language(v1::LANGUAGE_NL);
    }
    v1::CreateAdministrationResponse response;
    grpc::Status status =
        administrations_->CreateAdministration(Ctx().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  TempDir dir_;
  bool alerts_ = true;
  // Set before Start: the token file, and the coordinator's token in it.
  std::string token_file_;
  std::string token_;
  // Set before Start: the /metrics address (empty: none; its shutdown takes
  // 2 s).
  std::string metrics_listen_;
  std::unique_ptr<Transpod> server_;
  std::unique_ptr<v1::DirectiveService::Stub> directives_;
  std::unique_ptr<v1::DossierService::Stub> dossiers_;
  std::unique_ptr<v1::InfringementService::Stub> procedures_;
  std::unique_ptr<v1::CourtCaseService::Stub> court_cases_;
  std::unique_ptr<v1::AdministrationService::Stub> administrations_;
  std::unique_ptr<v1::ClockService::Stub> clock_;
  std::unique_ptr<v1::EventLogService::Stub> events_;
};

}  // namespace transpo

#endif  // TRANSPO_TESTS_SERVER_API_FIXTURE_H_
