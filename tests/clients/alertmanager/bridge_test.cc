// The bridge against a real transpod (in process, manual clock) and a fake
// Alertmanager that records what it is posted and can refuse.

#include "clients/alertmanager/bridge.h"

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "clients/alertmanager/state_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/clients/alertmanager/bridge_testing.h"
#include "tests/server/alerts_fixture.h"
#include "tests/testing/status_matchers.h"

namespace transpo::bridge {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::transpo::testing::StatusIs;

class BridgeTest : public ApiAlertsTest {
 protected:
  void SetUp() override {
    ApiAlertsTest::SetUp();
    AddAdministration("bee", {"anna", "zoe"});
    CreateDirective();  // deadlines 2021-12-18 (A) and 2022-01-31 (B)
    v1::AssignDossierRequest assign;
    assign.set_celex("32021L0001");
    assign.set_lead_administration("bee");
    v1::AssignDossierResponse assigned;
    ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), assign, &assigned).ok());
  }

  std::unique_ptr<RunningBridge> StartBridge(
      absl::Duration resend = absl::Hours(1)) {
    BridgeOptions options{
        .state_file = state_file_,
        .resend_interval = resend,
        .alert_lifetime = absl::Hours(2),
        .min_backoff = absl::Milliseconds(10),
        .max_backoff = absl::Milliseconds(40),
        .time_zone = server_->app().settings().calendar.time_zone(),
        .log = [this](const std::string& line) {
          absl::MutexLock lock(&log_mu_);
          log_.push_back(line);
        }};
    return std::make_unique<RunningBridge>(server_->InProcessChannel(),
                                           &alertmanager_, options);
  }

  std::vector<std::string> LogLines() {
    absl::MutexLock lock(&log_mu_);
    return log_;
  }

  // The position of the last alert event in the log.
  uint64_t LastAlertPosition() {
    uint64_t last = 0;
    auto page = server_->log().ReadAll(1, 100000);
    EXPECT_TRUE(page.ok());
    for (const EventRecord& r : *page) {
      if (absl::StartsWith(r.stream, "alerts-")) last = r.position;
    }
    return last;
  }

  // Waits until the state file records `cursor`.
  // Waits (up to 20 s) until the state file records `cursor` with its posts
  // made.
  void AwaitSaved(uint64_t cursor) {
    ASSERT_TRUE(Eventually([&] {
      auto state = LoadState(state_file_);
      return std::filesystem::exists(state_file_) && state.ok() &&
             state->cursor() >= cursor && state->pending_size() == 0;
    })) << "the state file never reached cursor "
        << cursor;
  }

  // Waits (up to 20 s) until a log line has `text`.
  bool AwaitLog(const std::string& text) {
    return Eventually([&] {
      for (const std::string& line : LogLines()) {
        if (absl::StrContains(line, text)) return true;
      }
      return false;
    });
  }

  FakeAlertmanager alertmanager_;
  std::string state_file_ = dir_.path() + "/alertmanager.state";
  absl::Mutex log_mu_;
  std::vector<std::string> log_ ABSL_GUARDED_BY(log_mu_);
};

TEST_F(BridgeTest, EachRecipientGetsAnAlertThatEndsWhenResolved) {
  auto bridge = StartBridge();
  SetDate(2021, 6, 21);  // 180 days before A
  Quiet();
  ASSERT_TRUE(alertmanager_.AwaitLatest(
      {{"2021-12-18 transposition-180d#1 anna", true},
       {"2021-12-18 transposition-180d#1 zoe", true}}));
  const am::PostableAlert anna = alertmanager_.posts()[0];
  EXPECT_EQ(anna.labels().at("administration"), "bee");
  EXPECT_EQ(anna.labels().at("celex"), "32021L0001");
  EXPECT_EQ(anna.annotations().at("email"), "anna@example.org");
  EXPECT_EQ(anna.annotations().at("days_left"), "180");

  ASSERT_TRUE(ChangeStatus("32021L0001", v1::DOSSIER_STATUS_NOT_APPLICABLE,
                           "Federal competence")
                  .ok());
  Quiet();
  ASSERT_TRUE(alertmanager_.AwaitLatest(
      {{"2021-12-18 transposition-180d#1 anna", false},
       {"2021-12-18 transposition-180d#1 zoe", false}}));
  AwaitSaved(LastAlertPosition());
  ASSERT_OK_AND_ASSIGN(auto state, LoadState(state_file_));
  EXPECT_EQ(state.firing_size(), 0);
}

