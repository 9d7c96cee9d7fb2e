// The alert policy (which alerts each kind of deadline raises, how early, how
// loud, how often again) and the planning of alerts from it. No I/O: a
// scheduler asks what to raise and when to wake up next.
//
// A rule fires `days_before` a deadline of its kind (0: on the day itself;
// negative: after it) at `minute_of_day`, local time of the calendar's time
// zone. The alert day is plain civil-day arithmetic: a deadline is a fixed
// date, so an alert on a Saturday or a public holiday stays there. A local
// time that a DST change skips fires at the change (02:30 on the
// spring-forward day fires at 03:00 summer time); a repeated one at its first
// occurrence (absl::FromCivil).
//
// An alert is identified by its AlertKey (subject, kind, deadline date, rule):
// raising the same key twice is a no-op, and a moved deadline is new alerts.
// After downtime only the latest due alert of a deadline is raised (DueAlert):
// never a burst of stale ones.
//
// Thread-safety: plain values and pure functions. DueAlert calls `raised` on
// the caller's thread.
//
// Example:
//   AlertPolicy policy = DefaultAlertPolicy();
//   for (const DerivedDeadline& d : DossierDeadlines(state, calendar, {})) {
//     auto planned = PlanAlerts(policy, calendar, "directive-32019L1937", d);
//     if (auto due = DueAlert(planned, now, is_raised)) Raise(*due);
//   }

#ifndef TRANSPO_SERVER_DOMAIN_ALERT_POLICY_H_
#define TRANSPO_SERVER_DOMAIN_ALERT_POLICY_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/calendar.h"
#include "server/domain/deadlines.h"

namespace transpo::domain {

enum class AlertSeverity { kInfo, kWarning, kCritical };

// "info", "warning", "critical".
const char* AlertSeverityName(AlertSeverity severity);
// The kind as rule and alert ids spell it: "transposition",
// "infringement-trigger", "reply-due", "milestone", "court".
const char* DeadlineKindSlug(DeadlineKind kind);

// Rules of one policy.
inline constexpr size_t kMaxAlertRules = 100;
// A rule id: 1 to kMaxAlertRuleIdBytes of [a-z0-9-].
inline constexpr size_t kMaxAlertRuleIdBytes = 64;
// Bounds of days_before.
inline constexpr int kMinAlertDaysBefore = -366;
inline constexpr int kMaxAlertDaysBefore = 1000;
// Bounds of a non-zero repeat.
inline constexpr absl::Duration kMinAlertRepeat = absl::Hours(1);
inline constexpr absl::Duration kMaxAlertRepeat = absl::Hours(90 * 24);

struct AlertRule {
  // Stable, unique in the policy, e.g. "transposition-180d".
  std::string id;
  DeadlineKind kind = DeadlineKind::kTransposition;
  // Days before the deadline (0: the day itself; negative: after it).
  // kMinAlertDaysBefore..kMaxAlertDaysBefore.
  int days_before = 0;
  AlertSeverity severity = AlertSeverity::kInfo;
  // Re-notify interval while unacknowledged. Default: zero (never); else
  // kMinAlertRepeat..kMaxAlertRepeat.
  absl::Duration repeat = absl::ZeroDuration();
  // Local time of day the alert fires, in minutes, 0..1439. Default: 08:00.
  int minute_of_day = 8 * 60;
};

struct AlertPolicy {
  // At most kMaxAlertRules; at most one per kind and days_before.
  std::vector<AlertRule> rules;
  // The Euro-coordinator also receives alerts of this severity and up.
  // Default: warning.
  AlertSeverity coordinator_from = AlertSeverity::kWarning;
};

// Whether an alert of `severity` goes to the Euro-coordinator too.
inline bool NotifiesCoordinator(const AlertPolicy& policy,
                                AlertSeverity severity) {
  return severity >= policy.coordinator_from;
}

// The service's defaults, at 08:00, ids "<kind slug>-<days>d":
//   transposition         180, 90, 60 info; 30, 14 warning; 7, 0 critical
//   infringement trigger  14 warning; 7, 1, 0 critical
//   reply due             30 info; 14 warning; 7, 0 critical
//   milestone             7 info
//   court                 7 warning
// Repeat: critical every day, warning every 7 days, info never.
AlertPolicy DefaultAlertPolicy();

// OkStatus, or InvalidArgument (FieldError) for: more than kMaxAlertRules
// ("rules"); an empty, malformed or duplicate id ("rules[i].id"); days_before
// out of range, or a second rule of the same kind and days_before
// ("rules[i].days_before": duplicates rules[j]); minute_of_day out of range
// ("rules[i].minute_of_day"); a repeat negative, under an hour but not zero,
// or over 90 days ("rules[i].repeat"). The first error found is returned.
absl::Status ValidateAlertPolicy(const AlertPolicy& policy);

// What an alert is about: raising the same key twice is a no-op.
struct AlertKey {
  // Stream id of what the deadline belongs to: "directive-32019L1937",
  // "procedure-INFR(2022)0075", "court-case-C-543/17".
  std::string subject;
  DeadlineKind kind = DeadlineKind::kTransposition;
  absl::CivilDay deadline;
  std::string rule_id;

  bool operator==(const AlertKey&) const = default;
  // By subject, kind, deadline, rule id (a std::map key).
  bool operator<(const AlertKey& other) const {
    return std::tie(subject, kind, deadline, rule_id) <
           std::tie(other.subject, other.kind, other.deadline, other.rule_id);
  }
};

// "<subject>/<kind slug>/<deadline YYYY-MM-DD>/<rule id>", e.g.
// "directive-32019L1937/transposition/2021-12-17/transposition-30d".
// Deterministic and distinct per key: '%' and '/' in the rule id are
// percent-escaped, so the last three parts never hold a '/' (the subject
// may).
std::string AlertId(const AlertKey& key);

struct PlannedAlert {
  AlertKey key;
  // deadline - days_before, not moved off weekends or holidays.
  absl::CivilDay day;
  // `day` at the rule's minute_of_day in the calendar's time zone.
  absl::Time fire_at;
  AlertSeverity severity = AlertSeverity::kInfo;
  absl::Duration repeat = absl::ZeroDuration();
};

// One alert per rule of the deadline's kind, by fire_at then rule id; none
// for a met deadline. `policy` should be valid (ValidateAlertPolicy).
std::vector<PlannedAlert> PlanAlerts(const AlertPolicy& policy,
                                     const Calendar& calendar,
                                     absl::string_view subject,
                                     const DerivedDeadline& deadline);

// Of the planned alerts of one deadline, the one to raise at `now`: the
// latest (by fire_at, then rule id) with fire_at <= now, unless
// `raised(key)` says it already was. Earlier due ones are superseded, never
// raised; if the latest was raised, nullopt (not an older one). nullopt too
// when none is due. `planned` may be in any order.
std::optional<PlannedAlert> DueAlert(
    const std::vector<PlannedAlert>& planned, absl::Time now,
    const std::function<bool(const AlertKey&)>& raised);

// The earliest fire_at strictly after `now` among `planned`, or nullopt.
std::optional<absl::Time> NextFire(const std::vector<PlannedAlert>& planned,
                                   absl::Time now);

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_ALERT_POLICY_H_
