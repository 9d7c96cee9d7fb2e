// The log on a real, small file system (a tmpfs of 40 MiB) that fills up:
// appends are refused below the reserve while reads go on; freed space lets
// writes resume without a reopen; a log closed on a completely full disk opens
// read-only and reopens itself for writing as soon as the reserve is free
// again, however much its WAL holds. Nothing acknowledged is lost. Mounting
// needs root (CI runs as root); otherwise the tests are skipped.

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_event_log.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/tmpfs_mount.h"

namespace transpo {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;
using ::transpo::testing::TempDir;
using ::transpo::testing::TmpfsMount;

constexpr uint64_t kMiB = uint64_t{1} << 20;
constexpr uint64_t kDiskBytes = 40 * kMiB;
constexpr uint64_t kReserve = 4 * kMiB;
constexpr size_t kPayloadBytes = 64 * 1024;

uint64_t FreeBytes(const std::string& path) {
  struct statvfs stats;
  if (statvfs(path.c_str(), &stats) != 0) return 0;
  return uint64_t{stats.f_bavail} * stats.f_frsize;
}

// Writes up to `bytes` to a new file at `path`, stopping early at ENOSPC;
// returns the bytes written.
uint64_t WriteFiller(const std::string& path, uint64_t bytes) {
  const int fd = open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) return 0;
  std::string chunk(kMiB, 'f');
  uint64_t written = 0;
  while (written < bytes) {
    const size_t size = std::min<uint64_t>(chunk.size(), bytes - written);
    const ssize_t n = write(fd, chunk.data(), size);
    if (n > 0) {
      written += n;
    } else if (n < 0 && errno == ENOSPC && chunk.size() > 4096) {
      chunk.resize(4096);  // the last pages
    } else {
      break;
    }
  }
  fsync(fd);
  close(fd);
  return written;
}

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TmpfsMount>> disk =
        TmpfsMount::Mount(dir_.path() + "/disk", kDiskBytes);
    if (!disk.ok()) GTEST_SKIP() << disk.status();
    disk_ = *std::move(disk);
    log_dir_ = disk_->path() + "/log";
  }

  void TearDown() override {
    log_.reset();
    disk_.reset();  // unmounts (and so would the guard, if this process died)
  }

  EventLogOptions Options() {
    EventLogOptions options;
    options.reserve_bytes = kReserve;
    options.max_payload_bytes = kPayloadBytes;
    options.on_space = [this](bool refused, uint64_t) {
      absl::MutexLock lock(&mu_);
      refused_ = refused;
    };
    return options;
  }

  void Open() {
    log_.reset();
    auto log = RocksDbEventLog::Open(log_dir_, Options());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
  }

  // Appends one event with an incompressible payload; remembers it if
  // acknowledged.
  absl::Status AppendOne() {
    AppendRequest request;
    request.stream = absl::StrCat("dossier-", attempts_ % 7);
    request.events.push_back(
        {.event_id = absl::StrCat("event-", attempts_++), .type = "Filled"});
    std::string& payload = request.events[0].payload;
    payload.resize(kPayloadBytes);
    for (char& c : payload) c = static_cast<char>(random_());
    const std::string id = request.events[0].event_id;
    absl::StatusOr<AppendResult> result = log_->Append(std::move(request));
    if (result.ok()) acknowledged_.push_back({result->first_position, id});
    return result.status();
  }

  // Appends until the log refuses; returns the refusal.
  absl::Status AppendUntilRefused() {
    for (int i = 0; i < 2000; ++i) {
      absl::Status status = AppendOne();
      if (!status.ok()) return status;
    }
    return absl::InternalError("the log never refused an append");
  }

  void ExpectNothingAcknowledgedLost() {
    ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> all,
                         log_->ReadAll(1, 100000));
    EXPECT_EQ(all.size(), log_->head());
    for (const auto& [position, id] : acknowledged_) {
      ASSERT_LE(position, all.size());
      EXPECT_EQ(all[position - 1].event_id, id);
    }
    ASSERT_OK_AND_ASSIGN(VerifyReport report, log_->Verify());
    EXPECT_TRUE(report.ok()) << report.problem;
  }

  bool WaitForWritesAccepted() {
    absl::MutexLock lock(&mu_);
    auto accepted = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !refused_;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&accepted), absl::Seconds(10));
  }

  TempDir dir_;
  std::unique_ptr<TmpfsMount> disk_;
  std::string log_dir_;
  std::unique_ptr<RocksDbEventLog> log_;
  std::mt19937 random_{42};
  int attempts_ = 0;
  std::vector<std::pair<uint64_t, std::string>> acknowledged_;
  absl::Mutex mu_;
  bool refused_ ABSL_GUARDED_BY(mu_) = false;
};

