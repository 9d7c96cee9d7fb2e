#include "server/domain/alert_policy.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/field_error.h"
#include "tests/testing/status_matchers.h"

namespace transpo::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

absl::Time Utc(int y, int m, int d, int hh, int mm) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, hh, mm),
                         absl::UTCTimeZone());
}

DerivedDeadline Deadline(DeadlineKind kind, absl::CivilDay date) {
  return {kind, date, "", /*met=*/false};
}

std::vector<absl::CivilDay> Days(const std::vector<PlannedAlert>& planned) {
  std::vector<absl::CivilDay> out;
  out.reserve(planned.size());
  for (const PlannedAlert& p : planned) out.push_back(p.day);
  return out;
}

AlertRule Rule(std::string id, DeadlineKind kind, int days_before) {
  AlertRule rule;
  rule.id = std::move(id);
  rule.kind = kind;
  rule.days_before = days_before;
  return rule;
}

// A valid policy with `rule` appended: the error, if any, is rule 1's.
absl::Status ValidateWith(AlertRule rule) {
  AlertPolicy policy;
  policy.rules.push_back(Rule("first", DeadlineKind::kTransposition, 30));
  policy.rules.push_back(std::move(rule));
  return ValidateAlertPolicy(policy);
}

class AlertPolicyTest : public ::testing::Test {
 protected:
  Calendar calendar_ = *Calendar::Create({});
  AlertPolicy policy_ = DefaultAlertPolicy();
};

TEST(AlertPolicyNamesTest, SeveritiesAndKindsHaveTheirNames) {
  EXPECT_STREQ(AlertSeverityName(AlertSeverity::kInfo), "info");
  EXPECT_STREQ(AlertSeverityName(AlertSeverity::kWarning), "warning");
  EXPECT_STREQ(AlertSeverityName(AlertSeverity::kCritical), "critical");
  EXPECT_STREQ(DeadlineKindSlug(DeadlineKind::kInfringementTrigger),
               "infringement-trigger");
  EXPECT_STREQ(DeadlineKindSlug(DeadlineKind::kReplyDue), "reply-due");
}

TEST(AlertPolicyDefaultsTest, ValidateAndHoldTheListedRules) {
  AlertPolicy policy = DefaultAlertPolicy();
  EXPECT_OK(ValidateAlertPolicy(policy));
  EXPECT_EQ(policy.coordinator_from, AlertSeverity::kWarning);
  std::map<DeadlineKind, std::vector<int>> days;
  std::map<std::string, const AlertRule*> by_id;
  for (const AlertRule& rule : policy.rules) {
    days[rule.kind].push_back(rule.days_before);
    by_id[rule.id] = &rule;
    EXPECT_EQ(rule.minute_of_day, 8 * 60) << rule.id;
    switch (rule.severity) {
      case AlertSeverity::kInfo:
        EXPECT_EQ(rule.repeat, absl::ZeroDuration()) << rule.id;
        break;
      case AlertSeverity::kWarning:
        EXPECT_EQ(rule.repeat, absl::Hours(7 * 24)) << rule.id;
        break;
      case AlertSeverity::kCritical:
        EXPECT_EQ(rule.repeat, absl::Hours(24)) << rule.id;
        break;
    }
  }
  EXPECT_EQ(policy.rules.size(), 17u);
  EXPECT_THAT(days[DeadlineKind::kTransposition],
              ElementsAre(180, 90, 60, 30, 14, 7, 0));
  EXPECT_THAT(days[DeadlineKind::kInfringementTrigger],
              ElementsAre(14, 7, 1, 0));
  EXPECT_THAT(days[DeadlineKind::kReplyDue], ElementsAre(30, 14, 7, 0));
  EXPECT_THAT(days[DeadlineKind::kMilestone], ElementsAre(7));
  EXPECT_THAT(days[DeadlineKind::kCourt], ElementsAre(7));
  for (const char* id :
       {"transposition-180d", "transposition-0d", "infringement-trigger-14d",
        "reply-due-30d", "milestone-7d", "court-7d"}) {
    EXPECT_TRUE(by_id.count(id)) << id;
  }
  EXPECT_EQ(by_id["transposition-60d"]->severity, AlertSeverity::kInfo);
  EXPECT_EQ(by_id["transposition-30d"]->severity, AlertSeverity::kWarning);
  EXPECT_EQ(by_id["transposition-7d"]->severity, AlertSeverity::kCritical);
  EXPECT_EQ(by_id["infringement-trigger-14d"]->severity,
            AlertSeverity::kWarning);
  EXPECT_EQ(by_id["infringement-trigger-1d"]->severity,
            AlertSeverity::kCritical);
  EXPECT_EQ(by_id["reply-due-30d"]->severity, AlertSeverity::kInfo);
  EXPECT_EQ(by_id["reply-due-14d"]->severity, AlertSeverity::kWarning);
  EXPECT_EQ(by_id["milestone-7d"]->severity, AlertSeverity::kInfo);
  EXPECT_EQ(by_id["court-7d"]->severity, AlertSeverity::kWarning);
  EXPECT_TRUE(NotifiesCoordinator(policy, AlertSeverity::kWarning));
  EXPECT_FALSE(NotifiesCoordinator(policy, AlertSeverity::kInfo));
}

