#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/domain/calendar.h"
#include "server/domain/checks.h"
#include "server/domain/dossier_people.h"
#include "server/domain/dossier_rules.h"
#include "server/domain/field_error.h"
#include "server/domain/limits.h"

namespace transpo::domain {
namespace {

absl::Status CheckDossier(const DossierInfo& d) {
  absl::Status s = CheckText("dossier.lead_administration",
                             d.lead_administration, false, kMaxNameBytes);
  if (s.ok()) {
    s = CheckNames("dossier.involved_administrations",
                   d.involved_administrations, kMaxAdministrations);
  }
  if (s.ok()) {
    s = CheckNames("dossier.correspondents", d.correspondents, kMaxPeople);
  }
  if (s.ok()) s = CheckNames("dossier.experts", d.experts, kMaxPeople);
  if (s.ok()) {
    s = CheckText("dossier.responsible_minister", d.responsible_minister, false,
                  kMaxNameBytes);
  }
  if (s.ok()) {
    s = CheckText("dossier.delay_cause", d.delay_cause, false, kMaxTextBytes);
  }
  return s;
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
    case S::kAssigned:
    case S::kPartiallyNotified:
    case S::kNotified:
      return false;
  }
  return false;
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

const Measure* FindMeasure(const DirectiveState& state, absl::string_view id) {
  for (const Measure& m : state.measures) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

absl::Status CheckMeasureId(absl::string_view field, absl::string_view id) {
  if (id.empty() || id.size() > kMaxMeasureIdBytes ||
      !std::all_of(id.begin(), id.end(), [](char ch) {
        return absl::ascii_isalnum(ch) || ch == '-' || ch == '_' || ch == '.';
      })) {
    return FieldError(field, id, "1 to 64 letters, digits, '-', '_' or '.'");
  }
  return absl::OkStatus();
}

absl::Status CheckMeasure(const Measure& m) {
  absl::Status s = CheckMeasureId("measure.id", m.id);
  if (s.ok()) s = CheckText("measure.title", m.title, true, kMaxTextBytes);
  if (s.ok()) {
    s = CheckText("measure.act_type", m.act_type, true, kMaxNameBytes);
  }
  if (s.ok()) {
    s = CheckText("measure.reference", m.reference, false, kMaxTextBytes);
  }
  if (s.ok()) {
    s = CheckText("measure.correlation_table", m.correlation_table, false,
                  kMaxTextBytes);
  }
  if (s.ok()) s = CheckNames("measure.covers", m.covers, kMaxCovers);
  if (!s.ok()) return s;
  if (m.adoption_date && m.publication_date &&
      *m.publication_date < *m.adoption_date) {
    return FieldError("measure.publication_date",
                      FormatDate(*m.publication_date),
                      absl::StrCat("before the adoption date ",
                                   FormatDate(*m.adoption_date)));
  }
  return absl::OkStatus();
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

bool IsTransposed(DossierStatus status) {
  return status == DossierStatus::kNotified ||
         status == DossierStatus::kClosed ||
         status == DossierStatus::kNotApplicable;
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

absl::StatusOr<DirectiveEvents> DecideDossier(const DirectiveState& state,
                                              const AssignDossier& c,
                                              const DecideContext& context) {
  if (IsTerminal(state.status)) return Terminal(state, "assign it");
  if (absl::StripAsciiWhitespace(c.dossier.lead_administration).empty()) {
    return FieldError("dossier.lead_administration", "required");
  }
  absl::Status valid = CheckDossier(c.dossier);
  if (valid.ok()) {
    valid = CheckPeopleIds(
        c.dossier,
        {"lead_administration", "involved_administrations", "correspondents"},
        context.administration);
  }
  if (!valid.ok()) return valid;
  DirectiveEvents events{DossierAssigned{c.dossier}};
  if (state.status == DossierStatus::kRegistered) {
    events.push_back(
        DossierStatusChanged{state.status, DossierStatus::kAssigned, ""});
  }
  return events;
}

absl::StatusOr<DirectiveEvents> DecideDossier(const DirectiveState& state,
                                              const UpdateDossier& c,
                                              const DecideContext& context) {
  if (state.status == DossierStatus::kClosed) {
    return Terminal(state, "update it");
  }
  absl::Status mask =
      CheckMask(c.fields,
                {"lead_administration", "involved_administrations",
                 "correspondents", "experts", "responsible_minister",
                 "expected_completion_date", "delay_cause"},
                "");
  if (!mask.ok()) return mask;
  DossierInfo next = state.dossier;
  const DossierInfo& in = c.dossier;
  for (const std::string& f : c.fields) {
    if (f == "lead_administration") {
      next.lead_administration = in.lead_administration;
    } else if (f == "involved_administrations") {
      next.involved_administrations = in.involved_administrations;
    } else if (f == "correspondents") {
      next.correspondents = in.correspondents;
    } else if (f == "experts") {
      next.experts = in.experts;
    } else if (f == "responsible_minister") {
      next.responsible_minister = in.responsible_minister;
    } else if (f == "expected_completion_date") {
      next.expected_completion = in.expected_completion;
    } else if (f == "delay_cause") {
      next.delay_cause = in.delay_cause;
    }
  }
  if (state.status != DossierStatus::kRegistered &&
      absl::StripAsciiWhitespace(next.lead_administration).empty()) {
    return FieldError("dossier.lead_administration",
                      "required once the dossier is assigned");
  }
  absl::Status valid = CheckDossier(next);
  if (valid.ok()) {
    valid = CheckPeopleIds(next, c.fields, context.administration);
  }
  if (!valid.ok()) return valid;
  return DirectiveEvents{DossierUpdated{std::move(next)}};
}

absl::StatusOr<DirectiveEvents> DecideDossier(const DirectiveState& state,
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
  absl::Status reason = CheckText("reason", c.reason, false, kMaxTextBytes);
  if (!reason.ok()) return reason;
  return DirectiveEvents{DossierStatusChanged{state.status, c.to, c.reason}};
}

absl::StatusOr<DirectiveEvents> DecideDossier(const DirectiveState& state,
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
  return DirectiveEvents{MilestoneSet{m}};
}

absl::StatusOr<DirectiveEvents> DecideDossier(const DirectiveState& state,
                                              const RecordMeasure& c) {
  if (IsTerminal(state.status)) return Terminal(state, "record a measure");
  Measure m = c.measure;
  m.notification_date.reset();
  m.notification_scope.reset();
  absl::Status valid = CheckMeasure(m);
  if (!valid.ok()) return valid;
  const Measure* existing = FindMeasure(state, m.id);
  if (existing == nullptr && state.measures.size() >= kMaxMeasures) {
    return FieldError("measure.id", m.id,
                      absl::StrCat("the dossier already has ", kMaxMeasures,
                                   " measures, the most it may hold"));
  }
  if (existing != nullptr && existing->notification_date.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("measure \"", QuoteValue(m.id), "\" was notified on ",
                     FormatDate(*existing->notification_date),
                     ": it can no longer change (record a new measure)"));
  }
  return DirectiveEvents{MeasureRecorded{std::move(m)}};
}

absl::StatusOr<DirectiveEvents> DecideDossier(const DirectiveState& state,
                                              const NotifyMeasure& c,
                                              const DecideContext& context) {
  const Measure* m = FindMeasure(state, c.measure_id);
  if (m == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("measure \"", QuoteValue(c.measure_id),
                     "\" not found in dossier ", state.directive.celex));
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
  DirectiveEvents events{MeasureNotified{c.measure_id, c.date, c.scope}};
  const S to = c.scope == NotificationScope::kFull ? S::kNotified
                                                   : S::kPartiallyNotified;
  if (to != state.status) {
    events.push_back(DossierStatusChanged{state.status, to, ""});
  }
  return events;
}

}  // namespace transpo::domain
