// The sequencer against a real log, and against a log that cannot write.

#include "server/app/sequencer.h"

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_event_log.h"
#include "tests/testing/forwarding_event_log.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace transpo::app {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;
using ::transpo::testing::TempDir;

// Delegates to a real log; while `failing`, every append fails as a broken disk
// would (I/O error).
class FailingLog final : public testing::ForwardingEventLog {
 public:
  using ForwardingEventLog::ForwardingEventLog;
  std::atomic<bool> failing{false};

  void AppendAsync(AppendRequest request, AppendCallback done) override {
    if (failing) {
      std::move(done)(
          absl::UnavailableError("append: IO error: Input/output error"));
      return;
    }
    ForwardingEventLog::AppendAsync(std::move(request), std::move(done));
  }
  std::vector<absl::StatusOr<AppendResult>> AppendGroup(
      std::vector<AppendRequest> requests) override {
    if (failing) {
      return std::vector<absl::StatusOr<AppendResult>>(
          requests.size(),
          absl::UnavailableError("append: IO error: Input/output error"));
    }
    return ForwardingEventLog::AppendGroup(std::move(requests));
  }
};

class SequencerTest : public ::testing::Test {
 protected:
  SequencerTest() {
    auto log = RocksDbEventLog::Open(
        dir_.path(), {.projection_families = {"rows"},
                      .on_commit = [this](const CommitInfo& info) {
                        if (info.events > 0) ++commits_;
                      }});
    EXPECT_TRUE(log.ok()) << log.status();
    real_ = *std::move(log);
    failing_ = std::make_unique<FailingLog>(*real_);
    sequencer_ = std::make_unique<Sequencer>(*failing_, clock_, calendar_);
  }

  // A decision that appends one event to `stream` and counts its row.
  static Sequencer::Decision Increment(std::string stream) {
    return [stream](CommandContext& ctx) -> absl::StatusOr<AppendRequest> {
      auto row = ctx.Row("rows", stream);
      if (!row.ok()) return row.status();
      const int count = row->has_value() ? std::stoi(**row) : 0;
      AppendRequest append;
      append.stream = stream;
      append.expected = ExpectedVersion::Exact(count);
      append.events.push_back({.type = "Incremented"});
      append.projections.push_back({"rows", stream, std::to_string(count + 1)});
      return append;
    };
  }

  absl::StatusOr<AppendResult> Run(std::string request_id,
                                   Sequencer::Decision decide) {
    absl::Notification done;
    absl::StatusOr<AppendResult> result;
    sequencer_->Submit(std::move(request_id), "", std::move(decide),
                       [&](absl::StatusOr<AppendResult> r) {
                         result = std::move(r);
                         done.Notify();
                       });
    done.WaitForNotification();
    return result;
  }

  // Holds the sequencer's thread in a decision until the returned
  // notification is notified: what is submitted meanwhile forms one batch.
  std::unique_ptr<absl::Notification> Hold() {
    auto release = std::make_unique<absl::Notification>();
    absl::Notification deciding;
    sequencer_->Submit(
        "", "",
        [&deciding, release = release.get()](CommandContext& ctx) {
          deciding.Notify();
          release->WaitForNotification();
          return Increment("held")(ctx);
        },
        [](absl::StatusOr<AppendResult> r) { EXPECT_TRUE(r.ok()); });
    deciding.WaitForNotification();
    return release;
  }

