// Deadline alerts end to end on a manual clock: the scheduler raises what the
// policy says on the days it says, once, across restarts; it resolves what
// clears and notifies again what nobody acknowledges; AlertService reads,
// acknowledges and forecasts.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "tests/server/alerts_fixture.h"

namespace transpo {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string Day(absl::CivilDay d) { return absl::FormatCivilTime(d); }

TEST_F(ApiAlertsTest, DayByDayEachAlertIsRaisedOnceOnItsDay) {
  // Only raises: no repeats to follow here (the rules' repeat intervals
  // are tested below).
  CreateDirective();
  Quiet();
  EXPECT_THAT(NewAlertEvents(), IsEmpty());
  const std::string a = absl::StrCat(kSubject, "/transposition/2021-12-18/");
  const std::string at =
      absl::StrCat(kSubject, "/infringement-trigger/2022-01-18/");
  const std::string b = absl::StrCat(kSubject, "/transposition/2022-01-31/");
  const std::string bt =
      absl::StrCat(kSubject, "/infringement-trigger/2022-02-28/");
  const std::map<std::string, std::set<std::string>> expected = {
      {"2021-06-21", {a + "transposition-180d"}},
      {"2021-08-04", {b + "transposition-180d"}},
      {"2021-09-19", {a + "transposition-90d"}},  // a Sunday
      {"2021-10-19", {a + "transposition-60d"}},
      {"2021-11-02", {b + "transposition-90d"}},
      {"2021-11-18", {a + "transposition-30d"}},
      {"2021-12-02", {b + "transposition-60d"}},
      {"2021-12-04", {a + "transposition-14d"}},  // a Saturday
      {"2021-12-11", {a + "transposition-7d"}},   // a Saturday
      {"2021-12-18", {a + "transposition-0d"}},   // the Saturday itself
      {"2022-01-01", {b + "transposition-30d"}},  // New Year's Day
      {"2022-01-04", {at + "infringement-trigger-14d"}},
      {"2022-01-11", {at + "infringement-trigger-7d"}},
      {"2022-01-17", {at + "infringement-trigger-1d", b + "transposition-14d"}},
      {"2022-01-18", {at + "infringement-trigger-0d"}},
      {"2022-01-24", {b + "transposition-7d"}},
      {"2022-01-31", {b + "transposition-0d"}},
      {"2022-02-14", {bt + "infringement-trigger-14d"}},
      {"2022-02-21", {bt + "infringement-trigger-7d"}},
      {"2022-02-27", {bt + "infringement-trigger-1d"}},  // a Sunday
      {"2022-02-28", {bt + "infringement-trigger-0d"}},
  };
  std::map<std::string, std::set<std::string>> raised;
  for (absl::CivilDay day(2021, 6, 2); day <= absl::CivilDay(2022, 3, 15);
       ++day) {
    SetDate(day.year(), day.month(), day.day());
    Quiet();
    if (day == absl::CivilDay(2021, 11, 20)) {
      Restart();  // a restart in between raises nothing again
      Reconnect();
      Quiet();
    }
    for (const std::string& e : NewAlertEvents()) {
      if (absl::StartsWith(e, "raised ")) {
        EXPECT_TRUE(raised[Day(day)].insert(e.substr(7)).second) << e;
      }
    }
  }
  EXPECT_EQ(raised, expected);
  // One current alert per deadline, by id; the earlier ones were superseded.
  std::vector<std::string> open;
  for (const v1::Alert& alert : List()) open.push_back(alert.id());
  EXPECT_THAT(
      open, ElementsAre(at + "infringement-trigger-0d",
                        bt + "infringement-trigger-0d", a + "transposition-0d",
                        b + "transposition-0d"));
}

TEST_F(ApiAlertsTest,
       AfterDowntimeOnlyTheLatestDueAlertOfEachDeadlineIsRaised) {
  CreateDirective();
  Quiet();
  NewAlertEvents();
  server_.reset();
  // Down from 1 June to 20 December 2021: deadline A passed (seven rules
  // fell due), B's 180, 90 and 60-day rules too.
  Start("manual@2021-12-20T09:00");
  Reconnect();
  Quiet();
  const std::string a = absl::StrCat(kSubject, "/transposition/2021-12-18/");
  const std::string b = absl::StrCat(kSubject, "/transposition/2022-01-31/");
  EXPECT_THAT(NewAlertEvents(), ::testing::UnorderedElementsAre(
                                    "raised " + a + "transposition-0d",
                                    "raised " + b + "transposition-60d"));
  Restart();
  Reconnect();
  Quiet();
  EXPECT_THAT(NewAlertEvents(), IsEmpty());
}

TEST_F(ApiAlertsTest, AWriteThatMakesAnAlertDueRaisesItAtOnce) {
  // On 1 June 2021 a directive due on 5 June is already in its 7-day window.
  v1::Directive d;
  d.set_celex("32021L0002");
  d.set_short_title("Late arrival");
  d.add_deadlines()->set_date("2021-06-05");
  ASSERT_TRUE(Create(d).ok());
  Quiet();
  std::vector<v1::Alert> firing = List();
  ASSERT_EQ(firing.size(), 1u);
  EXPECT_EQ(firing[0].rule_id(), "transposition-7d");
  EXPECT_EQ(firing[0].day(), "2021-05-29");  // its day was before the write
}

TEST_F(ApiAlertsTest, NotifiedInFullResolvesAndRaisesNothingMore) {
  AddAdministration("bee");
  CreateDirective();
  v1::AssignDossierRequest assign;
  assign.set_celex("32021L0001");
  assign.set_lead_administration("bee");
  v1::AssignDossierResponse assigned;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), assign, &assigned).ok());
  SetDate(2021, 12, 12);
  Quiet();
  NewAlertEvents();
  ASSERT_EQ(List().size(), 2u);  // A's 7-day, B's 60-day

  v1::RecordMeasureRequest measure;
  measure.set_celex("32021L0001");
  measure.mutable_measure()->set_id("ord-1");
  measure.mutable_measure()->set_act_type("ordinance");
  measure.mutable_measure()->set_title("Ordinance");
  v1::RecordMeasureResponse recorded;
  ASSERT_TRUE(dossiers_->RecordMeasure(Ctx().get(), measure, &recorded).ok());
  v1::NotifyMeasureRequest notify;
  notify.set_celex("32021L0001");
  notify.set_measure_id("ord-1");
  notify.set_notification_date("2021-12-12");
  notify.set_scope(v1::NOTIFICATION_SCOPE_FULL);
  v1::NotifyMeasureResponse notified;
  grpc::Status status =
      dossiers_->NotifyMeasure(Ctx().get(), notify, &notified);
  ASSERT_TRUE(status.ok()) << status.error_message();
  Quiet();
  std::vector<std::string> events = NewAlertEvents();
  ASSERT_EQ(events.size(), 2u);
  for (const std::string& e : events) {
    EXPECT_TRUE(absl::StartsWith(e, "resolved ")) << e;
  }
  EXPECT_THAT(List(), IsEmpty());
  EXPECT_EQ(List({v1::ALERT_STATUS_RESOLVED}).size(), 2u);
  // Met and resolved: the scheduler keeps nothing of them in memory.
  EXPECT_EQ(server_->app().alerts().tracked_deadlines(), 0u);
  for (absl::CivilDay day(2021, 12, 13); day <= absl::CivilDay(2022, 3, 1);
       day += 7) {
    SetDate(day.year(), day.month(), day.day());
    Quiet();
  }
  EXPECT_THAT(NewAlertEvents(), IsEmpty());
}

