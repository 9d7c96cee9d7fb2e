// The key figures as commits keep them: each commit moves them, a day passing
// moves what depends on the day, and a tally loaded from the stored rows (a
// restart) holds the same figures as the one the commits kept.

#include "server/app/figures.h"

#include <map>
#include <memory>
#include <utility>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/app/app.h"
#include "storage/rocksdb_event_log.h"
#include "tests/testing/temp_dir.h"

namespace transpo::app {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using ::transpo::testing::TempDir;

using domain::DossierStatus;
using domain::StageKind;
absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

// `f` without the label sets at 0 (those a tally loaded at a restart has not
// seen).
Figures Settled(Figures f) {
  std::erase_if(f.dossiers, [](const auto& e) { return e.second == 0; });
  std::erase_if(f.open_procedures, [](const auto& e) { return e.second == 0; });
  std::erase_if(f.open_alerts, [](const auto& e) { return e.second == 0; });
  return f;
}

constexpr char kLongOverdue[] = "32019L1937";  // deadline 2021-12-17
constexpr char kDueSoon[] = "32022L2555";      // 2026-04-15
constexpr char kDueLater[] = "32023L1791";     // 2026-06-20
constexpr char kNotOurs[] = "32021L0514";      // 2025-06-01, not applicable

class FiguresTest : public ::testing::Test {
 protected:
  FiguresTest() {
    auto log = RocksDbEventLog::Open(
        dir_.path(), {.projection_families = ProjectionFamilies()});
    EXPECT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    app_ = std::make_unique<App>(*log_, clock_, settings_);
    EXPECT_TRUE(app_->figures().Load(*log_).ok());
  }

  // Runs `command` on directive `celex`, failing the test on an error.
  void Directive(const std::string& celex, domain::DirectiveCommand command) {
    Wait([&](auto done) {
      app_->commands().Directive(celex, std::move(command), {.actor = "test"},
                                 std::move(done));
    });
  }
  void Register(const std::string& celex, absl::CivilDay deadline) {
    domain::DirectiveInfo info;
    info.celex = celex;
    info.short_title = "A directive";
    info.deadlines.push_back({deadline, ""});
    Directive(celex, domain::RegisterDirective{info});
  }
  void Procedure(domain::ProcedureCommand command) {
    Wait([&](auto done) {
      app_->commands().Procedure("INFR(2026)0001", std::move(command),
                                 {.actor = "test"}, std::move(done));
    });
  }
  void Alert(const std::string& id, domain::AlertCommand command) {
    Wait([&](auto done) {
      app_->commands().Alert(id, std::move(command), {.actor = "test"},
                             std::move(done));
    });
  }
  template <typename Submit>
  static void Wait(Submit submit) {
    absl::Notification done;
    submit([&](auto result) {
      EXPECT_TRUE(result.ok()) << result.status();
      done.Notify();
    });
    done.WaitForNotification();
  }

  // A tally loaded from what is stored, as at a restart.
  Figures Reloaded(absl::CivilDay today) {
    FigureTally tally;
    EXPECT_TRUE(tally.Load(*log_).ok());
    return tally.Read(today);
  }

