#include "server/domain/note.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "server/domain/calendar.h"
#include "server/domain/field_error.h"
#include "server/domain/key_figures.h"

namespace transpo::domain {
namespace {

bool IsOverdueOn(const DirectiveState& state, absl::CivilDay day) {
  std::optional<absl::CivilDay> deadline = OpenDeadline(state);
  return deadline.has_value() && *deadline < day;
}

std::set<std::string> Celexes(const std::vector<DirectiveState>& directives,
                              bool (*keep)(const DirectiveState&,
                                           absl::CivilDay),
                              absl::CivilDay day) {
  std::set<std::string> out;
  for (const DirectiveState& d : directives) {
    if (keep(d, day)) out.insert(d.directive.celex);
  }
  return out;
}

bool IsTransposedOn(const DirectiveState& state, absl::CivilDay) {
  return IsFollowed(state) && IsTransposed(state.status);
}

// The stages of `now` dated after `since`, and its closure if after it.
void Changes(const ProcedureState& now, absl::CivilDay since,
             NoteChanges& changes) {
  for (const Stage& stage : now.stages) {
    if (stage.date > since) changes.new_steps.push_back({now.number, stage});
  }
  if (now.closed() && *now.closed_on > since) {
    changes.closures.push_back(
        {now.number, *now.closed_on, now.closure_reason});
  }
}

// `months` after `day` (before if negative), on the same day of the month
// or the last day of a shorter month.
absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
  return std::min(absl::CivilDay(month) + (day.day() - 1), last);
}

}  // namespace

void FiguresCounter::Add(const DirectiveState& d) {
  if (!IsFollowed(d)) return;
  ++figures_.followed;
  if (IsTransposed(d.status)) {
    ++figures_.transposed;
    std::optional<absl::CivilDay> on = TransposedOn(d);
    if (on.has_value() && *on <= FirstDeadline(d.directive)) {
      ++figures_.transposed_on_time;
    }
  }
  if (IsOverdueOn(d, day_)) {
    ++figures_.overdue;
    if (OverdueTwoYearsOrMore(*OpenDeadline(d), day_)) {
      ++figures_.overdue_two_years;
    }
  }
}

NoteFigures FiguresCounter::figures() const {
  NoteFigures f = figures_;
  f.deficit =
      Deficit(static_cast<size_t>(f.overdue), static_cast<size_t>(f.followed));
  return f;
}

std::vector<absl::CivilDay> TrendDays(absl::CivilDay as_of) {
  std::vector<absl::CivilDay> days;
  const absl::CivilMonth month(as_of);
  for (int back = 11; back >= 1; --back) {
    days.push_back(absl::CivilDay(month - back + 1) - 1);
  }
  days.push_back(as_of);
  return days;
}

absl::StatusOr<NoteDays> CheckNoteDays(std::optional<absl::CivilDay> as_of,
                                       std::optional<absl::CivilDay> since,
                                       std::optional<absl::CivilDay> horizon,
                                       absl::CivilDay today) {
  NoteDays days;
  days.as_of = as_of.value_or(today);
  if (days.as_of > today) {
    return FieldError("as_of_date", FormatDate(days.as_of),
                      absl::StrCat("after today (", FormatDate(today),
                                   "): a note tells what was recorded"));
  }
  days.since = since.value_or(AddMonths(days.as_of, -2));
  if (days.since >= days.as_of) {
    return FieldError(
        "since_date", FormatDate(days.since),
        absl::StrCat("not before as_of_date (", FormatDate(days.as_of), ")"));
  }
  days.horizon = horizon.value_or(AddMonths(days.as_of, 2));
  if (days.horizon <= days.as_of) {
    return FieldError(
        "horizon_date", FormatDate(days.horizon),
        absl::StrCat("not after as_of_date (", FormatDate(days.as_of), ")"));
  }
  return days;
}

absl::StatusOr<NoteDays> YearlyReportDays(int year, absl::CivilDay today) {
  constexpr int kFirstYear = 1958;  // the EEC's first directives
  if (year < kFirstYear || year > today.year()) {
    return FieldError("year", absl::StrCat(year),
                      absl::StrCat("not from ", kFirstYear, " to this year (",
                                   today.year(), ")"));
  }
  NoteDays days;
  days.as_of = std::min(absl::CivilDay(year, 12, 31), today);
  days.since = absl::CivilDay(year - 1, 12, 31);
  days.horizon = AddMonths(days.as_of, 6);
  return days;
}

