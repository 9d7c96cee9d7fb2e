// Correspondents are scoped to their administrations: they write the
// dossiers their administration leads or is involved in, acknowledge and
// see the alerts addressed to it; the authenticated principal is the actor
// of what it writes; each denial is counted on /metrics.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "tests/server/auth_fixture.h"
#include "tests/testing/http_get.h"
#include "tests/testing/status_matchers.h"
#include "transpo/v1/alerts.grpc.pb.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::HttpGet;
using ::transpo::testing::StatusIs;

class AuthScopeTest : public AuthTest {
 protected:
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

  double DeniedTotal(const std::string& reason) {
    auto text = HttpGet(server_->metrics_port(), "/metrics");
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
};

// With /metrics, to read the denial counts.
class AuthScopeMetricsTest : public AuthScopeTest {
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

class AuthAlertScopeTest : public AuthScopeTest {
 protected:
  void SetUp() override {
    metrics_listen_ = "127.0.0.1:0";
    StartWithAuth(/*alerts=*/true);
    alerts_ = v1::AlertService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                            grpc::InsecureChannelCredentials()));
    // A week before the second deadline of the three dossiers (2023-12-17).
    SetDate(2023, 12, 12);
    ASSERT_TRUE(server_->app().alerts().AwaitQuiet(absl::Seconds(30)));
  }

  std::vector<v1::Alert> List(const std::string& token,
                              const std::string& administration,
                              grpc::Status* status_out = nullptr) {
    v1::ListAlertsRequest request;
    request.set_administration(administration);
    v1::ListAlertsResponse response;
    grpc::Status status =
        alerts_->ListAlerts(As(token).get(), request, &response);
    if (status_out != nullptr) {
      *status_out = status;
    } else {
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return {response.alerts().begin(), response.alerts().end()};
  }

  // The alert ids a watch sends until it has caught up; `status`, if set,
  // gets how the stream ended.
  std::vector<std::string> Watch(const std::string& token,
                                 const std::string& administration,
                                 grpc::Status* status = nullptr) {
    auto context = As(token);
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(30));
    v1::WatchAlertsRequest request;
    request.set_administration(administration);
    auto reader = alerts_->WatchAlerts(context.get(), request);
    std::vector<std::string> ids;
    v1::WatchAlertsResponse message;
    bool open = true;
    while ((open = reader->Read(&message)) && !message.caught_up()) {
      for (const v1::AlertUpdate& u : message.updates()) {
        ids.push_back(u.alert().id());
      }
    }
    if (open) context->TryCancel();  // caught up; else the server ended it
    grpc::Status finished = reader->Finish();
    if (status != nullptr) *status = finished;
    return ids;
  }

  static bool AddressedTo(const v1::Alert& alert, const std::string& admin) {
    const auto& to = alert.audience().administrations();
    return std::find(to.begin(), to.end(), admin) != to.end();
  }

  std::unique_ptr<v1::AlertService::Stub> alerts_;
};

TEST_F(AuthAlertScopeTest, ACorrespondentSeesTheAlertsOfItsAdministration) {
  const std::vector<v1::Alert> all = List(kCoordinatorToken, "");
  ASSERT_TRUE(std::any_of(all.begin(), all.end(), [](const v1::Alert& a) {
    return !AddressedTo(a, "adm-a");
  })) << "the test needs alerts of other administrations";
  std::vector<std::string> of_a;
  for (const v1::Alert& a : all) {
    if (AddressedTo(a, "adm-a")) of_a.push_back(a.id());
  }
  ASSERT_FALSE(of_a.empty());

  std::vector<std::string> listed;
  for (const v1::Alert& a : List(kCorrespondentAToken, "")) {
    listed.push_back(a.id());
  }
  EXPECT_EQ(listed, of_a);
  listed.clear();
  for (const v1::Alert& a : List(kCorrespondentAToken, "adm-a")) {
    listed.push_back(a.id());
  }
  EXPECT_EQ(listed, of_a);

  const double denied = DeniedTotal("scope");
  grpc::Status status;
  List(kCorrespondentAToken, "adm-b", &status);
  EXPECT_THAT(status, GrpcIs(grpc::StatusCode::PERMISSION_DENIED,
                             "may not see the alerts of administration "
                             "\"adm-b\""));
  EXPECT_EQ(DeniedTotal("scope"), denied + 1);

  // The watch: the same alerts, and none of adm-b's alone.
  const std::vector<std::string> watched = Watch(kCorrespondentAToken, "");
  ASSERT_FALSE(watched.empty());
  EXPECT_EQ(watched, Watch(kCoordinatorToken, "adm-a"));
  EXPECT_NE(watched, Watch(kCoordinatorToken, ""));
  for (const std::string& id : watched) {
    EXPECT_TRUE(std::find(of_a.begin(), of_a.end(), id) != of_a.end()) << id;
  }
  // Asking to watch another administration's alerts is denied.
  EXPECT_TRUE(Watch(kCorrespondentAToken, "adm-b", &status).empty());
  EXPECT_THAT(status, GrpcIs(grpc::StatusCode::PERMISSION_DENIED,
                             "may not see the alerts of administration "
                             "\"adm-b\""));
}

