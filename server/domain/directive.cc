#include "server/domain/directive.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/domain/field_error.h"
#include "server/domain/identifiers.h"

namespace transpo {
namespace {

constexpr size_t kMaxText = 2000;

// Overloaded lambdas for std::visit.
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

using Events = std::vector<DirectiveEvent>;

absl::Status CheckText(absl::string_view field, const std::string& text,
                       bool required) {
  if (required && absl::StripAsciiWhitespace(text).empty()) {
    return FieldError(field, "required");
  }
  if (text.size() > kMaxText) {
    return FieldError(field, absl::StrCat(text.substr(0, 40), "..."),
                      absl::StrCat("longer than ", kMaxText, " characters"));
  }
  return absl::OkStatus();
}

absl::Status CheckDirective(const DirectiveInfo& d) {
  absl::Status s = ValidateCelex("directive.celex", d.celex);
  if (s.ok()) s = CheckText("directive.short_title", d.short_title, true);
  if (s.ok()) s = CheckText("directive.title", d.title, false);
  if (s.ok()) s = CheckText("directive.oj_reference", d.oj_reference, false);
  if (s.ok()) s = CheckText("directive.policy_area", d.policy_area, false);
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
                  d.deadlines[i].scope, false);
    if (!scope.ok()) return scope;
  }
  return absl::OkStatus();
}

absl::Status CheckDossier(const DossierInfo& d) {
  absl::Status s =
      CheckText("dossier.lead_administration", d.lead_administration, false);
  if (s.ok())
    s = CheckText("dossier.responsible_minister", d.responsible_minister,
                  false);
  if (s.ok()) s = CheckText("dossier.delay_cause", d.delay_cause, false);
  return s;
}

absl::Status NotFound(const DirectiveState& state) {
  return absl::NotFoundError("directive not found");
}

absl::Status Terminal(const DirectiveState& state, absl::string_view what) {
  return absl::FailedPreconditionError(
      absl::StrCat("dossier ", state.directive.celex, " is ",
                   DossierStatusName(state.status), ": cannot ", what));
}

bool IsTerminal(DossierStatus s) {
  return s == DossierStatus::kClosed || s == DossierStatus::kNotApplicable;
}

// The transitions ChangeDossierStatus may make. Assignment and notification
// have their own commands.
bool Allowed(DossierStatus from, DossierStatus to) {
  using S = DossierStatus;
  switch (to) {
    case S::kDrafting:
      return from == S::kAssigned || from == S::kPartiallyNotified;
    case S::kAdopted:
      return from == S::kDrafting || from == S::kPartiallyNotified;
    case S::kClosed:
      return from == S::kNotified;
    case S::kNotApplicable:
      return from == S::kRegistered || from == S::kAssigned ||
             from == S::kDrafting;
    case S::kRegistered:
      return from == S::kNotApplicable;  // reopened
    default:
      return false;
  }
}

const char* Hint(DossierStatus to) {
  switch (to) {
    case DossierStatus::kAssigned:
      return " (use AssignDossier)";
    case DossierStatus::kPartiallyNotified:
    case DossierStatus::kNotified:
      return " (use NotifyMeasure)";
    default:
      return "";
  }
}

