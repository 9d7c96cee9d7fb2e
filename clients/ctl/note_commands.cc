// transpoctl note and report yearly: the two-monthly note to the Brussels
// Government (ReportService.GetNote), as of --as-of's day or today, and the
// yearly report to the Parliament (GetYearlyReport): as text tables, JSON or
// YAML, or as the document the server renders (Markdown, HTML, CSV in
// Dutch, French or English).

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>

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
std::string NoteText(const v1::Note& note, bool colour,
                     const std::string& heading) {
  const v1::NoteFigures& f = note.figures();
  std::string out = absl::StrCat(
      heading, " as of ", note.as_of_date(), " (changes since ",
      note.since_date(), ", falling due to ", note.horizon_date(), ")\n\n",
      "Directives followed ", f.followed(), ", transposed ", f.transposed(),
      " (", f.transposed_on_time(), " on time), overdue ", f.overdue(), " (",
      f.overdue_two_years(), " by two years or more); deficit ",
      Percent(f.deficit()), " (targets 1% and 0.5%)\n");

  Table trend({"MONTH END", "FOLLOWED", "OVERDUE", "DEFICIT"});
  for (const v1::TrendPoint& p : note.trend()) {
    trend.AddRow({p.date(), absl::StrCat(p.figures().followed()),
                  absl::StrCat(p.figures().overdue()),
                  Percent(p.figures().deficit())});
  }
  absl::StrAppend(&out, "\nThe twelve months\n", trend.Render(colour));

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

// --format, --lang and --out of the note and the yearly report.
struct DocumentOptions {
  std::string format = "text";
  std::string lang = "en";
  std::string out;
};

void AddDocumentOptions(CLI::App* command, DocumentOptions& o) {
  command
      ->add_option("--format", o.format,
                   "text (tables for the terminal; -o json|yaml applies), "
                   "json, yaml, md (Markdown), html (to print on A4, with "
                   "charts) or csv (the tables)")
      ->check(CLI::IsMember({"text", "json", "yaml", "md", "html", "csv"}))
      ->capture_default_str();
  command
      ->add_option("--lang", o.lang,
                   "The language of md, html and csv: nl, fr or en")
      ->check(CLI::IsMember({"nl", "fr", "en"}))
      ->capture_default_str();
  command->add_option("--out", o.out,
                      "Write the document to this file, or into this "
                      "directory under its own name (default: standard "
                      "output)");
}

v1::DocumentFormat DocumentFormatOf(const std::string& format) {
  if (format == "md") return v1::DOCUMENT_FORMAT_MARKDOWN;
  if (format == "html") return v1::DOCUMENT_FORMAT_HTML;
  if (format == "csv") return v1::DOCUMENT_FORMAT_CSV;
  return v1::DOCUMENT_FORMAT_UNSPECIFIED;
}

v1::ReportLanguage LanguageOf(const std::string& lang) {
  if (lang == "nl") return v1::REPORT_LANGUAGE_NL;
  if (lang == "fr") return v1::REPORT_LANGUAGE_FR;
  return v1::REPORT_LANGUAGE_EN;
}

// Prints or writes the answer: the document if one was asked, else the note
// as --format (text as -o says).
// `heading` names the report ("Note"), `stem` its files ("note-2026-03-31").
int Output(Session& s, const DocumentOptions& o, const std::string& heading,
           const std::string& stem, const v1::Note& note,
           const v1::Document& document) {
  std::string content;
  std::string name;
  if (o.format == "json" || o.format == "yaml") {
    content =
        absl::StrCat(o.format == "json" ? ToJson(note) : ToYaml(note), "\n");
    name = absl::StrCat(stem, ".", o.format);
  } else if (o.format != "text") {
    if (document.content().empty()) {
      return s.Fail(kOther,
                    "the server sent no document (a server from "
                    "before documents were rendered?)");
    }
    content = document.content();
    // Only a name: the server's word does not choose the directory.
    name = std::filesystem::path(document.file_name()).filename().string();
    if (name.empty() || name == "." || name == "..") name = stem;
  } else if (o.out.empty()) {
    return s.PrintText(NoteText(note, s.colour(), heading), note);
  } else {
    content = NoteText(note, false, heading);
    name = absl::StrCat(stem, ".txt");
  }
  if (o.out.empty() || o.out == "-") {
    s.out() << content;
    return kOk;
  }
  std::error_code error;
  std::filesystem::path path(o.out);
  if (std::filesystem::is_directory(path, error)) path /= name;
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file.is_open()) {
    return s.Fail(kOther, absl::StrCat("cannot open ", path.string(), ": ",
                                       std::strerror(errno)));
  }
  file << content;
  file.close();
  if (!file) {
    return s.Fail(kOther, absl::StrCat("cannot write ", path.string(),
                                       " (is the disk full?)"));
  }
  s.err() << "wrote " << path.string() << " (" << content.size() << " bytes)\n";
  return kOk;
}

}  // namespace

