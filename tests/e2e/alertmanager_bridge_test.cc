// transpod -> transpo-alertmanager -> Alertmanager -> a webhook receiver run
// by the test: the alert arrives with its labels and later resolves; what
// falls due while the bridge is killed, or while Alertmanager is down,
// arrives once they are back; no alert is notified as new twice.

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "tests/e2e/alertmanager_fixture.h"
#include "tests/testing/http_get.h"
#include "tests/testing/metrics_text.h"

namespace transpo {
namespace {

// Receives Alertmanager's webhook notifications on loopback.
class WebhookReceiver {
 public:
  WebhookReceiver() {
    server_.Post("/", [this](const httplib::Request& request,
                             httplib::Response& response) {
      google::protobuf::Struct notification;
      if (google::protobuf::util::JsonStringToMessage(request.body,
                                                      &notification)
              .ok()) {
        absl::MutexLock lock(&mu_);
        notifications_.push_back(std::move(notification));
      }
      response.status = 200;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~WebhookReceiver() {
    server_.stop();
    thread_.join();
  }

  int port() const { return port_; }

  // Each alert of each notification received, in order:
  // "<status> <deadline> <rule>#<notification> <recipient>".
  std::vector<std::string> Seen() {
    absl::MutexLock lock(&mu_);
    std::vector<std::string> out;
    for (const auto& n : notifications_) {
      for (const auto& alert : n.fields().at("alerts").list_value().values()) {
        const auto& f = alert.struct_value().fields();
        const auto& labels = f.at("labels").struct_value().fields();
        const auto& notes = f.at("annotations").struct_value().fields();
        out.push_back(absl::StrCat(f.at("status").string_value(), " ",
                                   notes.at("deadline").string_value(), " ",
                                   labels.at("rule").string_value(), "#",
                                   labels.at("notification").string_value(),
                                   " ", labels.at("recipient").string_value()));
      }
    }
    return out;
  }

  // The labels and annotations of the first alert received.
  std::pair<google::protobuf::Struct, google::protobuf::Struct> First() {
    absl::MutexLock lock(&mu_);
    const auto& f = notifications_.at(0)
                        .fields()
                        .at("alerts")
                        .list_value()
                        .values(0)
                        .struct_value()
                        .fields();
    return {f.at("labels").struct_value(), f.at("annotations").struct_value()};
  }

  // Waits (up to 60 s) until every one of `want` was seen.
  bool AwaitSeen(const std::vector<std::string>& want) {
    for (int i = 0; i < 600; ++i) {
      std::vector<std::string> seen = Seen();
      if (std::all_of(want.begin(), want.end(), [&](const std::string& w) {
            return std::find(seen.begin(), seen.end(), w) != seen.end();
          })) {
        return true;
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
    ADD_FAILURE() << "seen: " << absl::StrJoin(Seen(), "; ");
    return false;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  absl::Mutex mu_;
  std::vector<google::protobuf::Struct> notifications_ ABSL_GUARDED_BY(mu_);
};

class AlertmanagerBridgeTest : public AlertmanagerE2eTest {
 protected:
  // Waits (up to 30 s) until Alertmanager's API lists an active alert of
  // transpo alert `id`.
  bool AwaitInAlertmanager(const std::string& id) {
    httplib::Client http("127.0.0.1", alertmanager_port_);
    for (int i = 0; i < 300; ++i) {
      auto listed = http.Get("/api/v2/alerts?active=true");
      if (listed && listed->status == 200 &&
          listed->body.find("\"" + id + "\"") != std::string::npos) {
        return true;
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
    ADD_FAILURE() << id << " is not in Alertmanager";
    return false;
  }

  // transpod with administration "bee" (correspondent anna) and one dossier,
  // Alertmanager notifying the webhook on `webhook_port` (its configuration
  // file in `config`), and the bridge.
  void StartAll(int webhook_port, std::string& config) {
    ASSERT_NO_FATAL_FAILURE(StartTranspod());
    ASSERT_NO_FATAL_FAILURE(
        AddAdministration("bee", {{"anna", v1::LANGUAGE_NL}}));
    ASSERT_NO_FATAL_FAILURE(CreateDossier("bee", {}));
    config = WriteConfig(webhook_port);
    ASSERT_NO_FATAL_FAILURE(StartAlertmanager(config));
    StartBridge();
  }

  std::string WriteConfig(int webhook_port) {
    std::string path = Path("alertmanager.yml");
    std::ofstream(path) << "route:\n"
                           "  receiver: hook\n"
                           "  group_by: [alert_id, recipient]\n"
                           "  group_wait: 0s\n"
                           "  group_interval: 1s\n"
                           "  repeat_interval: 1h\n"
                           "receivers:\n"
                           "  - name: hook\n"
                           "    webhook_configs:\n"
                           "      - url: 'http://127.0.0.1:"
                        << webhook_port
                        << "/'\n"
                           "        send_resolved: true\n";
    return path;
  }
};

TEST_F(AlertmanagerBridgeTest,
       DeliversOnceAcrossBridgeAndAlertmanagerRestarts) {
  WebhookReceiver hook;
  std::string config;
  ASSERT_NO_FATAL_FAILURE(StartAll(hook.port(), config));

  // 180 days before deadline A.
  ASSERT_NO_FATAL_FAILURE(SetDate(2021, 6, 21));
  ASSERT_TRUE(hook.AwaitSeen({"firing 2021-12-18 transposition-180d#1 anna"}));
  auto [labels, notes] = hook.First();
  auto label = [&labels = labels](const char* name) {
    return labels.fields().at(name).string_value();
  };
  EXPECT_EQ(label("alertname"), "TranspoDeadline");
  EXPECT_EQ(label("administration"), "bee");
  EXPECT_EQ(label("severity"), "info");
  EXPECT_EQ(label("rule"), "transposition-180d");
  EXPECT_EQ(label("celex"), "32021L0001");
  EXPECT_EQ(label("deadline_kind"), "transposition");
  EXPECT_EQ(notes.fields().at("summary_nl").string_value(),
            "Omzettingstermijn Test directive (32021L0001): nog 180 dagen "
            "(18-12-2021)");
  EXPECT_EQ(notes.fields().at("email").string_value(), "anna@example.org");

  // The bridge is killed; meanwhile A's 90-day alert supersedes its 180-day
  // one and B's 180-day alert falls due.
  KillBridge();
  ASSERT_NO_FATAL_FAILURE(SetDate(2021, 9, 19));
  StartBridge();
  ASSERT_TRUE(hook.AwaitSeen({"resolved 2021-12-18 transposition-180d#1 anna",
                              "firing 2021-12-18 transposition-90d#1 anna",
                              "firing 2022-01-31 transposition-180d#1 anna"}));

  // Alertmanager is down while A's 60-day alert falls due (superseding its
  // 90-day one); B's 180-day alert fires on and must be in Alertmanager again
  // once it is back (the bridge re-sends it), without a second notification.
  StopAlertmanager();
  ASSERT_NO_FATAL_FAILURE(SetDate(2021, 10, 19));
  // The bridge tries, and tries again.
  for (int i = 0; i < 300 && !absl::StrContains(BridgeLog(), "trying again in");
       ++i) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_NO_FATAL_FAILURE(StartAlertmanager(config));
  ASSERT_TRUE(hook.AwaitSeen({"resolved 2021-12-18 transposition-90d#1 anna",
                              "firing 2021-12-18 transposition-60d#1 anna"}));
  ASSERT_TRUE(AwaitInAlertmanager(
      "directive-32021L0001/transposition/2022-01-31/transposition-180d"));

  // transpod is killed and started again: the bridge watches again from its
  // cursor and delivers what falls due next.
  transpod_->Stop(SIGKILL);
  ASSERT_NO_FATAL_FAILURE(StartTranspod());
  ASSERT_NO_FATAL_FAILURE(SetDate(2021, 11, 18));
  ASSERT_TRUE(hook.AwaitSeen({"resolved 2021-12-18 transposition-60d#1 anna",
                              "resolved 2022-01-31 transposition-180d#1 anna",
                              "firing 2021-12-18 transposition-30d#1 anna",
                              "firing 2022-01-31 transposition-90d#1 anna"}));

  // A few more re-sends: still nothing notified as new twice.
  absl::SleepFor(absl::Seconds(3));
  std::vector<std::string> seen = hook.Seen();
  for (const std::string& alert : seen) {
    if (!absl::StartsWith(alert, "firing ")) continue;
    EXPECT_EQ(std::count(seen.begin(), seen.end(), alert), 1)
        << alert
        << " was notified as new more than once: " << absl::StrJoin(seen, "; ");
  }
  // SIGTERM stops the bridge.
  bridge_->Stop(SIGTERM);
  const std::string log = BridgeLog();
  EXPECT_THAT(log, ::testing::HasSubstr("trying again in"));
  EXPECT_THAT(log, ::testing::HasSubstr("watching alerts ended"));
  // Restarted, the bridge went on from its state file.
  EXPECT_THAT(log, ::testing::ContainsRegex("after cursor [1-9]"));
  EXPECT_THAT(log, ::testing::EndsWith("transpo-alertmanager: stopped\n"));
}

// How far the bridge lags, as the rule TranspoAlertmanagerBridgeLagging
// (deploy/prometheus/rules/transpod.yml) reads it: transpod's position of
// the last alert change against the position the bridge has delivered.
TEST_F(AlertmanagerBridgeTest, ItsDeliveredPositionFollowsTheAlertChanges) {
  metrics_ = true;
  WebhookReceiver hook;
  std::string config;
  ASSERT_NO_FATAL_FAILURE(StartAll(hook.port(), config));
  auto value = [](int port, const std::string& series) {
    auto text = testing::HttpGet(port, "/metrics");
    std::optional<double> v;
    if (text.ok()) v = testing::SeriesValue(*text, series);
    return v.value_or(-1);
  };
  auto last_change = [&] {
    return value(transpod_metrics_port_, "transpo_alerts_last_change_position");
  };
  auto delivered = [&] {
    return value(bridge_metrics_port_,
                 "transpo_alertmanager_bridge_delivered_position");
  };
  auto await_delivered = [&](double position) {
    for (int i = 0; i < 300 && delivered() != position; ++i) {
      absl::SleepFor(absl::Milliseconds(100));
    }
    return delivered() == position;
  };
  for (int i = 0; i < 300 && delivered() < 0; ++i) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(delivered(), 0);
  EXPECT_EQ(last_change(), 0);

  ASSERT_NO_FATAL_FAILURE(SetDate(2021, 6, 21));
  ASSERT_TRUE(hook.AwaitSeen({"firing 2021-12-18 transposition-180d#1 anna"}));
  const double first = last_change();
  EXPECT_GT(first, 0);
  EXPECT_TRUE(await_delivered(first)) << delivered() << " != " << first;
  EXPECT_EQ(value(bridge_metrics_port_, "transpo_alertmanager_bridge_firing"),
            1);

  // Alertmanager down: the alerts change, the bridge cannot deliver them.
  StopAlertmanager();
  ASSERT_NO_FATAL_FAILURE(SetDate(2021, 9, 19));
  // The scheduler raises the alerts due, then no more.
  for (int i = 0; i < 300 && last_change() == first; ++i) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  absl::SleepFor(absl::Seconds(1));
  const double second = last_change();
  ASSERT_GT(second, first);
  for (int i = 0; i < 300 && !absl::StrContains(BridgeLog(), "trying again in");
       ++i) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(delivered(), first);
  EXPECT_GT(value(bridge_metrics_port_,
                  "transpo_alertmanager_bridge_posts_total{result=\"error\"}"),
            0);

  ASSERT_NO_FATAL_FAILURE(StartAlertmanager(config));
  EXPECT_TRUE(await_delivered(second)) << delivered() << " != " << second;
  EXPECT_GT(value(bridge_metrics_port_,
                  "transpo_alertmanager_bridge_posts_total{result=\"ok\"}"),
            0);
}

}  // namespace
}  // namespace transpo
