// A full disk is a state, not a crash (rocksdb_event_log_space.cc), shown
// through a file system that injects ENOSPC and fakes free space: appends are
// refused with ResourceExhausted, reads go on, and writes come back by
// themselves, without reopening the log, once there is room.

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_event_log.h"
#include "tests/storage/event_log_test_support.h"
#include "tests/storage/fault_injection_fs.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace transpo {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::transpo::testing::FaultInjectionFs;
using ::transpo::testing::Request;
using ::transpo::testing::StatusIs;
using ::transpo::testing::TempDir;

// How long a test waits for the writer's once-a-second check of free space.
constexpr absl::Duration kRecoveryWait = absl::Seconds(10);

// Records what on_space reports.
class SpaceEvents {
 public:
  std::function<void(bool, uint64_t)> Callback() {
    return [this](bool refused, uint64_t free_bytes) {
      absl::MutexLock lock(&mu_);
      events_.emplace_back(refused, free_bytes);
    };
  }
  // Waits until the last event says `refused`; false on timeout.
  bool WaitFor(bool refused) {
    absl::MutexLock lock(&mu_);
    auto reached = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !events_.empty() && events_.back().first == refused;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&reached), kRecoveryWait);
  }
  std::vector<std::pair<bool, uint64_t>> events() {
    absl::MutexLock lock(&mu_);
    return events_;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::pair<bool, uint64_t>> events_ ABSL_GUARDED_BY(mu_);
};

class SpaceTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  EventLogOptions Options() {
    EventLogOptions options;
    options.projection_families = {"dossiers"};
    options.file_system = fs_;
    options.reserve_bytes = kReserve;
    options.on_space = space_.Callback();
    return options;
  }

  void Reopen() {
    log_.reset();
    auto log = RocksDbEventLog::Open(dir_.path(), Options());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
  }

  // Appends one event to stream "s" and remembers it if acknowledged.
  absl::Status AppendOne() {
    const std::string id = absl::StrCat("event-", attempts_++);
    AppendRequest request = Request("s", ExpectedVersion::Any(), {"A"});
    request.events[0].event_id = id;
    absl::StatusOr<AppendResult> result = log_->Append(std::move(request));
    if (result.ok()) acknowledged_.push_back({result->first_position, id});
    return result.status();
  }

  // Every acknowledged event is at its position, and the chain is intact.
  void ExpectNothingAcknowledgedLost() {
    ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> all, log_->ReadAll(1, 1000));
    EXPECT_EQ(all.size(), log_->head());
    for (const auto& [position, id] : acknowledged_) {
      ASSERT_LE(position, all.size());
      EXPECT_EQ(all[position - 1].event_id, id);
    }
    ASSERT_OK_AND_ASSIGN(VerifyReport report, log_->Verify());
    EXPECT_TRUE(report.ok()) << report.problem;
  }

  static constexpr uint64_t kReserve = uint64_t{8} << 20;
  TempDir dir_;
  std::shared_ptr<FaultInjectionFs> fs_ = std::make_shared<FaultInjectionFs>();
  SpaceEvents space_;
  std::unique_ptr<RocksDbEventLog> log_;
  int attempts_ = 0;
  std::vector<std::pair<uint64_t, std::string>> acknowledged_;
};

