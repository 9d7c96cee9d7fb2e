#include "server/report/render.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "kainjow/mustache.hpp"
#include "server/domain/calendar.h"
#include "server/report/charts.h"
#include "server/report/format.h"
#include "server/report/markdown.h"
#include "server/report/templates.h"

namespace transpo::report {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;
using kainjow::mustache::mustache;
using kainjow::mustache::object;

std::string OrDash(absl::string_view text) {
  return text.empty() ? "—" : std::string(text);
}

std::string Joined(const std::vector<std::string>& items) {
  return items.empty() ? "—" : absl::StrJoin(items, ", ");
}

// The labels a template may name: the keys without a dot.
data LabelData(const Labels& labels) {
  object out;
  for (const Label& label : LabelTable(labels.language())) {
    if (label.key.find('.') == absl::string_view::npos) {
      out[std::string(label.key)] = std::string(label.text);
    }
  }
  return out;
}

data FiguresData(const domain::NoteFigures& f, const Labels& labels) {
  return object{{"followed", Count(f.followed, labels)},
                {"transposed", Count(f.transposed, labels)},
                {"on_time", Count(f.transposed_on_time, labels)},
                {"overdue", Count(f.overdue, labels)},
                {"two_years", Count(f.overdue_two_years, labels)},
                {"deficit", Percent(f.deficit, labels)}};
}

std::string Title(std::optional<int> year, const Labels& labels) {
  return year.has_value() ? absl::StrCat(labels.Get("title_yearly"), " ", *year)
                          : labels.Get("title_note");
}

data NoteData(const domain::Note& note, std::optional<int> year,
              const Labels& labels, bool charts) {
  data d = FiguresData(note.figures, labels);
  d.set("l", LabelData(labels));
  d.set("title", Title(year, labels));
  d.set("as_of", Day(note.as_of));
  d.set("since", Day(note.since));
  d.set("horizon", Day(note.horizon));
  if (charts) {
    // One HTML block: the two side by side.
    d.set(
        "trend_charts",
        absl::StrCat("<div class=\"charts\">", OverdueChart(note.trend, labels),
                     DeficitChart(note.trend, labels), "</div>"));
    d.set("due_chart", DueTimeline(note, labels));
  }

  list trend;
  for (const domain::TrendPoint& p : note.trend) {
    data row = FiguresData(p.figures, labels);
    row.set("day", Day(p.day));
    trend.push_back(row);
  }
  d.set("trend", trend);

  list overdue;
  for (const domain::OverdueDirective& o : note.overdue) {
    overdue.push_back(object{{"celex", o.celex},
                             {"title", o.short_title},
                             {"deadline", Day(o.deadline)},
                             {"days", Count(o.days_overdue, labels)},
                             {"status", labels.Status(o.status)},
                             {"lead", OrDash(o.lead_administration)},
                             {"cause", OrDash(o.delay_cause)},
                             {"eta", Day(o.expected_completion)}});
  }
  d.set("has_overdue", !note.overdue.empty());
  d.set("overdue_list", overdue);

  list due;
  for (const domain::DueDeadline& o : note.falling_due) {
    due.push_back(object{{"celex", o.celex},
                         {"title", o.short_title},
                         {"deadline", Day(o.deadline)},
                         {"scope", OrDash(o.scope)},
                         {"days", Count(o.days_left, labels)},
                         {"status", labels.Status(o.status)},
                         {"lead", OrDash(o.lead_administration)},
                         {"eta", Day(o.expected_completion)}});
  }
  d.set("has_due", !note.falling_due.empty());
  d.set("due_list", due);

  list procedures;
  for (const domain::NoteProcedure& p : note.procedures) {
    procedures.push_back(
        object{{"number", p.number},
               {"type", labels.Type(p.type)},
               {"celex", absl::StrJoin(p.celex, ", ")},
               {"stage", p.stage ? labels.Stage(p.stage->kind) : "—"},
               {"stage_date",
                Day(p.stage ? std::optional(p.stage->date) : std::nullopt)},
               {"next_reply", Day(p.next_reply_due)}});
  }
  d.set("has_procedures", !note.procedures.empty());
  d.set("procedure_list", procedures);

  const domain::NoteChanges& c = note.changes;
  d.set("newly_transposed", Joined(c.newly_transposed));
  d.set("newly_overdue", Joined(c.newly_overdue));
  std::vector<std::string> steps;
  for (const domain::ProcedureStep& s : c.new_steps) {
    steps.push_back(absl::StrCat(s.number, " ", labels.Stage(s.stage.kind),
                                 " (", Day(s.stage.date), ")"));
  }
  d.set("new_steps", Joined(steps));
  std::vector<std::string> closures;
  for (const domain::ClosedProcedure& closed : c.closures) {
    closures.push_back(absl::StrCat(closed.number, " (", Day(closed.date),
                                    closed.reason.empty() ? "" : ": ",
                                    closed.reason, ")"));
  }
  d.set("closures", Joined(closures));

  list cases;
  for (const domain::CourtCaseState& court_case : note.court_cases) {
    cases.push_back(
        object{{"number", court_case.info.number},
               {"kind", labels.CourtCaseKind(court_case.info.kind)},
               {"title", OrDash(court_case.info.title)},
               {"celex", OrDash(absl::StrJoin(court_case.info.celex, ", "))}});
  }
  d.set("has_court_cases", !note.court_cases.empty());
  d.set("court_case_list", cases);

  d.set("lump_sum", Euros(note.exposure.lump_sum_eur, labels));
  d.set("daily_penalty", Euros(note.exposure.daily_penalty_eur, labels));
  return d;
}

std::string Markdown(const domain::Note& note, std::optional<int> year,
                     const Labels& labels, bool charts) {
  mustache tmpl(NoteMarkdownTemplate());
  tmpl.set_custom_escape(
      [](const std::string& text) { return EscapeMarkdown(text); });
  return tmpl.render(NoteData(note, year, labels, charts));
}

std::string Html(const domain::Note& note, std::optional<int> year,
                 const Labels& labels) {
  mustache page(HtmlPageTemplate());
  return page.render(
      object{{"lang", LanguageCode(labels.language())},
             {"title", Title(year, labels)},
             {"body", MarkdownToHtml(Markdown(note, year, labels, true))}});
}

}  // namespace

Document RenderNote(const domain::Note& note, std::optional<int> year,
                    Format format, Language language) {
  const Labels labels(language);
  const std::string stem =
      year.has_value()
          ? absl::StrCat("yearly-report-", *year, "-", LanguageCode(language))
          : absl::StrCat("note-", domain::FormatDate(note.as_of), "-",
                         LanguageCode(language));
  switch (format) {
    case Format::kMarkdown:
      return {"text/markdown; charset=utf-8", absl::StrCat(stem, ".md"),
              Markdown(note, year, labels, false)};
    case Format::kHtml:
      return {"text/html; charset=utf-8", absl::StrCat(stem, ".html"),
              Html(note, year, labels)};
    case Format::kCsv:
      return {"text/csv; charset=utf-8", absl::StrCat(stem, ".csv"),
              NoteCsv(note, labels)};
  }
  return {};
}

}  // namespace transpo::report
