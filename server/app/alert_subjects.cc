#include "server/app/alert_subjects.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/app/aggregates.h"
#include "server/domain/deadlines.h"

namespace transpo::app {
namespace {

void AddUnique(std::vector<std::string>& to, const std::string& id) {
  if (!id.empty() && std::find(to.begin(), to.end(), id) == to.end()) {
    to.push_back(id);
  }
}

}  // namespace

absl::StatusOr<std::optional<SubjectPlan>> ReadSubjectPlan(
    EventLog& log, const DomainSettings& settings, const std::string& subject) {
  SubjectPlan plan;
  std::vector<domain::DerivedDeadline> deadlines;
  std::vector<std::string> celex;
  auto id_of = [&](absl::string_view prefix) {
    return subject.substr(prefix.size());
  };
  if (absl::StartsWith(subject, DirectiveAggregate::kStreamPrefix)) {
    auto state = Aggregates<DirectiveAggregate>::Load(
        log, id_of(DirectiveAggregate::kStreamPrefix));
    if (!state.ok()) return state.status();
    if (!state->exists()) return std::nullopt;
    deadlines =
        domain::DossierDeadlines(*state, settings.calendar, settings.deadlines);
    plan.celex = state->directive.celex;
    plan.title = state->directive.short_title;
    AddUnique(plan.administrations, state->dossier.lead_administration);
    for (const auto& a : state->dossier.involved_administrations) {
      AddUnique(plan.administrations, a);
    }
    plan.correspondents = state->dossier.correspondents;
  } else if (absl::StartsWith(subject, ProcedureAggregate::kStreamPrefix)) {
    auto state = Aggregates<ProcedureAggregate>::Load(
        log, id_of(ProcedureAggregate::kStreamPrefix));
    if (!state.ok()) return state.status();
    if (!state->exists()) return std::nullopt;
    deadlines = domain::ProcedureDeadlines(*state);
    celex = state->celex;
    plan.title = state->number;
  } else if (absl::StartsWith(subject, CourtCaseAggregate::kStreamPrefix)) {
    auto state = Aggregates<CourtCaseAggregate>::Load(
        log, id_of(CourtCaseAggregate::kStreamPrefix));
    if (!state.ok()) return state.status();
    if (!state->exists()) return std::nullopt;
    deadlines = domain::CourtCaseDeadlines(*state);
    celex = state->info.celex;
    plan.title = absl::StrCat(state->info.number, " ", state->info.title);
  } else {
    return std::nullopt;
  }
  // A procedure's or a court case's audience: the dossiers it concerns.
  for (const std::string& c : celex) {
    auto dossier = Aggregates<DirectiveAggregate>::Load(log, c);
    if (!dossier.ok()) return dossier.status();
    if (plan.celex.empty()) plan.celex = c;
    AddUnique(plan.administrations, dossier->dossier.lead_administration);
    for (const auto& a : dossier->dossier.involved_administrations) {
      AddUnique(plan.administrations, a);
    }
    for (const auto& p : dossier->dossier.correspondents) {
      AddUnique(plan.correspondents, p);
    }
  }
  plan.deadlines = domain::PlanDeadlines(settings.alerts, settings.calendar,
                                         subject, deadlines);
  return plan;
}

absl::StatusOr<domain::AlertNotice> BuildNotice(
    EventLog& log, const DomainSettings& settings, const SubjectPlan& subject,
    const domain::DeadlinePlan& plan, const domain::PlannedAlert& due) {
  domain::AlertNotice notice;
  notice.rule_id = due.key.rule_id;
  notice.severity = due.severity;
  notice.day = due.day;
  notice.days_before = static_cast<int>(plan.ref.date - due.day);
  notice.repeat = due.repeat;
  notice.deadline_description = plan.description;
  notice.celex = subject.celex;
  notice.title = subject.title;
  notice.audience.administrations = subject.administrations;
  notice.audience.correspondents = subject.correspondents;
  if (notice.audience.correspondents.empty()) {
    for (const std::string& id : subject.administrations) {
      auto administration = Aggregates<AdministrationAggregate>::Load(log, id);
      if (!administration.ok()) return administration.status();
      for (const domain::Correspondent& c : administration->correspondents) {
        if (c.active) AddUnique(notice.audience.correspondents, c.id);
      }
    }
  }
  notice.audience.coordinator =
      domain::NotifiesCoordinator(settings.alerts, due.severity);
  return notice;
}

}  // namespace transpo::app
