// The bridge against a scripted AlertService whose history arrives in two
// messages half a second apart, then caught_up, then a live update: an alert
// raised and resolved in the history is never posted, however the history is
// split; the live one is.

#include <grpcpp/grpcpp.h>

#include "clients/alertmanager/bridge.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/clients/alertmanager/bridge_testing.h"
#include "tests/testing/temp_dir.h"
#include "transpo/v1/administrations.grpc.pb.h"
#include "transpo/v1/alerts.grpc.pb.h"

namespace transpo::bridge {
namespace {

v1::AlertUpdate Update(uint64_t cursor, const std::string& rule,
                       v1::AlertStatus status) {
  v1::AlertUpdate u;
  u.set_cursor(cursor);
  v1::Alert* a = u.mutable_alert();
  a->set_id("directive-32021L0001/transposition/2021-12-18/" + rule);
  a->set_rule_id(rule);
  a->set_deadline_date("2021-12-18");
  a->set_status(status);
  a->set_notifications(1);
  a->mutable_audience()->add_administrations("bee");
  a->mutable_audience()->add_correspondents("anna");
  u.mutable_time()->set_seconds(1'624'262'400);  // 2021-06-21
  return u;
}

class ScriptedAlerts final : public v1::AlertService::Service {
 public:
  grpc::Status WatchAlerts(
      grpc::ServerContext* context, const v1::WatchAlertsRequest* request,
      grpc::ServerWriter<v1::WatchAlertsResponse>* writer) override {
    if (request->after_cursor() == 0) {
      v1::WatchAlertsResponse history;
      *history.add_updates() =
          Update(1, "transposition-180d", v1::ALERT_STATUS_FIRING);
      writer->Write(history);
      absl::SleepFor(absl::Milliseconds(500));  // longer than a live pause
      history.Clear();
      *history.add_updates() =
          Update(2, "transposition-180d", v1::ALERT_STATUS_RESOLVED);
      writer->Write(history);
    }
    v1::WatchAlertsResponse caught_up;
    caught_up.set_caught_up(true);
    writer->Write(caught_up);
    v1::WatchAlertsResponse live;
    *live.add_updates() =
        Update(3, "transposition-90d", v1::ALERT_STATUS_FIRING);
    writer->Write(live);
    while (!context->IsCancelled()) absl::SleepFor(absl::Milliseconds(10));
    return grpc::Status::CANCELLED;
  }
};

class Directory final : public v1::AdministrationService::Service {
 public:
  grpc::Status GetAdministration(
      grpc::ServerContext*, const v1::GetAdministrationRequest* request,
      v1::GetAdministrationResponse* response) override {
    v1::Administration* a = response->mutable_administration();
    a->set_id(request->id());
    v1::Correspondent* c = a->add_correspondents();
    c->set_id("anna");
    c->set_email("anna@example.org");
    c->set_active(true);
    return grpc::Status::OK;
  }
};

TEST(BridgeCatchUpTest, TheHistoryIsOneBatchHoweverItIsSplit) {
  ScriptedAlerts alerts;
  Directory directory;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&alerts);
  builder.RegisterService(&directory);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(port, 0);

  testing::TempDir dir;
  FakeAlertmanager alertmanager;
  {
    RunningBridge bridge(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                            grpc::InsecureChannelCredentials()),
        &alertmanager,
        {.state_file = dir.path() + "/am.state",
         .time_zone = absl::UTCTimeZone(),
         .log = [](const std::string&) {}});
    ASSERT_TRUE(alertmanager.AwaitLatest(
        {{"2021-12-18 transposition-90d#1 anna", true}}));
  }
  for (const auto& a : alertmanager.posts()) {
    EXPECT_EQ(a.labels().at("rule"), "transposition-90d") << Key(a);
  }
  server->Shutdown();
}

}  // namespace
}  // namespace transpo::bridge