TEST_F(DiskFullTest, AFullDiskRefusesWritesAndTheyComeBackByThemselves) {
  const std::string filler1 = disk_->path() + "/filler-1";
  const std::string filler2 = disk_->path() + "/filler-2";
  ASSERT_EQ(WriteFiller(filler1, 16 * kMiB), 16 * kMiB);
  Open();

  // Below the reserve: refused, and the log says what to do. The WAL now
  // holds about 20 MiB.
  EXPECT_THAT(
      AppendUntilRefused(),
      StatusIs(absl::StatusCode::kResourceExhausted,
               AllOf(HasSubstr("disk full"),
                     HasSubstr("below the reserve of 4194304 bytes"),
                     HasSubstr("free space on the disk of " + log_dir_),
                     HasSubstr("writes resume by themselves; reads go on"))));
  ASSERT_GT(acknowledged_.size(), 200u);
  EXPECT_LT(FreeBytes(disk_->path()), kReserve);
  EXPECT_TRUE(log_->writes_refused());
  ExpectNothingAcknowledgedLost();  // reads go on

  // Space freed: the same log writes again.
  ASSERT_TRUE(std::filesystem::remove(filler1));
  ASSERT_OK(AppendOne());
  EXPECT_FALSE(log_->writes_refused());

  // Completely full, then closed: RocksDB can neither flush nor open for
  // writing, so the log opens read-only.
  WriteFiller(filler2, kDiskBytes);
  EXPECT_EQ(FreeBytes(disk_->path()), 0u);
  EXPECT_THAT(AppendOne(), StatusIs(absl::StatusCode::kResourceExhausted,
                                    HasSubstr("disk full")));
  const uint64_t head = log_->head();
  ASSERT_NO_FATAL_FAILURE(Open());
  EXPECT_TRUE(log_->read_only());
  EXPECT_TRUE(log_->writes_refused());
  EXPECT_EQ(log_->head(), head);
  ExpectNothingAcknowledgedLost();
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> stream,
                       log_->ReadStream("dossier-0", 1, 1000));
  EXPECT_FALSE(stream.empty());
  EXPECT_THAT(AppendOne(), StatusIs(absl::StatusCode::kResourceExhausted,
                                    HasSubstr("disk full")));

  // The reserve and 2 MiB freed, far less than the WAL holds: writes come back
  // by themselves, without an append or a reopen (the WAL is replayed into
  // memory, not flushed, at open).
  const uint64_t filler2_size = std::filesystem::file_size(filler2);
  ASSERT_EQ(truncate(filler2.c_str(), filler2_size - kReserve - 2 * kMiB), 0);
  ASSERT_TRUE(WaitForWritesAccepted()) << "writes did not resume in time";
  EXPECT_FALSE(log_->read_only());
  ASSERT_OK(AppendOne());
  EXPECT_EQ(acknowledged_.back().first, head + 1);
  ExpectNothingAcknowledgedLost();

  ASSERT_TRUE(std::filesystem::remove(filler2));
  Open();
  EXPECT_FALSE(log_->read_only());
  ExpectNothingAcknowledgedLost();
}

}  // namespace
}  // namespace transpo
