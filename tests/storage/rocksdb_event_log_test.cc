#include "storage/rocksdb_event_log.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/record_codec.h"
#include "storage/version_conflict.h"
#include "tests/storage/event_log_test_support.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace transpo {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::transpo::testing::kNow;
using ::transpo::testing::Request;
using ::transpo::testing::StatusIs;
using ::transpo::testing::TempDir;

// Holds the log's writer (through a rebuild whose projector blocks) from
// construction to destruction, so that appends queued meanwhile are committed
// together. The log must hold at least one event.
class WriterPause {
 public:
  explicit WriterPause(EventLog& log)
      : projector_(&entered_, &release_), rebuild_([&log, this] {
          EXPECT_OK(log.RebuildProjections(projector_));
        }) {
    entered_.WaitForNotification();
  }
  ~WriterPause() {
    release_.Notify();
    rebuild_.join();
  }

 private:
  class Blocking : public Projector {
   public:
    Blocking(absl::Notification* entered, absl::Notification* release)
        : entered_(entered), release_(release) {}
    absl::Status Project(const EventRecord&,
                         std::vector<ProjectionWrite>&) override {
      if (!entered_->HasBeenNotified()) entered_->Notify();
      release_->WaitForNotification();
      return absl::OkStatus();
    }

   private:
    absl::Notification* entered_;
    absl::Notification* release_;
  };

  absl::Notification entered_;
  absl::Notification release_;
  Blocking projector_;
  std::thread rebuild_;
};

class EventLogTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  EventLogOptions Options() {
    EventLogOptions options;
    options.projection_families = {"dossiers"};
    options.clock = [] { return kNow; };
    options.max_payload_bytes = 1024;
    options.on_commit = [this](const CommitInfo& info) {
      if (info.events > 0) ++commits_;
    };
    return options;
  }

  void Reopen() {
    log_.reset();
    auto log = RocksDbEventLog::Open(dir_.path(), Options());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
  }

  TempDir dir_;
  std::unique_ptr<RocksDbEventLog> log_;
  std::atomic<int> commits_{0};
};

TEST_F(EventLogTest, AppendAssignsPositionsAndVersions) {
  ASSERT_OK_AND_ASSIGN(
      AppendResult first,
      log_->Append(Request("dossier-a", ExpectedVersion::NoStream(),
                           {"Registered", "Assigned"})));
  EXPECT_EQ(first.first_position, 1u);
  EXPECT_EQ(first.first_version, 1u);
  EXPECT_EQ(first.count, 2u);
  EXPECT_FALSE(first.replayed);

  ASSERT_OK_AND_ASSIGN(AppendResult second,
                       log_->Append(Request("dossier-b", ExpectedVersion::Any(),
                                            {"Registered"})));
  EXPECT_EQ(second.first_position, 3u);
  EXPECT_EQ(second.first_version, 1u);

  ASSERT_OK_AND_ASSIGN(
      AppendResult third,
      log_->Append(Request("dossier-a", ExpectedVersion::Exact(2),
                           {"MeasureRecorded"})));
  EXPECT_EQ(third.first_position, 4u);
  EXPECT_EQ(third.first_version, 3u);
  EXPECT_EQ(log_->head(), 4u);
  EXPECT_EQ(*log_->StreamVersion("dossier-a"), 3u);
  EXPECT_EQ(*log_->StreamVersion("dossier-c"), 0u);
}

TEST_F(EventLogTest, RecordsCarryEveryField) {
  AppendRequest request =
      Request("dossier-a", ExpectedVersion::Any(), {"Registered", "Assigned"});
  request.events[1].event_id = "my-event-id";
  ASSERT_OK(log_->Append(std::move(request)).status());

  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> records, log_->ReadAll(1, 10));
  ASSERT_EQ(records.size(), 2u);
  const EventRecord& r = records[0];
  EXPECT_EQ(r.position, 1u);
  EXPECT_EQ(r.stream, "dossier-a");
  EXPECT_EQ(r.version, 1u);
  EXPECT_EQ(r.type, "Registered");
  EXPECT_EQ(r.payload, "payload-of-Registered");
  EXPECT_EQ(r.actor, "euro-coordinator");
  EXPECT_EQ(r.record_time, kNow);
  EXPECT_EQ(r.event_id.size(), 36u);  // a generated UUID
  EXPECT_EQ(r.hash.size(), kHashSize);
  EXPECT_EQ(records[1].event_id, "my-event-id");
  EXPECT_NE(records[1].hash, r.hash);
}

