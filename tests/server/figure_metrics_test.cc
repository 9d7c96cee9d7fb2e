// The key figures, RocksDB's figures and the build on transpod's /metrics:
// moved by writes and by the days passing, the same after a restart, and
// `promtool check metrics` clean on a real scrape.

#include <cstdio>
#include <fstream>
#include <optional>
#include <string>

#include "tests/server/api_fixture.h"
#include "tests/testing/http_get.h"
#include "tests/testing/metrics_text.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;

// 2021-12-17 00:00 in Brussels (UTC+1).
constexpr double kWhistleblowersDeadline = 1639695600;

class FigureMetricsTest : public ApiTest {
 protected:
  void SetUp() override {
    metrics_listen_ = "127.0.0.1:0";
    Start("manual@2026-03-02T09:00");
  }

  std::string Scrape() {
    auto text = testing::HttpGet(server_->metrics_port(), "/metrics");
    EXPECT_TRUE(text.ok()) << text.status();
    return text.ok() ? *text : "";
  }

  // The value of `series` on /metrics; nullopt when absent.
  std::optional<double> Value(const std::string& series) {
    return testing::SeriesValue(Scrape(), series);
  }

  void CreateDirective(const std::string& celex, const std::string& deadline) {
    v1::Directive d;
    d.set_celex(celex);
    d.set_short_title("A directive");
    d.add_deadlines()->set_date(deadline);
    ASSERT_TRUE(Create(d).ok());
  }
};

TEST_F(FigureMetricsTest, WritesAndDaysMoveTheFigures) {
  EXPECT_EQ(Value("transpo_directives_followed"), 0);
  EXPECT_EQ(Value("transpo_dossiers_overdue_oldest_deadline_timestamp_seconds"),
            std::nullopt);
  ASSERT_TRUE(Create(Whistleblowers()).ok());
  CreateDirective("32022L2555", "2026-04-15");

  EXPECT_EQ(Value("transpo_directives_followed"), 2);
  EXPECT_EQ(Value("transpo_dossiers_overdue"), 1);
  EXPECT_EQ(Value("transpo_dossiers_overdue_two_years"), 1);
  EXPECT_EQ(Value("transpo_dossiers_overdue_oldest_deadline_timestamp_seconds"),
            kWhistleblowersDeadline);
  EXPECT_EQ(Value("transpo_dossiers_due{within_days=\"60\"}"), 1);
  EXPECT_EQ(Value("transpo_transposition_deficit_ratio"), 0.5);
  EXPECT_EQ(Value("transpo_dossiers{lead_administration=\"(none)\","
                  "status=\"registered\"}"),
            2);

  // No write: the day passing makes the second one overdue.
  SetDate(2026, 4, 16);
  EXPECT_EQ(Value("transpo_dossiers_overdue"), 2);
  EXPECT_EQ(Value("transpo_dossiers_due{within_days=\"60\"}"), 0);
  EXPECT_EQ(Value("transpo_transposition_deficit_ratio"), 1);

  ASSERT_TRUE(ChangeStatus("32022L2555", v1::DOSSIER_STATUS_NOT_APPLICABLE,
                           "no regional competence")
                  .ok());
  EXPECT_EQ(Value("transpo_directives_followed"), 1);
  EXPECT_EQ(Value("transpo_dossiers_overdue"), 1);
  EXPECT_EQ(Value("transpo_dossiers{lead_administration=\"(none)\","
                  "status=\"not_applicable\"}"),
            1);
}

TEST_F(FigureMetricsTest, ARestartShowsTheSameFigures) {
  ASSERT_TRUE(Create(Whistleblowers()).ok());
  CreateDirective("32022L2555", "2026-04-15");
  const char* kSeries[] = {
      "transpo_directives_followed",
      "transpo_dossiers_overdue",
      "transpo_dossiers_overdue_two_years",
      "transpo_dossiers_overdue_oldest_deadline_timestamp_seconds",
      "transpo_dossiers_due{within_days=\"120\"}",
      "transpo_transposition_deficit_ratio",
      "transpo_alerts_open{severity=\"critical\",status=\"firing\"}",
  };
  // The scheduler raises the whistleblowers' overdue alert meanwhile.
  ASSERT_TRUE(server_->app().alerts().AwaitQuiet(absl::Seconds(30)));
  std::vector<std::optional<double>> before;
  for (const char* series : kSeries) before.push_back(Value(series));
  ASSERT_EQ(before[0], 2);
  ASSERT_GE(before.back(), 1);

  Restart();
  ASSERT_TRUE(server_->app().alerts().AwaitQuiet(absl::Seconds(30)));
  for (size_t i = 0; i < std::size(kSeries); ++i) {
    EXPECT_EQ(Value(kSeries[i]), before[i]) << kSeries[i];
  }
}

TEST_F(FigureMetricsTest, StorageAndBuildAreShown) {
  const std::string text = Scrape();
  EXPECT_THAT(text, HasSubstr("\ntranspo_build_info{grpc_version=\""));
  for (const char* series :
       {"transpo_rocksdb_live_data_bytes", "transpo_rocksdb_sst_files_bytes",
        "transpo_rocksdb_pending_compaction_bytes",
        "transpo_rocksdb_writes_stopped",
        "transpo_rocksdb_write_stalls_total"}) {
    EXPECT_EQ(testing::SeriesValue(text, series), 0) << series;
  }
}

// promtool lints names, units, help and types as Prometheus does.
TEST_F(FigureMetricsTest, PromtoolFindsNothingToSayOfARealScrape) {
  ASSERT_TRUE(Create(Whistleblowers()).ok());
  const std::string path = dir_.path() + "/scrape.txt";
  std::ofstream(path) << Scrape();
  std::FILE* promtool =
      ::popen(("promtool check metrics < '" + path + "' 2>&1").c_str(), "r");
  ASSERT_NE(promtool, nullptr);
  std::string output;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, promtool)) {
    output.append(buffer, n);
  }
  const int status = ::pclose(promtool);
  EXPECT_EQ(status, 0) << "promtool (Debian package prometheus, "
                          "scripts/setup.sh installs it) said:\n"
                       << output;
  EXPECT_EQ(output, "");
}

}  // namespace
}  // namespace transpo