std::optional<absl::CivilDay> TransposedOn(const DirectiveState& state) {
  if (!IsTransposed(state.status)) return std::nullopt;
  std::optional<absl::CivilDay> first;
  for (const Measure& m : state.measures) {
    if (m.notification_scope != NotificationScope::kFull ||
        !m.notification_date.has_value()) {
      continue;
    }
    if (!first.has_value() || *m.notification_date < *first) {
      first = m.notification_date;
    }
  }
  return first;
}

Note BuildNote(const NoteInput& input) {
  Note note;
  note.as_of = input.as_of;
  note.since = input.since;
  note.horizon = input.horizon;
  FiguresCounter figures(input.as_of);
  for (const DirectiveState& d : input.now.directives) figures.Add(d);
  note.figures = figures.figures();
  note.trend = input.trend;

  for (const DirectiveState& d : input.now.directives) {
    if (IsOverdueOn(d, input.as_of)) {
      const absl::CivilDay deadline = *OpenDeadline(d);
      note.overdue.push_back(
          {d.directive.celex, d.directive.short_title, deadline,
           input.as_of - deadline, d.status, d.dossier.lead_administration,
           d.dossier.delay_cause, d.dossier.expected_completion});
    }
    if (!IsFollowed(d) || IsTransposed(d.status)) continue;
    for (const TranspositionDeadline& t : d.directive.deadlines) {
      if (t.date <= input.as_of || t.date > input.horizon) continue;
      note.falling_due.push_back({d.directive.celex, d.directive.short_title,
                                  t.date, t.scope, t.date - input.as_of,
                                  d.status, d.dossier.lead_administration,
                                  d.dossier.expected_completion});
    }
  }
  std::sort(note.overdue.begin(), note.overdue.end(),
            [](const OverdueDirective& a, const OverdueDirective& b) {
              return std::tie(a.deadline, a.celex) <
                     std::tie(b.deadline, b.celex);
            });
  std::sort(note.falling_due.begin(), note.falling_due.end(),
            [](const DueDeadline& a, const DueDeadline& b) {
              return std::tie(a.deadline, a.celex) <
                     std::tie(b.deadline, b.celex);
            });

  for (const ProcedureState& p : input.now.procedures) {
    if (!p.exists()) continue;
    Changes(p, input.since, note.changes);
    if (p.closed()) continue;
    const Stage* stage = CurrentStage(p);
    NoteProcedure open{p.number, p.type, p.celex, std::nullopt,
                       NextReplyDue(p)};
    if (stage != nullptr) open.stage = *stage;
    note.procedures.push_back(std::move(open));
    // The latest amounts asked or imposed stand.
    for (auto s = p.stages.rbegin(); s != p.stages.rend(); ++s) {
      if (s->lump_sum_eur.has_value() || s->daily_penalty_eur.has_value()) {
        note.exposure.lump_sum_eur += s->lump_sum_eur.value_or(0);
        note.exposure.daily_penalty_eur += s->daily_penalty_eur.value_or(0);
        break;
      }
    }
  }
  std::sort(note.procedures.begin(), note.procedures.end(),
            [](const NoteProcedure& a, const NoteProcedure& b) {
              const int ka = a.stage ? static_cast<int>(a.stage->kind) : -1;
              const int kb = b.stage ? static_cast<int>(b.stage->kind) : -1;
              return std::tie(kb, a.number) < std::tie(ka, b.number);
            });
  std::sort(note.changes.new_steps.begin(), note.changes.new_steps.end(),
            [](const ProcedureStep& a, const ProcedureStep& b) {
              return std::tie(a.stage.date, a.number) <
                     std::tie(b.stage.date, b.number);
            });

  const std::set<std::string> transposed_now =
      Celexes(input.now.directives, IsTransposedOn, input.as_of);
  const std::set<std::string> transposed_then =
      Celexes(input.directives_then, IsTransposedOn, input.since);
  std::set_difference(transposed_now.begin(), transposed_now.end(),
                      transposed_then.begin(), transposed_then.end(),
                      std::back_inserter(note.changes.newly_transposed));
  const std::set<std::string> overdue_now =
      Celexes(input.now.directives, IsOverdueOn, input.as_of);
  const std::set<std::string> overdue_then =
      Celexes(input.directives_then, IsOverdueOn, input.since);
  std::set_difference(overdue_now.begin(), overdue_now.end(),
                      overdue_then.begin(), overdue_then.end(),
                      std::back_inserter(note.changes.newly_overdue));

  for (const CourtCaseState& c : input.now.court_cases) {
    if (c.exists()) note.court_cases.push_back(c);
  }
  return note;
}

}  // namespace transpo::domain
