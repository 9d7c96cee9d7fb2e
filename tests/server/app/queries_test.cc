// What a list page costs: the rows and index keys it reads grow with the
// page, not with the number of dossiers (counted through the log).

#include "server/app/queries.h"

#include <atomic>
#include <memory>

#include "absl/strings/str_format.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/app/app.h"
#include "storage/rocksdb_event_log.h"
#include "tests/testing/forwarding_event_log.h"
#include "tests/testing/temp_dir.h"

namespace transpo::app {
namespace {

using ::transpo::testing::TempDir;

// Counts the rows read through GetProjection and the keys scans visit.
class CountingLog final : public testing::ForwardingEventLog {
 public:
  using ForwardingEventLog::ForwardingEventLog;
  std::atomic<int> gets{0};
  std::atomic<int> scanned{0};

  absl::StatusOr<std::optional<std::string>> GetProjection(
      absl::string_view f, absl::string_view k) override {
    ++gets;
    return ForwardingEventLog::GetProjection(f, k);
  }
  absl::Status ScanProjectionRange(
      absl::string_view f, absl::string_view b, absl::string_view e,
      const std::function<bool(absl::string_view, absl::string_view)>& v,
      ScanCache cache) override {
    return ForwardingEventLog::ScanProjectionRange(
        f, b, e,
        [&](absl::string_view key, absl::string_view value) {
          ++scanned;
          return v(key, value);
        },
        cache);
  }
  using ForwardingEventLog::ScanProjectionRange;
};

class QueriesTest : public ::testing::Test {
 protected:
  QueriesTest() {
    auto log = RocksDbEventLog::Open(
        dir_.path(), {.projection_families = ProjectionFamilies()});
    EXPECT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    counting_ = std::make_unique<CountingLog>(*log_);
    app_ = std::make_unique<App>(*counting_, clock_, settings_);
    absl::Notification registered;
    app_->commands().Administration(
        "bm", domain::RegisterAdministration{{"bm", "BM", "BM"}, {}},
        {.actor = "t"},
        [&](absl::StatusOr<Committed<domain::AdministrationState>> r) {
          EXPECT_TRUE(r.ok()) << r.status();
          registered.Notify();
        });
    registered.WaitForNotification();
  }

  // Directives `first` to `first + n - 1`; one in twenty is overdue on the
  // clock's day and assigned, the others neither.
  void Fill(int first, int n) {
    absl::BlockingCounter done(n + n / 20);
    for (int i = first; i < first + n; ++i) {
      const std::string celex = absl::StrFormat("3%04dL%04d", 2000, i);
      const bool late = i % 20 == 0;
      domain::DirectiveInfo info{
          .celex = celex,
          .short_title = "A directive",
          .deadlines = {{late ? absl::CivilDay(2020, 1, 1) + i % 300
                              : absl::CivilDay(2030, 1, 1),
                         ""}}};
      app_->commands().Directive(
          celex, domain::RegisterDirective{info}, {.actor = "t"},
          [&](absl::StatusOr<Committed<domain::DirectiveState>> r) {
            EXPECT_TRUE(r.ok()) << r.status();
            done.DecrementCount();
          });
      if (!late) continue;
      app_->commands().Directive(
          celex, domain::AssignDossier{{.lead_administration = "bm"}},
          {.actor = "t"},
          [&](absl::StatusOr<Committed<domain::DirectiveState>> r) {
            EXPECT_TRUE(r.ok()) << r.status();
            done.DecrementCount();
          });
    }
    done.Wait();
  }

  // Rows and keys read by one first page of 10 with `filter`.
  std::pair<int, int> Cost(const domain::DossierFilter& filter,
                           std::optional<absl::Time> as_of = {}) {
    counting_->gets = 0;
    counting_->scanned = 0;
    auto page = app_->queries().Dossiers(filter, {.size = 10}, as_of);
    EXPECT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->items.size(), 10u);
    return {counting_->gets.load(), counting_->scanned.load()};
  }

  TempDir dir_;
  ManualClock clock_{
      absl::FromCivil(absl::CivilDay(2021, 6, 1), absl::UTCTimeZone())};
  DomainSettings settings_{*domain::Calendar::Create({}), {}, {}};
  std::unique_ptr<RocksDbEventLog> log_;
  std::unique_ptr<CountingLog> counting_;
  std::unique_ptr<App> app_;
};

TEST_F(QueriesTest, AFirstPageCostsThePageNotTheList) {
  Fill(0, 1400);  // more than one batch of index keys match each filter
  domain::DossierFilter overdue{.overdue_only = true};
  domain::DossierFilter assigned{
      .statuses = {domain::DossierStatus::kAssigned}};
  domain::DossierFilter administration{.administration = "bm"};
  const auto small_overdue = Cost(overdue);
  const auto small_assigned = Cost(assigned);
  const auto small_administration = Cost(administration);
  const auto small_as_of = Cost({}, clock_.Now());
  Fill(1400, 7000);  // six times the dossiers
  EXPECT_EQ(Cost(overdue), small_overdue);
  EXPECT_EQ(Cost(assigned), small_assigned);
  EXPECT_EQ(Cost(administration), small_administration);
  EXPECT_EQ(Cost({}, clock_.Now()), small_as_of);
  // And it is small: the page, its procedures, one batch of index keys.
  EXPECT_LE(small_overdue.first, 2 * 10 + 2);
  EXPECT_LE(small_overdue.second, 64 + 2 * 10 + 2);
}

}  // namespace
}  // namespace transpo::app