TEST(AlertPolicyValidateTest, EmptyIdIsRequired) {
  auto status = ValidateWith(Rule("", DeadlineKind::kCourt, 7));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("rules[1].id: required")));
  EXPECT_EQ(ErrorField(status), "rules[1].id");
}

TEST(AlertPolicyValidateTest, MalformedIdIsRejected) {
  auto upper = ValidateWith(Rule("Court-7d", DeadlineKind::kCourt, 7));
  EXPECT_THAT(upper, StatusIs(absl::StatusCode::kInvalidArgument,
                              HasSubstr("\"Court-7d\": not [a-z0-9-]")));
  EXPECT_EQ(ErrorField(upper), "rules[1].id");
  auto slash = ValidateWith(Rule("court/7d", DeadlineKind::kCourt, 7));
  EXPECT_EQ(ErrorField(slash), "rules[1].id");
  EXPECT_OK(ValidateWith(Rule(std::string(64, 'a'), DeadlineKind::kCourt, 7)));
  auto long_id =
      ValidateWith(Rule(std::string(65, 'a'), DeadlineKind::kCourt, 7));
  EXPECT_THAT(long_id, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("65 bytes, at most 64")));
  EXPECT_EQ(ErrorField(long_id), "rules[1].id");
}

TEST(AlertPolicyValidateTest, DuplicateIdIsRejected) {
  auto status = ValidateWith(Rule("first", DeadlineKind::kCourt, 7));
  EXPECT_THAT(
      status,
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("rules[1].id \"first\": duplicates rules[0]")));
  EXPECT_EQ(ErrorField(status), "rules[1].id");
}

TEST(AlertPolicyValidateTest, DaysBeforeOutOfRangeIsRejected) {
  EXPECT_OK(ValidateWith(Rule("late", DeadlineKind::kCourt, -366)));
  EXPECT_OK(ValidateWith(Rule("early", DeadlineKind::kCourt, 1000)));
  auto late = ValidateWith(Rule("late", DeadlineKind::kCourt, -367));
  EXPECT_THAT(late, StatusIs(absl::StatusCode::kInvalidArgument,
                             HasSubstr("rules[1].days_before \"-367\"")));
  EXPECT_EQ(ErrorField(late), "rules[1].days_before");
  auto early = ValidateWith(Rule("early", DeadlineKind::kCourt, 1001));
  EXPECT_THAT(early, StatusIs(absl::StatusCode::kInvalidArgument,
                              HasSubstr("\"1001\": out of range -366..1000")));
  EXPECT_EQ(ErrorField(early), "rules[1].days_before");
}

TEST(AlertPolicyValidateTest, MinuteOfDayOutOfRangeIsRejected) {
  AlertRule rule = Rule("court-7d", DeadlineKind::kCourt, 7);
  rule.minute_of_day = 1439;
  EXPECT_OK(ValidateWith(rule));
  rule.minute_of_day = 1440;
  auto status = ValidateWith(rule);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("\"1440\": out of range 0..1439")));
  EXPECT_EQ(ErrorField(status), "rules[1].minute_of_day");
  rule.minute_of_day = -1;
  EXPECT_EQ(ErrorField(ValidateWith(rule)), "rules[1].minute_of_day");
}

