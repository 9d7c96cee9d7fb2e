// Alerts and correspondents: a correspondent sees (lists, watches) and
// acknowledges only the alerts addressed to its administrations; every
// denial is counted by reason and logged with the caller's address.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "tests/server/auth_fixture.h"
#include "tests/testing/status_matchers.h"
#include "transpo/v1/alerts.grpc.pb.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;

class AuthAlertScopeTest : public AuthTest {
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

}  // namespace
}  // namespace transpo
