// Correspondents are scoped to their administrations: they write the
// dossiers their administration leads or is involved in; the authenticated
// principal is the actor of what it writes; a revoked principal's streams
// end; denials are logged at most 20 lines a second, and counted.
// (Alerts: auth_alert_scope_test.cc.)

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "tests/server/auth_fixture.h"
#include "tests/testing/status_matchers.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

using AuthScopeTest = AuthTest;

// With /metrics, to read the denial counts.
class AuthScopeMetricsTest : public AuthTest {
 protected:
  void SetUp() override {
    metrics_listen_ = "127.0.0.1:0";
    StartWithAuth(/*alerts=*/false);
  }
};

TEST_F(AuthScopeTest, ACorrespondentWritesTheDossiersOfItsAdministration) {
  // Led by adm-a.
  ASSERT_TRUE(SetMilestone(kCorrespondentAToken, "32019L1937").ok());
  EXPECT_EQ(LastActor(), "corr-a");
  // Led by adm-b, adm-a involved.
  ASSERT_TRUE(SetMilestone(kCorrespondentAToken, "32016L0680").ok());
  EXPECT_EQ(LastActor(), "corr-a");

  // Led by adm-b alone.
  const uint64_t head = Head();
  EXPECT_THAT(
      SetMilestone(kCorrespondentAToken, "32019L1024"),
      GrpcIs(grpc::StatusCode::PERMISSION_DENIED,
             "principal \"corr-a\" (correspondent of adm-a) may not write "
             "directive 32019L1024: it concerns adm-b"));
  // Another administration's correspondent: neither of adm-a's.
  EXPECT_THAT(SetMilestone(kCorrespondentCToken, "32019L1937"),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "corr-c"));
  EXPECT_EQ(Head(), head);
}

TEST_F(AuthScopeTest, ACorrespondentMakesEveryDossierWriteInItsScope) {
  // Each dossier write a correspondent may make, as corr-a: on the dossier
  // adm-a leads (32019L1937) and on the one it is involved in (32016L0680),
  // it is written with corr-a as the actor; on adm-b's own (32019L1024) it
  // is denied and nothing is written.
  using Write = std::function<grpc::Status(const std::string& celex)>;
  const auto as_a = [] { return As(kCorrespondentAToken); };
  const std::vector<std::pair<std::string, Write>> writes = {
      {"UpdateDossier",
       [&](const std::string& celex) {
         v1::UpdateDossierRequest request;
         request.mutable_dossier()->set_celex(celex);
         request.mutable_dossier()->set_delay_cause("Council of State opinion");
         request.mutable_update_mask()->add_paths("delay_cause");
         v1::UpdateDossierResponse response;
         return dossiers_->UpdateDossier(as_a().get(), request, &response);
       }},
      {"ChangeDossierStatus",
       [&](const std::string& celex) {
         v1::ChangeDossierStatusRequest request;
         request.set_celex(celex);
         request.set_status(v1::DOSSIER_STATUS_DRAFTING);
         v1::ChangeDossierStatusResponse response;
         return dossiers_->ChangeDossierStatus(as_a().get(), request,
                                               &response);
       }},
      {"RecordMeasure",
       [&](const std::string& celex) {
         v1::RecordMeasureRequest request;
         request.set_celex(celex);
         request.mutable_measure()->set_id("m1");
         request.mutable_measure()->set_act_type("ordinance");
         request.mutable_measure()->set_title("An ordinance");
         v1::RecordMeasureResponse response;
         return dossiers_->RecordMeasure(as_a().get(), request, &response);
       }},
      {"NotifyMeasure",
       [&](const std::string& celex) {
         v1::NotifyMeasureRequest request;
         request.set_celex(celex);
         request.set_measure_id("m1");
         request.set_notification_date("2022-01-31");
         request.set_scope(v1::NOTIFICATION_SCOPE_PARTIAL);
         v1::NotifyMeasureResponse response;
         return dossiers_->NotifyMeasure(as_a().get(), request, &response);
       }},
  };
  for (const auto& [name, write] : writes) {
    for (const char* celex : {"32019L1937", "32016L0680"}) {
      const uint64_t head = Head();
      grpc::Status status = write(celex);
      EXPECT_TRUE(status.ok())
          << name << " " << celex << ": " << status.error_message();
      EXPECT_GT(Head(), head) << name << " " << celex;
      EXPECT_EQ(LastActor(), "corr-a") << name << " " << celex;
    }
    const uint64_t head = Head();
    EXPECT_THAT(write("32019L1024"),
                GrpcIs(grpc::StatusCode::PERMISSION_DENIED,
                       "may not write directive 32019L1024: it concerns adm-b"))
        << name;
    EXPECT_EQ(Head(), head) << name;
  }
}

