#include "server/api/court_case_convert.h"

#include "server/api/enum_convert.h"
#include "server/api/values_convert.h"
#include "server/domain/limits.h"

namespace transpo::api {

absl::StatusOr<domain::CourtCaseInfo> FromProto(const v1::CourtCase& in) {
  absl::Status count = CheckRequestList("court_case.celex", in.celex_size(),
                                        domain::kMaxDirectivesConcerned);
  if (!count.ok()) return count;
  domain::CourtCaseInfo out;
  out.number = in.number();
  out.title = in.title();
  out.celex.assign(in.celex().begin(), in.celex().end());
  auto kind = FromProto(in.kind(), "court_case.kind");
  if (!kind.ok()) return kind.status();
  out.kind = *kind;
  return out;
}

absl::StatusOr<domain::CourtDeadline> FromProto(const v1::CourtDeadline& in) {
  auto date = FromProtoRequiredDate("deadline.date", in.date());
  if (!date.ok()) return date.status();
  return domain::CourtDeadline{*date, in.description()};
}

v1::CourtCase ToProtoCourtCase(const domain::CourtCaseState& state) {
  v1::CourtCase out;
  out.set_number(state.info.number);
  out.set_kind(ToProto(state.info.kind));
  out.set_title(state.info.title);
  for (const auto& c : state.info.celex) out.add_celex(c);
  for (const domain::CourtDeadline& d : state.deadlines) {
    v1::CourtDeadline* deadline = out.add_deadlines();
    deadline->set_date(domain::FormatDate(d.date));
    deadline->set_description(d.description);
  }
  out.set_version(state.version);
  ToProtoAudit(state.created, state.changed, *out.mutable_audit());
  return out;
}

}  // namespace transpo::api