TEST(AlertPolicyValidateTest, NegativeRepeatIsRejected) {
  AlertRule rule = Rule("court-7d", DeadlineKind::kCourt, 7);
  rule.repeat = -absl::Hours(24);
  auto status = ValidateWith(rule);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("rules[1].repeat \"-24h\"")));
  EXPECT_EQ(ErrorField(status), "rules[1].repeat");
}

TEST(AlertPolicyValidateTest, RepeatUnderAnHourIsRejected) {
  AlertRule rule = Rule("court-7d", DeadlineKind::kCourt, 7);
  rule.repeat = absl::Hours(1);
  EXPECT_OK(ValidateWith(rule));
  rule.repeat = absl::Minutes(30);
  auto status = ValidateWith(rule);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("rules[1].repeat \"30m\"")));
  EXPECT_EQ(ErrorField(status), "rules[1].repeat");
}

TEST(AlertPolicyValidateTest, RepeatOverNinetyDaysIsRejected) {
  AlertRule rule = Rule("court-7d", DeadlineKind::kCourt, 7);
  rule.repeat = absl::Hours(90 * 24);
  EXPECT_OK(ValidateWith(rule));
  rule.repeat = absl::Hours(90 * 24) + absl::Seconds(1);
  auto status = ValidateWith(rule);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("\"2160h1s\"")));
  EXPECT_EQ(ErrorField(status), "rules[1].repeat");
}

TEST(AlertPolicyValidateTest, MoreThanAHundredRulesAreRejected) {
  AlertPolicy policy;
  for (int i = 0; i < 100; ++i) {
    policy.rules.push_back(
        Rule(absl::StrCat("court-", i, "d"), DeadlineKind::kCourt, i));
  }
  EXPECT_OK(ValidateAlertPolicy(policy));
  policy.rules.push_back(Rule("court-100d", DeadlineKind::kCourt, 100));
  auto status = ValidateAlertPolicy(policy);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("rules: 101 items, at most 100")));
  EXPECT_EQ(ErrorField(status), "rules");
}

TEST(AlertPolicyValidateTest, SameKindAndDaysBeforeIsRejected) {
  // Same days_before of another kind is fine.
  EXPECT_OK(ValidateWith(Rule("court-30d", DeadlineKind::kCourt, 30)));
  auto status = ValidateWith(Rule("again", DeadlineKind::kTransposition, 30));
  EXPECT_THAT(status,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("rules[1].days_before \"30\": duplicates "
                                 "rules[0]")));
  EXPECT_EQ(ErrorField(status), "rules[1].days_before");
}

TEST_F(AlertPolicyTest, TranspositionDeadlinePlansItsSevenAlerts) {
  auto planned =
      PlanAlerts(policy_, calendar_, "directive-32019L1937",
                 Deadline(DeadlineKind::kTransposition, D(2025, 6, 30)));
  EXPECT_THAT(
      Days(planned),
      ElementsAre(D(2025, 1, 1), D(2025, 4, 1), D(2025, 5, 1), D(2025, 5, 31),
                  D(2025, 6, 16), D(2025, 6, 23), D(2025, 6, 30)));
  ASSERT_EQ(planned.size(), 7u);
  EXPECT_EQ(planned[0].key.rule_id, "transposition-180d");
  EXPECT_EQ(planned[0].key.subject, "directive-32019L1937");
  EXPECT_EQ(planned[0].key.deadline, D(2025, 6, 30));
  EXPECT_EQ(planned[0].key.kind, DeadlineKind::kTransposition);
  EXPECT_EQ(planned[0].severity, AlertSeverity::kInfo);
  EXPECT_EQ(planned[3].key.rule_id, "transposition-30d");
  EXPECT_EQ(planned[3].severity, AlertSeverity::kWarning);
  EXPECT_EQ(planned[3].repeat, absl::Hours(7 * 24));
  EXPECT_EQ(planned[6].key.rule_id, "transposition-0d");
  EXPECT_EQ(planned[6].severity, AlertSeverity::kCritical);
  EXPECT_EQ(planned[6].repeat, absl::Hours(24));
  // From 200 days before the deadline, the 180-day alert comes first.
  EXPECT_EQ(NextFire(planned, Utc(2024, 12, 12, 12, 0)), planned[0].fire_at);
}

