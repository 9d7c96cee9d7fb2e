// Kills a writing process with SIGKILL at random moments and checks that the
// log kept every acknowledged append: all acknowledged events are present at
// the positions reported, positions have no gaps, no event id appears twice,
// the hash chain is intact, and a retried request id returns its first result.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_event_log.h"
#include "tests/storage/crash_workload.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"

namespace transpo {
namespace {

using ::transpo::testing::CrashEventCount;
using ::transpo::testing::CrashEventId;
using ::transpo::testing::CrashRequest;
using ::transpo::testing::CrashRequestId;
using ::transpo::testing::TempDir;

constexpr int kRounds = 25;
constexpr int kThreads = 8;

struct Ack {
  int round, thread, seq;
  uint64_t first_position;
};

// Runs crash_writer until it has acknowledged `kill_after` appends, kills it
// with SIGKILL, and returns every append it acknowledged before dying.
std::vector<Ack> RunAndKill(const std::string& dir, int round, int kill_after) {
  testing::Subprocess child =
      testing::Spawn({CRASH_WRITER_PATH, dir, std::to_string(round),
                      std::to_string(kThreads)});

  std::vector<Ack> acks;
  std::string buffer;
  char chunk[4096];
  bool killed = false;
  for (;;) {
    ssize_t n = read(child.stdout_fd(), chunk, sizeof(chunk));
    if (n <= 0) break;  // EOF: the child is gone
    buffer.append(chunk, n);
    size_t end;
    while ((end = buffer.find('\n')) != std::string::npos) {
      std::vector<std::string> f = absl::StrSplit(buffer.substr(0, end), ' ');
      buffer.erase(0, end + 1);
      Ack ack{};
      EXPECT_EQ(f.size(), 4u);
      EXPECT_TRUE(absl::SimpleAtoi(f[0], &ack.round) &&
                  absl::SimpleAtoi(f[1], &ack.thread) &&
                  absl::SimpleAtoi(f[2], &ack.seq) &&
                  absl::SimpleAtoi(f[3], &ack.first_position));
      acks.push_back(ack);
    }
    if (!killed && static_cast<int>(acks.size()) >= kill_after) {
      child.Kill(SIGKILL);
      killed = true;
    }
  }
  const int status = child.Wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "crash_writer ended by itself, status " << status;
  EXPECT_TRUE(buffer.empty()) << "a torn line: " << buffer;
  return acks;
}

TEST(EventLogCrashTest, SigkillLosesNothingAcknowledged) {
  TempDir dir;
  std::random_device device;
  const unsigned seed = device();
  std::printf("event log crash test: seed %u\n", seed);
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> kill_after(1, 400);

  std::vector<Ack> all_acks;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    std::vector<Ack> acks = RunAndKill(dir.path(), round, kill_after(random));
    ASSERT_FALSE(acks.empty());
    all_acks.insert(all_acks.end(), acks.begin(), acks.end());

    auto log = RocksDbEventLog::Open(dir.path(), {});
    ASSERT_TRUE(log.ok()) << log.status();

    ASSERT_OK_AND_ASSIGN(VerifyReport report, (*log)->Verify());
    ASSERT_TRUE(report.ok()) << "broken at " << report.first_broken_position
                             << ": " << report.problem;
    ASSERT_EQ(report.events_checked, (*log)->head());  // no gaps

    absl::flat_hash_map<uint64_t, std::string> id_at;
    absl::flat_hash_set<std::string> ids;
    for (uint64_t from = 1; from <= (*log)->head(); from += 1000) {
      ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> page,
                           (*log)->ReadAll(from, 1000));
      for (EventRecord& e : page) {
        ASSERT_TRUE(ids.insert(e.event_id).second)
            << "event id twice: " << e.event_id;
        id_at[e.position] = std::move(e.event_id);
      }
    }
    for (const Ack& ack : all_acks) {
      const std::string request_id =
          CrashRequestId(ack.round, ack.thread, ack.seq);
      for (int i = 0; i < CrashEventCount(ack.seq); ++i) {
        auto it = id_at.find(ack.first_position + i);
        ASSERT_TRUE(it != id_at.end())
            << "acknowledged " << request_id << " lost";
        ASSERT_EQ(it->second, CrashEventId(request_id, i));
      }
    }
    // Retrying an acknowledged request returns its first result.
    const Ack& retried = acks[acks.size() / 2];
    const uint64_t head = (*log)->head();
    ASSERT_OK_AND_ASSIGN(AppendResult again,
                         (*log)->Append(CrashRequest(
                             retried.round, retried.thread, retried.seq)));
    EXPECT_TRUE(again.replayed);
    EXPECT_EQ(again.first_position, retried.first_position);
    EXPECT_EQ((*log)->head(), head);
  }
  std::printf("crash test: %d kills, %zu acknowledged appends checked\n",
              kRounds, all_acks.size());
}

}  // namespace
}  // namespace transpo
