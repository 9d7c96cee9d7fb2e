#include "server/alert_policy_config.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/domain/field_error.h"

namespace transpo {
namespace {

using domain::AlertSeverity;
using domain::DeadlineKind;

absl::StatusOr<AlertSeverity> Severity(const std::string& field,
                                       const std::string& text) {
  for (AlertSeverity s : {AlertSeverity::kInfo, AlertSeverity::kWarning,
                          AlertSeverity::kCritical}) {
    if (text == domain::AlertSeverityName(s)) return s;
  }
  return domain::FieldError(field, text, "not info, warning or critical");
}

absl::StatusOr<DeadlineKind> Kind(const std::string& field,
                                  const std::string& text) {
  for (DeadlineKind k :
       {DeadlineKind::kTransposition, DeadlineKind::kInfringementTrigger,
        DeadlineKind::kReplyDue, DeadlineKind::kMilestone,
        DeadlineKind::kCourt}) {
    if (text == domain::DeadlineKindSlug(k)) return k;
  }
  return domain::FieldError(field, text,
                            "not transposition, infringement-trigger, "
                            "reply-due, milestone or court");
}

absl::StatusOr<int> MinuteOfDay(const std::string& field,
                                const std::string& text) {
  if (text.empty()) return 8 * 60;
  int hours = 0;
  int minutes = 0;
  if (text.size() != 5 || text[2] != ':' ||
      !absl::SimpleAtoi(text.substr(0, 2), &hours) ||
      !absl::SimpleAtoi(text.substr(3, 2), &minutes) || hours < 0 ||
      hours > 23 || minutes < 0 || minutes > 59) {
    return domain::FieldError(field, text, "not a time of day HH:MM");
  }
  return hours * 60 + minutes;
}

absl::Status Prefixed(const absl::Status& status) {
  auto field = domain::ErrorField(status);
  if (!field.has_value()) return status;
  absl::Status out = absl::InvalidArgumentError(
      absl::StrCat("alert_policy.", status.message()));
  out.SetPayload(domain::kFieldPayloadUrl,
                 absl::Cord(absl::StrCat("alert_policy.", *field)));
  return out;
}

}  // namespace

absl::StatusOr<domain::AlertPolicy> AlertPolicyFromConfig(
    const config::v1::AlertPolicyConfig& config) {
  domain::AlertPolicy policy = domain::DefaultAlertPolicy();
  if (!config.coordinator_from().empty()) {
    auto from =
        Severity("alert_policy.coordinator_from", config.coordinator_from());
    if (!from.ok()) return from.status();
    policy.coordinator_from = *from;
  }
  if (config.rules_size() == 0) return policy;
  policy.rules.clear();
  for (int i = 0; i < config.rules_size(); ++i) {
    const config::v1::AlertRuleConfig& in = config.rules(i);
    const std::string field = absl::StrCat("alert_policy.rules[", i, "]");
    domain::AlertRule rule;
    rule.id = in.id();
    rule.days_before = in.days_before();
    auto kind = Kind(field + ".kind", in.kind());
    if (!kind.ok()) return kind.status();
    rule.kind = *kind;
    auto severity = Severity(field + ".severity", in.severity());
    if (!severity.ok()) return severity.status();
    rule.severity = *severity;
    if (!in.repeat().empty() && in.repeat() != "0" &&
        !absl::ParseDuration(in.repeat(), &rule.repeat)) {
      return domain::FieldError(field + ".repeat", in.repeat(),
                                "not a duration such as \"24h\"");
    }
    auto minute = MinuteOfDay(field + ".time_of_day", in.time_of_day());
    if (!minute.ok()) return minute.status();
    rule.minute_of_day = *minute;
    policy.rules.push_back(std::move(rule));
  }
  absl::Status valid = domain::ValidateAlertPolicy(policy);
  if (!valid.ok()) return Prefixed(valid);
  return policy;
}

}  // namespace transpo