TEST_F(AuthAlertScopeTest, ACorrespondentAcknowledgesOnlyItsAlerts) {
  const std::vector<v1::Alert> all = List(kCoordinatorToken, "");
  // One addressed to adm-a (among others), one to adm-b alone.
  auto find = [&](bool of_a) {
    return std::find_if(all.begin(), all.end(), [&](const v1::Alert& a) {
      return of_a ? AddressedTo(a, "adm-a")
                  : a.audience().administrations_size() == 1 &&
                        AddressedTo(a, "adm-b");
    });
  };
  ASSERT_NE(find(true), all.end());
  ASSERT_NE(find(false), all.end());
  v1::AcknowledgeAlertRequest ack;
  v1::AcknowledgeAlertResponse acked;

  const uint64_t head = Head();
  const double denied = DeniedTotal("scope");
  ack.set_alert_id(find(false)->id());
  EXPECT_THAT(
      alerts_->AcknowledgeAlert(As(kCorrespondentAToken).get(), ack, &acked),
      GrpcIs(grpc::StatusCode::PERMISSION_DENIED,
             "principal \"corr-a\" (correspondent of adm-a) may not "
             "write alerts of deadline"));
  EXPECT_THAT(
      alerts_->AcknowledgeAlert(As(kCorrespondentAToken).get(), ack, &acked),
      GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "it concerns adm-b;"));
  EXPECT_EQ(Head(), head);
  EXPECT_EQ(DeniedTotal("scope"), denied + 2);

  ack.set_alert_id(find(true)->id());
  ASSERT_TRUE(
      alerts_->AcknowledgeAlert(As(kCorrespondentAToken).get(), ack, &acked)
          .ok());
  EXPECT_EQ(acked.alert().acknowledged_by(), "corr-a");
}

TEST_F(AuthAlertScopeTest, EachDenialIsCountedByReasonAndLoggedWithThePeer) {
  const std::vector<std::string> reasons = {"no_credentials", "unknown_token",
                                            "role", "actor"};
  std::vector<double> before;
  before.reserve(reasons.size());
  for (const std::string& reason : reasons) {
    before.push_back(DeniedTotal(reason));
  }
  v1::AcknowledgeAlertRequest ack;
  ack.set_alert_id("x/y");
  v1::AcknowledgeAlertResponse acked;
  auto posing = As(kCorrespondentAToken);
  posing->AddMetadata("transpo-actor", "euro-coordinator");
  ::testing::internal::CaptureStderr();
  EXPECT_FALSE(alerts_->AcknowledgeAlert(As("").get(), ack, &acked).ok());
  EXPECT_FALSE(
      alerts_->AcknowledgeAlert(As("tpo_revoked").get(), ack, &acked).ok());
  EXPECT_FALSE(
      alerts_->AcknowledgeAlert(As(kViewerToken).get(), ack, &acked).ok());
  EXPECT_FALSE(alerts_->AcknowledgeAlert(posing.get(), ack, &acked).ok());
  const std::string logged = ::testing::internal::GetCapturedStderr();
  for (size_t i = 0; i < reasons.size(); ++i) {
    EXPECT_EQ(DeniedTotal(reasons[i]), before[i] + 1) << reasons[i];
    // One line per denial, naming the reason and the caller's address.
    EXPECT_THAT(logged, HasSubstr(absl::StrCat("transpod: denied (", reasons[i],
                                               ") ipv4:127.0.0.1:")))
        << reasons[i];
  }
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
