// Many threads appending at once, to one stream and to their own: conflicts
// are detected, and no event is lost or written twice.

#include <atomic>
#include <barrier>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_event_log.h"
#include "storage/version_conflict.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace transpo {
namespace {

using ::transpo::testing::TempDir;

constexpr int kThreads = 16;

AppendRequest OneEvent(std::string stream, ExpectedVersion expected,
                       std::string id) {
  AppendRequest request;
  request.stream = std::move(stream);
  request.expected = expected;
  request.events.push_back({.event_id = std::move(id), .type = "Tested"});
  return request;
}

TEST(EventLogConcurrencyTest, RacingWritersOnOneVersionOneWins) {
  TempDir dir;
  auto log = RocksDbEventLog::Open(dir.path(), {});
  ASSERT_TRUE(log.ok()) << log.status();
  constexpr int kRounds = 20;
  std::barrier sync(kThreads);
  std::atomic<int> wins{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        // Everyone reads the same version, then all append with it at once.
        const uint64_t version = *(*log)->StreamVersion("shared");
        sync.arrive_and_wait();
        auto result =
            (*log)->Append(OneEvent("shared", ExpectedVersion::Exact(version),
                                    absl::StrCat(round, ".", t)));
        if (result.ok()) {
          ++wins;
        } else if (auto conflict =
                       VersionConflict::FromStatus(result.status())) {
          EXPECT_EQ(conflict->expected.version, version);
          EXPECT_EQ(conflict->current, version + 1);
          ++conflicts;
        } else {
          ++other;
        }
        sync.arrive_and_wait();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(wins.load(), kRounds);  // exactly one winner per round
  EXPECT_EQ(conflicts.load(), kRounds * (kThreads - 1));
  EXPECT_EQ(*(*log)->StreamVersion("shared"), static_cast<uint64_t>(kRounds));
}

TEST(EventLogConcurrencyTest, NoEventLostOrDuplicated) {
  TempDir dir;
  auto log = RocksDbEventLog::Open(dir.path(), {});
  ASSERT_TRUE(log.ok()) << log.status();
  constexpr int kAppendsPerThread = 100;
  std::atomic<int> shared_ok{0}, shared_conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppendsPerThread; ++i) {
        // Own stream: exact versions, never a conflict.
        auto own = (*log)->Append(OneEvent(absl::StrCat("own-", t),
                                           ExpectedVersion::Exact(i),
                                           absl::StrCat("own.", t, ".", i)));
        EXPECT_TRUE(own.ok()) << own.status();
        // Shared stream: read, append, retry on conflict until it lands.
        for (int attempt = 0;; ++attempt) {
          const uint64_t version = *(*log)->StreamVersion("shared");
          auto shared =
              (*log)->Append(OneEvent("shared", ExpectedVersion::Exact(version),
                                      absl::StrCat("shared.", t, ".", i)));
          if (shared.ok()) {
            ++shared_ok;
            break;
          }
          ASSERT_EQ(shared.status().code(), absl::StatusCode::kAborted)
              << shared.status();
          ++shared_conflicts;
        }
      }
    });
  }
  for (auto& t : threads) t.join();

  const uint64_t expected_events = 2 * kThreads * kAppendsPerThread;
  EXPECT_EQ((*log)->head(), expected_events);
  EXPECT_EQ(*(*log)->StreamVersion("shared"),
            static_cast<uint64_t>(kThreads * kAppendsPerThread));
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(*(*log)->StreamVersion(absl::StrCat("own-", t)),
              static_cast<uint64_t>(kAppendsPerThread));
  }
  absl::flat_hash_set<std::string> ids;
  absl::flat_hash_map<std::string, uint64_t> last_version;
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> all,
                       (*log)->ReadAll(1, expected_events));
  ASSERT_EQ(all.size(), expected_events);
  for (const EventRecord& e : all) {
    EXPECT_TRUE(ids.insert(e.event_id).second) << "duplicate " << e.event_id;
    EXPECT_EQ(e.version, ++last_version[e.stream]) << e.stream;
  }
  ASSERT_OK_AND_ASSIGN(VerifyReport report, (*log)->Verify());
  EXPECT_TRUE(report.ok()) << report.problem;
  std::printf("shared stream: %d appends, %d conflicts retried\n",
              shared_ok.load(), shared_conflicts.load());
}

}  // namespace
}  // namespace transpo