// The disk fills between the check and the write: RocksDB's synced write
// fails with ENOSPC. The append is refused, reads go on, and once the disk
// has room the next append succeeds on the same log (RocksDB resumed).
TEST_F(SpaceTest, AWriteTheDiskRefusesIsResourceExhaustedAndWritesResume) {
  for (int i = 0; i < 3; ++i) ASSERT_OK(AppendOne());

  fs_->SetNoSpace(true);
  EXPECT_THAT(
      AppendOne(),
      StatusIs(
          absl::StatusCode::kResourceExhausted,
          AllOf(HasSubstr("disk full"), HasSubstr("No space left on device"),
                HasSubstr("free space on the disk of " + dir_.path()),
                HasSubstr("writes resume by themselves"),
                HasSubstr("reads go on"))));
  EXPECT_TRUE(space_.WaitFor(/*refused=*/true));
  EXPECT_TRUE(log_->writes_refused());
  // The disk now says it is full: refused before writing.
  EXPECT_THAT(AppendOne(), StatusIs(absl::StatusCode::kResourceExhausted,
                                    HasSubstr("disk full: 0 bytes")));

  // Reads go on.
  ExpectNothingAcknowledgedLost();
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> stream,
                       log_->ReadStream("s", 1, 10));
  EXPECT_EQ(stream.size(), 3u);
  EXPECT_EQ(log_->head(), 3u);
  EXPECT_FALSE(log_->read_only());

  fs_->SetNoSpace(false);
  ASSERT_OK(AppendOne());  // the same log object: no reopen by the caller
  EXPECT_FALSE(log_->writes_refused());
  EXPECT_EQ(acknowledged_.back().first, 4u);  // no position lost to failures
  EXPECT_TRUE(space_.WaitFor(/*refused=*/false));
  ExpectNothingAcknowledgedLost();

  Reopen();
  ExpectNothingAcknowledgedLost();
}

// An fsync that fails after the write reached the WAL: the append is an error
// whose outcome is unknown (the bytes may be in the WAL). Whatever RocksDB
// makes of it, what follows must not reuse its positions or mix its keys
// with a later append's: after reopening, every acknowledged event is where
// it was acknowledged, the chain verifies, and the failed request's id
// either is absent or names its own events.
TEST_F(SpaceTest, AFailedSyncAfterTheWriteLeavesTheLogConsistent) {
  for (int i = 0; i < 3; ++i) ASSERT_OK(AppendOne());
  fs_->FailNextWalSync();
  AppendRequest failed = Request("t", ExpectedVersion::Any(), {"B"}, "req-b");
  EXPECT_FALSE(log_->Append(std::move(failed)).ok());
  // The next append goes on: the log reopens its database first.
  ASSERT_OK(AppendOne());
  ExpectNothingAcknowledgedLost();
  Reopen();
  ExpectNothingAcknowledgedLost();
  ASSERT_OK_AND_ASSIGN(std::optional<AppendResult> b,
                       log_->LookupRequest("req-b", ""));
  if (b.has_value()) {
    ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> records,
                         log_->ReadAll(b->first_position, 1));
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].stream, "t");
    EXPECT_EQ(records[0].type, "B");
  }
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> t,
                       log_->ReadStream("t", 1, 10));
  for (const EventRecord& record : t) EXPECT_EQ(record.type, "B");
}

// Worse: the disk still looks fine while it refuses writes, so RocksDB's
// resume fails too, which can stop it for good. The log reopens the database
// (read-only while RocksDB has no room to open it for writing) and, once the
// disk takes writes again, writes resume by themselves.
TEST_F(SpaceTest, WhenRocksDbCannotResumeTheLogReopensTheDatabase) {
  for (int i = 0; i < 3; ++i) ASSERT_OK(AppendOne());
  fs_->SetFreeBytes(kReserve * 100);  // the check always passes
  fs_->SetNoSpace(true);
  EXPECT_THAT(AppendOne(), StatusIs(absl::StatusCode::kResourceExhausted,
                                    HasSubstr("disk full")));
  EXPECT_TRUE(space_.WaitFor(/*refused=*/true));
  EXPECT_THAT(AppendOne(), StatusIs(absl::StatusCode::kResourceExhausted,
                                    HasSubstr("disk full")));
  ExpectNothingAcknowledgedLost();

  fs_->SetNoSpace(false);
  ASSERT_TRUE(space_.WaitFor(/*refused=*/false)) << "no recovery in time";
  EXPECT_FALSE(log_->read_only());
  ASSERT_OK(AppendOne());
  EXPECT_EQ(acknowledged_.back().first, 4u);
  ExpectNothingAcknowledgedLost();
  Reopen();
  ExpectNothingAcknowledgedLost();
}