TEST_F(ApiAlertsTest, MovingADeadlineResolvesItsAlertsAndSchedulesTheNewDate) {
  CreateDirective();
  SetDate(2021, 12, 5);
  Quiet();
  NewAlertEvents();
  // Deadline A moves from 18 December to 30 June 2022.
  v1::UpdateDirectiveRequest update;
  update.mutable_directive()->set_celex("32021L0001");
  update.mutable_directive()->add_deadlines()->set_date("2022-06-30");
  update.mutable_directive()->add_deadlines()->set_date("2022-01-31");
  update.mutable_update_mask()->add_paths("deadlines");
  v1::UpdateDirectiveResponse updated;
  ASSERT_TRUE(directives_->UpdateDirective(Ctx().get(), update, &updated).ok());
  Quiet();
  const std::string a = absl::StrCat(kSubject, "/transposition/2021-12-18/");
  const std::string moved =
      absl::StrCat(kSubject, "/transposition/2022-06-30/");
  // The new date is 207 days away: its 180-day alert is ahead (1 January).
  EXPECT_THAT(NewAlertEvents(),
              ElementsAre(absl::StrCat("resolved ", a, "transposition-14d: ",
                                       "the deadline is met, was moved or no "
                                       "longer applies")));
  SetDate(2022, 1, 1);
  Quiet();
  std::vector<std::string> events = NewAlertEvents();
  EXPECT_THAT(events,
              ::testing::Contains("raised " + moved + "transposition-180d"));
}

