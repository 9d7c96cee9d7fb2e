// WatchAlerts end to end: resuming from a cursor across a restart, filters,
// a hundred watchers at once.

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "tests/server/alerts_fixture.h"

namespace transpo {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A WatchAlerts client reading on its own thread.
class Watcher {
 public:
  Watcher(v1::AlertService::Stub& stub, v1::WatchAlertsRequest request) {
    context_.set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(60));
    reader_ = stub.WatchAlerts(&context_, request);
    thread_ = std::thread([this] {
      v1::WatchAlertsResponse message;
      while (reader_->Read(&message)) {
        absl::MutexLock lock(&mu_);
        if (message.caught_up()) {
          EXPECT_EQ(message.updates_size(), 0);
          caught_up_after_.push_back(updates_.size());
        }
        for (const v1::AlertUpdate& u : message.updates()) {
          updates_.push_back(u);
        }
      }
    });
  }
  ~Watcher() { Stop(); }

  // Waits until `n` updates came (false after 20 s).
  bool AwaitCount(size_t n) {
    absl::MutexLock lock(&mu_);
    auto enough = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return updates_.size() >= n;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(20));
  }
  std::vector<v1::AlertUpdate> updates() {
    absl::MutexLock lock(&mu_);
    return updates_;
  }
  // Waits until the caught_up message came (false after 20 s).
  bool AwaitCaughtUp() {
    absl::MutexLock lock(&mu_);
    auto done = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !caught_up_after_.empty();
    };
    return mu_.AwaitWithTimeout(absl::Condition(&done), absl::Seconds(20));
  }
  // How many updates came before each caught_up message.
  std::vector<size_t> caught_up_after() {
    absl::MutexLock lock(&mu_);
    return caught_up_after_;
  }
  grpc::Status Stop() {
    if (thread_.joinable()) context_.TryCancel();
    return Wait();
  }
  // How the server ended the stream.
  grpc::Status Wait() {
    if (!thread_.joinable()) return status_;
    thread_.join();
    status_ = reader_->Finish();
    return status_;
  }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::WatchAlertsResponse>> reader_;
  absl::Mutex mu_;
  std::vector<v1::AlertUpdate> updates_ ABSL_GUARDED_BY(mu_);
  std::vector<size_t> caught_up_after_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
  grpc::Status status_;
};

std::vector<std::string> Describe(const std::vector<v1::AlertUpdate>& updates) {
  std::vector<std::string> out;
  for (const v1::AlertUpdate& u : updates) {
    out.push_back(absl::StrCat(v1::AlertChange_Name(u.change()), " ",
                               u.alert().rule_id()));
  }
  return out;
}

TEST_F(ApiAlertsTest,
       AWatcherResumesFromItsCursorMissingNothingSeeingNothingTwice) {
  AddAdministration("bee", {"a.janssens"});
  CreateDirective();
  v1::AssignDossierRequest assign;
  assign.set_celex("32021L0001");
  assign.set_lead_administration("bee");
  v1::AssignDossierResponse assigned;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), assign, &assigned).ok());
  SetDate(2021, 6, 21);  // A's 180 days
  Quiet();
  v1::WatchAlertsRequest request;
  request.set_administration("bee");
  auto first = std::make_unique<Watcher>(*alerts_, request);
  ASSERT_TRUE(first->AwaitCount(1));  // the backlog
  ASSERT_TRUE(first->AwaitCaughtUp());
  SetDate(2021, 8, 4);  // B's 180 days
  Quiet();
  ASSERT_TRUE(first->AwaitCount(2));  // live
  EXPECT_THAT(Describe(first->updates()),
              ElementsAre("ALERT_CHANGE_RAISED transposition-180d",
                          "ALERT_CHANGE_RAISED transposition-180d"));
  // Caught up once, after the backlog, before the live update.
  EXPECT_THAT(first->caught_up_after(), ElementsAre(1u));
  first->Stop();
  const uint64_t cursor = first->updates().back().cursor();
  EXPECT_EQ(first->updates()[1].alert().deadline_date(), "2022-01-31");
  EXPECT_THAT(first->updates()[1].alert().audience().correspondents(),
              ElementsAre("a.janssens"));

  // While nobody watches: a restart, two changes.
  Restart();
  Reconnect();
  SetDate(2021, 9, 19);  // A's 90 days supersede its 180
  Quiet();
  request.set_after_cursor(cursor);
  Watcher second(*alerts_, request);
  ASSERT_TRUE(second.AwaitCount(2));
  ASSERT_TRUE(second.AwaitCaughtUp());
  EXPECT_THAT(Describe(second.updates()),
              ElementsAre("ALERT_CHANGE_RESOLVED transposition-180d",
                          "ALERT_CHANGE_RAISED transposition-90d"));
  EXPECT_EQ(second.updates()[0].alert().resolution(),
            "superseded by transposition-90d");
  EXPECT_GT(second.updates()[0].cursor(), cursor);
  EXPECT_GT(second.updates()[1].cursor(), second.updates()[0].cursor());
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(second.updates().size(), 2u);  // nothing twice
  EXPECT_THAT(second.caught_up_after(), ElementsAre(2u));
}

