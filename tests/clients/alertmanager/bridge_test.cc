// The bridge against a real transpod (in process, manual clock) and a fake
// Alertmanager that records what it is posted and can refuse.

#include "clients/alertmanager/bridge.h"

#include <map>
#include <set>
#include <thread>

#include "absl/strings/str_join.h"
#include "clients/alertmanager/state_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/alerts_fixture.h"
#include "tests/testing/status_matchers.h"

namespace transpo::bridge {
namespace {

namespace am = alertmanager::v1;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// "<deadline> <rule>#<notification> <recipient>", what tells Alertmanager
// alerts apart in these tests.
std::string Key(const am::PostableAlert& a) {
  return absl::StrCat(a.annotations().at("deadline"), " ",
                      a.labels().at("rule"), "#", a.labels().at("notification"),
                      " ", a.labels().at("recipient"));
}

bool Firing(const am::PostableAlert& a) {
  return TimeOf(a.ends_at()) > absl::Now();
}

class FakeAlertmanager : public AlertSink {
 public:
  absl::Status Post(const std::vector<am::PostableAlert>& alerts) override {
    absl::MutexLock lock(&mu_);
    if (refuse_) {
      ++refused_;
      return absl::UnavailableError("alertmanager is down");
    }
    posts_.insert(posts_.end(), alerts.begin(), alerts.end());
    return absl::OkStatus();
  }

  void Refuse(bool refuse) {
    absl::MutexLock lock(&mu_);
    refuse_ = refuse;
  }

  int refused() {
    absl::MutexLock lock(&mu_);
    return refused_;
  }

  std::vector<am::PostableAlert> posts() {
    absl::MutexLock lock(&mu_);
    return posts_;
  }

  // The last state posted of each alert: key -> firing.
  std::map<std::string, bool> Latest() {
    std::map<std::string, bool> out;
    for (const auto& a : posts()) out[Key(a)] = Firing(a);
    return out;
  }

  // Waits (up to 20 s) until the latest states are `want`.
  bool AwaitLatest(const std::map<std::string, bool>& want) {
    for (int i = 0; i < 2000; ++i) {
      if (Latest() == want) return true;
      absl::SleepFor(absl::Milliseconds(10));
    }
    ADD_FAILURE() << "latest posts: "
                  << absl::StrJoin(Latest(), ", ", absl::PairFormatter("="));
    return false;
  }

 private:
  absl::Mutex mu_;
  bool refuse_ ABSL_GUARDED_BY(mu_) = false;
  int refused_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<am::PostableAlert> posts_ ABSL_GUARDED_BY(mu_);
};

// A Bridge running on a thread of its own until destroyed.
class RunningBridge {
 public:
  RunningBridge(std::shared_ptr<grpc::Channel> channel, AlertSink* sink,
                BridgeOptions options)
      : bridge_(std::move(channel), sink, std::move(options)),
        thread_([this] { status_ = bridge_.Run(); }) {}
  ~RunningBridge() { (void)Stop(); }
  absl::Status Stop() {
    bridge_.Stop();
    if (thread_.joinable()) thread_.join();
    return status_;
  }

 private:
  Bridge bridge_;
  absl::Status status_;
  std::thread thread_;
};

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
  void AwaitSaved(uint64_t cursor) {
    for (int i = 0; i < 2000; ++i) {
      auto state = LoadState(state_file_);
      if (state.ok() && state->cursor() >= cursor) return;
      absl::SleepFor(absl::Milliseconds(10));
    }
    ADD_FAILURE() << "the state file never reached cursor " << cursor;
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

TEST_F(BridgeTest, WhileAlertmanagerIsDownItRetriesAndKeepsItsCursor) {
  alertmanager_.Refuse(true);
  auto bridge = StartBridge();
  SetDate(2021, 6, 21);
  Quiet();
  while (alertmanager_.refused() < 3) absl::SleepFor(absl::Milliseconds(5));
  EXPECT_EQ(LoadState(state_file_)->cursor(), 0u);
  alertmanager_.Refuse(false);
  ASSERT_TRUE(alertmanager_.AwaitLatest(
      {{"2021-12-18 transposition-180d#1 anna", true},
       {"2021-12-18 transposition-180d#1 zoe", true}}));
  AwaitSaved(LastAlertPosition());
  EXPECT_THAT(LogLines(),
              Contains(HasSubstr("alertmanager is down; trying again in")));
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
  for (int i = 0; i < 1000 && ends.size() < 3; ++i) {
    ends.clear();
    for (const auto& a : alertmanager_.posts()) {
      if (Key(a) == "2021-12-18 transposition-180d#1 anna") {
        ends.push_back(TimeOf(a.ends_at()));
      }
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_GE(ends.size(), 3u);
  EXPECT_LT(ends[0], ends[2]);
  // Four intervals ahead of the post.
  EXPECT_GT(ends.back(), absl::Now() + absl::Milliseconds(100));
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

}  // namespace
}  // namespace transpo::bridge