TEST_F(AuthScopeTest, ACorrespondentKeepsTheAdministrationsOfADossier) {
  v1::AssignDossierRequest assign;
  assign.set_celex("32019L1937");
  assign.set_lead_administration("adm-a");
  assign.add_experts("e.peeters");
  v1::AssignDossierResponse assigned;
  ASSERT_TRUE(
      dossiers_
          ->AssignDossier(As(kCorrespondentAToken).get(), assign, &assigned)
          .ok());
  EXPECT_THAT(assigned.dossier().experts(),
              ::testing::ElementsAre("e.peeters"));

  const uint64_t head = Head();
  // Handing its dossier to another administration, or taking one in.
  assign.set_lead_administration("adm-b");
  EXPECT_THAT(dossiers_->AssignDossier(As(kCorrespondentAToken).get(), assign,
                                       &assigned),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED,
                     "may not change the administrations directive "
                     "32019L1937 concerns"));
  assign.set_lead_administration("adm-a");
  assign.add_involved_administrations("adm-c");
  EXPECT_THAT(
      dossiers_->AssignDossier(As(kCorrespondentAToken).get(), assign,
                               &assigned),
      GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "only the coordinator"));
  EXPECT_EQ(Head(), head);
  // The coordinator may.
  EXPECT_TRUE(dossiers_->AssignDossier(Ctx().get(), assign, &assigned).ok());
}

TEST_F(AuthScopeTest, TheTokenNamesTheActorAndTranspoActorCannotChangeIt) {
  auto context = As(kViewerToken);
  context->AddMetadata("transpo-actor", "gov-viewer");  // itself: fine
  v1::GetDossierRequest get;
  get.set_celex("32019L1937");
  v1::GetDossierResponse got;
  EXPECT_TRUE(dossiers_->GetDossier(context.get(), get, &got).ok());

  // The scheme is matched without regard to case (RFC 7235).
  grpc::ClientContext lowercase;
  lowercase.AddMetadata("authorization", absl::StrCat("bearer ", kViewerToken));
  EXPECT_TRUE(dossiers_->GetDossier(&lowercase, get, &got).ok());

  const uint64_t head = Head();
  context = As(kCorrespondentAToken);
  context->AddMetadata("transpo-actor", "euro-coordinator");
  v1::SetMilestoneRequest request;
  request.set_celex("32019L1937");
  request.mutable_milestone()->set_kind(v1::MILESTONE_KIND_FIRST_READING);
  request.mutable_milestone()->set_planned_date("2022-11-15");
  v1::SetMilestoneResponse response;
  EXPECT_THAT(dossiers_->SetMilestone(context.get(), request, &response),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED,
                     "transpo-actor \"euro-coordinator\" is not the "
                     "authenticated principal \"corr-a\""));
  EXPECT_EQ(Head(), head);
}

TEST_F(AuthScopeTest, TranspodsOwnInProcessCallsNeedNoToken) {
  // As the demo data import makes them; only code in the process can.
  auto in_process = v1::ClockService::NewStub(server_->InProcessChannel());
  v1::SetTimeRequest request;
  request.mutable_advance()->set_seconds(60);
  v1::SetTimeResponse response;
  grpc::ClientContext context;
  EXPECT_TRUE(in_process->SetTime(&context, request, &response).ok());
  // The same call over the network is refused, even claiming to be.
  auto claiming = As("");
  claiming->AddMetadata("transpo-in-process", "tpo_guess");
  EXPECT_THAT(clock_->SetTime(claiming.get(), request, &response),
              GrpcIs(grpc::StatusCode::UNAUTHENTICATED, "no credentials"));
}

TEST_F(AuthScopeTest, AnotherPrincipalsRequestIdIsNotItsAnswer) {
  v1::SetMilestoneRequest request;
  request.set_celex("32019L1024");  // adm-b's
  request.mutable_milestone()->set_kind(v1::MILESTONE_KIND_FIRST_READING);
  request.mutable_milestone()->set_planned_date("2022-11-15");
  request.set_request_id("milestone-1");
  v1::SetMilestoneResponse response;
  ASSERT_TRUE(dossiers_->SetMilestone(Ctx().get(), request, &response).ok());
  const uint64_t head = Head();
  // The coordinator's retry gets its answer; corr-c's copy does not.
  EXPECT_TRUE(dossiers_->SetMilestone(Ctx().get(), request, &response).ok());
  EXPECT_THAT(dossiers_->SetMilestone(As(kCorrespondentCToken).get(), request,
                                      &response),
              GrpcIs(grpc::StatusCode::ALREADY_EXISTS, "milestone-1"));
  EXPECT_EQ(Head(), head);
}

