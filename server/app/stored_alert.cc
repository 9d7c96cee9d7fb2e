#include "server/app/stored_alert.h"

#include "server/app/stored_values.h"

namespace transpo::app {
namespace {

using domain::AlertSeverity;
using domain::AlertStatus;
using domain::DeadlineKind;

}  // namespace

stored::DeadlineKind ToStored(DeadlineKind in) {
  switch (in) {
    case DeadlineKind::kTransposition:
      return stored::DEADLINE_KIND_TRANSPOSITION;
    case DeadlineKind::kInfringementTrigger:
      return stored::DEADLINE_KIND_INFRINGEMENT_TRIGGER;
    case DeadlineKind::kReplyDue:
      return stored::DEADLINE_KIND_REPLY_DUE;
    case DeadlineKind::kMilestone:
      return stored::DEADLINE_KIND_MILESTONE;
    case DeadlineKind::kCourt:
      return stored::DEADLINE_KIND_COURT;
  }
  return stored::DEADLINE_KIND_UNSPECIFIED;
}

absl::StatusOr<DeadlineKind> FromStored(stored::DeadlineKind in) {
  switch (in) {
    case stored::DEADLINE_KIND_TRANSPOSITION:
      return DeadlineKind::kTransposition;
    case stored::DEADLINE_KIND_INFRINGEMENT_TRIGGER:
      return DeadlineKind::kInfringementTrigger;
    case stored::DEADLINE_KIND_REPLY_DUE:
      return DeadlineKind::kReplyDue;
    case stored::DEADLINE_KIND_MILESTONE:
      return DeadlineKind::kMilestone;
    case stored::DEADLINE_KIND_COURT:
      return DeadlineKind::kCourt;
    default:
      return UnknownStoredValue("deadline kind", in);
  }
}

stored::AlertSeverity ToStored(AlertSeverity in) {
  switch (in) {
    case AlertSeverity::kInfo:
      return stored::ALERT_SEVERITY_INFO;
    case AlertSeverity::kWarning:
      return stored::ALERT_SEVERITY_WARNING;
    case AlertSeverity::kCritical:
      return stored::ALERT_SEVERITY_CRITICAL;
  }
  return stored::ALERT_SEVERITY_UNSPECIFIED;
}

absl::StatusOr<AlertSeverity> FromStored(stored::AlertSeverity in) {
  switch (in) {
    case stored::ALERT_SEVERITY_INFO:
      return AlertSeverity::kInfo;
    case stored::ALERT_SEVERITY_WARNING:
      return AlertSeverity::kWarning;
    case stored::ALERT_SEVERITY_CRITICAL:
      return AlertSeverity::kCritical;
    default:
      return UnknownStoredValue("alert severity", in);
  }
}

stored::AlertStatus ToStored(AlertStatus in) {
  switch (in) {
    case AlertStatus::kFiring:
      return stored::ALERT_STATUS_FIRING;
    case AlertStatus::kAcknowledged:
      return stored::ALERT_STATUS_ACKNOWLEDGED;
    case AlertStatus::kResolved:
      return stored::ALERT_STATUS_RESOLVED;
  }
  return stored::ALERT_STATUS_UNSPECIFIED;
}

absl::StatusOr<AlertStatus> FromStored(stored::AlertStatus in) {
  switch (in) {
    case stored::ALERT_STATUS_FIRING:
      return AlertStatus::kFiring;
    case stored::ALERT_STATUS_ACKNOWLEDGED:
      return AlertStatus::kAcknowledged;
    case stored::ALERT_STATUS_RESOLVED:
      return AlertStatus::kResolved;
    default:
      return UnknownStoredValue("alert status", in);
  }
}

stored::DeadlineRef ToStored(const domain::DeadlineRef& in) {
  stored::DeadlineRef out;
  out.set_subject(in.subject);
  out.set_kind(ToStored(in.kind));
  out.set_date(domain::FormatDate(in.date));
  return out;
}

absl::StatusOr<domain::DeadlineRef> FromStored(const stored::DeadlineRef& in) {
  auto kind = FromStored(in.kind());
  if (!kind.ok()) return kind.status();
  auto date = FromStoredRequiredDate("deadline.date", in.date());
  if (!date.ok()) return date.status();
  return domain::DeadlineRef{in.subject(), *kind, *date};
}

stored::AlertNotice ToStored(const domain::AlertNotice& in) {
  stored::AlertNotice out;
  out.set_rule_id(in.rule_id);
  out.set_severity(ToStored(in.severity));
  out.set_day(domain::FormatDate(in.day));
  out.set_days_before(in.days_before);
  out.set_repeat_seconds(absl::ToInt64Seconds(in.repeat));
  out.set_deadline_description(in.deadline_description);
  out.set_celex(in.celex);
  out.set_title(in.title);
  for (const auto& a : in.audience.administrations) out.add_administrations(a);
  for (const auto& c : in.audience.correspondents) out.add_correspondents(c);
  out.set_coordinator(in.audience.coordinator);
  return out;
}

absl::StatusOr<domain::AlertNotice> FromStored(const stored::AlertNotice& in) {
  auto severity = FromStored(in.severity());
  if (!severity.ok()) return severity.status();
  auto day = FromStoredRequiredDate("notice.day", in.day());
  if (!day.ok()) return day.status();
  domain::AlertNotice out;
  out.rule_id = in.rule_id();
  out.severity = *severity;
  out.day = *day;
  out.days_before = in.days_before();
  out.repeat = absl::Seconds(in.repeat_seconds());
  out.deadline_description = in.deadline_description();
  out.celex = in.celex();
  out.title = in.title();
  out.audience.administrations.assign(in.administrations().begin(),
                                      in.administrations().end());
  out.audience.correspondents.assign(in.correspondents().begin(),
                                     in.correspondents().end());
  out.audience.coordinator = in.coordinator();
  return out;
}

}  // namespace transpo::app