// Below the reserve, appends are refused before anything is written, and the
// writer notices freed space by itself, without an append.
TEST_F(SpaceTest, BelowTheReserveAppendsAreRefusedAndResumeByThemselves) {
  ASSERT_OK(AppendOne());
  const int64_t syncs = fs_->wal_syncs();
  fs_->SetFreeBytes(uint64_t{1} << 20);
  EXPECT_THAT(
      AppendOne(),
      StatusIs(absl::StatusCode::kResourceExhausted,
               AllOf(HasSubstr("disk full: 1048576 bytes (1.0 MiB) free on "
                               "the disk of " +
                               dir_.path()),
                     HasSubstr("below the reserve of 8388608 bytes (8.0 MiB)"),
                     HasSubstr("nothing was written"),
                     HasSubstr("free space on the disk of " + dir_.path()),
                     HasSubstr("writes resume by themselves; reads go on"))));
  EXPECT_EQ(fs_->wal_syncs(), syncs);  // nothing reached the disk
  EXPECT_EQ(log_->head(), 1u);
  EXPECT_TRUE(log_->writes_refused());
  ASSERT_TRUE(space_.WaitFor(/*refused=*/true));
  EXPECT_EQ(space_.events().back().second, uint64_t{1} << 20);
  ExpectNothingAcknowledgedLost();

  fs_->SetFreeBytes(kReserve);  // exactly the reserve is enough
  ASSERT_TRUE(space_.WaitFor(/*refused=*/false)) << "no recovery in time";
  EXPECT_FALSE(log_->writes_refused());
  EXPECT_EQ(space_.events().back().second, kReserve);
  EXPECT_EQ(space_.events().size(), 2u);  // one change each way
  ASSERT_OK(AppendOne());
  ExpectNothingAcknowledgedLost();
}

// RocksDB cannot open the log for writing (no room for a new MANIFEST and
// WAL): the log opens read-only, serves reads, refuses appends, and reopens
// itself for writing once there is room.
TEST_F(SpaceTest, ALogThatCannotOpenForWritingOpensReadOnlyUntilThereIsRoom) {
  for (int i = 0; i < 3; ++i) ASSERT_OK(AppendOne());
  log_.reset();

  fs_->SetNoSpace(true);
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_TRUE(log_->read_only());
  EXPECT_TRUE(log_->writes_refused());
  EXPECT_TRUE(space_.WaitFor(/*refused=*/true));
  EXPECT_EQ(log_->head(), 3u);
  ExpectNothingAcknowledgedLost();
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> stream,
                       log_->ReadStream("s", 2, 10));
  EXPECT_EQ(stream.size(), 2u);
  EXPECT_THAT(AppendOne(),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       AllOf(HasSubstr("disk full"),
                             HasSubstr("writes resume by themselves"))));
  class Nothing : public Projector {
    absl::Status Project(const EventRecord&,
                         std::vector<ProjectionWrite>&) override {
      return absl::OkStatus();
    }
  } nothing;
  EXPECT_THAT(
      log_->RebuildProjections(nothing),
      StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("disk full")));
  EXPECT_EQ(log_->head(), 3u);

  fs_->SetNoSpace(false);
  ASSERT_TRUE(space_.WaitFor(/*refused=*/false)) << "no reopen in time";
  EXPECT_FALSE(log_->read_only());
  ASSERT_OK(AppendOne());
  EXPECT_EQ(acknowledged_.back().first, 4u);
  ExpectNothingAcknowledgedLost();
  Reopen();
  EXPECT_FALSE(log_->read_only());
  ExpectNothingAcknowledgedLost();
}

TEST_F(SpaceTest, RocksDbWritesNoInfoLogToTheDataDirectory) {
  ASSERT_OK(AppendOne());
  Reopen();
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    const std::string name = entry.path().filename().string();
    EXPECT_NE(name.rfind("LOG", 0), 0u) << name;
  }
}

TEST_F(SpaceTest, ANewLogWithoutRoomIsResourceExhausted) {
  TempDir other;
  fs_->SetNoSpace(true);
  EXPECT_THAT(RocksDbEventLog::Open(other.path(), Options()),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("No space left on device")));
}

}  // namespace
}  // namespace transpo
