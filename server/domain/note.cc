#include "server/domain/note.h"

#include <algorithm>
#include <map>
#include <string>
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

NoteBuilder::NoteBuilder(const NoteDays& days) : figures_(days.as_of) {
  note_.as_of = days.as_of;
  note_.since = days.since;
  note_.horizon = days.horizon;
  for (absl::CivilDay day : TrendDays(days.as_of)) trend_.emplace_back(day);
}

void NoteBuilder::AddDirective(const DirectiveState* now,
                               const DirectiveState* then,
                               absl::Span<const DirectiveState* const> trend) {
  for (size_t i = 0; i < trend.size() && i < trend_.size(); ++i) {
    if (trend[i] != nullptr) trend_[i].Add(*trend[i]);
  }
  if (now == nullptr) return;
  const DirectiveState& d = *now;
  figures_.Add(d);
  const absl::CivilDay as_of = note_.as_of;
  const bool overdue = IsOverdueOn(d, as_of);
  if (overdue) {
    const absl::CivilDay deadline = *OpenDeadline(d);
    note_.overdue.push_back(
        {d.directive.celex, d.directive.short_title, deadline, as_of - deadline,
         d.status, d.dossier.lead_administration, d.dossier.delay_cause,
         d.dossier.expected_completion});
  }
  // New: so on as_of and not on since (or not registered then).
  if (overdue && (then == nullptr || !IsOverdueOn(*then, note_.since))) {
    note_.changes.newly_overdue.push_back(d.directive.celex);
  }
  if (IsTransposedOn(d, as_of) &&
      (then == nullptr || !IsTransposedOn(*then, note_.since))) {
    note_.changes.newly_transposed.push_back(d.directive.celex);
  }
  if (!IsFollowed(d) || IsTransposed(d.status)) return;
  for (const TranspositionDeadline& t : d.directive.deadlines) {
    if (t.date <= as_of || t.date > note_.horizon) continue;
    note_.falling_due.push_back({d.directive.celex, d.directive.short_title,
                                 t.date, t.scope, t.date - as_of, d.status,
                                 d.dossier.lead_administration,
                                 d.dossier.expected_completion});
  }
}

void NoteBuilder::AddProcedure(const ProcedureState& p) {
  if (!p.exists()) return;
  Changes(p, note_.since, note_.changes);
  if (p.closed()) return;
  const Stage* stage = CurrentStage(p);
  NoteProcedure open{p.number, p.type, p.celex, std::nullopt, NextReplyDue(p)};
  if (stage != nullptr) open.stage = *stage;
  note_.procedures.push_back(std::move(open));
  // The latest amounts asked or imposed stand.
  for (auto s = p.stages.rbegin(); s != p.stages.rend(); ++s) {
    if (s->lump_sum_eur.has_value() || s->daily_penalty_eur.has_value()) {
      note_.exposure.lump_sum_eur += s->lump_sum_eur.value_or(0);
      note_.exposure.daily_penalty_eur += s->daily_penalty_eur.value_or(0);
      break;
    }
  }
}

void NoteBuilder::AddCourtCase(const CourtCaseState& c) {
  if (c.exists()) note_.court_cases.push_back(c);
}

Note NoteBuilder::Build() && {
  note_.figures = figures_.figures();
  for (const FiguresCounter& counter : trend_) {
    note_.trend.push_back({counter.day(), counter.figures()});
  }
  std::sort(note_.overdue.begin(), note_.overdue.end(),
            [](const OverdueDirective& a, const OverdueDirective& b) {
              return std::tie(a.deadline, a.celex) <
                     std::tie(b.deadline, b.celex);
            });
  std::sort(note_.falling_due.begin(), note_.falling_due.end(),
            [](const DueDeadline& a, const DueDeadline& b) {
              return std::tie(a.deadline, a.celex) <
                     std::tie(b.deadline, b.celex);
            });
  std::sort(note_.procedures.begin(), note_.procedures.end(),
            [](const NoteProcedure& a, const NoteProcedure& b) {
              const int ka = a.stage ? static_cast<int>(a.stage->kind) : -1;
              const int kb = b.stage ? static_cast<int>(b.stage->kind) : -1;
              return std::tie(kb, a.number) < std::tie(ka, b.number);
            });
  std::sort(note_.changes.new_steps.begin(), note_.changes.new_steps.end(),
            [](const ProcedureStep& a, const ProcedureStep& b) {
              return std::tie(a.stage.date, a.number) <
                     std::tie(b.stage.date, b.number);
            });
  std::sort(note_.changes.newly_transposed.begin(),
            note_.changes.newly_transposed.end());
  std::sort(note_.changes.newly_overdue.begin(),
            note_.changes.newly_overdue.end());
  return std::move(note_);
}

Note BuildNote(const NoteInput& input) {
  NoteBuilder builder({input.as_of, input.since, input.horizon});
  std::map<std::string, const DirectiveState*> then;
  for (const DirectiveState& d : input.directives_then) {
    then[d.directive.celex] = &d;
  }
  for (const DirectiveState& d : input.now.directives) {
    auto it = then.find(d.directive.celex);
    builder.AddDirective(&d, it == then.end() ? nullptr : it->second, {});
  }
  for (const ProcedureState& p : input.now.procedures) builder.AddProcedure(p);
  for (const CourtCaseState& c : input.now.court_cases) {
    builder.AddCourtCase(c);
  }
  Note note = std::move(builder).Build();
  note.trend = input.trend;
  return note;
}

}  // namespace transpo::domain
