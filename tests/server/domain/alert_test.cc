#include "server/domain/alert.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace transpo::domain {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

const DeadlineRef kDeadline{"directive-32021L0001",
                            DeadlineKind::kTransposition,
                            absl::CivilDay(2021, 12, 18)};

AlertNotice Notice(const std::string& rule, AlertSeverity severity,
                   absl::Duration repeat = absl::ZeroDuration()) {
  return {.rule_id = rule, .severity = severity, .repeat = repeat};
}

absl::Time At(int day) {
  return absl::FromCivil(absl::CivilDay(2021, 12, day), absl::UTCTimeZone());
}

void Execute(DeadlineAlertsState& state, const AlertCommand& command,
             absl::Time when, std::vector<AlertEvent>* out = nullptr) {
  auto events = Decide(state, command);
  ASSERT_TRUE(events.ok()) << events.status();
  for (const auto& e : *events) Apply(state, e, {when, "transpod"});
  if (out != nullptr) *out = *events;
}

TEST(AlertTest, RaisedOnceSupersededByTheNextRule) {
  DeadlineAlertsState state;
  EXPECT_THAT(Decide(state, AcknowledgeAlert{"transposition-7d", ""}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("not found")));
  Execute(state,
          RaiseAlert{kDeadline,
                     Notice("transposition-14d", AlertSeverity::kWarning)},
          At(4));
  EXPECT_EQ(state.status, AlertStatus::kFiring);
  EXPECT_THAT(
      Decide(state, RaiseAlert{kDeadline, Notice("transposition-14d",
                                                 AlertSeverity::kWarning)}),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("already raised")));
  std::vector<AlertEvent> events;
  Execute(
      state,
      RaiseAlert{kDeadline, Notice("transposition-7d", AlertSeverity::kCritical,
                                   absl::Hours(24))},
      At(11), &events);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(std::get<AlertResolved>(events[0]).rule_id, "transposition-14d");
  EXPECT_EQ(std::get<AlertResolved>(events[0]).reason,
            "superseded by transposition-7d");
  EXPECT_EQ(state.current.rule_id, "transposition-7d");
  EXPECT_EQ(state.status, AlertStatus::kFiring);
  EXPECT_EQ(state.NextRenotify(), At(12));
  EXPECT_TRUE(state.WasRaised("transposition-14d"));
  EXPECT_EQ(DeadlineAlertsId(kDeadline),
            "directive-32021L0001/transposition/2021-12-18");
}

TEST(AlertTest, RenotifiedUntilAcknowledgedThenResolved) {
  DeadlineAlertsState state;
  Execute(
      state,
      RaiseAlert{kDeadline, Notice("transposition-7d", AlertSeverity::kCritical,
                                   absl::Hours(24))},
      At(11));
  EXPECT_THAT(Decide(state, RenotifyAlert{"transposition-14d"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("not the current alert")));
  Execute(state, RenotifyAlert{"transposition-7d"}, At(12));
  EXPECT_EQ(state.notifications, 2);
  EXPECT_EQ(state.NextRenotify(), At(13));
  EXPECT_THAT(
      Decide(state,
             AcknowledgeAlert{"transposition-7d", std::string(2001, 'c')}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("comment")));
  Execute(state, AcknowledgeAlert{"transposition-7d", "on it"}, At(12));
  EXPECT_EQ(state.status, AlertStatus::kAcknowledged);
  EXPECT_EQ(state.acknowledged.actor, "transpod");
  EXPECT_EQ(state.NextRenotify(), absl::InfiniteFuture());
  EXPECT_THAT(Decide(state, RenotifyAlert{"transposition-7d"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("is acknowledged")));
  EXPECT_THAT(Decide(state, AcknowledgeAlert{"transposition-7d", ""}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("is acknowledged")));
  Execute(state, ResolveAlert{"measures notified in full"}, At(13));
  EXPECT_EQ(state.status, AlertStatus::kResolved);
  EXPECT_FALSE(state.open());
  EXPECT_THAT(Decide(state, ResolveAlert{"again"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("is resolved")));
  // A later rule raises again after a resolution.
  std::vector<AlertEvent> events;
  Execute(state,
          RaiseAlert{kDeadline,
                     Notice("transposition-0d", AlertSeverity::kCritical)},
          At(18), &events);
  EXPECT_EQ(events.size(), 1u);  // nothing open to supersede
  EXPECT_EQ(state.status, AlertStatus::kFiring);
  EXPECT_EQ(state.comment, "");
}

TEST(AlertTest, PlansTheUnmetDeadlinesOnce) {
  auto calendar = Calendar::Create({});
  ASSERT_TRUE(calendar.ok());
  const std::vector<DerivedDeadline> deadlines = {
      {DeadlineKind::kTransposition, absl::CivilDay(2021, 12, 18), "a", false},
      {DeadlineKind::kTransposition, absl::CivilDay(2021, 12, 18), "a (Art 6)",
       false},
      {DeadlineKind::kMilestone, absl::CivilDay(2021, 10, 1), "draft", true},
  };
  auto plans = PlanDeadlines(DefaultAlertPolicy(), *calendar,
                             "directive-32021L0001", deadlines);
  ASSERT_EQ(plans.size(), 1u);  // same kind and date: one; met: none
  EXPECT_EQ(plans[0].alerts.size(), 7u);
  EXPECT_EQ(plans[0].description, "a");
}

}  // namespace
}  // namespace transpo::domain
