// The content of the two-monthly note to the Brussels Government
// (../shared/DESIGN.md, "Reports"): what stood on `as_of`, what changed
// since the previous note (`since`), and what falls due before the next one
// (`horizon`). Built from the states as of both days, so the note of a past
// day never changes when later events are recorded. Rendering (languages,
// formats) is not here: only figures, dates and the words recorded.
//
// Thread-safety: plain values and pure functions.
//
// Example:
//   Note note = BuildNote({.as_of = D(2026, 3, 1), .since = D(2026, 1, 1),
//                          .horizon = D(2026, 5, 1), .now = ...,
//                          .directives_then = ...});

#ifndef TRANSPO_SERVER_DOMAIN_NOTE_H_
#define TRANSPO_SERVER_DOMAIN_NOTE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "server/domain/court_case.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"

namespace transpo::domain {

// Everything registered, as it stood on one day.
struct NoteStates {
  std::vector<DirectiveState> directives;
  std::vector<ProcedureState> procedures;
  std::vector<CourtCaseState> court_cases;
};

// key_figures.h's definitions, on one day.
struct NoteFigures {
  int64_t followed = 0;
  int64_t transposed = 0;          // followed and notified in full (or closed)
  int64_t transposed_on_time = 0;  // of those, by the first deadline
  int64_t overdue = 0;
  int64_t overdue_two_years = 0;
  double deficit = 0;
};

// The key figures on `day`, counted one directive at a time from the states
// as of that day's end (so a caller need not hold them all).
class FiguresCounter {
 public:
  explicit FiguresCounter(absl::CivilDay day) : day_(day) {}
  void Add(const DirectiveState& state);
  NoteFigures figures() const;
  absl::CivilDay day() const { return day_; }

 private:
  absl::CivilDay day_;
  NoteFigures figures_;
};

// The figures on one day of a note's trend.
struct TrendPoint {
  absl::CivilDay day;
  NoteFigures figures;
};

// The days of a note's trend, the twelve months to as_of: the last days of
// the eleven months before as_of's, then as_of.
std::vector<absl::CivilDay> TrendDays(absl::CivilDay as_of);

struct NoteDays {
  absl::CivilDay as_of;
  absl::CivilDay since;
  absl::CivilDay horizon;
};

struct NoteInput {
  absl::CivilDay as_of;
  absl::CivilDay since;    // before as_of
  absl::CivilDay horizon;  // after as_of
  NoteStates now;          // as of the end of as_of
  // As of the end of since (procedure steps and closures are dated: the
  // procedures of `now` tell them).
  std::vector<DirectiveState> directives_then;
  // On each of TrendDays(as_of), counted by the caller (FiguresCounter).
  std::vector<TrendPoint> trend;
};

struct OverdueDirective {
  std::string celex;
  std::string short_title;
  absl::CivilDay deadline;  // the first
  int64_t days_overdue = 0;
  DossierStatus status = DossierStatus::kRegistered;
  std::string lead_administration;  // empty: not assigned
  std::string delay_cause;
  std::optional<absl::CivilDay> expected_completion;  // ETA
};

// A deadline of a directive not transposed, from the day after as_of to the
// horizon.
struct DueDeadline {
  std::string celex;
  std::string short_title;
  absl::CivilDay deadline;
  std::string scope;  // empty: the whole directive
  int64_t days_left = 0;
  DossierStatus status = DossierStatus::kRegistered;
  std::string lead_administration;
  std::optional<absl::CivilDay> expected_completion;
};

struct NoteProcedure {
  std::string number;
  ProcedureType type = ProcedureType::kNonCommunication;
  std::vector<std::string> celex;
  std::optional<Stage> stage;  // the current one
  std::optional<absl::CivilDay> next_reply_due;
};

struct ProcedureStep {
  std::string number;
  Stage stage;
};

struct ClosedProcedure {
  std::string number;
  absl::CivilDay date;
  std::string reason;
};

// Newly transposed or overdue: so on as_of and not on since (a directive
// registered in between counts as new).
struct NoteChanges {
  std::vector<std::string> newly_transposed;  // CELEX numbers
  std::vector<std::string> newly_overdue;
  std::vector<ProcedureStep> new_steps;  // stages dated after since
  std::vector<ClosedProcedure> closures;
};

// Amounts the Court was asked for or imposed (Art 260 TFEU), in euros, in
// the open procedures.
struct FinancialExposure {
  int64_t lump_sum_eur = 0;
  int64_t daily_penalty_eur = 0;
};

struct Note {
  absl::CivilDay as_of;
  absl::CivilDay since;
  absl::CivilDay horizon;
  NoteFigures figures;
  std::vector<TrendPoint> trend;          // the twelve months to as_of
  std::vector<OverdueDirective> overdue;  // the longest overdue first
  std::vector<DueDeadline> falling_due;   // by date
  // The most advanced stage first, then by number.
  std::vector<NoteProcedure> procedures;
  NoteChanges changes;
  std::vector<CourtCaseState> court_cases;  // registered by as_of
  FinancialExposure exposure;
};

// A note from the states given one directive at a time (a note over a large
// log never holds them all): each directive once, as of the end of as_of,
// of since and of each of TrendDays(as_of) (nullptr: not registered then).
//
// Example:
//   NoteBuilder builder(days);
//   builder.AddDirective(&now, &then, trend);  // for each directive
//   builder.AddProcedure(procedure);           // as of the end of as_of
//   Note note = std::move(builder).Build();
class NoteBuilder {
 public:
  explicit NoteBuilder(const NoteDays& days);

  void AddDirective(const DirectiveState* now, const DirectiveState* then,
                    absl::Span<const DirectiveState* const> trend);
  void AddProcedure(const ProcedureState& now);
  void AddCourtCase(const CourtCaseState& now);

  Note Build() &&;

 private:
  Note note_;
  FiguresCounter figures_;
  std::vector<FiguresCounter> trend_;
};

// The note of `input`, its trend as given (NoteBuilder counts it when given
// the states).
Note BuildNote(const NoteInput& input);

// The days of a note: checked, with the defaults for those not given (the
// previous note two months before as_of, the next two months after it, to
// the same day of the month or its last day). InvalidArgument (FieldError
// naming as_of_date, since_date or horizon_date) unless since < as_of <=
// today and as_of < horizon.
absl::StatusOr<NoteDays> CheckNoteDays(std::optional<absl::CivilDay> as_of,
                                       std::optional<absl::CivilDay> since,
                                       std::optional<absl::CivilDay> horizon,
                                       absl::CivilDay today);

// The days of the yearly report of `year`: as of its last day (today for
// this year), since the previous year's last day, to six months after.
// InvalidArgument (FieldError naming year) before 1958 or after today's year.
absl::StatusOr<NoteDays> YearlyReportDays(int year, absl::CivilDay today);

// The day the dossier was transposed: the first full notification; nullopt
// if none (or not transposed).
std::optional<absl::CivilDay> TransposedOn(const DirectiveState& state);

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_NOTE_H_
