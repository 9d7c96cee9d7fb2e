// The write side of RocksDbEventLog (rocksdb_event_log_write.cc): group commit
// seen at the disk, projection rows and their format, and error messages that
// quote client values without growing with them.

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_event_log.h"
#include "storage/version_conflict.h"
#include "tests/storage/event_log_test_support.h"
#include "tests/storage/fault_injection_fs.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace transpo {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::transpo::testing::FaultInjectionFs;
using ::transpo::testing::kNow;
using ::transpo::testing::Request;
using ::transpo::testing::StatusIs;
using ::transpo::testing::TempDir;

// Rebuilds the "dossiers" rows: key = the stream without "dossier-".
class Dossiers : public Projector {
 public:
  absl::Status Project(const EventRecord& e,
                       std::vector<ProjectionWrite>& out) override {
    std::string key = e.stream.substr(std::string("dossier-").size());
    if (e.type == "Closed") {
      out.push_back({"dossiers", key, std::nullopt});
    } else {
      out.push_back({"dossiers", key, "registered"});
    }
    return absl::OkStatus();
  }
};

class WriteTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  EventLogOptions Options() {
    EventLogOptions options;
    options.projection_families = {"dossiers"};
    options.clock = [] { return kNow; };
    options.file_system = fs_;
    options.projection_format = projection_format_;
    options.max_appends_per_commit = max_appends_per_commit_;
    return options;
  }

  void Reopen() {
    log_.reset();
    auto log = RocksDbEventLog::Open(dir_.path(), Options());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
  }

  void AppendDossier(const std::string& id, const std::string& type) {
    AppendRequest request =
        Request("dossier-" + id, ExpectedVersion::Any(), {type});
    request.projections.push_back(
        {"dossiers", id,
         type == "Closed" ? std::nullopt
                          : std::optional<std::string>("registered")});
    ASSERT_OK(log_->Append(std::move(request)).status());
  }

  std::vector<std::string> Rows() {
    std::vector<std::string> out;
    EXPECT_OK(log_->ScanProjection(
        "dossiers", "", [&](absl::string_view k, absl::string_view v) {
          out.push_back(absl::StrCat(k, "=", v));
          return true;
        }));
    return out;
  }

  TempDir dir_;
  std::shared_ptr<FaultInjectionFs> fs_ = std::make_shared<FaultInjectionFs>();
  uint64_t projection_format_ = 0;
  size_t max_appends_per_commit_ = 4096;
  std::unique_ptr<RocksDbEventLog> log_;
};

// Group commit counted where it matters, at the WAL's fsync: while the writer
// is held inside one sync, appends queue; released, they all commit with one
// more sync.
TEST_F(WriteTest, AppendsQueuedDuringASyncShareTheNextSync) {
  ASSERT_OK(
      log_->Append(Request("seed", ExpectedVersion::Any(), {"A"})).status());
  fs_->HoldNextWalSync();
  absl::Notification held_done;
  log_->AppendAsync(Request("held", ExpectedVersion::Any(), {"A"}),
                    [&](absl::StatusOr<AppendResult> result) {
                      EXPECT_OK(result.status());
                      held_done.Notify();
                    });
  fs_->WaitUntilWalSyncHeld();
  const int64_t syncs = fs_->wal_syncs();  // the held one included

  constexpr int kAppends = 32;
  absl::BlockingCounter done(kAppends);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kAppends; ++i) {
    threads.emplace_back([&, i] {
      log_->AppendAsync(
          Request(absl::StrCat("s", i), ExpectedVersion::NoStream(), {"A"}),
          [&](absl::StatusOr<AppendResult> result) {
            EXPECT_OK(result.status());
            if (result.ok()) ++ok;
            done.DecrementCount();
          });
    });
  }
  for (std::thread& thread : threads) thread.join();  // all queued
  EXPECT_EQ(fs_->wal_syncs(), syncs);
  fs_->ReleaseWalSync();
  held_done.WaitForNotification();
  done.Wait();
  EXPECT_EQ(ok.load(), kAppends);
  EXPECT_EQ(fs_->wal_syncs(), syncs + 1);  // 32 appends, one fsync
  EXPECT_EQ(log_->head(), 2u + kAppends);
}

