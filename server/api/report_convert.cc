#include "server/api/report_convert.h"

#include "absl/strings/str_cat.h"
#include "server/api/court_case_convert.h"
#include "server/api/enum_convert.h"
#include "server/api/procedure_convert.h"
#include "server/api/values_convert.h"
#include "server/domain/field_error.h"

namespace transpo::api {

namespace {

void ToProtoFigures(const domain::NoteFigures& f, v1::NoteFigures& out) {
  out.set_followed(f.followed);
  out.set_transposed(f.transposed);
  out.set_transposed_on_time(f.transposed_on_time);
  out.set_overdue(f.overdue);
  out.set_overdue_two_years(f.overdue_two_years);
  out.set_deficit(f.deficit);
}

}  // namespace

absl::StatusOr<std::optional<report::Format>> FromProtoFormat(
    v1::DocumentFormat format) {
  switch (format) {
    case v1::DOCUMENT_FORMAT_UNSPECIFIED:
      return std::nullopt;
    case v1::DOCUMENT_FORMAT_MARKDOWN:
      return report::Format::kMarkdown;
    case v1::DOCUMENT_FORMAT_HTML:
      return report::Format::kHtml;
    case v1::DOCUMENT_FORMAT_CSV:
      return report::Format::kCsv;
    default:
      return domain::FieldError("format", absl::StrCat(format),
                                "not a DocumentFormat");
  }
}

absl::StatusOr<report::Language> FromProtoLanguage(
    v1::ReportLanguage language) {
  switch (language) {
    case v1::REPORT_LANGUAGE_NL:
      return report::Language::kDutch;
    case v1::REPORT_LANGUAGE_FR:
      return report::Language::kFrench;
    case v1::REPORT_LANGUAGE_UNSPECIFIED:
    case v1::REPORT_LANGUAGE_EN:
      return report::Language::kEnglish;
    default:
      return domain::FieldError("language", absl::StrCat(language),
                                "not a ReportLanguage");
  }
}

v1::Document ToProtoDocument(const report::Document& document) {
  v1::Document out;
  out.set_media_type(document.media_type);
  out.set_file_name(document.file_name);
  out.set_content(document.content);
  return out;
}

v1::Note ToProtoNote(const domain::Note& note) {
  v1::Note out;
  out.set_as_of_date(ToProtoDate(note.as_of));
  out.set_since_date(ToProtoDate(note.since));
  out.set_horizon_date(ToProtoDate(note.horizon));
  ToProtoFigures(note.figures, *out.mutable_figures());
  for (const domain::TrendPoint& p : note.trend) {
    v1::TrendPoint& point = *out.add_trend();
    point.set_date(ToProtoDate(p.day));
    ToProtoFigures(p.figures, *point.mutable_figures());
  }
  for (const domain::OverdueDirective& d : note.overdue) {
    v1::OverdueDirective& o = *out.add_overdue();
    o.set_celex(d.celex);
    o.set_short_title(d.short_title);
    o.set_deadline_date(ToProtoDate(d.deadline));
    o.set_days_overdue(d.days_overdue);
    o.set_status(ToProto(d.status));
    o.set_lead_administration(d.lead_administration);
    o.set_delay_cause(d.delay_cause);
    o.set_expected_completion_date(ToProtoDate(d.expected_completion));
  }
  for (const domain::DueDeadline& d : note.falling_due) {
    v1::DueDeadline& o = *out.add_falling_due();
    o.set_celex(d.celex);
    o.set_short_title(d.short_title);
    o.set_deadline_date(ToProtoDate(d.deadline));
    o.set_scope(d.scope);
    o.set_days_left(d.days_left);
    o.set_status(ToProto(d.status));
    o.set_lead_administration(d.lead_administration);
    o.set_expected_completion_date(ToProtoDate(d.expected_completion));
  }
  for (const domain::NoteProcedure& p : note.procedures) {
    v1::NoteProcedure& o = *out.add_procedures();
    o.set_number(p.number);
    o.set_type(ToProto(p.type));
    for (const std::string& celex : p.celex) o.add_celex(celex);
    if (p.stage.has_value()) *o.mutable_stage() = ToProto(*p.stage);
    o.set_next_reply_due_date(ToProtoDate(p.next_reply_due));
  }
  v1::NoteChanges& changes = *out.mutable_changes();
  for (const std::string& celex : note.changes.newly_transposed) {
    changes.add_newly_transposed_celex(celex);
  }
  for (const std::string& celex : note.changes.newly_overdue) {
    changes.add_newly_overdue_celex(celex);
  }
  for (const domain::ProcedureStep& step : note.changes.new_steps) {
    v1::ProcedureStep& o = *changes.add_new_steps();
    o.set_number(step.number);
    *o.mutable_stage() = ToProto(step.stage);
  }
  for (const domain::ClosedProcedure& c : note.changes.closures) {
    v1::ClosedProcedure& o = *changes.add_closures();
    o.set_number(c.number);
    o.set_closed_date(ToProtoDate(c.date));
    o.set_reason(c.reason);
  }
  for (const domain::CourtCaseState& c : note.court_cases) {
    *out.add_court_cases() = ToProtoCourtCase(c);
  }
  out.mutable_exposure()->set_lump_sum_eur(note.exposure.lump_sum_eur);
  out.mutable_exposure()->set_daily_penalty_eur(
      note.exposure.daily_penalty_eur);
  return out;
}

}  // namespace transpo::api