template <typename Info>
absl::Status CheckMask(const std::set<std::string>& fields,
                       std::initializer_list<const char*> allowed,
                       absl::string_view immutable) {
  if (fields.empty())
    return FieldError("update_mask", "names no field to update");
  for (const std::string& field : fields) {
    if (field == immutable)
      return FieldError("update_mask", field, "cannot be changed");
    if (std::none_of(allowed.begin(), allowed.end(),
                     [&](const char* a) { return field == a; })) {
      return FieldError("update_mask", field,
                        absl::StrCat("unknown field (one of ",
                                     absl::StrJoin(allowed, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Events> DecideUpdateDirective(const DirectiveState& state,
                                             const UpdateDirective& c) {
  absl::Status mask = CheckMask<DirectiveInfo>(
      c.fields,
      {"short_title", "title", "oj_reference", "adoption_date", "deadlines",
       "policy_area", "competence"},
      "celex");
  if (!mask.ok()) return mask;
  DirectiveInfo next = state.directive;
  const DirectiveInfo& in = c.directive;
  for (const std::string& f : c.fields) {
    if (f == "short_title") next.short_title = in.short_title;
    if (f == "title") next.title = in.title;
    if (f == "oj_reference") next.oj_reference = in.oj_reference;
    if (f == "adoption_date") next.adoption_date = in.adoption_date;
    if (f == "deadlines") next.deadlines = in.deadlines;
    if (f == "policy_area") next.policy_area = in.policy_area;
    if (f == "competence") next.competence = in.competence;
  }
  absl::Status valid = CheckDirective(next);
  if (!valid.ok()) return valid;
  return Events{DirectiveUpdated{std::move(next)}};
}

absl::StatusOr<Events> DecideUpdateDossier(const DirectiveState& state,
                                           const UpdateDossier& c) {
  if (state.status == DossierStatus::kClosed)
    return Terminal(state, "update it");
  absl::Status mask = CheckMask<DossierInfo>(
      c.fields,
      {"lead_administration", "involved_administrations", "correspondents",
       "experts", "responsible_minister", "expected_completion_date",
       "delay_cause"},
      "");
  if (!mask.ok()) return mask;
  DossierInfo next = state.dossier;
  const DossierInfo& in = c.dossier;
  for (const std::string& f : c.fields) {
    if (f == "lead_administration")
      next.lead_administration = in.lead_administration;
    if (f == "involved_administrations")
      next.involved_administrations = in.involved_administrations;
    if (f == "correspondents") next.correspondents = in.correspondents;
    if (f == "experts") next.experts = in.experts;
    if (f == "responsible_minister")
      next.responsible_minister = in.responsible_minister;
    if (f == "expected_completion_date")
      next.expected_completion = in.expected_completion;
    if (f == "delay_cause") next.delay_cause = in.delay_cause;
  }
  if (state.status != DossierStatus::kRegistered &&
      absl::StripAsciiWhitespace(next.lead_administration).empty()) {
    return FieldError("dossier.lead_administration",
                      "required once the dossier is assigned");
  }
  absl::Status valid = CheckDossier(next);
  if (!valid.ok()) return valid;
  return Events{DossierUpdated{std::move(next)}};
}

absl::StatusOr<Events> DecideAssign(const DirectiveState& state,
                                    const AssignDossier& c) {
  if (IsTerminal(state.status)) return Terminal(state, "assign it");
  if (absl::StripAsciiWhitespace(c.dossier.lead_administration).empty()) {
    return FieldError("dossier.lead_administration", "required");
  }
  absl::Status valid = CheckDossier(c.dossier);
  if (!valid.ok()) return valid;
  Events events{DossierAssigned{c.dossier}};
  if (state.status == DossierStatus::kRegistered) {
    events.push_back(
        DossierStatusChanged{state.status, DossierStatus::kAssigned, ""});
  }
  return events;
}

absl::StatusOr<Events> DecideStatus(const DirectiveState& state,
                                    const ChangeDossierStatus& c) {
  if (!Allowed(state.status, c.to)) {
    return absl::FailedPreconditionError(
        absl::StrCat("dossier ", state.directive.celex, ": cannot go from ",
                     DossierStatusName(state.status), " to ",
                     DossierStatusName(c.to), Hint(c.to)));
  }
  if (c.to == DossierStatus::kNotApplicable &&
      absl::StripAsciiWhitespace(c.reason).empty()) {
    return FieldError("reason", "required when a dossier is not applicable");
  }
  absl::Status reason = CheckText("reason", c.reason, false);
  if (!reason.ok()) return reason;
  return Events{DossierStatusChanged{state.status, c.to, c.reason}};
}

absl::StatusOr<Events> DecideMilestone(const DirectiveState& state,
                                       const SetMilestone& c,
                                       const DecideContext& context) {
  if (IsTerminal(state.status)) return Terminal(state, "plan it");
  const Milestone& m = c.milestone;
  if (!m.planned.has_value() && !m.actual.has_value()) {
    return FieldError("milestone", "needs a planned_date or an actual_date");
  }
  if (m.actual.has_value() && *m.actual > context.today) {
    return FieldError("milestone.actual_date", FormatDate(*m.actual),
                      "is in the future");
  }
  return Events{MilestoneSet{m}};
}

const Measure* FindMeasure(const DirectiveState& state, absl::string_view id) {
  for (const Measure& m : state.measures) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

absl::Status CheckMeasureId(absl::string_view field, absl::string_view id) {
  if (id.empty() || id.size() > 64 ||
      !std::all_of(id.begin(), id.end(), [](char ch) {
        return absl::ascii_isalnum(ch) || ch == '-' || ch == '_' || ch == '.';
      })) {
    return FieldError(field, id, "1 to 64 letters, digits, '-', '_' or '.'");
  }
  return absl::OkStatus();
}

absl::StatusOr<Events> DecideMeasure(const DirectiveState& state,
                                     const RecordMeasure& c) {
  if (IsTerminal(state.status)) return Terminal(state, "record a measure");
  Measure m = c.measure;
  m.notification_date.reset();
  m.notification_scope.reset();
  absl::Status s = CheckMeasureId("measure.id", m.id);
  if (s.ok()) s = CheckText("measure.title", m.title, true);
  if (s.ok()) s = CheckText("measure.act_type", m.act_type, true);
  if (s.ok()) s = CheckText("measure.reference", m.reference, false);
  if (!s.ok()) return s;
  if (m.adoption_date && m.publication_date &&
      *m.publication_date < *m.adoption_date) {
    return FieldError("measure.publication_date",
                      FormatDate(*m.publication_date),
                      absl::StrCat("before the adoption date ",
                                   FormatDate(*m.adoption_date)));
  }
  if (const Measure* existing = FindMeasure(state, m.id);
      existing != nullptr && existing->notification_date.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("measure \"", m.id, "\" was notified on ",
                     FormatDate(*existing->notification_date),
                     ": it can no longer change (record a new measure)"));
  }
  return Events{MeasureRecorded{std::move(m)}};
}

absl::StatusOr<Events> DecideNotify(const DirectiveState& state,
                                    const NotifyMeasure& c,
                                    const DecideContext& context) {
  const Measure* m = FindMeasure(state, c.measure_id);
  if (m == nullptr) {
    return absl::NotFoundError(absl::StrCat("measure \"", c.measure_id,
                                            "\" not found in dossier ",
                                            state.directive.celex));
  }
  using S = DossierStatus;
  if (state.status != S::kAssigned && state.status != S::kDrafting &&
      state.status != S::kAdopted && state.status != S::kPartiallyNotified) {
    return Terminal(state, "notify a measure");
  }
  if (m->notification_date.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("measure \"", m->id, "\" was already notified on ",
                     FormatDate(*m->notification_date)));
  }
  if (c.date > context.today) {
    return FieldError("notification_date", FormatDate(c.date),
                      "is in the future");
  }
  const std::optional<absl::CivilDay> since =
      m->publication_date.has_value() ? m->publication_date : m->adoption_date;
  if (since.has_value() && c.date < *since) {
    return FieldError(
        "notification_date", FormatDate(c.date),
        absl::StrCat("before the measure's publication or adoption, ",
                     FormatDate(*since)));
  }
  Events events{MeasureNotified{c.measure_id, c.date, c.scope}};
  const S to = c.scope == NotificationScope::kFull ? S::kNotified
                                                   : S::kPartiallyNotified;
  if (to != state.status)
    events.push_back(DossierStatusChanged{state.status, to, ""});
  return events;
}

}  // namespace

const char* DossierStatusName(DossierStatus status) {
  switch (status) {
    case DossierStatus::kRegistered:
      return "registered";
    case DossierStatus::kAssigned:
      return "assigned";
    case DossierStatus::kDrafting:
      return "drafting";
    case DossierStatus::kAdopted:
      return "adopted";
    case DossierStatus::kPartiallyNotified:
      return "partially notified";
    case DossierStatus::kNotified:
      return "notified";
    case DossierStatus::kClosed:
      return "closed";
    case DossierStatus::kNotApplicable:
      return "not applicable";
  }
  return "unknown";
}

const char* MilestoneName(MilestoneKind kind) {
  switch (kind) {
    case MilestoneKind::kDraft:
      return "draft";
    case MilestoneKind::kFirstReading:
      return "first reading in government";
    case MilestoneKind::kCouncilOfStateAdvice:
      return "Council of State advice";
    case MilestoneKind::kAdoption:
      return "adoption";
    case MilestoneKind::kPublication:
      return "publication";
  }
  return "unknown";
}

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
    return Events{DirectiveRegistered{c->directive}};
  }
  if (!state.exists()) return NotFound(state);
  return std::visit(
      Overloaded{
          [&](const RegisterDirective&) -> absl::StatusOr<Events> {
            return Events{};
          },
          [&](const UpdateDirective& c) {
            return DecideUpdateDirective(state, c);
          },
          [&](const AssignDossier& c) { return DecideAssign(state, c); },
          [&](const UpdateDossier& c) { return DecideUpdateDossier(state, c); },
          [&](const ChangeDossierStatus& c) { return DecideStatus(state, c); },
          [&](const SetMilestone& c) {
            return DecideMilestone(state, c, context);
          },
          [&](const RecordMeasure& c) { return DecideMeasure(state, c); },
          [&](const NotifyMeasure& c) {
            return DecideNotify(state, c, context);
          },
      },
      command);
}

void Apply(DirectiveState& state, const DirectiveEvent& event,
           const Change& change) {
  ++state.version;
  std::visit(
      Overloaded{
          [&](const DirectiveRegistered& e) {
            state.directive = e.directive;
            state.created = state.directive_changed = state.dossier_changed =
                change;
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
            auto it = std::find_if(
                state.milestones.begin(), state.milestones.end(),
                [&](const Milestone& m) { return m.kind == e.milestone.kind; });
            if (it == state.milestones.end()) {
              state.milestones.push_back(e.milestone);
            } else {
              *it = e.milestone;
            }
            std::sort(state.milestones.begin(), state.milestones.end(),
                      [](const Milestone& a, const Milestone& b) {
                        return a.kind < b.kind;
                      });
            state.dossier_changed = change;
          },
          [&](const MeasureRecorded& e) {
            auto it = std::find_if(
                state.measures.begin(), state.measures.end(),
                [&](const Measure& m) { return m.id == e.measure.id; });
            if (it == state.measures.end()) {
              state.measures.push_back(e.measure);
            } else {
              *it = e.measure;
            }
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
  for (const TranspositionDeadline& d : directive.deadlines)
    first = std::min(first, d.date);
  return first;
}

bool IsOverdue(const DirectiveState& state, absl::CivilDay today) {
  using S = DossierStatus;
  if (!state.exists() || state.status == S::kNotified ||
      state.status == S::kClosed || state.status == S::kNotApplicable) {
    return false;
  }
  return FirstDeadline(state.directive) < today;
}

int DaysOverdue(const DirectiveState& state, absl::CivilDay today) {
  if (!IsOverdue(state, today)) return 0;
  return static_cast<int>(today - FirstDeadline(state.directive));
}

}  // namespace transpo
