// render.h's NoteCsv.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "server/domain/calendar.h"
#include "server/report/render.h"

namespace transpo::report {
namespace {

// One CSV field: quoted when it holds a comma, a quote or a line break; a
// text a spreadsheet would take for a formula (=, +, -, @, tab, CR first)
// starts with an apostrophe.
std::string Field(const std::string& field) {
  std::string text =
      !field.empty() && absl::string_view("=+-@\t\r").find(field[0]) !=
                            absl::string_view::npos
          ? "'" + field
          : field;
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

class Csv {
 public:
  explicit Csv(const Labels& labels) : labels_(labels) {}

  // Starts a block: its title row, then its header row of label keys.
  void Block(const std::string& title_key,
             const std::vector<std::string>& header_keys) {
    if (out_.size() > 3) out_ += "\r\n";
    Row({labels_.Get(title_key)});
    std::vector<std::string> header;
    header.reserve(header_keys.size());
    for (const std::string& key : header_keys) {
      header.push_back(labels_.Get(key));
    }
    Row(header);
  }

  // The UTF-8 byte order mark: spreadsheets then read the accents right.
  void Bom() { out_ = "\xEF\xBB\xBF"; }

  void Row(const std::vector<std::string>& fields) {
    std::vector<std::string> quoted;
    quoted.reserve(fields.size());
    for (const std::string& f : fields) quoted.push_back(Field(f));
    absl::StrAppend(&out_, absl::StrJoin(quoted, ","), "\r\n");
  }

  std::string Take() && { return std::move(out_); }

 private:
  const Labels& labels_;
  std::string out_;
};

std::string Date(std::optional<absl::CivilDay> day) {
  return day.has_value() ? domain::FormatDate(*day) : "";
}

std::string Ratio(double ratio) { return absl::StrFormat("%.6f", ratio); }

}  // namespace

std::string NoteCsv(const domain::Note& note, const Labels& labels) {
  Csv csv(labels);
  csv.Bom();
  const domain::NoteFigures& f = note.figures;
  csv.Block("heading_figures", {"col_figure", "col_value"});
  csv.Row({labels.Get("as_of"), Date(note.as_of)});
  csv.Row({labels.Get("figure_followed"), absl::StrCat(f.followed)});
  csv.Row({labels.Get("figure_transposed"), absl::StrCat(f.transposed)});
  csv.Row({labels.Get("figure_on_time"), absl::StrCat(f.transposed_on_time)});
  csv.Row({labels.Get("figure_overdue"), absl::StrCat(f.overdue)});
  csv.Row({labels.Get("figure_two_years"), absl::StrCat(f.overdue_two_years)});
  csv.Row({labels.Get("figure_deficit"), Ratio(f.deficit)});

  csv.Block("heading_trend", {"col_month_end", "figure_followed",
                              "figure_overdue", "figure_deficit"});
  for (const domain::TrendPoint& p : note.trend) {
    csv.Row({Date(p.day), absl::StrCat(p.figures.followed),
             absl::StrCat(p.figures.overdue), Ratio(p.figures.deficit)});
  }

  csv.Block("heading_overdue",
            {"col_celex", "col_title", "col_deadline", "col_days_overdue",
             "col_status", "col_lead", "col_cause", "col_eta"});
  for (const domain::OverdueDirective& o : note.overdue) {
    csv.Row({o.celex, o.short_title, Date(o.deadline),
             absl::StrCat(o.days_overdue), labels.Status(o.status),
             o.lead_administration, o.delay_cause,
             Date(o.expected_completion)});
  }

  csv.Block("heading_due",
            {"col_celex", "col_title", "col_deadline", "col_scope",
             "col_days_left", "col_status", "col_lead", "col_eta"});
  for (const domain::DueDeadline& o : note.falling_due) {
    csv.Row({o.celex, o.short_title, Date(o.deadline), o.scope,
             absl::StrCat(o.days_left), labels.Status(o.status),
             o.lead_administration, Date(o.expected_completion)});
  }

  csv.Block("heading_procedures",
            {"col_procedure", "col_type", "col_directives", "col_stage",
             "col_stage_date", "col_next_reply"});
  for (const domain::NoteProcedure& p : note.procedures) {
    csv.Row({p.number, labels.Type(p.type), absl::StrJoin(p.celex, " "),
             p.stage ? labels.Stage(p.stage->kind) : "",
             p.stage ? Date(p.stage->date) : "", Date(p.next_reply_due)});
  }

  csv.Block("heading_changes",
            {"col_change", "col_reference", "col_date", "col_detail"});
  for (const std::string& celex : note.changes.newly_transposed) {
    csv.Row({labels.Get("changes_transposed"), celex, "", ""});
  }
  for (const std::string& celex : note.changes.newly_overdue) {
    csv.Row({labels.Get("changes_overdue"), celex, "", ""});
  }
  for (const domain::ProcedureStep& s : note.changes.new_steps) {
    csv.Row({labels.Get("changes_steps"), s.number, Date(s.stage.date),
             labels.Stage(s.stage.kind)});
  }
  for (const domain::ClosedProcedure& c : note.changes.closures) {
    csv.Row({labels.Get("changes_closures"), c.number, Date(c.date), c.reason});
  }

  csv.Block("heading_court",
            {"col_case", "col_kind", "col_title", "col_directives"});
  for (const domain::CourtCaseState& c : note.court_cases) {
    csv.Row({c.info.number, labels.CourtCaseKind(c.info.kind), c.info.title,
             absl::StrJoin(c.info.celex, " ")});
  }

  csv.Block("heading_exposure", {"col_figure", "col_value"});
  csv.Row({labels.Get("exposure_lump_sum"),
           absl::StrCat(note.exposure.lump_sum_eur)});
  csv.Row({labels.Get("exposure_daily_penalty"),
           absl::StrCat(note.exposure.daily_penalty_eur)});
  return std::move(csv).Take();
}

}  // namespace transpo::report