TEST_F(ApiAlertsTest, UnacknowledgedAlertsAreNotifiedAgainUntilAcknowledged) {
  AddAdministration("bee", {"a.janssens", "b.dupont"});
  CreateDirective();
  v1::AssignDossierRequest assign;
  assign.set_celex("32021L0001");
  assign.set_lead_administration("bee");
  v1::AssignDossierResponse assigned;
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), assign, &assigned).ok());
  SetDate(2021, 12, 11);  // A's 7-day alert: critical, every day
  Quiet();
  NewAlertEvents();
  std::vector<v1::Alert> firing = List();
  ASSERT_EQ(firing.size(), 2u);
  const v1::Alert& critical = firing[0];
  EXPECT_EQ(critical.rule_id(), "transposition-7d");
  EXPECT_EQ(critical.severity(), v1::ALERT_SEVERITY_CRITICAL);
  EXPECT_THAT(critical.audience().administrations(), ElementsAre("bee"));
  EXPECT_THAT(critical.audience().correspondents(),
              ElementsAre("a.janssens", "b.dupont"));
  EXPECT_TRUE(critical.audience().coordinator());
  EXPECT_FALSE(firing[1].audience().coordinator());  // B's 60 days: info

  SetDate(2021, 12, 12);
  Quiet();
  EXPECT_THAT(NewAlertEvents(), ElementsAre("renotified " + critical.id()));
  v1::AcknowledgeAlertRequest ack;
  ack.set_alert_id(critical.id());
  ack.set_comment("Draft ordinance before the government on 16 December");
  v1::AcknowledgeAlertResponse acked;
  ASSERT_TRUE(alerts_->AcknowledgeAlert(Ctx().get(), ack, &acked).ok());
  EXPECT_EQ(acked.alert().status(), v1::ALERT_STATUS_ACKNOWLEDGED);
  EXPECT_EQ(acked.alert().acknowledged_by(), "euro-coordinator");
  EXPECT_EQ(acked.alert().notifications(), 2);
  EXPECT_THAT(alerts_->AcknowledgeAlert(Ctx().get(), ack, &acked),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "acknowledged"));
  ack.set_alert_id("nonsense");
  EXPECT_THAT(alerts_->AcknowledgeAlert(Ctx().get(), ack, &acked),
              InvalidField("alert_id", "not an alert id"));
  Quiet();
  NewAlertEvents();
  SetDate(2021, 12, 14);
  Quiet();
  EXPECT_THAT(NewAlertEvents(), IsEmpty());  // acknowledged: quiet
  // The day itself raises the next rule, which fires until acknowledged.
  SetDate(2021, 12, 18);
  Quiet();
  EXPECT_THAT(NewAlertEvents(), ElementsAre(::testing::StartsWith("resolved "),
                                            ::testing::StartsWith("raised ")));
  v1::ListAlertsRequest for_b;
  for_b.set_correspondent("b.dupont");
  for_b.set_min_severity(v1::ALERT_SEVERITY_CRITICAL);
  v1::ListAlertsResponse listed;
  ASSERT_TRUE(alerts_->ListAlerts(Ctx().get(), for_b, &listed).ok());
  ASSERT_EQ(listed.alerts_size(), 1);
  EXPECT_EQ(listed.alerts(0).rule_id(), "transposition-0d");
}

TEST_F(ApiAlertsTest, PolicyAndForecast) {
  v1::GetAlertPolicyRequest get;
  v1::GetAlertPolicyResponse policy;
  ASSERT_TRUE(alerts_->GetAlertPolicy(Ctx().get(), get, &policy).ok());
  EXPECT_EQ(policy.policy().rules_size(), 17);
  EXPECT_EQ(policy.policy().time_zone(), "Europe/Brussels");
  EXPECT_EQ(policy.policy().rules(0).time_of_day(), "08:00");
  EXPECT_EQ(policy.policy().coordinator_from(), v1::ALERT_SEVERITY_WARNING);

  CreateDirective();
  Quiet();
  const uint64_t head = Head();
  v1::ForecastAlertsRequest forecast;
  forecast.mutable_until()->set_seconds(absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilDay(2021, 12, 31), absl::UTCTimeZone())));
  v1::ForecastAlertsResponse forecasted;
  ASSERT_TRUE(alerts_->ForecastAlerts(Ctx().get(), forecast, &forecasted).ok());
  std::vector<std::string> ids;
  for (const auto& f : forecasted.alerts()) ids.push_back(f.alert_id());
  ASSERT_EQ(ids.size(), 10u);  // A's seven, B's 180, 90 and 60 days
  EXPECT_EQ(ids[0], absl::StrCat(kSubject,
                                 "/transposition/2021-12-18/"
                                 "transposition-180d"));
  EXPECT_EQ(forecasted.alerts(0).fire_time().seconds(),
            absl::ToUnixSeconds(absl::FromCivil(
                absl::CivilMinute(2021, 6, 21, 6, 0), absl::UTCTimeZone())));
  EXPECT_FALSE(forecasted.truncated());
  forecast.set_max_alerts(3);
  ASSERT_TRUE(alerts_->ForecastAlerts(Ctx().get(), forecast, &forecasted).ok());
  EXPECT_TRUE(forecasted.truncated());
  // Up to 10 August: A's 180 days (21 June) and B's (4 August).
  forecast.set_max_alerts(0);
  forecast.mutable_until()->set_seconds(absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilDay(2021, 8, 10), absl::UTCTimeZone())));
  ASSERT_TRUE(alerts_->ForecastAlerts(Ctx().get(), forecast, &forecasted).ok());
  ASSERT_EQ(forecasted.alerts_size(), 2);
  EXPECT_EQ(forecasted.alerts(1).alert_id(),
            absl::StrCat(kSubject,
                         "/transposition/2022-01-31/"
                         "transposition-180d"));
  forecast.mutable_until()->set_seconds(0);
  EXPECT_THAT(alerts_->ForecastAlerts(Ctx().get(), forecast, &forecasted),
              InvalidField("until", "not after now"));
  EXPECT_EQ(Head(), head);  // a forecast records nothing
}

}  // namespace
}  // namespace transpo