TEST_F(BridgeTest, ARestartGoesOnFromTheStateFileAndSendsNothingAsNewTwice) {
  {
    auto bridge = StartBridge();
    SetDate(2021, 6, 21);
    Quiet();
    ASSERT_TRUE(alertmanager_.AwaitLatest(
        {{"2021-12-18 transposition-180d#1 anna", true},
         {"2021-12-18 transposition-180d#1 zoe", true}}));
    AwaitSaved(LastAlertPosition());
    ASSERT_OK(bridge->Stop());
  }
  const uint64_t saved = LoadState(state_file_)->cursor();
  // While the bridge is down: A's 90-day alert supersedes its 180-day one,
  // and B's 180-day alert falls due.
  SetDate(2021, 9, 19);
  Quiet();
  auto bridge = StartBridge();
  ASSERT_TRUE(alertmanager_.AwaitLatest(
      {{"2021-12-18 transposition-180d#1 anna", false},
       {"2021-12-18 transposition-180d#1 zoe", false},
       {"2021-12-18 transposition-90d#1 anna", true},
       {"2021-12-18 transposition-90d#1 zoe", true},
       {"2022-01-31 transposition-180d#1 anna", true},
       {"2022-01-31 transposition-180d#1 zoe", true}}));
  std::set<std::string> ids;
  std::map<std::string, std::set<int64_t>> starts;
  for (const auto& a : alertmanager_.posts()) {
    ids.insert(a.labels().at("alert_id") + " " + a.labels().at("recipient"));
    starts[absl::StrJoin(a.labels(), ",", absl::PairFormatter("="))].insert(
        a.starts_at().seconds());
  }
  EXPECT_EQ(ids.size(), 6u);  // A 180, A 90, B 180, each for anna and zoe
  for (const auto& [labels, times] : starts) {
    EXPECT_EQ(times.size(), 1u) << labels << " was posted as new again";
  }
  EXPECT_THAT(LogLines(),
              Contains(HasSubstr(absl::StrCat("after cursor ", saved, " "))));
}

TEST_F(BridgeTest, WhileAlertmanagerIsDownItRetriesWithItsPostsSaved) {
  alertmanager_.Refuse(true);
  auto bridge = StartBridge();
  SetDate(2021, 6, 21);
  Quiet();
  ASSERT_TRUE(Eventually([&] { return alertmanager_.refused() >= 3; }));
  EXPECT_EQ(LoadState(state_file_)->pending_size(), 2);  // not yet made
  alertmanager_.Refuse(false);
  ASSERT_TRUE(alertmanager_.AwaitLatest(
      {{"2021-12-18 transposition-180d#1 anna", true},
       {"2021-12-18 transposition-180d#1 zoe", true}}));
  AwaitSaved(LastAlertPosition());
  EXPECT_THAT(LogLines(),
              Contains(HasSubstr("alertmanager is down; trying again in")));
  AwaitSaved(LastAlertPosition());
}

