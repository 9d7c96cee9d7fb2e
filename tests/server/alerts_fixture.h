// ApiAlertsTest: an ApiTest (a real transpod on a manual clock) with an
// AlertService stub and helpers to follow the alert events, for the alert
// tests.

#ifndef TRANSPO_TESTS_SERVER_ALERTS_FIXTURE_H_
#define TRANSPO_TESTS_SERVER_ALERTS_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/app/app.h"
#include "server/app/log_events.h"
#include "tests/server/api_fixture.h"
#include "transpo/v1/alerts.grpc.pb.h"

namespace transpo {

inline constexpr char kSubject[] = "directive-32021L0001";

class ApiAlertsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    alerts_ = v1::AlertService::NewStub(server_->InProcessChannel());
  }

  void Reconnect() {
    alerts_ = v1::AlertService::NewStub(server_->InProcessChannel());
  }

  // A directive with a deadline on a Saturday (2021-12-18, whose trigger is
  // Tuesday 2022-01-18) and one on the last day of January (trigger: Monday
  // 2022-02-28, end of February).
  void CreateDirective(const std::string& celex = "32021L0001") {
    v1::Directive d;
    d.set_celex(celex);
    d.set_short_title("Test directive");
    d.add_deadlines()->set_date("2021-12-18");
    d.add_deadlines()->set_date("2022-01-31");
    ASSERT_TRUE(Create(d).ok());
  }

  void Quiet() {
    ASSERT_TRUE(server_->app().alerts().AwaitQuiet(absl::Seconds(30)));
  }

  // The alert events recorded since the last call: "<Type> <alert id>".
  std::vector<std::string> NewAlertEvents() {
    std::vector<std::string> out;
    for (;;) {
      auto page = server_->log().ReadAll(read_ + 1, 1000);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok() || page->empty()) return out;
      for (const EventRecord& r : *page) {
        read_ = r.position;
        if (!absl::StartsWith(r.stream, "alerts-")) continue;
        auto event = app::DecodeDomainEvent(r);
        EXPECT_TRUE(event.ok()) << event.status();
        const auto& e = std::get<domain::AlertEvent>(*event);
        const std::string deadline = r.stream.substr(7);
        if (const auto* raised = std::get_if<domain::AlertRaised>(&e)) {
          out.push_back(
              absl::StrCat("raised ", deadline, "/", raised->notice.rule_id));
        } else if (const auto* again =
                       std::get_if<domain::AlertRenotified>(&e)) {
          out.push_back(
              absl::StrCat("renotified ", deadline, "/", again->rule_id));
        } else if (const auto* ack =
                       std::get_if<domain::AlertAcknowledged>(&e)) {
          out.push_back(
              absl::StrCat("acknowledged ", deadline, "/", ack->rule_id));
        } else {
          const auto& resolved = std::get<domain::AlertResolved>(e);
          out.push_back(absl::StrCat("resolved ", deadline, "/",
                                     resolved.rule_id, ": ", resolved.reason));
        }
      }
    }
  }

  std::vector<v1::Alert> List(std::vector<v1::AlertStatus> statuses = {}) {
    v1::ListAlertsRequest request;
    for (auto s : statuses) request.add_statuses(s);
    v1::ListAlertsResponse response;
    grpc::Status status = alerts_->ListAlerts(Ctx().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.alerts().begin(), response.alerts().end()};
  }

  std::unique_ptr<v1::AlertService::Stub> alerts_;
  uint64_t read_ = 0;
};

}  // namespace transpo

#endif  // TRANSPO_TESTS_SERVER_ALERTS_FIXTURE_H_