// A group (AppendGroup) is one write: never split, even past the cap of
// appends per commit, and all of it fails when the write fails.
TEST_F(WriteTest, AGroupIsOneAtomicWrite) {
  max_appends_per_commit_ = 2;
  Reopen();
  ASSERT_OK(
      log_->Append(Request("seed", ExpectedVersion::Any(), {"A"})).status());
  const int64_t syncs = fs_->wal_syncs();

  constexpr int kGroup = 5;
  auto group = [&] {
    std::vector<AppendRequest> requests;
    for (int i = 0; i < kGroup; ++i) {
      requests.push_back(
          Request(absl::StrCat("g", i), ExpectedVersion::Any(), {"A"}));
    }
    return log_->AppendGroup(std::move(requests));
  };
  std::vector<absl::StatusOr<AppendResult>> results = group();
  ASSERT_EQ(results.size(), static_cast<size_t>(kGroup));
  for (int i = 0; i < kGroup; ++i) {
    ASSERT_OK(results[i].status());
    EXPECT_EQ(results[i]->first_position, 2u + i);
  }
  EXPECT_EQ(fs_->wal_syncs(), syncs + 1);  // five appends, one write

  fs_->SetNoSpace(true);
  std::vector<absl::StatusOr<AppendResult>> refused = group();
  for (int i = 0; i < kGroup; ++i) EXPECT_FALSE(refused[i].ok()) << i;
  fs_->SetNoSpace(false);
  Reopen();
  EXPECT_EQ(log_->head(), 1u + kGroup);
}

TEST_F(WriteTest, ProjectionRowsCommitWithEventsAndRebuildToSameBytes) {
  AppendDossier("a", "Registered");
  AppendDossier("b", "Registered");
  AppendDossier("a", "Closed");
  EXPECT_EQ(log_->projection_checkpoint(), 3u);
  EXPECT_THAT(Rows(), ElementsAre("b=registered"));
  EXPECT_EQ(*log_->GetProjection("dossiers", "a"), std::nullopt);

  Dossiers projector;
  ASSERT_OK(log_->RebuildProjections(projector));
  EXPECT_THAT(Rows(), ElementsAre("b=registered"));
  EXPECT_EQ(log_->projection_checkpoint(), 3u);
  Reopen();
  EXPECT_EQ(log_->projection_checkpoint(), 3u);
}

TEST_F(WriteTest, InterruptedRebuildLeavesProjectionsMarkedStale) {
  ASSERT_OK(
      log_->Append(Request("s", ExpectedVersion::Any(), {"A", "B"})).status());
  class Failing : public Projector {
   public:
    absl::Status Project(const EventRecord&,
                         std::vector<ProjectionWrite>&) override {
      return absl::InternalError("projector failed");
    }
  } failing;
  EXPECT_THAT(
      log_->RebuildProjections(failing),
      StatusIs(absl::StatusCode::kInternal, HasSubstr("projector failed")));
  EXPECT_EQ(log_->projection_checkpoint(), 0u);
  // New events do not make stale projections look current.
  ASSERT_OK(log_->Append(Request("s", ExpectedVersion::Any(), {"C"})).status());
  Reopen();
  EXPECT_EQ(log_->projection_checkpoint(), 0u);
  EXPECT_EQ(log_->head(), 3u);
}

// The owner changes the format of its rows: the rows on disk are stale (the
// checkpoint says 0, so the owner rebuilds) until a rebuild completes, which
// stores the new format.
TEST_F(WriteTest, RowsOfAnotherProjectionFormatAreStaleUntilRebuilt) {
  projection_format_ = 1;
  Reopen();
  AppendDossier("a", "Registered");
  AppendDossier("b", "Registered");
  AppendDossier("a", "Closed");
  EXPECT_EQ(log_->projection_checkpoint(), 3u);
  Reopen();
  EXPECT_EQ(log_->projection_checkpoint(), 3u);  // same format: current

  projection_format_ = 2;
  Reopen();
  EXPECT_EQ(log_->projection_checkpoint(), 0u);
  AppendDossier("c", "Registered");  // stays stale
  EXPECT_EQ(log_->projection_checkpoint(), 0u);
  Reopen();
  EXPECT_EQ(log_->projection_checkpoint(), 0u);  // not rebuilt yet

  Dossiers projector;
  ASSERT_OK(log_->RebuildProjections(projector));
  EXPECT_EQ(log_->projection_checkpoint(), log_->head());
  EXPECT_THAT(Rows(), ElementsAre("b=registered", "c=registered"));
  Reopen();
  EXPECT_EQ(log_->projection_checkpoint(), 4u);  // format 2 stored

  projection_format_ = 1;  // an older binary
  Reopen();
  EXPECT_EQ(log_->projection_checkpoint(), 0u);
}

