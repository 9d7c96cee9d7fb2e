#include "server/domain/alert_policy.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/domain/checks.h"
#include "server/domain/field_error.h"

namespace transpo::domain {
namespace {

bool ValidIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

std::string EscapeIdPart(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '/') {
      out += "%2F";
    } else {
      out += c;
    }
  }
  return out;
}

// Order of planning and of "latest": fire_at, then rule id.
bool FiresBefore(const PlannedAlert& a, const PlannedAlert& b) {
  return std::tie(a.fire_at, a.key.rule_id) <
         std::tie(b.fire_at, b.key.rule_id);
}

absl::Status ValidateRule(absl::string_view field, const AlertRule& rule) {
  const std::string id_field = absl::StrCat(field, ".id");
  if (rule.id.empty()) return FieldError(id_field, "required");
  if (rule.id.size() > kMaxAlertRuleIdBytes) {
    return FieldError(
        id_field, rule.id,
        absl::StrCat(rule.id.size(), " bytes, at most ", kMaxAlertRuleIdBytes));
  }
  if (!std::all_of(rule.id.begin(), rule.id.end(), ValidIdChar)) {
    return FieldError(id_field, rule.id, "not [a-z0-9-]");
  }
  if (rule.days_before < kMinAlertDaysBefore ||
      rule.days_before > kMaxAlertDaysBefore) {
    return FieldError(absl::StrCat(field, ".days_before"),
                      absl::StrCat(rule.days_before),
                      absl::StrCat("out of range ", kMinAlertDaysBefore, "..",
                                   kMaxAlertDaysBefore));
  }
  if (rule.minute_of_day < 0 || rule.minute_of_day >= 24 * 60) {
    return FieldError(absl::StrCat(field, ".minute_of_day"),
                      absl::StrCat(rule.minute_of_day), "out of range 0..1439");
  }
  if (rule.repeat != absl::ZeroDuration() &&
      (rule.repeat < kMinAlertRepeat || rule.repeat > kMaxAlertRepeat)) {
    return FieldError(absl::StrCat(field, ".repeat"),
                      absl::FormatDuration(rule.repeat),
                      "not 0 nor from 1h to 90 days");
  }
  return absl::OkStatus();
}

}  // namespace

const char* AlertSeverityName(AlertSeverity severity) {
  switch (severity) {
    case AlertSeverity::kInfo:
      return "info";
    case AlertSeverity::kWarning:
      return "warning";
    case AlertSeverity::kCritical:
      return "critical";
  }
  return "unknown";
}

const char* DeadlineKindSlug(DeadlineKind kind) {
  switch (kind) {
    case DeadlineKind::kTransposition:
      return "transposition";
    case DeadlineKind::kInfringementTrigger:
      return "infringement-trigger";
    case DeadlineKind::kReplyDue:
      return "reply-due";
    case DeadlineKind::kMilestone:
      return "milestone";
    case DeadlineKind::kCourt:
      return "court";
  }
  return "unknown";
}

AlertPolicy DefaultAlertPolicy() {
  using S = AlertSeverity;
  AlertPolicy policy;
  auto add = [&](DeadlineKind kind, int days, AlertSeverity severity) {
    AlertRule rule;
    rule.id = absl::StrCat(DeadlineKindSlug(kind), "-", days, "d");
    rule.kind = kind;
    rule.days_before = days;
    rule.severity = severity;
    rule.repeat = severity == S::kCritical  ? absl::Hours(24)
                  : severity == S::kWarning ? absl::Hours(7 * 24)
                                            : absl::ZeroDuration();
    policy.rules.push_back(std::move(rule));
  };
  const std::vector<std::pair<DeadlineKind, std::vector<std::pair<int, S>>>>
      table = {
          {DeadlineKind::kTransposition,
           {{180, S::kInfo},
            {90, S::kInfo},
            {60, S::kInfo},
            {30, S::kWarning},
            {14, S::kWarning},
            {7, S::kCritical},
            {0, S::kCritical}}},
          {DeadlineKind::kInfringementTrigger,
           {{14, S::kWarning},
            {7, S::kCritical},
            {1, S::kCritical},
            {0, S::kCritical}}},
          {DeadlineKind::kReplyDue,
           {{30, S::kInfo},
            {14, S::kWarning},
            {7, S::kCritical},
            {0, S::kCritical}}},
          {DeadlineKind::kMilestone, {{7, S::kInfo}}},
          {DeadlineKind::kCourt, {{7, S::kWarning}}},
      };
  for (const auto& [kind, days] : table) {
    for (const auto& [n, severity] : days) add(kind, n, severity);
  }
  return policy;
}

