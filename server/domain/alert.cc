#include "server/domain/alert.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "server/domain/calendar.h"
#include "server/domain/checks.h"
#include "server/domain/field_error.h"
#include "server/domain/limits.h"

namespace transpo::domain {
namespace {

absl::Status NotCurrent(const DeadlineAlertsState& state,
                        absl::string_view rule_id) {
  return absl::FailedPreconditionError(absl::StrCat(
      "alert ", AlertId(KeyOf(state.deadline, std::string(rule_id))),
      " is not the current alert of its deadline (",
      AlertId(KeyOf(state.deadline, state.current.rule_id)), " is)"));
}

absl::Status NotFiring(const DeadlineAlertsState& state, const char* what) {
  return absl::FailedPreconditionError(absl::StrCat(
      "alert ", AlertId(KeyOf(state.deadline, state.current.rule_id)), " is ",
      AlertStatusName(state.status), ": cannot ", what));
}

absl::StatusOr<std::vector<AlertEvent>> Raise(const DeadlineAlertsState& state,
                                              const RaiseAlert& c) {
  if (state.WasRaised(c.notice.rule_id)) {
    return absl::AlreadyExistsError(
        absl::StrCat("alert ", AlertId(KeyOf(c.deadline, c.notice.rule_id)),
                     " was already raised"));
  }
  std::vector<AlertEvent> events;
  if (state.open()) {
    events.push_back(
        AlertResolved{state.current.rule_id,
                      absl::StrCat("superseded by ", c.notice.rule_id)});
  }
  events.push_back(AlertRaised{c.deadline, c.notice});
  return events;
}

}  // namespace

const char* AlertStatusName(AlertStatus status) {
  switch (status) {
    case AlertStatus::kFiring:
      return "firing";
    case AlertStatus::kAcknowledged:
      return "acknowledged";
    case AlertStatus::kResolved:
      return "resolved";
  }
  return "unknown";
}

std::string DeadlineAlertsId(const DeadlineRef& ref) {
  return absl::StrCat(ref.subject, "/", DeadlineKindSlug(ref.kind), "/",
                      FormatDate(ref.date));
}

AlertKey KeyOf(const DeadlineRef& ref, const std::string& rule_id) {
  return AlertKey{ref.subject, ref.kind, ref.date, rule_id};
}

bool DeadlineAlertsState::WasRaised(absl::string_view rule_id) const {
  return std::find(raised_rules.begin(), raised_rules.end(), rule_id) !=
         raised_rules.end();
}

absl::Time DeadlineAlertsState::NextRenotify() const {
  if (!exists() || status != AlertStatus::kFiring ||
      current.repeat <= absl::ZeroDuration()) {
    return absl::InfiniteFuture();
  }
  return notified_at + current.repeat;
}

std::vector<DeadlinePlan> PlanDeadlines(
    const AlertPolicy& policy, const Calendar& calendar,
    const std::string& subject, const std::vector<DerivedDeadline>& deadlines) {
  std::vector<DeadlinePlan> plans;
  for (const DerivedDeadline& d : deadlines) {
    if (d.met) continue;
    DeadlineRef ref{subject, d.kind, d.date};
    if (std::any_of(plans.begin(), plans.end(),
                    [&](const DeadlinePlan& p) { return p.ref == ref; })) {
      continue;
    }
    std::vector<PlannedAlert> alerts = PlanAlerts(policy, calendar, subject, d);
    if (alerts.empty()) continue;
    plans.push_back({std::move(ref), d.description, std::move(alerts)});
  }
  std::sort(plans.begin(), plans.end(),
            [](const DeadlinePlan& a, const DeadlinePlan& b) {
              return std::tie(a.ref.date, a.ref.kind) <
                     std::tie(b.ref.date, b.ref.kind);
            });
  return plans;
}

absl::StatusOr<std::vector<AlertEvent>> Decide(const DeadlineAlertsState& state,
                                               const AlertCommand& command) {
  if (const auto* c = std::get_if<RaiseAlert>(&command)) {
    return Raise(state, *c);
  }
  if (!state.exists()) return absl::NotFoundError("alert not found");
  if (const auto* c = std::get_if<RenotifyAlert>(&command)) {
    if (c->rule_id != state.current.rule_id) {
      return NotCurrent(state, c->rule_id);
    }
    if (state.status != AlertStatus::kFiring) {
      return NotFiring(state, "notify it again");
    }
    return std::vector<AlertEvent>{AlertRenotified{c->rule_id}};
  }
  if (const auto* c = std::get_if<AcknowledgeAlert>(&command)) {
    if (c->rule_id != state.current.rule_id) {
      return NotCurrent(state, c->rule_id);
    }
    if (state.status != AlertStatus::kFiring) {
      return NotFiring(state, "acknowledge it");
    }
    absl::Status valid = CheckText("comment", c->comment, false, kMaxTextBytes);
    if (!valid.ok()) return valid;
    return std::vector<AlertEvent>{AlertAcknowledged{c->rule_id, c->comment}};
  }
  const auto& resolve = std::get<ResolveAlert>(command);
  if (!state.open()) return NotFiring(state, "resolve it");
  return std::vector<AlertEvent>{
      AlertResolved{state.current.rule_id, resolve.reason}};
}

void Apply(DeadlineAlertsState& state, const AlertEvent& event,
           const Change& change) {
  ++state.version;
  state.changed = change;
  if (const auto* e = std::get_if<AlertRaised>(&event)) {
    if (state.version == 1) state.created = change;
    state.deadline = e->deadline;
    state.raised_rules.push_back(e->notice.rule_id);
    state.current = e->notice;
    state.status = AlertStatus::kFiring;
    state.raised_at = change.time;
    state.notified_at = change.time;
    state.notifications = 1;
    state.acknowledged = {};
    state.comment.clear();
    state.resolution.clear();
  } else if (std::holds_alternative<AlertRenotified>(event)) {
    state.notified_at = change.time;
    ++state.notifications;
  } else if (const auto* e = std::get_if<AlertAcknowledged>(&event)) {
    state.status = AlertStatus::kAcknowledged;
    state.acknowledged = change;
    state.comment = e->comment;
  } else {
    state.status = AlertStatus::kResolved;
    state.resolution = std::get<AlertResolved>(event).reason;
  }
}

}  // namespace transpo::domain
