#include "server/api/report_convert.h"

#include "server/api/court_case_convert.h"
#include "server/api/enum_convert.h"
#include "server/api/procedure_convert.h"
#include "server/api/values_convert.h"

namespace transpo::api {

v1::Note ToProtoNote(const domain::Note& note) {
  v1::Note out;
  out.set_as_of_date(ToProtoDate(note.as_of));
  out.set_since_date(ToProtoDate(note.since));
  out.set_horizon_date(ToProtoDate(note.horizon));
  v1::NoteFigures& figures = *out.mutable_figures();
  figures.set_followed(note.figures.followed);
  figures.set_transposed(note.figures.transposed);
  figures.set_transposed_on_time(note.figures.transposed_on_time);
  figures.set_overdue(note.figures.overdue);
  figures.set_overdue_two_years(note.figures.overdue_two_years);
  figures.set_deficit(note.figures.deficit);
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