  TempDir dir_;
  std::atomic<int> commits_{0};
  ManualClock clock_{absl::FromUnixSeconds(1'700'000'000)};
  domain::Calendar calendar_ = *domain::Calendar::Create({});
  std::unique_ptr<RocksDbEventLog> real_;
  std::unique_ptr<FailingLog> failing_;
  std::unique_ptr<Sequencer> sequencer_;
};

TEST_F(SequencerTest, ABatchSeesItsOwnRowsAndCommitsInOneWrite) {
  constexpr int kCommands = 100;
  std::unique_ptr<absl::Notification> release = Hold();
  absl::BlockingCounter done(kCommands);
  std::atomic<int> ok{0};
  for (int i = 0; i < kCommands; ++i) {
    sequencer_->Submit("", "", Increment("counter"),
                       [&](absl::StatusOr<AppendResult> r) {
                         ok += r.ok();
                         done.DecrementCount();
                       });
  }
  const int commits = commits_.load();
  release->Notify();
  done.Wait();
  // No conflicts although each decided on the row the one before staged.
  EXPECT_EQ(ok.load(), kCommands);
  EXPECT_EQ(**real_->GetProjection("rows", "counter"), "100");
  EXPECT_EQ(*real_->StreamVersion("counter"), 100u);
  // The held command's write and the batch's: two, atomic each.
  EXPECT_EQ(commits_.load(), commits + 2);
  ASSERT_OK_AND_ASSIGN(auto events, real_->ReadAll(1, 1));
  EXPECT_EQ(events[0].record_time, clock_.Now());  // the decision's time
}

TEST_F(SequencerTest, ARequestIdTwiceInOneBatchIsDecidedOnce) {
  std::unique_ptr<absl::Notification> release = Hold();
  absl::BlockingCounter done(2);
  std::vector<absl::StatusOr<AppendResult>> results(2);
  for (int i = 0; i < 2; ++i) {
    sequencer_->Submit("same-id", "key", Increment("dup"),
                       [&, i](absl::StatusOr<AppendResult> r) {
                         results[i] = std::move(r);
                         done.DecrementCount();
                       });
  }
  release->Notify();
  done.Wait();
  ASSERT_OK(results[0].status());
  ASSERT_OK(results[1].status());
  EXPECT_FALSE(results[0]->replayed);
  EXPECT_TRUE(results[1]->replayed);
  EXPECT_EQ(results[1]->first_position, results[0]->first_position);
  EXPECT_EQ(*real_->StreamVersion("dup"), 1u);
}

TEST_F(SequencerTest, SeenRequestIdIsAnsweredWithoutDecidingAgain) {
  ASSERT_OK_AND_ASSIGN(AppendResult first, Run("r1", Increment("a")));
  bool decided = false;
  ASSERT_OK_AND_ASSIGN(
      AppendResult again, Run("r1", [&](CommandContext&) {
        decided = true;
        return absl::StatusOr<AppendRequest>(absl::InternalError("no"));
      }));
  EXPECT_FALSE(decided);
  EXPECT_TRUE(again.replayed);
  EXPECT_EQ(again.first_position, first.first_position);
}

TEST_F(SequencerTest, ARequestIdStandsForOneRequest) {
  absl::Notification done;
  absl::StatusOr<AppendResult> first;
  sequencer_->Submit("r1", "create a", Increment("a"),
                     [&](absl::StatusOr<AppendResult> r) {
                       first = std::move(r);
                       done.Notify();
                     });
  done.WaitForNotification();
  ASSERT_OK(first.status());
  // The same id for another request is refused, not answered as the first.
  absl::Notification again_done;
  absl::StatusOr<AppendResult> again;
  sequencer_->Submit("r1", "create b", Increment("b"),
                     [&](absl::StatusOr<AppendResult> r) {
                       again = std::move(r);
                       again_done.Notify();
                     });
  again_done.WaitForNotification();
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists,
                              HasSubstr("different request")));
  // In one batch too.
  std::unique_ptr<absl::Notification> release = Hold();
  absl::BlockingCounter batch_done(2);
  std::vector<absl::StatusOr<AppendResult>> results(2);
  for (int i = 0; i < 2; ++i) {
    sequencer_->Submit("r2", absl::StrCat("key ", i), Increment("c"),
                       [&, i](absl::StatusOr<AppendResult> r) {
                         results[i] = std::move(r);
                         batch_done.DecrementCount();
                       });
  }
  release->Notify();
  batch_done.Wait();
  EXPECT_OK(results[0].status());
  EXPECT_THAT(results[1], StatusIs(absl::StatusCode::kAlreadyExists,
                                   HasSubstr("different request")));
  EXPECT_EQ(*real_->StreamVersion("b"), 0u);
  EXPECT_EQ(*real_->StreamVersion("c"), 1u);
}