void AddNoteCommands(CLI::App& app, Run& run) {
  Session& s = run.session;
  auto since = std::make_shared<std::string>();
  auto horizon = std::make_shared<std::string>();
  auto note_options = std::make_shared<DocumentOptions>();
  CLI::App* note = AddCommand(
      app, "note",
      "The two-monthly note to the Brussels Government: key figures and "
      "their twelve months, overdue directives, what falls due, "
      "infringement procedures, what changed since the previous note. As of "
      "--as-of's day (from the log: the note of a past day never changes), "
      "else today",
      "  transpoctl note\n"
      "  transpoctl note --as-of 2026-03-31 --since 2026-01-31\n"
      "  transpoctl note --as-of 2026-03-31 --format html --lang fr --out .\n"
      "  transpoctl note --format md --lang nl > nota.md\n"
      "  transpoctl note --format csv --out note.csv");
  note->add_option("--since", *since,
                   "The previous note's day, YYYY-MM-DD (default: two months "
                   "before)");
  note->add_option("--horizon", *horizon,
                   "What falls due runs to this day, YYYY-MM-DD (default: "
                   "two months after)");
  AddDocumentOptions(note, *note_options);
  note->callback([&run, &s, since, horizon, note_options] {
    v1::GetNoteRequest request;
    if (s.as_of().has_value()) {
      std::optional<absl::CivilDay> day = s.Today(&run.exit_code);
      if (!day.has_value()) return;
      request.set_as_of_date(absl::FormatCivilTime(*day));
    }
    request.set_since_date(*since);
    request.set_horizon_date(*horizon);
    request.set_format(DocumentFormatOf(note_options->format));
    request.set_language(LanguageOf(note_options->lang));
    auto stub = NewStub<v1::ReportService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::GetNoteResponse response;
    grpc::Status status =
        s.Call(*stub, &v1::ReportService::Stub::GetNote, request, &response);
    if (!status.ok()) return void(run.exit_code = s.Fail(status));
    run.exit_code = Output(s, *note_options, "Note",
                           absl::StrCat("note-", response.note().as_of_date()),
                           response.note(), response.document());
  });

  CLI::App* report =
      AddCommand(app, "report", "Reports to the Brussels Parliament", "");
  report->require_subcommand(1);
  auto year = std::make_shared<int>(0);
  auto yearly_options = std::make_shared<DocumentOptions>();
  CLI::App* yearly = AddCommand(
      *report, "yearly",
      "The yearly report: the note as of the year's last day (today for this "
      "year), the changes since the previous year's last day, the twelve "
      "months to that day, what falls due in the six months after",
      "  transpoctl report yearly --year 2025\n"
      "  transpoctl report yearly --year 2025 --format html --lang nl --out .");
  yearly->add_option("--year", *year, "The year, YYYY")->required();
  AddDocumentOptions(yearly, *yearly_options);
  yearly->callback([&run, &s, year, yearly_options] {
    v1::GetYearlyReportRequest request;
    request.set_year(*year);
    request.set_format(DocumentFormatOf(yearly_options->format));
    request.set_language(LanguageOf(yearly_options->lang));
    auto stub = NewStub<v1::ReportService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::GetYearlyReportResponse response;
    grpc::Status status = s.Call(
        *stub, &v1::ReportService::Stub::GetYearlyReport, request, &response);
    if (!status.ok()) return void(run.exit_code = s.Fail(status));
    run.exit_code = Output(s, *yearly_options,
                           absl::StrCat("Yearly report ", response.year()),
                           absl::StrCat("yearly-report-", response.year()),
                           response.note(), response.document());
  });
}

}  // namespace transpo::ctl
