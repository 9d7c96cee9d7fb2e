// Commands over a real log: replies are built off the single writer's
// thread, so one slow reply never delays the writes behind it; a retried
// request answers what its first execution answered.

#include "server/app/commands.h"

#include <memory>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/app/app.h"
#include "storage/rocksdb_event_log.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace transpo::app {
namespace {

using ::transpo::testing::StatusIs;
using ::transpo::testing::TempDir;

domain::DirectiveInfo Directive(const std::string& celex) {
  domain::DirectiveInfo info;
  info.celex = celex;
  info.short_title = "A directive";
  info.deadlines.push_back({absl::CivilDay(2030, 1, 1), ""});
  return info;
}

class CommandsTest : public ::testing::Test {
 protected:
  CommandsTest() {
    auto log = RocksDbEventLog::Open(
        dir_.path(), {.projection_families = ProjectionFamilies()});
    EXPECT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    app_ = std::make_unique<App>(*log_, clock_, settings_);
  }

  TempDir dir_;
  ManualClock clock_{absl::FromUnixSeconds(1'700'000'000)};
  DomainSettings settings_{*domain::Calendar::Create({}), {}, {}};
  std::unique_ptr<RocksDbEventLog> log_;
  std::unique_ptr<App> app_;
};

TEST_F(CommandsTest, ASlowReplyDoesNotHoldTheWritesBehindIt) {
  absl::Notification first_replying, second_replied;
  app_->commands().Directive(
      "32019L1937", domain::RegisterDirective{Directive("32019L1937")},
      {.actor = "test"},
      [&](absl::StatusOr<Committed<domain::DirectiveState>> r) {
        EXPECT_TRUE(r.ok()) << r.status();
        first_replying.Notify();
        // Built on the writer's thread, this reply would hold the second
        // write back until the wait gives up.
        EXPECT_TRUE(
            second_replied.WaitForNotificationWithTimeout(absl::Seconds(30)));
      });
  first_replying.WaitForNotification();
  absl::Notification second_done;
  app_->commands().Directive(
      "32019L1024", domain::RegisterDirective{Directive("32019L1024")},
      {.actor = "test"},
      [&](absl::StatusOr<Committed<domain::DirectiveState>> r) {
        EXPECT_TRUE(r.ok()) << r.status();
        EXPECT_EQ(r->position, 2u);
        second_replied.Notify();
        second_done.Notify();
      });
  EXPECT_TRUE(second_done.WaitForNotificationWithTimeout(absl::Seconds(30)));
  app_.reset();  // waits for the first reply
  EXPECT_EQ(log_->head(), 2u);
}

TEST_F(CommandsTest, ARequestIdUsedForAnotherResourceIsRefused) {
  absl::Notification done;
  app_->commands().Directive(
      "32019L1937", domain::RegisterDirective{Directive("32019L1937")},
      {.request_id = "r1", .actor = "test"},
      [&](absl::StatusOr<Committed<domain::DirectiveState>> r) {
        EXPECT_TRUE(r.ok());
        done.Notify();
      });
  done.WaitForNotification();
  absl::Notification refused;
  app_->commands().Directive(
      "32019L1024", domain::RegisterDirective{Directive("32019L1024")},
      {.request_id = "r1", .actor = "test"},
      [&](absl::StatusOr<Committed<domain::DirectiveState>> r) {
        EXPECT_THAT(r, StatusIs(absl::StatusCode::kAlreadyExists,
                                ::testing::HasSubstr("directive-32019L1937")));
        refused.Notify();
      });
  refused.WaitForNotification();
  EXPECT_EQ(log_->head(), 1u);
}

TEST_F(CommandsTest, AScopedActorNeverWritesTheDirectiveItself) {
  // A correspondent's scope: whatever the access table lets through, the
  // commands refuse directive-level writes to it.
  for (domain::DirectiveCommand command : std::vector<domain::DirectiveCommand>{
           domain::RegisterDirective{Directive("32019L1937")},
           domain::UpdateDirective{Directive("32019L1937"), {"short_title"}}}) {
    absl::Notification refused;
    app_->commands().Directive(
        "32019L1937", command,
        {.actor = "corr-a", .scope = std::vector<std::string>{"adm-a"}},
        [&](absl::StatusOr<Committed<domain::DirectiveState>> r) {
          EXPECT_THAT(r, StatusIs(absl::StatusCode::kPermissionDenied,
                                  ::testing::HasSubstr(
                                      "principal \"corr-a\" (correspondent) "
                                      "may not write directive 32019L1937")));
          refused.Notify();
        });
    refused.WaitForNotification();
  }
  EXPECT_EQ(log_->head(), 0u);
}

}  // namespace
}  // namespace transpo::app
