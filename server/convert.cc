#include "server/convert.h"

#include "absl/strings/str_cat.h"
#include "server/domain/field_error.h"
#include "server/proto_time.h"

namespace transpo {
namespace {

std::string Path(absl::string_view prefix, absl::string_view field) {
  return prefix.empty() ? std::string(field) : absl::StrCat(prefix, ".", field);
}

template <typename Enum>
absl::Status UnknownEnum(absl::string_view field, Enum value,
                         absl::string_view name) {
  return FieldError(field, absl::StrCat(static_cast<int>(value)),
                    absl::StrCat("not a known ", name));
}

}  // namespace

absl::StatusOr<std::optional<absl::CivilDay>> FromProtoDate(
    absl::string_view field, const std::string& text) {
  if (text.empty()) return std::optional<absl::CivilDay>();
  absl::StatusOr<absl::CivilDay> day = ParseDate(field, text);
  if (!day.ok()) return day.status();
  return std::optional<absl::CivilDay>(*day);
}

absl::StatusOr<absl::CivilDay> FromProtoRequiredDate(absl::string_view field,
                                                     const std::string& text) {
  if (text.empty()) return FieldError(field, "required (YYYY-MM-DD)");
  auto day = FromProtoDate(field, text);
  if (!day.ok()) return day.status();
  return **day;
}

std::string ToProtoDate(const std::optional<absl::CivilDay>& day) {
  return day.has_value() ? FormatDate(*day) : "";
}

absl::StatusOr<std::set<std::string>> FromProtoMask(
    const google::protobuf::FieldMask& mask) {
  if (mask.paths().empty())
    return FieldError("update_mask", "names no field to update");
  return std::set<std::string>(mask.paths().begin(), mask.paths().end());
}

absl::StatusOr<DirectiveInfo> FromProto(const v1::Directive& in) {
  DirectiveInfo out;
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
  switch (in.competence()) {
    case v1::COMPETENCE_UNSPECIFIED:
    case v1::COMPETENCE_TO_BE_DETERMINED:
      out.competence = Competence::kToBeDetermined;
      break;
    case v1::COMPETENCE_FULL:
      out.competence = Competence::kFull;
      break;
    case v1::COMPETENCE_SHARED:
      out.competence = Competence::kShared;
      break;
    case v1::COMPETENCE_NONE:
      out.competence = Competence::kNone;
      break;
    default:
      return UnknownEnum("directive.competence", in.competence(), "competence");
  }
  return out;
}

absl::StatusOr<DossierInfo> FromProto(const v1::Dossier& in) {
  DossierInfo out;
  out.lead_administration = in.lead_administration();
  out.involved_administrations.assign(in.involved_administrations().begin(),
                                      in.involved_administrations().end());
  out.correspondents.assign(in.correspondents().begin(),
                            in.correspondents().end());
  out.experts.assign(in.experts().begin(), in.experts().end());
  out.responsible_minister = in.responsible_minister();
  out.delay_cause = in.delay_cause();
  auto eta = FromProtoDate("dossier.expected_completion_date",
                           in.expected_completion_date());
  if (!eta.ok()) return eta.status();
  out.expected_completion = *eta;
  return out;
}

absl::StatusOr<Milestone> FromProto(const v1::Milestone& in) {
  Milestone out;
  if (in.kind() < v1::MILESTONE_KIND_DRAFT ||
      in.kind() > v1::MILESTONE_KIND_PUBLICATION) {
    return UnknownEnum("milestone.kind", in.kind(), "milestone kind");
  }
  out.kind = static_cast<MilestoneKind>(in.kind() - v1::MILESTONE_KIND_DRAFT);
  auto planned = FromProtoDate("milestone.planned_date", in.planned_date());
  if (!planned.ok()) return planned.status();
  auto actual = FromProtoDate("milestone.actual_date", in.actual_date());
  if (!actual.ok()) return actual.status();
  out.planned = *planned;
  out.actual = *actual;
  return out;
}

absl::StatusOr<Measure> FromProto(const v1::Measure& in) {
  Measure out;
  out.id = in.id();
  out.act_type = in.act_type();
  out.title = in.title();
  out.reference = in.reference();
  out.covers.assign(in.covers().begin(), in.covers().end());
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

absl::StatusOr<DossierStatus> FromProto(v1::DossierStatus in,
                                        absl::string_view field) {
  if (in < v1::DOSSIER_STATUS_REGISTERED ||
      in > v1::DOSSIER_STATUS_NOT_APPLICABLE) {
    return UnknownEnum(field, in, "dossier status");
  }
  return static_cast<DossierStatus>(in - v1::DOSSIER_STATUS_REGISTERED);
}

absl::StatusOr<NotificationScope> FromProto(v1::NotificationScope in,
                                            absl::string_view field) {
  switch (in) {
    case v1::NOTIFICATION_SCOPE_PARTIAL:
      return NotificationScope::kPartial;
    case v1::NOTIFICATION_SCOPE_FULL:
      return NotificationScope::kFull;
    default:
      return UnknownEnum(field, in, "notification scope (PARTIAL or FULL)");
  }
}

absl::StatusOr<StageKind> FromProto(v1::StageKind in, absl::string_view field) {
  if (in < v1::STAGE_KIND_EU_PILOT || in > v1::STAGE_KIND_SECOND_REFERRAL) {
    return UnknownEnum(field, in, "stage kind");
  }
  return static_cast<StageKind>(in - v1::STAGE_KIND_EU_PILOT);
}

absl::StatusOr<ProcedureType> FromProto(v1::ProcedureType in,
                                        absl::string_view field) {
  if (in < v1::PROCEDURE_TYPE_NON_COMMUNICATION ||
      in > v1::PROCEDURE_TYPE_BAD_APPLICATION) {
    return UnknownEnum(field, in, "procedure type");
  }
  return static_cast<ProcedureType>(in - v1::PROCEDURE_TYPE_NON_COMMUNICATION);
}

absl::StatusOr<Stage> FromProto(const v1::Stage& in) {
  Stage out;
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
  if (in.daily_penalty_eur() != 0)
    out.daily_penalty_eur = in.daily_penalty_eur();
  out.case_number = in.case_number();
  return out;
}

absl::StatusOr<CourtCaseInfo> FromProto(const v1::CourtCase& in) {
  CourtCaseInfo out;
  out.number = in.number();
  out.title = in.title();
  out.celex.assign(in.celex().begin(), in.celex().end());
  switch (in.kind()) {
    case v1::COURT_CASE_KIND_PRELIMINARY_REFERENCE:
      out.kind = CourtCaseKind::kPreliminaryReference;
      break;
    case v1::COURT_CASE_KIND_ACTION:
      out.kind = CourtCaseKind::kAction;
      break;
    default:
      return UnknownEnum("court_case.kind", in.kind(), "court case kind");
  }
  return out;
}

absl::StatusOr<CourtDeadline> FromProto(const v1::CourtDeadline& in) {
  auto date = FromProtoRequiredDate("deadline.date", in.date());
  if (!date.ok()) return date.status();
  return CourtDeadline{*date, in.description()};
}

namespace {

void SetAudit(const Change& created, const Change& changed, v1::Audit& out) {
  if (created.time != absl::InfinitePast()) {
    ToProtoTime(created.time, *out.mutable_create_time());
  }
  if (changed.time != absl::InfinitePast()) {
    ToProtoTime(changed.time, *out.mutable_update_time());
  }
  out.set_updated_by(changed.actor);
}

v1::Deadline ToProto(const DerivedDeadline& in) {
  v1::Deadline out;
  out.set_kind(static_cast<v1::DeadlineKind>(static_cast<int>(in.kind) + 1));
  out.set_date(FormatDate(in.date));
  out.set_description(in.description);
  out.set_met(in.met);
  return out;
}

}  // namespace

v1::Directive ToProto(const DirectiveInfo& in) {
  v1::Directive out;
  out.set_celex(in.celex);
  out.set_short_title(in.short_title);
  out.set_title(in.title);
  out.set_oj_reference(in.oj_reference);
  out.set_adoption_date(ToProtoDate(in.adoption_date));
  for (const TranspositionDeadline& d : in.deadlines) {
    auto* deadline = out.add_deadlines();
    deadline->set_date(FormatDate(d.date));
    deadline->set_scope(d.scope);
  }
  out.set_policy_area(in.policy_area);
  out.set_competence(
      static_cast<v1::Competence>(static_cast<int>(in.competence) + 1));
  return out;
}

v1::Directive ToProtoDirective(const DirectiveState& state) {
  v1::Directive out = ToProto(state.directive);
  out.set_version(state.version);
  SetAudit(state.created, state.directive_changed, *out.mutable_audit());
  return out;
}

v1::Dossier ToProto(const DossierInfo& in) {
  v1::Dossier out;
  out.set_lead_administration(in.lead_administration);
  for (const auto& s : in.involved_administrations)
    out.add_involved_administrations(s);
  for (const auto& s : in.correspondents) out.add_correspondents(s);
  for (const auto& s : in.experts) out.add_experts(s);
  out.set_responsible_minister(in.responsible_minister);
  out.set_expected_completion_date(ToProtoDate(in.expected_completion));
  out.set_delay_cause(in.delay_cause);
  return out;
}

v1::Dossier ToProtoDossier(const DirectiveState& state,
                           const ReadContext& context) {
  v1::Dossier out = ToProto(state.dossier);
  out.set_celex(state.directive.celex);
  out.set_short_title(state.directive.short_title);
  out.set_status(ToProto(state.status));
  out.set_status_reason(state.status_reason);
  for (const Milestone& m : state.milestones)
    *out.add_milestones() = ToProto(m);
  for (const Measure& m : state.measures) *out.add_measures() = ToProto(m);
  for (const DerivedDeadline& d : DossierDeadlines(
           state, *context.calendar, context.deadlines, context.procedures)) {
    *out.add_deadlines() = ToProto(d);
  }
  out.set_overdue(IsOverdue(state, context.today));
  out.set_days_overdue(DaysOverdue(state, context.today));
  out.set_version(state.version);
  SetAudit(state.created, state.dossier_changed, *out.mutable_audit());
  return out;
}

v1::Milestone ToProto(const Milestone& in) {
  v1::Milestone out;
  out.set_kind(static_cast<v1::MilestoneKind>(static_cast<int>(in.kind) +
                                              v1::MILESTONE_KIND_DRAFT));
  out.set_planned_date(ToProtoDate(in.planned));
  out.set_actual_date(ToProtoDate(in.actual));
  return out;
}

v1::Measure ToProto(const Measure& in) {
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
  if (in.notification_scope.has_value())
    out.set_notification_scope(ToProto(*in.notification_scope));
  return out;
}

v1::DossierStatus ToProto(DossierStatus in) {
  return static_cast<v1::DossierStatus>(static_cast<int>(in) +
                                        v1::DOSSIER_STATUS_REGISTERED);
}

v1::NotificationScope ToProto(NotificationScope in) {
  return in == NotificationScope::kFull ? v1::NOTIFICATION_SCOPE_FULL
                                        : v1::NOTIFICATION_SCOPE_PARTIAL;
}

v1::StageKind ToProto(StageKind in) {
  return static_cast<v1::StageKind>(static_cast<int>(in) +
                                    v1::STAGE_KIND_EU_PILOT);
}

v1::ProcedureType ToProto(ProcedureType in) {
  return static_cast<v1::ProcedureType>(static_cast<int>(in) +
                                        v1::PROCEDURE_TYPE_NON_COMMUNICATION);
}

v1::Stage ToProto(const Stage& in) {
  v1::Stage out;
  out.set_kind(ToProto(in.kind));
  out.set_date(FormatDate(in.date));
  out.set_reply_due_date(ToProtoDate(in.reply_due));
  out.set_reply_date(ToProtoDate(in.reply_sent));
  out.set_lump_sum_eur(in.lump_sum_eur.value_or(0));
  out.set_daily_penalty_eur(in.daily_penalty_eur.value_or(0));
  out.set_case_number(in.case_number);
  return out;
}

v1::InfringementProcedure ToProtoProcedure(const ProcedureState& state) {
  v1::InfringementProcedure out;
  out.set_number(state.number);
  out.set_type(ToProto(state.type));
  for (const auto& c : state.celex) out.add_celex(c);
  for (const Stage& s : state.stages) *out.add_stages() = ToProto(s);
  out.set_closed(state.closed());
  out.set_closure_date(ToProtoDate(state.closed_on));
  out.set_closure_reason(state.closure_reason);
  for (const DerivedDeadline& d : ProcedureDeadlines(state))
    *out.add_deadlines() = ToProto(d);
  out.set_version(state.version);
  SetAudit(state.opened, state.changed, *out.mutable_audit());
  return out;
}

v1::CourtCase ToProto(const CourtCaseInfo& in) {
  v1::CourtCase out;
  out.set_number(in.number);
  out.set_kind(in.kind == CourtCaseKind::kAction
                   ? v1::COURT_CASE_KIND_ACTION
                   : v1::COURT_CASE_KIND_PRELIMINARY_REFERENCE);
  out.set_title(in.title);
  for (const auto& c : in.celex) out.add_celex(c);
  return out;
}

v1::CourtDeadline ToProto(const CourtDeadline& in) {
  v1::CourtDeadline out;
  out.set_date(FormatDate(in.date));
  out.set_description(in.description);
  return out;
}

v1::CourtCase ToProtoCourtCase(const CourtCaseState& state) {
  v1::CourtCase out = ToProto(state.info);
  for (const CourtDeadline& d : state.deadlines)
    *out.add_deadlines() = ToProto(d);
  out.set_version(state.version);
  SetAudit(state.created, state.changed, *out.mutable_audit());
  return out;
}

}  // namespace transpo

namespace transpo {
namespace {

// An unset time (a change never recorded) is InfinitePast.
absl::Time FromAuditTime(bool set, const google::protobuf::Timestamp& t) {
  return set ? FromProtoTime(t) : absl::InfinitePast();
}

}  // namespace

v1::DirectiveSnapshot ToSnapshot(const DirectiveState& state) {
  v1::DirectiveSnapshot out;
  *out.mutable_directive() = ToProtoDirective(state);
  v1::Dossier& dossier = *out.mutable_dossier();
  dossier = ToProto(state.dossier);
  dossier.set_celex(state.directive.celex);
  dossier.set_status(ToProto(state.status));
  dossier.set_status_reason(state.status_reason);
  for (const Milestone& m : state.milestones)
    *dossier.add_milestones() = ToProto(m);
  for (const Measure& m : state.measures) *dossier.add_measures() = ToProto(m);
  dossier.set_version(state.version);
  SetAudit(state.created, state.dossier_changed, *dossier.mutable_audit());
  out.set_created_by(state.created.actor);
  return out;
}

absl::StatusOr<DirectiveState> FromSnapshot(const v1::DirectiveSnapshot& in) {
  DirectiveState state;
  auto directive = FromProto(in.directive());
  if (!directive.ok()) return directive.status();
  auto dossier = FromProto(in.dossier());
  if (!dossier.ok()) return dossier.status();
  auto status = FromProto(in.dossier().status(), "dossier.status");
  if (!status.ok()) return status.status();
  state.directive = *std::move(directive);
  state.dossier = *std::move(dossier);
  state.status = *status;
  state.status_reason = in.dossier().status_reason();
  for (const auto& m : in.dossier().milestones()) {
    auto milestone = FromProto(m);
    if (!milestone.ok()) return milestone.status();
    state.milestones.push_back(*milestone);
  }
  for (const auto& m : in.dossier().measures()) {
    auto measure = FromProto(m);
    if (!measure.ok()) return measure.status();
    state.measures.push_back(*std::move(measure));
  }
  state.version = in.directive().version();
  state.created = {FromAuditTime(in.directive().audit().has_create_time(),
                                 in.directive().audit().create_time()),
                   in.created_by()};
  state.directive_changed = {
      FromAuditTime(in.directive().audit().has_update_time(),
                    in.directive().audit().update_time()),
      in.directive().audit().updated_by()};
  state.dossier_changed = {FromAuditTime(in.dossier().audit().has_update_time(),
                                         in.dossier().audit().update_time()),
                           in.dossier().audit().updated_by()};
  return state;
}

absl::StatusOr<ProcedureState> FromSnapshot(
    const v1::InfringementProcedure& in) {
  ProcedureState state;
  state.number = in.number();
  auto type = FromProto(in.type(), "procedure.type");
  if (!type.ok()) return type.status();
  state.type = *type;
  state.celex.assign(in.celex().begin(), in.celex().end());
  for (const auto& s : in.stages()) {
    auto stage = FromProto(s);
    if (!stage.ok()) return stage.status();
    state.stages.push_back(*std::move(stage));
  }
  auto closed = FromProtoDate("procedure.closure_date", in.closure_date());
  if (!closed.ok()) return closed.status();
  state.closed_on = *closed;
  state.closure_reason = in.closure_reason();
  state.version = in.version();
  state.opened = {
      FromAuditTime(in.audit().has_create_time(), in.audit().create_time()),
      ""};
  state.changed = {
      FromAuditTime(in.audit().has_update_time(), in.audit().update_time()),
      in.audit().updated_by()};
  return state;
}

absl::StatusOr<CourtCaseState> FromSnapshot(const v1::CourtCase& in) {
  CourtCaseState state;
  auto info = FromProto(in);
  if (!info.ok()) return info.status();
  state.info = *std::move(info);
  for (const auto& d : in.deadlines()) {
    auto deadline = FromProto(d);
    if (!deadline.ok()) return deadline.status();
    state.deadlines.push_back(*deadline);
  }
  state.version = in.version();
  state.created = {
      FromAuditTime(in.audit().has_create_time(), in.audit().create_time()),
      ""};
  state.changed = {
      FromAuditTime(in.audit().has_update_time(), in.audit().update_time()),
      in.audit().updated_by()};
  return state;
}

}  // namespace transpo
