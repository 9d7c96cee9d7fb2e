// Cuts the power under a log that several threads append to, at a random
// moment of its I/O, keeps only what the disk had synced, and reopens it with
// the real file system: every acknowledged append is there, at the position
// reported, positions have no gaps, and the hash chain is intact. Unlike the
// SIGKILL crash test (where the kernel keeps unsynced writes), this one fails
// if an append is acknowledged before its fsync.

#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_event_log.h"
#include "tests/storage/crash_workload.h"
#include "tests/storage/fault_injection_fs.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace transpo {
namespace {

using ::transpo::testing::CrashEventCount;
using ::transpo::testing::CrashEventId;
using ::transpo::testing::CrashRequest;
using ::transpo::testing::CrashRequestId;
using ::transpo::testing::FaultInjectionFs;
using ::transpo::testing::TempDir;

constexpr int kRounds = 10;
constexpr int kThreads = 4;

struct Ack {
  int round, thread, seq;
  uint64_t first_position;
};

// Appends the crash workload from kThreads threads until the power is cut
// `operations` file operations from now; returns every acknowledged append.
std::vector<Ack> AppendUntilThePowerIsCut(const std::string& dir, int round,
                                          uint64_t operations) {
  auto fs = std::make_shared<FaultInjectionFs>();
  absl::Mutex mu;
  std::vector<Ack> acks;
  {
    absl::StatusOr<std::unique_ptr<RocksDbEventLog>> log =
        RocksDbEventLog::Open(dir, {.file_system = fs});
    if (!log.ok()) {
      ADD_FAILURE() << log.status();
      return acks;
    }
    fs->CutPowerAfter(operations);
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
      writers.emplace_back([&, t] {
        for (int seq = 0;; ++seq) {
          absl::StatusOr<AppendResult> result =
              (*log)->Append(CrashRequest(round, t, seq));
          if (!result.ok()) return;  // the power is off
          absl::MutexLock lock(&mu);
          acks.push_back({round, t, seq, result->first_position});
        }
      });
    }
    for (std::thread& writer : writers) writer.join();
    EXPECT_TRUE(fs->power_cut());
  }  // the log is destroyed with the power off: nothing more is written
  absl::StatusOr<uint64_t> dropped = fs->DropUnsyncedData();
  EXPECT_OK(dropped.status());
  std::printf(
      "round %d: power cut after %lu operations, %zu appends "
      "acknowledged, %lu unsynced bytes dropped\n",
      round, static_cast<unsigned long>(operations), acks.size(),
      static_cast<unsigned long>(dropped.value_or(0)));
  return acks;
}

TEST(EventLogPowerLossTest, APowerCutLosesNothingAcknowledged) {
  TempDir dir;
  std::random_device device;
  const unsigned seed = device();
  std::printf("event log power loss test: seed %u\n", seed);
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  std::mt19937 random(seed);
  std::uniform_int_distribution<uint64_t> cut_after(1, 2000);

  std::vector<Ack> all_acks;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    const uint64_t operations = cut_after(random);
    std::vector<Ack> acks =
        AppendUntilThePowerIsCut(dir.path(), round, operations);
    all_acks.insert(all_acks.end(), acks.begin(), acks.end());

    auto log = RocksDbEventLog::Open(dir.path(), {});  // the real disk
    ASSERT_TRUE(log.ok()) << log.status();
    ASSERT_OK_AND_ASSIGN(VerifyReport report, (*log)->Verify());
    ASSERT_TRUE(report.ok()) << "broken at " << report.first_broken_position
                             << ": " << report.problem;
    ASSERT_EQ(report.events_checked, (*log)->head());  // no gaps

    absl::flat_hash_map<uint64_t, std::string> id_at;
    for (uint64_t from = 1; from <= (*log)->head(); from += 1000) {
      ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> page,
                           (*log)->ReadAll(from, 1000));
      for (EventRecord& e : page) id_at[e.position] = std::move(e.event_id);
    }
    for (const Ack& ack : all_acks) {
      const std::string request_id =
          CrashRequestId(ack.round, ack.thread, ack.seq);
      for (int i = 0; i < CrashEventCount(ack.seq); ++i) {
        auto it = id_at.find(ack.first_position + i);
        ASSERT_TRUE(it != id_at.end())
            << "acknowledged " << request_id << " lost (head " << (*log)->head()
            << ")";
        ASSERT_EQ(it->second, CrashEventId(request_id, i));
      }
    }
  }
  std::printf("power loss test: %d cuts, %zu acknowledged appends checked\n",
              kRounds, all_acks.size());
}

}  // namespace
}  // namespace transpo