TEST_F(WriteTest, AnEmptyLogTakesTheOwnersProjectionFormat) {
  projection_format_ = 5;
  Reopen();  // empty: stores 5
  AppendDossier("a", "Registered");
  Reopen();
  EXPECT_EQ(log_->projection_checkpoint(), 1u);

  // A log with rows from format 0 (before any format was stored).
  TempDir other;
  EventLogOptions options = Options();
  options.projection_format = 0;
  {
    auto log = RocksDbEventLog::Open(other.path(), options);
    ASSERT_OK(log.status());
    AppendRequest request = Request("dossier-x", ExpectedVersion::Any(), {"R"});
    request.projections.push_back({"dossiers", "x", "registered"});
    ASSERT_OK((*log)->Append(std::move(request)).status());
  }
  options.projection_format = 5;
  auto log = RocksDbEventLog::Open(other.path(), options);
  ASSERT_OK(log.status());
  EXPECT_EQ((*log)->projection_checkpoint(), 0u);
}

// Client values quoted in errors are cut to 64 bytes and escaped: a status
// does not grow with the input.
TEST_F(WriteTest, ErrorMessagesCutAndEscapeClientValues) {
  constexpr size_t kBound = 400;  // 64 escaped bytes and the words around
  const std::string huge = std::string(10000, 'x') + "\n";
  auto expect_bounded = [&](const absl::Status& status, absl::StatusCode code,
                            const std::string& part) {
    EXPECT_EQ(status.code(), code) << status;
    EXPECT_LT(status.message().size(), kBound) << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr(part));
  };

  expect_bounded(
      log_->Append(Request(huge, ExpectedVersion::Any(), {"A"})).status(),
      absl::StatusCode::kInvalidArgument,
      absl::StrCat("stream \"", std::string(64, 'x'), "\"... (10001 bytes)"));
  expect_bounded(log_->Append(Request("a\x01"
                                      "z\n",
                                      ExpectedVersion::Any(), {"A"}))
                     .status(),
                 absl::StatusCode::kInvalidArgument, "stream \"a\\x01z\\n\"");
  expect_bounded(
      log_->Append(Request("s", ExpectedVersion::Any(), {huge})).status(),
      absl::StatusCode::kInvalidArgument, "events[0].type \"xxx");

  AppendRequest bad_family = Request("s", ExpectedVersion::Any(), {"A"});
  bad_family.projections.push_back({huge, "k", "v"});
  expect_bounded(log_->Append(std::move(bad_family)).status(),
                 absl::StatusCode::kInvalidArgument, "family \"xxx");
  expect_bounded(log_->GetProjection(huge, "k").status(),
                 absl::StatusCode::kInvalidArgument, "(10001 bytes)");
  expect_bounded(
      log_->ScanProjection(huge, "", [](auto, auto) { return true; }),
      absl::StatusCode::kInvalidArgument, "(10001 bytes)");

  const std::string request_id(128, 'r');
  ASSERT_OK(
      log_->Append(Request("s", ExpectedVersion::Any(), {"A"}, request_id))
          .status());
  expect_bounded(
      log_->Append(Request("s", ExpectedVersion::Any(), {"B"}, request_id))
          .status(),
      absl::StatusCode::kAlreadyExists, "(128 bytes): already used");

  // A conflict's message is bounded; its payload still carries the stream.
  const std::string long_stream(256, 'l');
  absl::Status conflict =
      log_->Append(Request(long_stream, ExpectedVersion::Exact(7), {"A"}))
          .status();
  expect_bounded(conflict, absl::StatusCode::kAborted, "(256 bytes)");
  ASSERT_TRUE(VersionConflict::FromStatus(conflict).has_value());
  EXPECT_EQ(VersionConflict::FromStatus(conflict)->stream, long_stream);
}

}  // namespace
}  // namespace transpo