TEST_F(EventLogTest, EverythingSurvivesReopen) {
  ASSERT_OK(
      log_->Append(Request("s", ExpectedVersion::Any(), {"A", "B"}, "req-1"))
          .status());
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> before, log_->ReadAll(1, 10));
  Reopen();
  EXPECT_EQ(log_->head(), 2u);
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> after, log_->ReadAll(1, 10));
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[1].hash, before[1].hash);
  EXPECT_EQ(after[1].event_id, before[1].event_id);
  // The chain continues from the stored head after the reopen.
  ASSERT_OK(
      log_->Append(Request("s", ExpectedVersion::Exact(2), {"C"})).status());
  ASSERT_OK_AND_ASSIGN(VerifyReport report, log_->Verify());
  EXPECT_TRUE(report.ok()) << report.problem;
  EXPECT_EQ(report.events_checked, 3u);
}

TEST_F(EventLogTest, VersionConflictIsTypedAndWritesNothing) {
  ASSERT_OK(log_->Append(Request("s", ExpectedVersion::NoStream(), {"A", "B"}))
                .status());

  absl::StatusOr<AppendResult> again =
      log_->Append(Request("s", ExpectedVersion::NoStream(), {"C"}));
  EXPECT_THAT(
      again,
      StatusIs(absl::StatusCode::kAborted,
               HasSubstr("expected version no stream, current version 2")));
  std::optional<VersionConflict> conflict =
      VersionConflict::FromStatus(again.status());
  ASSERT_TRUE(conflict.has_value());
  EXPECT_EQ(conflict->stream, "s");
  EXPECT_EQ(conflict->current, 2u);
  EXPECT_EQ(conflict->expected.kind, ExpectedVersion::Kind::kNoStream);

  absl::StatusOr<AppendResult> stale =
      log_->Append(Request("s", ExpectedVersion::Exact(1), {"C"}));
  conflict = VersionConflict::FromStatus(stale.status());
  ASSERT_TRUE(conflict.has_value());
  EXPECT_EQ(conflict->expected.version, 1u);
  EXPECT_EQ(conflict->current, 2u);

  EXPECT_THAT(
      log_->Append(Request("t", ExpectedVersion::Exact(3), {"C"})),
      StatusIs(absl::StatusCode::kAborted, HasSubstr("current version 0")));
  EXPECT_EQ(log_->head(), 2u);
  EXPECT_EQ(*log_->StreamVersion("t"), 0u);
}

TEST_F(EventLogTest, RepeatedRequestIdReturnsFirstResultAndWritesNothing) {
  ASSERT_OK_AND_ASSIGN(AppendResult first,
                       log_->Append(Request("s", ExpectedVersion::NoStream(),
                                            {"A", "B"}, "r1")));
  // A retry with the same id would now conflict on NoStream: the stored
  // answer wins, and nothing is written.
  ASSERT_OK_AND_ASSIGN(AppendResult retry,
                       log_->Append(Request("s", ExpectedVersion::NoStream(),
                                            {"A", "B"}, "r1")));
  EXPECT_TRUE(retry.replayed);
  EXPECT_EQ(retry.first_position, first.first_position);
  EXPECT_EQ(retry.first_version, first.first_version);
  EXPECT_EQ(retry.count, 2u);
  EXPECT_EQ(log_->head(), 2u);

  Reopen();
  ASSERT_OK_AND_ASSIGN(AppendResult after_restart,
                       log_->Append(Request("s", ExpectedVersion::NoStream(),
                                            {"A", "B"}, "r1")));
  EXPECT_TRUE(after_restart.replayed);
  EXPECT_EQ(after_restart.first_position, 1u);
  EXPECT_EQ(log_->head(), 2u);
}

