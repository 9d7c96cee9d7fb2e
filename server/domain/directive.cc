#include "server/domain/directive.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/domain/calendar.h"
#include "server/domain/checks.h"
#include "server/domain/dossier_rules.h"
#include "server/domain/field_error.h"
#include "server/domain/identifiers.h"
#include "server/domain/limits.h"

namespace transpo::domain {
namespace {

// Overloaded lambdas for std::visit.
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

absl::Status CheckDirective(const DirectiveInfo& d) {
  absl::Status s = ValidateCelex("directive.celex", d.celex);
  if (s.ok()) {
    s = CheckText("directive.short_title", d.short_title, true, kMaxTextBytes);
  }
  if (s.ok()) s = CheckText("directive.title", d.title, false, kMaxTextBytes);
  if (s.ok()) {
    s = CheckText("directive.oj_reference", d.oj_reference, false,
                  kMaxTextBytes);
  }
  if (s.ok()) {
    s = CheckText("directive.policy_area", d.policy_area, false, kMaxNameBytes);
  }
  if (s.ok()) {
    s = CheckCount("directive.deadlines", d.deadlines.size(), kMaxDeadlines);
  }
  if (!s.ok()) return s;
  if (d.deadlines.empty()) {
    return FieldError("directive.deadlines",
                      "at least one transposition deadline is required");
  }
  for (size_t i = 0; i < d.deadlines.size(); ++i) {
    const std::string field = absl::StrCat("directive.deadlines[", i, "].date");
    if (d.adoption_date.has_value() && d.deadlines[i].date < *d.adoption_date) {
      return FieldError(field, FormatDate(d.deadlines[i].date),
                        absl::StrCat("before the adoption date ",
                                     FormatDate(*d.adoption_date)));
    }
    absl::Status scope =
        CheckText(absl::StrCat("directive.deadlines[", i, "].scope"),
                  d.deadlines[i].scope, false, kMaxTextBytes);
    if (!scope.ok()) return scope;
  }
  return absl::OkStatus();
}

absl::StatusOr<DirectiveEvents> DecideUpdate(const DirectiveState& state,
                                             const UpdateDirective& c) {
  absl::Status mask =
      CheckMask(c.fields,
                {"short_title", "title", "oj_reference", "adoption_date",
                 "deadlines", "policy_area", "competence"},
                "celex");
  if (!mask.ok()) return mask;
  DirectiveInfo next = state.directive;
  const DirectiveInfo& in = c.directive;
  for (const std::string& f : c.fields) {
    if (f == "short_title") {
      next.short_title = in.short_title;
    } else if (f == "title") {
      next.title = in.title;
    } else if (f == "oj_reference") {
      next.oj_reference = in.oj_reference;
    } else if (f == "adoption_date") {
      next.adoption_date = in.adoption_date;
    } else if (f == "deadlines") {
      next.deadlines = in.deadlines;
    } else if (f == "policy_area") {
      next.policy_area = in.policy_area;
    } else if (f == "competence") {
      next.competence = in.competence;
    }
  }
  absl::Status valid = CheckDirective(next);
  if (!valid.ok()) return valid;
  return DirectiveEvents{DirectiveUpdated{std::move(next)}};
}

template <typename T>
void Upsert(std::vector<T>& items, const T& item, auto same) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& existing) {
    return same(existing, item);
  });
  if (it == items.end()) {
    items.push_back(item);
  } else {
    *it = item;
  }
}

}  // namespace

absl::StatusOr<std::vector<DirectiveEvent>> Decide(
    const DirectiveState& state, const DirectiveCommand& command,
    const DecideContext& context) {
  if (const auto* c = std::get_if<RegisterDirective>(&command)) {
    if (state.exists()) {
      return absl::AlreadyExistsError(absl::StrCat(
          "directive ", state.directive.celex, " is already registered"));
    }
    absl::Status valid = CheckDirective(c->directive);
    if (!valid.ok()) return valid;
    return DirectiveEvents{DirectiveRegistered{c->directive}};
  }
  if (!state.exists()) return absl::NotFoundError("directive not found");
  return std::visit(
      Overloaded{
          [&](const RegisterDirective&) -> absl::StatusOr<DirectiveEvents> {
            return DirectiveEvents{};  // handled above
          },
          [&](const UpdateDirective& c) { return DecideUpdate(state, c); },
          [&](const AssignDossier& c) {
            return DecideDossier(state, c, context);
          },
          [&](const UpdateDossier& c) {
            return DecideDossier(state, c, context);
          },
          [&](const ChangeDossierStatus& c) { return DecideDossier(state, c); },
          [&](const SetMilestone& c) {
            return DecideDossier(state, c, context);
          },
          [&](const RecordMeasure& c) { return DecideDossier(state, c); },
          [&](const NotifyMeasure& c) {
            return DecideDossier(state, c, context);
          },
      },
      command);
}

void Apply(DirectiveState& state, const DirectiveEvent& event,
           const Change& change) {
  ++state.version;
  std::visit(Overloaded{
                 [&](const DirectiveRegistered& e) {
                   state.directive = e.directive;
                   state.created = state.directive_changed =
                       state.dossier_changed = change;
                 },
                 [&](const DirectiveUpdated& e) {
                   state.directive = e.directive;
                   state.directive_changed = change;
                 },
                 [&](const DossierAssigned& e) {
                   state.dossier = e.dossier;
                   state.dossier_changed = change;
                 },
                 [&](const DossierUpdated& e) {
                   state.dossier = e.dossier;
                   state.dossier_changed = change;
                 },
                 [&](const DossierStatusChanged& e) {
                   state.status = e.to;
                   state.status_reason = e.reason;
                   state.dossier_changed = change;
                 },
                 [&](const MilestoneSet& e) {
                   Upsert(state.milestones, e.milestone,
                          [](const Milestone& a, const Milestone& b) {
                            return a.kind == b.kind;
                          });
                   std::sort(state.milestones.begin(), state.milestones.end(),
                             [](const Milestone& a, const Milestone& b) {
                               return a.kind < b.kind;
                             });
                   state.dossier_changed = change;
                 },
                 [&](const MeasureRecorded& e) {
                   Upsert(state.measures, e.measure,
                          [](const Measure& a, const Measure& b) {
                            return a.id == b.id;
                          });
                   state.dossier_changed = change;
                 },
                 [&](const MeasureNotified& e) {
                   for (Measure& m : state.measures) {
                     if (m.id == e.measure_id) {
                       m.notification_date = e.date;
                       m.notification_scope = e.scope;
                     }
                   }
                   state.dossier_changed = change;
                 },
             },
             event);
}

absl::CivilDay FirstDeadline(const DirectiveInfo& directive) {
  absl::CivilDay first = directive.deadlines.empty()
                             ? absl::CivilDay::max()
                             : directive.deadlines.front().date;
  for (const TranspositionDeadline& d : directive.deadlines) {
    first = std::min(first, d.date);
  }
  return first;
}

bool IsOverdue(const DirectiveState& state, absl::CivilDay today) {
  if (!state.exists() || IsTransposed(state.status)) return false;
  return FirstDeadline(state.directive) < today;
}

int DaysOverdue(const DirectiveState& state, absl::CivilDay today) {
  if (!IsOverdue(state, today)) return 0;
  return static_cast<int>(today - FirstDeadline(state.directive));
}

}  // namespace transpo::domain