TEST_F(BridgeTest, EachNotificationIsANewAlertAndAcknowledgingEndsIt) {
  auto bridge = StartBridge();
  SetDate(2021, 12, 11);  // A's 7 days: critical, to the coordinator too
  Quiet();
  ASSERT_TRUE(alertmanager_.AwaitLatest(
      {{"2021-12-18 transposition-7d#1 anna", true},
       {"2021-12-18 transposition-7d#1 zoe", true},
       {"2021-12-18 transposition-7d#1 euro-coordinator", true},
       {"2022-01-31 transposition-60d#1 anna", true},
       {"2022-01-31 transposition-60d#1 zoe", true}}));
  SetDate(2021, 12, 12);  // notified again
  Quiet();
  ASSERT_TRUE(alertmanager_.AwaitLatest(
      {{"2021-12-18 transposition-7d#1 anna", false},
       {"2021-12-18 transposition-7d#1 zoe", false},
       {"2021-12-18 transposition-7d#1 euro-coordinator", false},
       {"2021-12-18 transposition-7d#2 anna", true},
       {"2021-12-18 transposition-7d#2 zoe", true},
       {"2021-12-18 transposition-7d#2 euro-coordinator", true},
       {"2022-01-31 transposition-60d#1 anna", true},
       {"2022-01-31 transposition-60d#1 zoe", true}}));
  v1::AcknowledgeAlertRequest ack;
  ack.set_alert_id(List()[0].id());
  ack.set_comment("On the government's agenda on 16 December");
  v1::AcknowledgeAlertResponse acked;
  ASSERT_TRUE(alerts_->AcknowledgeAlert(Ctx().get(), ack, &acked).ok());
  ASSERT_TRUE(alertmanager_.AwaitLatest(
      {{"2021-12-18 transposition-7d#1 anna", false},
       {"2021-12-18 transposition-7d#1 zoe", false},
       {"2021-12-18 transposition-7d#1 euro-coordinator", false},
       {"2021-12-18 transposition-7d#2 anna", false},
       {"2021-12-18 transposition-7d#2 zoe", false},
       {"2021-12-18 transposition-7d#2 euro-coordinator", false},
       {"2022-01-31 transposition-60d#1 anna", true},
       {"2022-01-31 transposition-60d#1 zoe", true}}));
}