TEST_F(EventLogTest, ARequestKeyBindsTheRequestId) {
  AppendRequest request = Request("s", ExpectedVersion::Any(), {"A"}, "r1");
  request.request_key = "the first request";
  ASSERT_OK(log_->Append(std::move(request)).status());
  ASSERT_OK_AND_ASSIGN(std::optional<AppendResult> same,
                       log_->LookupRequest("r1", "the first request"));
  EXPECT_TRUE(same.has_value());
  EXPECT_THAT(log_->LookupRequest("r1", "another request"),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("different request")));
  EXPECT_OK(log_->LookupRequest("r1", "").status());  // not compared
  // At append time too, also after a restart.
  Reopen();
  AppendRequest other = Request("s", ExpectedVersion::Any(), {"A"}, "r1");
  other.request_key = "another request";
  EXPECT_THAT(log_->Append(std::move(other)),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("r1")));
}

TEST_F(EventLogTest, LookupRequestFindsCommittedRequestsOnly) {
  EXPECT_EQ(*log_->LookupRequest("r1", ""), std::nullopt);
  AppendRequest request =
      Request("s", ExpectedVersion::Any(), {"A", "B"}, "r1");
  request.record_time = kNow + absl::Hours(1);
  ASSERT_OK(log_->Append(std::move(request)).status());
  ASSERT_OK_AND_ASSIGN(std::optional<AppendResult> found,
                       log_->LookupRequest("r1", ""));
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(found->replayed);
  EXPECT_EQ(found->first_position, 1u);
  EXPECT_EQ(found->count, 2u);
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> records, log_->ReadAll(1, 1));
  EXPECT_EQ(records[0].record_time,
            kNow + absl::Hours(1));  // the writer's time
}

TEST_F(EventLogTest, RequestIdReusedForAnotherRequestIsRejected) {
  ASSERT_OK(
      log_->Append(Request("s", ExpectedVersion::Any(), {"A"}, "r1")).status());
  EXPECT_THAT(
      log_->Append(Request("s", ExpectedVersion::Any(), {"Other"}, "r1")),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("\"r1\"")));
  EXPECT_EQ(log_->head(), 1u);
}

TEST_F(EventLogTest, SameRequestIdTwiceInOneBatchWritesOnce) {
  ASSERT_OK(
      log_->Append(Request("s", ExpectedVersion::Any(), {"Seed"})).status());
  std::vector<absl::StatusOr<AppendResult>> results(2);
  absl::BlockingCounter done(2);
  {
    WriterPause pause(*log_);  // both appends land in one batch
    for (int i = 0; i < 2; ++i) {
      log_->AppendAsync(Request("s", ExpectedVersion::Any(), {"A"}, "same"),
                        [&, i](absl::StatusOr<AppendResult> r) {
                          results[i] = std::move(r);
                          done.DecrementCount();
                        });
    }
  }
  done.Wait();
  ASSERT_OK(results[0].status());
  ASSERT_OK(results[1].status());
  EXPECT_FALSE(results[0]->replayed);
  EXPECT_TRUE(results[1]->replayed);
  EXPECT_EQ(results[1]->first_position, results[0]->first_position);
  EXPECT_EQ(log_->head(), 2u);
}

TEST_F(EventLogTest, ConcurrentAppendsShareOneSyncedCommit) {
  ASSERT_OK(
      log_->Append(Request("seed", ExpectedVersion::Any(), {"Seed"})).status());
  const int before = commits_.load();
  constexpr int kAppends = 50;
  absl::BlockingCounter done(kAppends);
  std::atomic<int> ok{0};
  {
    WriterPause pause(*log_);
    for (int i = 0; i < kAppends; ++i) {
      log_->AppendAsync(
          Request(absl::StrCat("s", i), ExpectedVersion::NoStream(), {"A"}),
          [&](absl::StatusOr<AppendResult> r) {
            if (r.ok()) ++ok;
            done.DecrementCount();
          });
    }
  }
  done.Wait();
  EXPECT_EQ(ok.load(), kAppends);
  EXPECT_EQ(commits_.load() - before, 1);  // 50 appends, one fsync
  EXPECT_EQ(log_->head(), 1u + kAppends);
}