TEST_F(ApiAlertsTest, WatchersSeeOnlyWhatTheirFilterAsks) {
  AddAdministration("bee", {"a.janssens"});
  AddAdministration("bm", {"m.peeters"});
  CreateDirective();
  v1::AssignDossierRequest assign;
  assign.set_celex("32021L0001");
  assign.set_lead_administration("bee");
  v1::AssignDossierResponse assigned;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), assign, &assigned).ok());
  v1::WatchAlertsRequest bm;
  bm.set_administration("bm");
  Watcher other(*alerts_, bm);
  v1::WatchAlertsRequest critical;
  critical.set_correspondent("a.janssens");
  critical.set_min_severity(v1::ALERT_SEVERITY_CRITICAL);
  Watcher urgent(*alerts_, critical);
  v1::WatchAlertsRequest everything;
  Watcher all(*alerts_, everything);
  SetDate(2021, 12, 11);  // A: 7 days (critical); B: 60 days (info)
  Quiet();
  ASSERT_TRUE(all.AwaitCount(2));
  ASSERT_TRUE(urgent.AwaitCount(1));
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_THAT(Describe(urgent.updates()),
              ElementsAre("ALERT_CHANGE_RAISED transposition-7d"));
  EXPECT_THAT(other.updates(), IsEmpty());
  v1::WatchAlertsRequest bad;
  bad.set_min_severity(static_cast<v1::AlertSeverity>(9));
  Watcher refused(*alerts_, bad);
  EXPECT_THAT(refused.Wait(),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "min_severity"));
}

TEST_F(ApiAlertsTest, AHundredWatchersEachReceiveEveryAlertOnce) {
  CreateDirective();
  std::vector<std::unique_ptr<Watcher>> watchers;
  for (int i = 0; i < 100; ++i) {
    watchers.push_back(
        std::make_unique<Watcher>(*alerts_, v1::WatchAlertsRequest()));
  }
  // 21 raises, 17 supersessions and the repeats, from June to March.
  for (absl::CivilDay day(2021, 6, 2); day <= absl::CivilDay(2022, 3, 1);
       day += 3) {
    SetDate(day.year(), day.month(), day.day());
    Quiet();  // each step's alerts (a scheduler that lags raises the latest)
  }
  // Every change of an alert: raises, supersessions, repeats.
  const size_t expected = NewAlertEvents().size();
  ASSERT_GT(expected, 38u);
  std::vector<uint64_t> first;
  for (auto& w : watchers) {
    ASSERT_TRUE(w->AwaitCount(expected));
  }
  absl::SleepFor(absl::Milliseconds(200));
  for (auto& w : watchers) {
    std::vector<uint64_t> seen;
    for (const v1::AlertUpdate& u : w->updates()) seen.push_back(u.cursor());
    if (first.empty()) first = seen;
    EXPECT_EQ(seen, first);  // the same updates, in the same order, once
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(std::set<uint64_t>(seen.begin(), seen.end()).size(), seen.size());
  }
}

}  // namespace
}  // namespace transpo