TEST_F(SequencerTest, DecisionErrorsWriteNothing) {
  EXPECT_THAT(
      Run("r1",
          [](CommandContext&) -> absl::StatusOr<AppendRequest> {
            return absl::FailedPreconditionError("dossier is closed");
          }),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
  EXPECT_EQ(real_->head(), 0u);
  // The id of a refused command stays free.
  EXPECT_OK(Run("r1", Increment("a")).status());
}

TEST_F(SequencerTest, StorageThatCannotWriteIsUnavailableAndChangesNothing) {
  ASSERT_OK(Run("", Increment("a")).status());
  failing_->failing = true;
  EXPECT_THAT(Run("r2", Increment("a")),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("Input/output error")));
  failing_->failing = false;
  EXPECT_EQ(real_->head(), 1u);
  EXPECT_EQ(**real_->GetProjection("rows", "a"), "1");
  // The retry, once storage is back, is decided afresh and lands.
  ASSERT_OK_AND_ASSIGN(AppendResult retried, Run("r2", Increment("a")));
  EXPECT_FALSE(retried.replayed);
  EXPECT_EQ(**real_->GetProjection("rows", "a"), "2");
}

TEST_F(SequencerTest, RecordTimesNeverGoBack) {
  ASSERT_OK(Run("", Increment("a")).status());
  const absl::Time first = clock_.Now();
  clock_.Set(first - absl::Hours(24));  // the clock goes back a day
  ASSERT_OK(Run("", Increment("a")).status());
  ASSERT_OK_AND_ASSIGN(auto events, real_->ReadAll(1, 2));
  EXPECT_EQ(events[1].record_time, first);
  // Also after a restart.
  sequencer_.reset();
  sequencer_ = std::make_unique<Sequencer>(*failing_, clock_, calendar_);
  ASSERT_OK(Run("", Increment("a")).status());
  ASSERT_OK_AND_ASSIGN(events, real_->ReadAll(3, 1));
  EXPECT_EQ(events[0].record_time, first);
}

TEST_F(SequencerTest, RecordTimesAreWholeMicroseconds) {
  clock_.Set(absl::FromUnixNanos(1'800'000'000'123'456'789));
  ASSERT_OK(Run("", Increment("a")).status());
  ASSERT_OK_AND_ASSIGN(auto events, real_->ReadAll(1, 1));
  EXPECT_EQ(events[0].record_time, absl::FromUnixMicros(1'800'000'000'123'456));
}

TEST_F(SequencerTest, ShutdownFinishesQueuedCommandsAndRefusesNewOnes) {
  // The first command holds the sequencer's thread; more queue behind it.
  absl::Notification deciding, release;
  std::atomic<int> answers{0}, committed{0}, refused{0};
  auto count = [&](absl::StatusOr<AppendResult> r) {
    ++answers;
    if (r.ok()) ++committed;
    if (absl::IsUnavailable(r.status())) ++refused;
  };
  sequencer_->Submit(
      "", "",
      [&](CommandContext& ctx) {
        deciding.Notify();
        release.WaitForNotification();
        return Increment("held")(ctx);
      },
      count);
  deciding.WaitForNotification();
  sequencer_->Submit("", "", Increment("queued"), count);

  // The object lives until the stopper's reset returns, which waits for the
  // held command, so submitting through this pointer meanwhile is safe.
  Sequencer* sequencer = sequencer_.get();
  std::thread stopper([&] { sequencer_.reset(); });
  // Submit until the stopping sequencer refuses one (it answers at once).
  int submitted = 2;
  while (refused.load() == 0) {
    sequencer->Submit("", "", Increment(absl::StrCat("late-", submitted)),
                      count);
    ++submitted;
  }
  release.Notify();
  stopper.join();
  EXPECT_EQ(answers.load(), submitted);  // every command answered once
  EXPECT_EQ(refused.load(), 1);
  EXPECT_EQ(committed.load(), submitted - 1);
  EXPECT_EQ(real_->head(), static_cast<uint64_t>(submitted - 1));
}

}  // namespace
}  // namespace transpo::app