TEST_F(EventLogTest, BadInputIsRejectedAndWritesNothing) {
  auto expect_invalid = [&](AppendRequest request, const std::string& message) {
    EXPECT_THAT(
        log_->Append(std::move(request)),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(message)));
  };
  expect_invalid(Request("", ExpectedVersion::Any(), {"A"}), "stream \"\"");
  expect_invalid(Request("has space", ExpectedVersion::Any(), {"A"}),
                 "stream \"has space\"");
  expect_invalid(Request(std::string(257, 'x'), ExpectedVersion::Any(), {"A"}),
                 "1 to 256 printable");
  expect_invalid(Request("s", ExpectedVersion::Any(), {}),
                 "events: at least one");
  expect_invalid(Request("s", ExpectedVersion::Any(), {""}), "events[0].type");

  AppendRequest big = Request("s", ExpectedVersion::Any(), {"A", "B"});
  big.events[1].payload = std::string(1025, 'x');
  expect_invalid(std::move(big), "events[1].payload: 1025 bytes, at most 1024");

  AppendRequest unknown_kind = Request("s", ExpectedVersion::Any(), {"A"});
  unknown_kind.expected.kind = static_cast<ExpectedVersion::Kind>(7);
  expect_invalid(std::move(unknown_kind), "expected_version kind 7: unknown");

  AppendRequest bad_family = Request("s", ExpectedVersion::Any(), {"A"});
  bad_family.projections.push_back({"nope", "k", "v"});
  expect_invalid(std::move(bad_family), "family \"nope\"");

  expect_invalid(
      Request("s", ExpectedVersion::Any(), {"A"}, std::string(129, 'r')),
      "request_id: 129 bytes");

  EXPECT_EQ(log_->head(), 0u);
  EXPECT_EQ(*log_->StreamVersion("s"), 0u);
}

TEST_F(EventLogTest, WaitForHeadWakesOnCommitAndTimesOut) {
  EXPECT_EQ(log_->WaitForHead(0, absl::Now()), 0u);  // deadline passed: no wait
  std::atomic<uint64_t> woke_at{0};
  std::thread waiter(
      [&] { woke_at = log_->WaitForHead(0, absl::InfiniteFuture()); });
  ASSERT_OK(log_->Append(Request("s", ExpectedVersion::Any(), {"A"})).status());
  waiter.join();
  EXPECT_EQ(woke_at.load(), 1u);
}

TEST_F(EventLogTest, WatchSeesEveryCommitUntilDestroyed) {
  std::vector<uint64_t> heads;
  absl::Mutex mu;
  std::unique_ptr<HeadWatch> watch = log_->Watch([&](uint64_t head) {
    absl::MutexLock lock(&mu);
    heads.push_back(head);
  });
  ASSERT_OK(
      log_->Append(Request("s", ExpectedVersion::Any(), {"A", "B"})).status());
  ASSERT_OK(log_->Append(Request("s", ExpectedVersion::Any(), {"C"})).status());
  watch.reset();
  ASSERT_OK(log_->Append(Request("s", ExpectedVersion::Any(), {"D"})).status());
  absl::MutexLock lock(&mu);
  EXPECT_THAT(heads, ElementsAre(2, 3));
}

TEST_F(EventLogTest, ClosingFinishesQueuedAppends) {
  constexpr int kAppends = 200;
  std::atomic<int> ok{0};
  for (int i = 0; i < kAppends; ++i) {
    log_->AppendAsync(Request("s", ExpectedVersion::Any(), {"A"}),
                      [&](absl::StatusOr<AppendResult> r) { ok += r.ok(); });
  }
  log_.reset();  // waits for the writer to drain the queue
  EXPECT_EQ(ok.load(), kAppends);
  Reopen();
  EXPECT_EQ(log_->head(), static_cast<uint64_t>(kAppends));
}

TEST_F(EventLogTest, SecondOpenOfTheSameDirectoryFails) {
  auto second = RocksDbEventLog::Open(dir_.path(), Options());
  EXPECT_THAT(second, StatusIs(absl::StatusCode::kFailedPrecondition,
                               HasSubstr("lock")));
}

}  // namespace
}  // namespace transpo
