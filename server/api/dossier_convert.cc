#include "server/api/dossier_convert.h"

#include <tuple>

#include "server/api/enum_convert.h"
#include "server/api/values_convert.h"
#include "server/domain/limits.h"

namespace transpo::api {
namespace {

template <typename Strings>
std::vector<std::string> Copy(const Strings& strings) {
  return std::vector<std::string>(strings.begin(), strings.end());
}

}  // namespace

absl::StatusOr<domain::DossierInfo> FromProto(const v1::Dossier& in) {
  domain::DossierInfo out;
  out.lead_administration = in.lead_administration();
  out.involved_administrations = Copy(in.involved_administrations());
  out.correspondents = Copy(in.correspondents());
  out.experts = Copy(in.experts());
  out.responsible_minister = in.responsible_minister();
  out.delay_cause = in.delay_cause();
  auto eta = FromProtoDate("dossier.expected_completion_date",
                           in.expected_completion_date());
  if (!eta.ok()) return eta.status();
  out.expected_completion = *eta;
  return out;
}

absl::StatusOr<domain::DossierInfo> FromProto(
    const v1::AssignDossierRequest& in) {
  domain::DossierInfo out;
  out.lead_administration = in.lead_administration();
  out.involved_administrations = Copy(in.involved_administrations());
  out.correspondents = Copy(in.correspondents());
  out.experts = Copy(in.experts());
  out.responsible_minister = in.responsible_minister();
  return out;
}

absl::StatusOr<domain::Milestone> FromProto(const v1::Milestone& in) {
  domain::Milestone out;
  auto kind = FromProto(in.kind(), "milestone.kind");
  if (!kind.ok()) return kind.status();
  out.kind = *kind;
  auto planned = FromProtoDate("milestone.planned_date", in.planned_date());
  if (!planned.ok()) return planned.status();
  auto actual = FromProtoDate("milestone.actual_date", in.actual_date());
  if (!actual.ok()) return actual.status();
  out.planned = *planned;
  out.actual = *actual;
  return out;
}

absl::StatusOr<domain::Measure> FromProto(const v1::Measure& in) {
  absl::Status count =
      CheckRequestList("measure.covers", in.covers_size(), domain::kMaxCovers);
  if (!count.ok()) return count;
  domain::Measure out;
  out.id = in.id();
  out.act_type = in.act_type();
  out.title = in.title();
  out.reference = in.reference();
  out.covers = Copy(in.covers());
  out.correlation_table = in.correlation_table();
  for (auto [field, text, target] :
       {std::tuple{"measure.adoption_date", &in.adoption_date(),
                   &out.adoption_date},
        std::tuple{"measure.publication_date", &in.publication_date(),
                   &out.publication_date},
        std::tuple{"measure.notification_date", &in.notification_date(),
                   &out.notification_date}}) {
    auto day = FromProtoDate(field, *text);
    if (!day.ok()) return day.status();
    *target = *day;
  }
  if (in.notification_scope() != v1::NOTIFICATION_SCOPE_UNSPECIFIED) {
    auto scope =
        FromProto(in.notification_scope(), "measure.notification_scope");
    if (!scope.ok()) return scope.status();
    out.notification_scope = *scope;
  }
  return out;
}

void SetPeople(const domain::DossierInfo& in, v1::Dossier& out) {
  out.set_lead_administration(in.lead_administration);
  for (const auto& s : in.involved_administrations) {
    out.add_involved_administrations(s);
  }
  for (const auto& s : in.correspondents) out.add_correspondents(s);
  for (const auto& s : in.experts) out.add_experts(s);
  out.set_responsible_minister(in.responsible_minister);
  out.set_expected_completion_date(ToProtoDate(in.expected_completion));
  out.set_delay_cause(in.delay_cause);
}

v1::Dossier ToProtoDossier(const app::DossierView& view) {
  const domain::DirectiveState& state = view.state;
  const domain::DossierInfo& in = state.dossier;
  v1::Dossier out;
  out.set_celex(state.directive.celex);
  out.set_short_title(state.directive.short_title);
  out.set_status(ToProto(state.status));
  out.set_status_reason(state.status_reason);
  SetPeople(in, out);
  for (const domain::Milestone& m : state.milestones) {
    *out.add_milestones() = ToProto(m);
  }
  for (const domain::Measure& m : state.measures) {
    *out.add_measures() = ToProto(m);
  }
  for (const domain::DerivedDeadline& d : view.deadlines) {
    *out.add_deadlines() = ToProto(d);
  }
  out.set_overdue(view.overdue);
  out.set_days_overdue(view.days_overdue);
  out.set_version(state.version);
  ToProtoAudit(state.created, state.dossier_changed, *out.mutable_audit());
  return out;
}

v1::Milestone ToProto(const domain::Milestone& in) {
  v1::Milestone out;
  out.set_kind(ToProto(in.kind));
  out.set_planned_date(ToProtoDate(in.planned));
  out.set_actual_date(ToProtoDate(in.actual));
  return out;
}

v1::Measure ToProto(const domain::Measure& in) {
  v1::Measure out;
  out.set_id(in.id);
  out.set_act_type(in.act_type);
  out.set_title(in.title);
  out.set_reference(in.reference);
  out.set_adoption_date(ToProtoDate(in.adoption_date));
  out.set_publication_date(ToProtoDate(in.publication_date));
  for (const auto& c : in.covers) out.add_covers(c);
  out.set_correlation_table(in.correlation_table);
  out.set_notification_date(ToProtoDate(in.notification_date));
  if (in.notification_scope.has_value()) {
    out.set_notification_scope(ToProto(*in.notification_scope));
  }
  return out;
}

v1::Deadline ToProto(const domain::DerivedDeadline& in) {
  v1::Deadline out;
  out.set_kind(ToProto(in.kind));
  out.set_date(domain::FormatDate(in.date));
  out.set_description(in.description);
  out.set_met(in.met);
  return out;
}

}  // namespace transpo::api
