#include "server/api/directive_convert.h"

#include "absl/strings/str_cat.h"
#include "server/api/enum_convert.h"
#include "server/api/values_convert.h"
#include "server/domain/checks.h"
#include "server/domain/limits.h"

namespace transpo::api {

absl::StatusOr<domain::DirectiveInfo> FromProto(const v1::Directive& in) {
  absl::Status count = CheckRequestList(
      "directive.deadlines", in.deadlines_size(), domain::kMaxDeadlines);
  if (!count.ok()) return count;
  domain::DirectiveInfo out;
  out.celex = in.celex();
  out.short_title = in.short_title();
  out.title = in.title();
  out.oj_reference = in.oj_reference();
  out.policy_area = in.policy_area();
  auto adoption = FromProtoDate("directive.adoption_date", in.adoption_date());
  if (!adoption.ok()) return adoption.status();
  out.adoption_date = *adoption;
  for (int i = 0; i < in.deadlines_size(); ++i) {
    auto date =
        FromProtoRequiredDate(absl::StrCat("directive.deadlines[", i, "].date"),
                              in.deadlines(i).date());
    if (!date.ok()) return date.status();
    out.deadlines.push_back({*date, in.deadlines(i).scope()});
  }
  auto competence = FromProto(in.competence(), "directive.competence");
  if (!competence.ok()) return competence.status();
  out.competence = *competence;
  return out;
}

absl::StatusOr<domain::DossierFilter> FromProto(const v1::DossierFilter& in) {
  constexpr int kStatuses = 8;  // every status once
  absl::Status s =
      CheckRequestList("filter.statuses", in.statuses_size(), kStatuses);
  if (s.ok()) {
    s = domain::CheckText("filter.administration", in.administration(), false,
                          domain::kMaxNameBytes);
  }
  if (s.ok()) {
    s = domain::CheckText("filter.policy_area", in.policy_area(), false,
                          domain::kMaxNameBytes);
  }
  if (!s.ok()) return s;
  domain::DossierFilter out;
  for (int i = 0; i < in.statuses_size(); ++i) {
    auto status =
        FromProto(in.statuses(i), absl::StrCat("filter.statuses[", i, "]"));
    if (!status.ok()) return status.status();
    out.statuses.insert(*status);
  }
  out.administration = in.administration();
  auto after = FromProtoDate("filter.deadline_after", in.deadline_after());
  if (!after.ok()) return after.status();
  auto before = FromProtoDate("filter.deadline_before", in.deadline_before());
  if (!before.ok()) return before.status();
  out.deadline_after = *after;
  out.deadline_before = *before;
  out.overdue_only = in.overdue_only();
  out.policy_area = in.policy_area();
  return out;
}

v1::Directive ToProto(const domain::DirectiveInfo& in) {
  v1::Directive out;
  out.set_celex(in.celex);
  out.set_short_title(in.short_title);
  out.set_title(in.title);
  out.set_oj_reference(in.oj_reference);
  out.set_adoption_date(ToProtoDate(in.adoption_date));
  for (const domain::TranspositionDeadline& d : in.deadlines) {
    v1::TranspositionDeadline* deadline = out.add_deadlines();
    deadline->set_date(domain::FormatDate(d.date));
    deadline->set_scope(d.scope);
  }
  out.set_policy_area(in.policy_area);
  out.set_competence(ToProto(in.competence));
  return out;
}

v1::Directive ToProtoDirective(const domain::DirectiveState& state) {
  v1::Directive out = ToProto(state.directive);
  out.set_version(state.version);
  ToProtoAudit(state.created, state.directive_changed, *out.mutable_audit());
  return out;
}

}  // namespace transpo::api