  TempDir dir_;
  // 2026-03-02 09:00 in Brussels.
  ManualClock clock_{absl::FromUnixSeconds(1'772'438'400)};
  DomainSettings settings_{*domain::Calendar::Create({}), {}, {}};
  std::unique_ptr<RocksDbEventLog> log_;
  std::unique_ptr<App> app_;
};

TEST_F(FiguresTest, DossiersOverdueDueSoonAndTheDeficit) {
  const absl::CivilDay today = D(2026, 3, 2);
  Wait([&](auto done) {
    app_->commands().Administration(
        "bee", domain::RegisterAdministration{{"bee", "BEE (nl)", "BEE (fr)"}},
        {.actor = "test"}, std::move(done));
  });
  Register(kLongOverdue, D(2021, 12, 17));
  Register(kDueSoon, D(2026, 4, 15));
  Register(kDueLater, D(2026, 6, 20));
  Register(kNotOurs, D(2025, 6, 1));
  domain::DossierInfo lead;
  lead.lead_administration = "bee";
  Directive(kLongOverdue, domain::AssignDossier{lead});
  Directive(kNotOurs, domain::ChangeDossierStatus{DossierStatus::kNotApplicable,
                                                  "no regional competence"});

  Figures f = app_->figures().Read(today);
  EXPECT_THAT(Settled(f).dossiers,
              ElementsAre(Pair(Pair(DossierStatus::kRegistered, ""), 2),
                          Pair(Pair(DossierStatus::kAssigned, "bee"), 1),
                          Pair(Pair(DossierStatus::kNotApplicable, ""), 1)));
  EXPECT_EQ(f.followed, 3);
  EXPECT_EQ(f.overdue, 1);
  EXPECT_EQ(f.overdue_two_years, 1);
  EXPECT_EQ(f.oldest_overdue_deadline, D(2021, 12, 17));
  EXPECT_EQ(f.due_within_60_days, 1);
  EXPECT_EQ(f.due_within_120_days, 2);
  EXPECT_DOUBLE_EQ(f.deficit, 1.0 / 3);
  EXPECT_EQ(Reloaded(today), Settled(f));

  // The day after the second deadline: two overdue, one of them long.
  f = app_->figures().Read(D(2026, 4, 16));
  EXPECT_EQ(f.overdue, 2);
  EXPECT_EQ(f.overdue_two_years, 1);
  EXPECT_EQ(f.due_within_60_days, 0);  // 2026-06-20 is 65 days away
  EXPECT_EQ(f.due_within_120_days, 1);
  EXPECT_DOUBLE_EQ(f.deficit, 2.0 / 3);
  // Two years after the first deadline, to the day.
  EXPECT_EQ(app_->figures().Read(D(2023, 12, 17)).overdue_two_years, 1);
  EXPECT_EQ(app_->figures().Read(D(2023, 12, 16)).overdue_two_years, 0);

  // Fully notified: transposed, no longer overdue; the status moves.
  domain::Measure measure;
  measure.id = "m1";
  measure.act_type = "ordinance";
  measure.title = "Ordinance on whistleblowers";
  Directive(kLongOverdue, domain::RecordMeasure{measure});
  Directive(kLongOverdue,
            domain::NotifyMeasure{"m1", D(2026, 3, 1),
                                  domain::NotificationScope::kFull});
  f = app_->figures().Read(today);
  EXPECT_EQ(f.overdue, 0);
  EXPECT_EQ(f.oldest_overdue_deadline, std::nullopt);
  EXPECT_EQ(f.deficit, 0);
  EXPECT_EQ(f.dossiers.at({DossierStatus::kAssigned, "bee"}), 0);
  EXPECT_EQ(f.dossiers.at({DossierStatus::kNotified, "bee"}), 1);
  EXPECT_EQ(Reloaded(today).overdue, 0);
}

TEST_F(FiguresTest, OpenProceduresAndTheNextReplyOwed) {
  const absl::CivilDay today = D(2026, 3, 2);
  Register(kLongOverdue, D(2021, 12, 17));
  Procedure(domain::OpenProcedure{"INFR(2026)0001",
                                  domain::ProcedureType::kNonCommunication,
                                  {kLongOverdue}});
  Figures f = app_->figures().Read(today);
  EXPECT_THAT(
      f.open_procedures,
      ElementsAre(Pair(
          Pair(std::nullopt, domain::ProcedureType::kNonCommunication), 1)));
  EXPECT_EQ(f.next_reply_due, std::nullopt);

  domain::Stage letter;
  letter.kind = StageKind::kLetterOfFormalNotice;
  letter.date = D(2026, 2, 2);
  letter.reply_due = D(2026, 4, 2);
  Procedure(domain::RecordStage{letter});
  f = app_->figures().Read(today);
  EXPECT_EQ(f.open_procedures.at({StageKind::kLetterOfFormalNotice,
                                  domain::ProcedureType::kNonCommunication}),
            1);
  EXPECT_EQ(f.open_procedures.at(
                {std::nullopt, domain::ProcedureType::kNonCommunication}),
            0);
  EXPECT_EQ(f.next_reply_due, D(2026, 4, 2));
  EXPECT_EQ(Reloaded(today), Settled(f));

  Procedure(
      domain::RecordReply{StageKind::kLetterOfFormalNotice, D(2026, 3, 1)});
  EXPECT_EQ(app_->figures().Read(today).next_reply_due, std::nullopt);
  Procedure(domain::CloseProcedure{D(2026, 3, 2), "measures notified"});
  f = app_->figures().Read(today);
  EXPECT_EQ(f.open_procedures.at({StageKind::kLetterOfFormalNotice,
                                  domain::ProcedureType::kNonCommunication}),
            0);
  EXPECT_EQ(Reloaded(today), Settled(f));
}

TEST_F(FiguresTest, AlertsBySeverityAndTheirTotals) {
  const absl::CivilDay today = D(2026, 3, 2);
  const domain::DeadlineRef deadline{"directive-32019L1937",
                                     domain::DeadlineKind::kTransposition,
                                     D(2026, 4, 15)};
  const std::string id = domain::DeadlineAlertsId(deadline);
  domain::AlertNotice notice;
  notice.rule_id = "transposition-30d";
  notice.severity = domain::AlertSeverity::kWarning;
  notice.day = D(2026, 3, 16);
  Alert(id, domain::RaiseAlert{deadline, notice});
  Figures f = app_->figures().Read(today);
  EXPECT_THAT(f.open_alerts,
              ElementsAre(Pair(Pair(domain::AlertStatus::kFiring,
                                    domain::AlertSeverity::kWarning),
                               1)));
  EXPECT_EQ(f.alerts_raised, 1);
  EXPECT_EQ(f.alert_notices, 1);

  Alert(id, domain::AcknowledgeAlert{"transposition-30d", "on it"});
  f = app_->figures().Read(today);
  EXPECT_EQ(f.open_alerts.at({domain::AlertStatus::kFiring,
                              domain::AlertSeverity::kWarning}),
            0);
  EXPECT_EQ(f.open_alerts.at({domain::AlertStatus::kAcknowledged,
                              domain::AlertSeverity::kWarning}),
            1);

  notice.rule_id = "transposition-7d";
  notice.severity = domain::AlertSeverity::kCritical;
  Alert(id, domain::RaiseAlert{deadline, notice});  // resolves the first
  Alert(id, domain::RenotifyAlert{"transposition-7d"});
  f = app_->figures().Read(today);
  EXPECT_THAT(Settled(f).open_alerts,
              ElementsAre(Pair(Pair(domain::AlertStatus::kFiring,
                                    domain::AlertSeverity::kCritical),
                               1)));
  EXPECT_EQ(f.alerts_raised, 2);
  EXPECT_EQ(f.alert_notices, 3);
  EXPECT_EQ(f.alerts_resolved, 1);
  Alert(id, domain::ResolveAlert{"dossier notified"});
  f = app_->figures().Read(today);
  EXPECT_TRUE(Settled(f).open_alerts.empty());
  EXPECT_EQ(f.alerts_resolved, 2);
  EXPECT_EQ(f.last_alert_position, log_->head());

  // Counters start again from 0 at a restart; the open alerts do not.
  const Figures reloaded = Reloaded(today);
  EXPECT_TRUE(reloaded.open_alerts.empty());
  EXPECT_EQ(reloaded.alerts_raised, 0);
  EXPECT_EQ(reloaded.alerts_resolved, 0);
  EXPECT_EQ(reloaded.last_alert_position, log_->head());

  // Other writes leave it where it was, now and after a restart.
  const uint64_t last_alert = log_->head();
  Register(kDueSoon, D(2026, 4, 15));
  EXPECT_EQ(app_->figures().Read(today).last_alert_position, last_alert);
  EXPECT_EQ(Reloaded(today).last_alert_position, last_alert);
}

// Alerts of several deadlines are raised in one instant (one scheduler
// tick): the last position is the latest of them, whatever the key order.
TEST_F(FiguresTest, TheLastAlertPositionOfAlertsRaisedTogether) {
  domain::AlertNotice notice;
  notice.rule_id = "transposition-30d";
  notice.severity = domain::AlertSeverity::kWarning;
  notice.day = D(2026, 3, 16);
  for (const char* subject : {"directive-32023L1791", "directive-32019L1937",
                              "directive-32022L2555"}) {
    const domain::DeadlineRef deadline{
        subject, domain::DeadlineKind::kTransposition, D(2026, 4, 15)};
    Alert(domain::DeadlineAlertsId(deadline),
          domain::RaiseAlert{deadline, notice});
  }
  EXPECT_EQ(Reloaded(D(2026, 3, 2)).last_alert_position, log_->head());
}

TEST_F(FiguresTest, ReadIsCachedUntilACommitOrAnotherDay) {
  Register(kDueSoon, D(2026, 4, 15));
  EXPECT_EQ(app_->figures().Read(D(2026, 4, 15)).overdue, 0);
  EXPECT_EQ(app_->figures().Read(D(2026, 4, 16)).overdue, 1);
  Register(kDueLater, D(2026, 4, 1));
  EXPECT_EQ(app_->figures().Read(D(2026, 4, 16)).overdue, 2);
}

}  // namespace
}  // namespace transpo::app