TEST_F(AuthScopeMetricsTest, ARevokedPrincipalsStreamsEndAtTheReload) {
  auto subscribe = [&](const std::string& token,
                       std::unique_ptr<grpc::ClientContext>& context) {
    context = As(token);
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(30));
    v1::SubscribeRequest request;
    request.set_from_position(Head() + 1);
    return events_->Subscribe(context.get(), request);
  };
  const double revoked = DeniedTotal("revoked");
  std::unique_ptr<grpc::ClientContext> viewer_context, coordinator_context;
  auto viewer = subscribe(kViewerToken, viewer_context);
  auto coordinator = subscribe(kCoordinatorToken, coordinator_context);
  // Both streams are open: both get the next event.
  ASSERT_TRUE(SetMilestone(kCoordinatorToken, "32019L1937").ok());
  v1::SubscribeResponse message;
  ASSERT_TRUE(viewer->Read(&message));
  ASSERT_TRUE(coordinator->Read(&message));

  // gov-viewer leaves the token file: its idle stream ends at once.
  std::string text = TokenFileText();
  const size_t at = text.find("principals { id: \"gov-viewer\"");
  ASSERT_NE(at, std::string::npos);
  text.erase(at, text.find('\n', at) + 1 - at);
  WriteFile(token_file_, text);
  ASSERT_TRUE(server_->ReloadTokenFile().ok());
  EXPECT_FALSE(viewer->Read(&message)) << "the revoked viewer got a message";
  EXPECT_THAT(viewer->Finish(),
              GrpcIs(grpc::StatusCode::UNAUTHENTICATED,
                     "the credentials of principal \"gov-viewer\" were "
                     "revoked"));
  EXPECT_EQ(DeniedTotal("revoked"), revoked + 1);
  // The coordinator's stream goes on.
  ASSERT_TRUE(SetMilestone(kCoordinatorToken, "32016L0680").ok());
  EXPECT_TRUE(coordinator->Read(&message));
  coordinator_context->TryCancel();
  coordinator->Finish().IgnoreError();
  // New calls are refused too.
  v1::GetDossierRequest get;
  get.set_celex("32019L1937");
  v1::GetDossierResponse got;
  EXPECT_THAT(dossiers_->GetDossier(As(kViewerToken).get(), get, &got),
              GrpcIs(grpc::StatusCode::UNAUTHENTICATED, "unknown or revoked"));
}

TEST_F(AuthScopeTest, ATokenFileWithoutPrincipalsIsRefused) {
  WriteFile(token_file_, "");
  EXPECT_THAT(
      server_->ReloadTokenFile(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no principals")));
  WriteFile(token_file_, "principals { id: \"x\" role: \"boss\" }");
  EXPECT_THAT(server_->ReloadTokenFile(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("principals[0].role \"boss\"")));
  // The file in force stays.
  EXPECT_TRUE(SetMilestone(kCorrespondentAToken, "32019L1937").ok());
}

TEST_F(AuthScopeMetricsTest, DenialLinesAreLimitedToTwentyASecond) {
  // 45 denials in under a second, so in at most two one-second windows of
  // 20 lines: some are not logged. A logged line tells how many before it
  // were not, so after one more denial a second later every denial is
  // either a line or counted in one; and every one is on /metrics.
  const double counted = DeniedTotal("no_credentials");
  v1::GetDossierRequest get;
  get.set_celex("32019L1937");
  v1::GetDossierResponse got;
  ::testing::internal::CaptureStderr();
  const absl::Time start = absl::Now();
  for (int i = 0; i < 45; ++i) {
    EXPECT_FALSE(dossiers_->GetDossier(As("").get(), get, &got).ok());
  }
  const absl::Duration took = absl::Now() - start;
  absl::SleepFor(absl::Seconds(1.1));
  EXPECT_FALSE(dossiers_->GetDossier(As("").get(), get, &got).ok());
  const std::string logged = ::testing::internal::GetCapturedStderr();
  if (took >= absl::Seconds(1)) {
    GTEST_SKIP() << "45 calls took " << took << ": too slow to tell";
  }
  int lines = 0;
  int not_logged = 0;
  for (absl::string_view line : absl::StrSplit(logged, '\n')) {
    if (!absl::StartsWith(line, "transpod: denied (no_credentials) ")) continue;
    ++lines;
    constexpr absl::string_view kSuffix = " earlier denials not logged)";
    const size_t open = line.rfind(" (");
    int earlier = 0;
    if (absl::EndsWith(line, kSuffix) && open != absl::string_view::npos &&
        absl::SimpleAtoi(
            line.substr(open + 2, line.size() - kSuffix.size() - open - 2),
            &earlier)) {
      not_logged += earlier;
    }
  }
  EXPECT_LE(lines, 41);
  EXPECT_GE(not_logged, 5);
  EXPECT_EQ(lines + not_logged, 46);
  EXPECT_EQ(DeniedTotal("no_credentials"), counted + 46);
}

}  // namespace
}  // namespace transpo