TEST_F(AlertPolicyTest, FiresAtEightBrusselsTimeInWinterAndSummer) {
  auto planned =
      PlanAlerts(policy_, calendar_, "directive-32019L1937",
                 Deadline(DeadlineKind::kTransposition, D(2025, 6, 30)));
  ASSERT_EQ(planned.size(), 7u);
  EXPECT_EQ(planned[0].fire_at, Utc(2025, 1, 1, 7, 0));  // CET
  EXPECT_EQ(planned[1].fire_at, Utc(2025, 4, 1, 6, 0));  // CEST
  EXPECT_EQ(planned[6].fire_at, Utc(2025, 6, 30, 6, 0));
  // On the day summer time starts (2025-03-30), 08:00 is summer time.
  auto spring = PlanAlerts(policy_, calendar_, "court-case-C-543/17",
                           Deadline(DeadlineKind::kCourt, D(2025, 4, 6)));
  ASSERT_EQ(spring.size(), 1u);
  EXPECT_EQ(spring[0].fire_at, Utc(2025, 3, 30, 6, 0));
}

TEST_F(AlertPolicyTest, SkippedLocalTimeFiresAtTheChange) {
  AlertPolicy policy;
  AlertRule rule = Rule("court-0d", DeadlineKind::kCourt, 0);
  rule.minute_of_day = 2 * 60 + 30;  // 02:30 does not exist on 2025-03-30
  policy.rules.push_back(rule);
  auto planned = PlanAlerts(policy, calendar_, "court-case-C-543/17",
                            Deadline(DeadlineKind::kCourt, D(2025, 3, 30)));
  ASSERT_EQ(planned.size(), 1u);
  EXPECT_EQ(planned[0].fire_at, Utc(2025, 3, 30, 1, 0));  // 03:00 CEST
}

TEST_F(AlertPolicyTest, SaturdayDeadlineAlertsOnThatSaturday) {
  auto planned =
      PlanAlerts(policy_, calendar_, "directive-32019L1937",
                 Deadline(DeadlineKind::kTransposition, D(2024, 6, 15)));
  ASSERT_EQ(planned.size(), 7u);
  EXPECT_EQ(planned.back().key.rule_id, "transposition-0d");
  EXPECT_EQ(planned.back().day, D(2024, 6, 15));
  EXPECT_EQ(absl::GetWeekday(planned.back().day), absl::Weekday::saturday);
  EXPECT_EQ(planned.back().fire_at, Utc(2024, 6, 15, 6, 0));
  // 7 days before is a Saturday too, and stays one.
  EXPECT_EQ(planned[5].day, D(2024, 6, 8));
}

TEST_F(AlertPolicyTest, InfringementTriggerAtEndOfFebruary) {
  auto planned =
      PlanAlerts(policy_, calendar_, "directive-32019L1937",
                 Deadline(DeadlineKind::kInfringementTrigger, D(2024, 2, 29)));
  EXPECT_THAT(Days(planned), ElementsAre(D(2024, 2, 15), D(2024, 2, 22),
                                         D(2024, 2, 28), D(2024, 2, 29)));
  ASSERT_EQ(planned.size(), 4u);
  EXPECT_EQ(planned[0].severity, AlertSeverity::kWarning);
  EXPECT_EQ(planned[2].key.rule_id, "infringement-trigger-1d");
  EXPECT_EQ(planned[3].fire_at, Utc(2024, 2, 29, 7, 0));
}

TEST_F(AlertPolicyTest, NegativeDaysBeforeFiresAfterTheDeadline) {
  AlertPolicy policy;
  policy.rules.push_back(
      Rule("reply-due-late-3d", DeadlineKind::kReplyDue, -3));
  auto planned = PlanAlerts(policy, calendar_, "procedure-INFR(2022)0075",
                            Deadline(DeadlineKind::kReplyDue, D(2024, 12, 30)));
  EXPECT_THAT(Days(planned), ElementsAre(D(2025, 1, 2)));
}

