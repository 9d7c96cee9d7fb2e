// transpoctl note: the two-monthly note to the Brussels Government
// (ReportService.GetNote), as of --as-of's day or today.

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "clients/ctl/command.h"
#include "clients/ctl/render.h"
#include "transpo/v1/reports.grpc.pb.h"

namespace transpo::ctl {
namespace {

std::string Percent(double ratio) {
  return absl::StrFormat("%.1f%%", ratio * 100);
}

std::string Euros(int64_t amount) {
  std::string digits = absl::StrCat(amount);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<size_t>(i), " ");
  }
  return absl::StrCat("EUR ", digits);
}

std::string OrDash(const std::string& text) {
  return text.empty() ? "-" : text;
}

// The note as text: its figures, then a table a section.
std::string NoteText(const v1::Note& note, bool colour) {
  const v1::NoteFigures& f = note.figures();
  std::string out = absl::StrCat(
      "Note as of ", note.as_of_date(), " (changes since ", note.since_date(),
      ", falling due to ", note.horizon_date(), ")\n\n", "Directives followed ",
      f.followed(), ", transposed ", f.transposed(), " (",
      f.transposed_on_time(), " on time), overdue ", f.overdue(), " (",
      f.overdue_two_years(), " by two years or more); deficit ",
      Percent(f.deficit()), " (targets 1% and 0.5%)\n");

  Table overdue({"CELEX", "TITLE", "DEADLINE", "DAYS OVERDUE", "STATUS", "LEAD",
                 "DELAY CAUSE", "ETA"});
  for (const v1::OverdueDirective& d : note.overdue()) {
    overdue.AddRow(
        {d.celex(), d.short_title(), d.deadline_date(),
         absl::StrCat(d.days_overdue()), clients::ShortName(d.status()),
         OrDash(d.lead_administration()), OrDash(d.delay_cause()),
         OrDash(d.expected_completion_date())},
        {Colour::kNone, Colour::kNone, Colour::kNone, Colour::kRed});
  }
  absl::StrAppend(&out, "\nOverdue\n",
                  overdue.empty() ? "(none)\n" : overdue.Render(colour));

  Table due({"CELEX", "TITLE", "DEADLINE", "SCOPE", "DAYS LEFT", "STATUS",
             "LEAD", "ETA"});
  for (const v1::DueDeadline& d : note.falling_due()) {
    due.AddRow({d.celex(), d.short_title(), d.deadline_date(),
                OrDash(d.scope()), absl::StrCat(d.days_left()),
                clients::ShortName(d.status()), OrDash(d.lead_administration()),
                OrDash(d.expected_completion_date())});
  }
  absl::StrAppend(&out, "\nFalling due by ", note.horizon_date(), "\n",
                  due.empty() ? "(none)\n" : due.Render(colour));

  Table procedures(
      {"NUMBER", "TYPE", "DIRECTIVES", "STAGE", "SINCE", "NEXT REPLY DUE"});
  for (const v1::NoteProcedure& p : note.procedures()) {
    procedures.AddRow(
        {p.number(), clients::ShortName(p.type()),
         absl::StrJoin(p.celex(), " "),
         p.has_stage() ? clients::ShortName(p.stage().kind()) : "-",
         p.has_stage() ? p.stage().date() : "-",
         OrDash(p.next_reply_due_date())});
  }
  absl::StrAppend(&out, "\nOpen infringement procedures\n",
                  procedures.empty() ? "(none)\n" : procedures.Render(colour));

  const v1::NoteChanges& c = note.changes();
  std::vector<std::string> steps;
  for (const v1::ProcedureStep& step : c.new_steps()) {
    steps.push_back(absl::StrCat(step.number(), " ",
                                 clients::ShortName(step.stage().kind()), " ",
                                 step.stage().date()));
  }
  std::vector<std::string> closures;
  for (const v1::ClosedProcedure& closed : c.closures()) {
    closures.push_back(
        absl::StrCat(closed.number(), " ", closed.closed_date()));
  }
  auto list = [](const auto& items) {
    return items.empty() ? std::string("-") : absl::StrJoin(items, ", ");
  };
  absl::StrAppend(&out, "\nSince ", note.since_date(),
                  "\n  newly transposed: ", list(c.newly_transposed_celex()),
                  "\n  newly overdue:    ", list(c.newly_overdue_celex()),
                  "\n  new steps:        ", list(steps),
                  "\n  closed:           ", list(closures), "\n");

  std::vector<std::string> cases;
  for (const v1::CourtCase& court_case : note.court_cases()) {
    cases.push_back(court_case.number());
  }
  absl::StrAppend(&out, "\nCourt cases: ", list(cases),
                  "\nFinancial exposure (open procedures): lump sum ",
                  Euros(note.exposure().lump_sum_eur()), ", daily penalty ",
                  Euros(note.exposure().daily_penalty_eur()), "\n");
  return out;
}

}  // namespace

void AddNoteCommands(CLI::App& app, Run& run) {
  Session& s = run.session;
  auto since = std::make_shared<std::string>();
  auto horizon = std::make_shared<std::string>();
  CLI::App* note = AddCommand(
      app, "note",
      "The two-monthly note to the Brussels Government: key figures, "
      "overdue directives, what falls due, infringement procedures, what "
      "changed since the previous note. As of --as-of's day (from the log: "
      "the note of a past day never changes), else today",
      "  transpoctl note\n"
      "  transpoctl note --as-of 2026-03-31 --since 2026-01-31\n"
      "  transpoctl note --as-of 2026-03-31 -o json > note-2026-03.json");
  note->add_option("--since", *since,
                   "The previous note's day, YYYY-MM-DD (default: two months "
                   "before)");
  note->add_option("--horizon", *horizon,
                   "What falls due runs to this day, YYYY-MM-DD (default: "
                   "two months after)");
  note->callback([&run, &s, since, horizon] {
    v1::GetNoteRequest request;
    if (s.as_of().has_value()) {
      std::optional<absl::CivilDay> day = s.Today(&run.exit_code);
      if (!day.has_value()) return;
      request.set_as_of_date(absl::FormatCivilTime(*day));
    }
    request.set_since_date(*since);
    request.set_horizon_date(*horizon);
    auto stub = NewStub<v1::ReportService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::GetNoteResponse response;
    grpc::Status status =
        s.Call(*stub, &v1::ReportService::Stub::GetNote, request, &response);
    if (!status.ok()) return void(run.exit_code = s.Fail(status));
    run.exit_code =
        s.PrintText(NoteText(response.note(), s.colour()), response.note());
  });
}

}  // namespace transpo::ctl
