#include "server/api/procedure_convert.h"

#include "server/api/dossier_convert.h"
#include "server/api/enum_convert.h"
#include "server/api/values_convert.h"
#include "server/domain/deadlines.h"
#include "server/domain/limits.h"

namespace transpo::api {

absl::StatusOr<domain::Stage> FromProto(const v1::Stage& in) {
  domain::Stage out;
  auto kind = FromProto(in.kind(), "stage.kind");
  if (!kind.ok()) return kind.status();
  out.kind = *kind;
  auto date = FromProtoRequiredDate("stage.date", in.date());
  if (!date.ok()) return date.status();
  out.date = *date;
  auto due = FromProtoDate("stage.reply_due_date", in.reply_due_date());
  if (!due.ok()) return due.status();
  out.reply_due = *due;
  auto reply = FromProtoDate("stage.reply_date", in.reply_date());
  if (!reply.ok()) return reply.status();
  out.reply_sent = *reply;
  if (in.lump_sum_eur() != 0) out.lump_sum_eur = in.lump_sum_eur();
  if (in.daily_penalty_eur() != 0) {
    out.daily_penalty_eur = in.daily_penalty_eur();
  }
  out.case_number = in.case_number();
  return out;
}

absl::StatusOr<domain::OpenProcedure> FromProto(
    const v1::OpenProcedureRequest& in) {
  absl::Status count = CheckRequestList("celex", in.celex_size(),
                                        domain::kMaxDirectivesConcerned);
  if (!count.ok()) return count;
  auto type = FromProto(in.type(), "type");
  if (!type.ok()) return type.status();
  return domain::OpenProcedure{
      in.number(), *type, {in.celex().begin(), in.celex().end()}};
}

v1::Stage ToProto(const domain::Stage& in) {
  v1::Stage out;
  out.set_kind(ToProto(in.kind));
  out.set_date(domain::FormatDate(in.date));
  out.set_reply_due_date(ToProtoDate(in.reply_due));
  out.set_reply_date(ToProtoDate(in.reply_sent));
  out.set_lump_sum_eur(in.lump_sum_eur.value_or(0));
  out.set_daily_penalty_eur(in.daily_penalty_eur.value_or(0));
  out.set_case_number(in.case_number);
  return out;
}

v1::InfringementProcedure ToProtoProcedure(const domain::ProcedureState& s) {
  v1::InfringementProcedure out;
  out.set_number(s.number);
  out.set_type(ToProto(s.type));
  for (const auto& c : s.celex) out.add_celex(c);
  for (const domain::Stage& stage : s.stages) {
    *out.add_stages() = ToProto(stage);
  }
  out.set_closed(s.closed());
  out.set_closure_date(ToProtoDate(s.closed_on));
  out.set_closure_reason(s.closure_reason);
  for (const domain::DerivedDeadline& d : domain::ProcedureDeadlines(s)) {
    *out.add_deadlines() = ToProto(d);
  }
  out.set_version(s.version);
  ToProtoAudit(s.opened, s.changed, *out.mutable_audit());
  return out;
}

}  // namespace transpo::api