TEST_F(BridgeTest, FiringAlertsArePostedAgainBeforeTheyWouldEnd) {
  auto bridge = StartBridge(absl::Milliseconds(100));
  SetDate(2021, 6, 21);
  Quiet();
  std::vector<absl::Time> ends;
  std::set<int64_t> starts;
  for (int i = 0; i < 1000 && ends.size() < 3; ++i) {
    ends.clear();
    for (const auto& a : alertmanager_.posts()) {
      if (Key(a) == "2021-12-18 transposition-180d#1 anna") {
        ends.push_back(TimeOf(a.ends_at()));
        starts.insert(a.starts_at().seconds() * 1'000'000'000LL +
                      a.starts_at().nanos());
      }
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_GE(ends.size(), 3u);
  EXPECT_LT(ends[0], ends[2]);
  // The alert lifetime (2 h) ahead of each post, the same start.
  EXPECT_GT(ends.back(), absl::Now() + absl::Minutes(119));
  EXPECT_EQ(starts.size(), 1u);
}

TEST_F(BridgeTest, WhatIsDecidedIsSavedBeforeItIsPosted) {
  auto bridge = StartBridge();
  SetDate(2021, 6, 21);
  Quiet();
  ASSERT_TRUE(alertmanager_.AwaitLatest(
      {{"2021-12-18 transposition-180d#1 anna", true},
       {"2021-12-18 transposition-180d#1 zoe", true}}));
  // Alertmanager goes down; the alert is resolved; the bridge is stopped
  // while it tries to post the resolution.
  alertmanager_.Refuse(true);
  ASSERT_TRUE(ChangeStatus("32021L0001", v1::DOSSIER_STATUS_NOT_APPLICABLE,
                           "Federal competence")
                  .ok());
  Quiet();
  const int refused = alertmanager_.refused();
  ASSERT_TRUE(
      Eventually([&] { return alertmanager_.refused() >= refused + 2; }));
  ASSERT_OK(bridge->Stop());
  ASSERT_OK_AND_ASSIGN(auto saved, LoadState(state_file_));
  EXPECT_EQ(saved.firing_size(), 0);
  ASSERT_EQ(saved.pending_size(), 2);  // the resolution, for anna and zoe
  // Ended a minute ago (clock skew), started no later.
  EXPECT_LT(TimeOf(saved.pending(0).ends_at()),
            absl::Now() - absl::Seconds(59));
  EXPECT_LE(TimeOf(saved.pending(0).starts_at()),
            TimeOf(saved.pending(0).ends_at()));

  // Started again: the resolution is posted first, and the alert is never
  // posted as firing again.
  const size_t before = alertmanager_.posts().size();
  alertmanager_.Refuse(false);
  bridge = StartBridge();
  ASSERT_TRUE(alertmanager_.AwaitLatest(
      {{"2021-12-18 transposition-180d#1 anna", false},
       {"2021-12-18 transposition-180d#1 zoe", false}}));
  AwaitSaved(LastAlertPosition());
  std::vector<am::PostableAlert> posts = alertmanager_.posts();
  for (size_t i = before; i < posts.size(); ++i) {
    EXPECT_FALSE(Firing(posts[i])) << Key(posts[i]) << " fired again";
  }
  ASSERT_OK_AND_ASSIGN(saved, LoadState(state_file_));
  EXPECT_EQ(saved.pending_size(), 0);
}

TEST_F(BridgeTest, AlertsAlertmanagerRefusesAreSkipped) {
  alertmanager_.Answer(absl::InvalidArgumentError("answered 400: bad alert"));
  auto bridge = StartBridge();
  SetDate(2021, 6, 21);
  Quiet();
  AwaitSaved(LastAlertPosition());
  EXPECT_THAT(LogLines(), Contains(HasSubstr("bad alert; dropping ")));
  ASSERT_OK_AND_ASSIGN(auto state, LoadState(state_file_));
  EXPECT_EQ(state.firing_size(), 0);  // not re-sent for ever
  // And it goes on.
  alertmanager_.Answer(absl::OkStatus());
  SetDate(2021, 9, 19);
  Quiet();
  ASSERT_TRUE(alertmanager_.AwaitLatest(
      {{"2021-12-18 transposition-90d#1 anna", true},
       {"2021-12-18 transposition-90d#1 zoe", true},
       {"2022-01-31 transposition-180d#1 anna", true},
       {"2022-01-31 transposition-180d#1 zoe", true}}));
}

TEST_F(BridgeTest, OneStateFileServesOneBridge) {
  auto first = StartBridge();
  ASSERT_TRUE(AwaitLog("delivering the alerts after cursor"));  // locked
  auto second = StartBridge();
  ASSERT_TRUE(Eventually([&] { return second->Ended(); }));
  EXPECT_THAT(second->Stop(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("in use by another transpo-alertmanager")));
  EXPECT_FALSE(first->Ended());
}

TEST_F(BridgeTest, ANewBridgeDoesNotReplayWhatWasResolvedBeforeIt) {
  SetDate(2021, 6, 21);
  Quiet();
  ASSERT_TRUE(ChangeStatus("32021L0001", v1::DOSSIER_STATUS_NOT_APPLICABLE,
                           "Federal competence")
                  .ok());
  Quiet();
  auto bridge = StartBridge();
  AwaitSaved(LastAlertPosition());
  EXPECT_THAT(alertmanager_.posts(), IsEmpty());
}

// More updates than one message holds (the server sends at most 256).
TEST_F(BridgeTest, ANewBridgeDoesNotReplayALongHistory) {
  SetDate(2021, 12, 15);
  // 300 alerts raised, then 300 resolved: raises and resolutions are in
  // different messages.
  auto celex = [](int i) { return absl::StrFormat("32021L%04d", 100 + i); };
  for (int i = 0; i < 300; ++i) {
    v1::Directive d;
    d.set_celex(celex(i));
    d.set_short_title("Due within days");
    d.add_deadlines()->set_date("2021-12-20");
    ASSERT_TRUE(Create(d).ok());
  }
  Quiet();
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(
        ChangeStatus(celex(i), v1::DOSSIER_STATUS_NOT_APPLICABLE, "Federal")
            .ok());
  }
  Quiet();
  auto bridge = StartBridge();
  AwaitSaved(LastAlertPosition());
  // Only the test dossier's alerts, which still fire.
  for (const auto& a : alertmanager_.posts()) {
    EXPECT_EQ(a.labels().at("celex"), "32021L0001") << Key(a);
  }
}

}  // namespace
}  // namespace transpo::bridge
