// The alerts of one deadline: one aggregate per deadline that alerts (a
// dossier's transposition deadline or infringement trigger or milestone, a
// procedure's reply due date, a court case's deadline), holding every rule
// raised for it and the current alert (the latest raised). Its id is
// "<subject>/<kind>/<YYYY-MM-DD>" (DeadlineAlertsId), an alert's
// "<that>/<rule id>" (AlertId in alert_policy.h).
//
// Lifecycle of the current alert:
//   RaiseAlert -> FIRING -> (RenotifyAlert while unacknowledged)
//              -> ACKNOWLEDGED (AcknowledgeAlert, with a comment)
//   FIRING or ACKNOWLEDGED -> RESOLVED (ResolveAlert: the condition cleared,
//   or a later rule of the same deadline superseded it).
// Raising a rule already raised for the deadline is AlreadyExists: an alert
// is raised once, across restarts. Raising a later rule while one is open
// resolves the open one first (two events: AlertResolved, AlertRaised).
//
// Decide/Apply follow directive.h. Errors: InvalidArgument (FieldError),
// AlreadyExists, NotFound, FailedPrecondition naming the alert's status.
//
// Thread-safety: plain values and pure functions.

#ifndef TRANSPO_SERVER_DOMAIN_ALERT_H_
#define TRANSPO_SERVER_DOMAIN_ALERT_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/alert_policy.h"
#include "server/domain/change.h"
#include "server/domain/deadlines.h"

namespace transpo::domain {

enum class AlertStatus { kFiring, kAcknowledged, kResolved };
const char* AlertStatusName(AlertStatus status);  // "firing", ...

// Who an alert goes to, fixed when it is raised.
struct AlertAudience {
  std::vector<std::string> administrations;  // lead first
  std::vector<std::string> correspondents;   // ids, of those administrations
  bool coordinator = false;                  // the Euro-coordinator too
};

// What an alert says, fixed when it is raised.
struct AlertNotice {
  std::string rule_id;
  AlertSeverity severity = AlertSeverity::kInfo;
  absl::CivilDay day;  // the rule's day (deadline - days_before)
  int days_before = 0;
  absl::Duration repeat = absl::ZeroDuration();
  std::string deadline_description;  // "transposition deadline"
  std::string celex;                 // the directive concerned, if one
  std::string title;                 // its short title, or the procedure's
  AlertAudience audience;
};

// Which deadline: the aggregate's identity.
struct DeadlineRef {
  std::string subject;  // "directive-32019L1937", "procedure-INFR(2022)0075"
  DeadlineKind kind = DeadlineKind::kTransposition;
  absl::CivilDay date;

  bool operator==(const DeadlineRef&) const = default;
};
std::string DeadlineAlertsId(const DeadlineRef& ref);
AlertKey KeyOf(const DeadlineRef& ref, const std::string& rule_id);

struct DeadlineAlertsState {
  uint64_t version = 0;  // 0: no alert was ever raised for the deadline
  DeadlineRef deadline;
  std::vector<std::string> raised_rules;  // in the order raised
  // The current alert.
  AlertNotice current;
  AlertStatus status = AlertStatus::kFiring;
  absl::Time raised_at = absl::InfinitePast();
  absl::Time notified_at = absl::InfinitePast();  // raised or renotified
  int notifications = 0;
  Change acknowledged;  // who and when; time InfinitePast: not acknowledged
  std::string comment;
  std::string resolution;  // why resolved
  Change created;
  Change changed;

  bool exists() const { return version > 0; }
  bool open() const { return exists() && status != AlertStatus::kResolved; }
  bool WasRaised(absl::string_view rule_id) const;
  // When the current alert is to be notified again (InfiniteFuture: never):
  // firing, with a repeat interval.
  absl::Time NextRenotify() const;
};

struct RaiseAlert {
  DeadlineRef deadline;
  AlertNotice notice;
};
struct RenotifyAlert {
  std::string rule_id;
};
struct AcknowledgeAlert {
  std::string rule_id;  // the alert acknowledged: the current one
  std::string comment;
};
struct ResolveAlert {
  std::string reason;
};
using AlertCommand =
    std::variant<RaiseAlert, RenotifyAlert, AcknowledgeAlert, ResolveAlert>;

struct AlertRaised {
  DeadlineRef deadline;
  AlertNotice notice;
};
struct AlertRenotified {
  std::string rule_id;
};
struct AlertAcknowledged {
  std::string rule_id;
  std::string comment;
};
struct AlertResolved {
  std::string rule_id;
  std::string reason;
};
using AlertEvent = std::variant<AlertRaised, AlertRenotified, AlertAcknowledged,
                                AlertResolved>;

// A deadline that alerts, with the alerts the policy plans for it.
struct DeadlinePlan {
  DeadlineRef ref;
  std::string description;
  std::vector<PlannedAlert> alerts;  // by fire_at
};

// The plans of the unmet deadlines of `subject` (several deadlines of one
// kind on one date are one), by date then kind.
std::vector<DeadlinePlan> PlanDeadlines(
    const AlertPolicy& policy, const Calendar& calendar,
    const std::string& subject, const std::vector<DerivedDeadline>& deadlines);

absl::StatusOr<std::vector<AlertEvent>> Decide(const DeadlineAlertsState& state,
                                               const AlertCommand& command);
// An event's `change` time is when it happened (raised_at, notified_at).
void Apply(DeadlineAlertsState& state, const AlertEvent& event,
           const Change& change);

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_ALERT_H_