TEST_F(AlertPolicyTest, MetDeadlinePlansNothing) {
  DerivedDeadline met = Deadline(DeadlineKind::kTransposition, D(2025, 6, 30));
  met.met = true;
  EXPECT_TRUE(
      PlanAlerts(policy_, calendar_, "directive-32019L1937", met).empty());
}

TEST_F(AlertPolicyTest, DueAlertAfterDowntimeRaisesOnlyTheLatest) {
  auto planned =
      PlanAlerts(policy_, calendar_, "directive-32019L1937",
                 Deadline(DeadlineKind::kTransposition, D(2025, 6, 30)));
  std::set<std::string> raised;
  auto is_raised = [&](const AlertKey& key) {
    return raised.count(key.rule_id) > 0;
  };
  // Before the first alert: nothing.
  EXPECT_FALSE(DueAlert(planned, Utc(2024, 12, 31, 12, 0), is_raised));
  // At its fire_at exactly, it is due.
  auto first = DueAlert(planned, Utc(2025, 1, 1, 7, 0), is_raised);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->key.rule_id, "transposition-180d");
  // Raised 30d, then down until after 7d fired: only 7d, not 14d.
  raised = {"transposition-180d", "transposition-90d", "transposition-60d",
            "transposition-30d"};
  const absl::Time after_downtime = Utc(2025, 6, 25, 12, 0);
  auto due = DueAlert(planned, after_downtime, is_raised);
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(due->key.rule_id, "transposition-7d");
  // Once 7d is raised, 14d is not raised late.
  raised.insert("transposition-7d");
  EXPECT_FALSE(DueAlert(planned, after_downtime, is_raised).has_value());
  // The order of `planned` does not matter.
  std::vector<PlannedAlert> reversed(planned.rbegin(), planned.rend());
  raised.erase("transposition-7d");
  EXPECT_EQ(DueAlert(reversed, after_downtime, is_raised)->key.rule_id,
            "transposition-7d");
}

TEST_F(AlertPolicyTest, NextFireIsStrictlyAfterNow) {
  auto planned = PlanAlerts(policy_, calendar_, "procedure-INFR(2022)0075",
                            Deadline(DeadlineKind::kReplyDue, D(2024, 7, 31)));
  ASSERT_EQ(planned.size(), 4u);
  EXPECT_EQ(NextFire(planned, Utc(2024, 1, 1, 0, 0)), planned[0].fire_at);
  // At a fire_at, the next one is the following alert's.
  EXPECT_EQ(NextFire(planned, planned[1].fire_at), planned[2].fire_at);
  EXPECT_EQ(NextFire(planned, planned[3].fire_at), std::nullopt);
  EXPECT_EQ(NextFire({}, Utc(2024, 1, 1, 0, 0)), std::nullopt);
}

TEST(AlertIdTest, IsStableAndDistinctPerKey) {
  AlertKey key{"directive-32019L1937", DeadlineKind::kTransposition,
               D(2021, 12, 17), "transposition-30d"};
  EXPECT_EQ(AlertId(key),
            "directive-32019L1937/transposition/2021-12-17/transposition-30d");
  AlertKey court{"court-case-C-543/17", DeadlineKind::kCourt, D(2024, 5, 2),
                 "court-7d"};
  EXPECT_EQ(AlertId(court), "court-case-C-543/17/court/2024-05-02/court-7d");
  // A '/' in a rule id cannot make two keys' ids meet.
  AlertKey a{"s/x", DeadlineKind::kCourt, D(2024, 5, 2), "r"};
  AlertKey b{"s", DeadlineKind::kCourt, D(2024, 5, 2), "x/court/2024-05-02/r"};
  EXPECT_NE(AlertId(a), AlertId(b));
  // Keys order and compare as map keys.
  std::map<AlertKey, int> seen;
  seen[key] = 1;
  seen[court] = 2;
  seen[key] = 3;
  EXPECT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[key], 3);
  AlertKey moved = key;
  moved.deadline = D(2022, 1, 17);
  EXPECT_NE(moved, key);
  EXPECT_TRUE(key < moved);
}

}  // namespace
}  // namespace transpo::domain
