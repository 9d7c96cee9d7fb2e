#include "server/app/work_queue.h"

#include <atomic>
#include <memory>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace transpo::app {
namespace {

TEST(WorkQueueTest, OneThreadRunsTasksInOrder) {
  std::vector<int> order;
  {
    WorkQueue queue(1);
    for (int i = 0; i < 100; ++i)
      queue.Post([&order, i] { order.push_back(i); });
  }  // destruction runs what was posted
  ASSERT_EQ(order.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[i], i);
}

TEST(WorkQueueTest, ABlockedTaskDoesNotHoldTheOthersBack) {
  WorkQueue queue(2);
  absl::Notification release, second_ran;
  queue.Post([&] { release.WaitForNotification(); });
  queue.Post([&] { second_ran.Notify(); });
  EXPECT_TRUE(second_ran.WaitForNotificationWithTimeout(absl::Seconds(30)));
  release.Notify();
}

TEST(WorkQueueTest, DestructionRunsEveryTaskPosted) {
  std::atomic<int> ran{0};
  auto queue = std::make_unique<WorkQueue>(2);
  absl::Notification release;
  queue->Post([&] { release.WaitForNotification(); });
  for (int i = 0; i < 50; ++i) queue->Post([&] { ++ran; });
  release.Notify();
  queue.reset();
  EXPECT_EQ(ran.load(), 50);
}

}  // namespace
}  // namespace transpo::app