absl::Status ValidateAlertPolicy(const AlertPolicy& policy) {
  absl::Status count = CheckCount("rules", policy.rules.size(), kMaxAlertRules);
  if (!count.ok()) return count;
  std::map<std::string, size_t> by_id;
  std::map<std::pair<DeadlineKind, int>, size_t> by_day;
  for (size_t i = 0; i < policy.rules.size(); ++i) {
    const AlertRule& rule = policy.rules[i];
    const std::string field = absl::StrCat("rules[", i, "]");
    absl::Status status = ValidateRule(field, rule);
    if (!status.ok()) return status;
    auto [id, new_id] = by_id.emplace(rule.id, i);
    if (!new_id) {
      return FieldError(absl::StrCat(field, ".id"), rule.id,
                        absl::StrCat("duplicates rules[", id->second, "]"));
    }
    auto [day, new_day] =
        by_day.emplace(std::pair(rule.kind, rule.days_before), i);
    if (!new_day) {
      return FieldError(absl::StrCat(field, ".days_before"),
                        absl::StrCat(rule.days_before),
                        absl::StrCat("duplicates rules[", day->second,
                                     "] (same kind and days_before)"));
    }
  }
  return absl::OkStatus();
}

std::string AlertId(const AlertKey& key) {
  return absl::StrCat(key.subject, "/", DeadlineKindSlug(key.kind), "/",
                      FormatDate(key.deadline), "/", EscapeIdPart(key.rule_id));
}

std::vector<PlannedAlert> PlanAlerts(const AlertPolicy& policy,
                                     const Calendar& calendar,
                                     absl::string_view subject,
                                     const DerivedDeadline& deadline) {
  std::vector<PlannedAlert> out;
  if (deadline.met) return out;
  for (const AlertRule& rule : policy.rules) {
    if (rule.kind != deadline.kind) continue;
    PlannedAlert alert;
    alert.key = {std::string(subject), deadline.kind, deadline.date, rule.id};
    alert.day = deadline.date - rule.days_before;
    alert.fire_at =
        absl::FromCivil(absl::CivilMinute(alert.day) + rule.minute_of_day,
                        calendar.time_zone());
    alert.severity = rule.severity;
    alert.repeat = rule.repeat;
    out.push_back(std::move(alert));
  }
  std::sort(out.begin(), out.end(), FiresBefore);
  return out;
}

std::optional<PlannedAlert> DueAlert(
    const std::vector<PlannedAlert>& planned, absl::Time now,
    const std::function<bool(const AlertKey&)>& raised) {
  const PlannedAlert* latest = nullptr;
  for (const PlannedAlert& alert : planned) {
    if (alert.fire_at > now) continue;
    if (latest == nullptr || FiresBefore(*latest, alert)) latest = &alert;
  }
  if (latest == nullptr || raised(latest->key)) return std::nullopt;
  return *latest;
}

std::optional<absl::Time> NextFire(const std::vector<PlannedAlert>& planned,
                                   absl::Time now) {
  std::optional<absl::Time> next;
  for (const PlannedAlert& alert : planned) {
    if (alert.fire_at > now && (!next.has_value() || alert.fire_at < *next)) {
      next = alert.fire_at;
    }
  }
  return next;
}

}  // namespace transpo::domain
