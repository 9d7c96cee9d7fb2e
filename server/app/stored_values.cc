#include "server/app/stored_values.h"

#include "absl/strings/str_cat.h"
#include "server/domain/calendar.h"

namespace transpo::app {
namespace {

using domain::CourtCaseKind;
using domain::DossierStatus;
using domain::MilestoneKind;
using domain::NotificationScope;
using domain::ProcedureType;
using domain::StageKind;

}  // namespace

absl::Status UnknownStoredValue(absl::string_view what, int value) {
  return absl::InvalidArgumentError(
      absl::StrCat("stored ", what, " ", value, ": not a known value"));
}

std::string ToStoredDate(const std::optional<absl::CivilDay>& day) {
  return day.has_value() ? domain::FormatDate(*day) : "";
}

absl::StatusOr<std::optional<absl::CivilDay>> FromStoredDate(
    absl::string_view field, const std::string& text) {
  if (text.empty()) return std::optional<absl::CivilDay>();
  absl::StatusOr<absl::CivilDay> day = domain::ParseStoredDate(field, text);
  if (!day.ok()) return day.status();
  return std::optional<absl::CivilDay>(*day);
}

absl::StatusOr<absl::CivilDay> FromStoredRequiredDate(absl::string_view field,
                                                      const std::string& text) {
  return domain::ParseStoredDate(field, text);
}

stored::Competence ToStored(domain::Competence in) {
  switch (in) {
    case domain::Competence::kToBeDetermined:
      return stored::COMPETENCE_TO_BE_DETERMINED;
    case domain::Competence::kFull:
      return stored::COMPETENCE_FULL;
    case domain::Competence::kShared:
      return stored::COMPETENCE_SHARED;
    case domain::Competence::kNone:
      return stored::COMPETENCE_NONE;
  }
  return stored::COMPETENCE_UNSPECIFIED;
}

absl::StatusOr<domain::Competence> FromStored(stored::Competence in) {
  switch (in) {
    case stored::COMPETENCE_UNSPECIFIED:
    case stored::COMPETENCE_TO_BE_DETERMINED:
      return domain::Competence::kToBeDetermined;
    case stored::COMPETENCE_FULL:
      return domain::Competence::kFull;
    case stored::COMPETENCE_SHARED:
      return domain::Competence::kShared;
    case stored::COMPETENCE_NONE:
      return domain::Competence::kNone;
    default:
      return UnknownStoredValue("competence", in);
  }
}

stored::DossierStatus ToStored(DossierStatus in) {
  switch (in) {
    case DossierStatus::kRegistered:
      return stored::DOSSIER_STATUS_REGISTERED;
    case DossierStatus::kAssigned:
      return stored::DOSSIER_STATUS_ASSIGNED;
    case DossierStatus::kDrafting:
      return stored::DOSSIER_STATUS_DRAFTING;
    case DossierStatus::kAdopted:
      return stored::DOSSIER_STATUS_ADOPTED;
    case DossierStatus::kPartiallyNotified:
      return stored::DOSSIER_STATUS_PARTIALLY_NOTIFIED;
    case DossierStatus::kNotified:
      return stored::DOSSIER_STATUS_NOTIFIED;
    case DossierStatus::kClosed:
      return stored::DOSSIER_STATUS_CLOSED;
    case DossierStatus::kNotApplicable:
      return stored::DOSSIER_STATUS_NOT_APPLICABLE;
  }
  return stored::DOSSIER_STATUS_UNSPECIFIED;
}

absl::StatusOr<DossierStatus> FromStored(stored::DossierStatus in) {
  switch (in) {
    case stored::DOSSIER_STATUS_REGISTERED:
      return DossierStatus::kRegistered;
    case stored::DOSSIER_STATUS_ASSIGNED:
      return DossierStatus::kAssigned;
    case stored::DOSSIER_STATUS_DRAFTING:
      return DossierStatus::kDrafting;
    case stored::DOSSIER_STATUS_ADOPTED:
      return DossierStatus::kAdopted;
    case stored::DOSSIER_STATUS_PARTIALLY_NOTIFIED:
      return DossierStatus::kPartiallyNotified;
    case stored::DOSSIER_STATUS_NOTIFIED:
      return DossierStatus::kNotified;
    case stored::DOSSIER_STATUS_CLOSED:
      return DossierStatus::kClosed;
    case stored::DOSSIER_STATUS_NOT_APPLICABLE:
      return DossierStatus::kNotApplicable;
    default:
      return UnknownStoredValue("dossier status", in);
  }
}

stored::MilestoneKind ToStored(MilestoneKind in) {
  switch (in) {
    case MilestoneKind::kDraft:
      return stored::MILESTONE_KIND_DRAFT;
    case MilestoneKind::kFirstReading:
      return stored::MILESTONE_KIND_FIRST_READING;
    case MilestoneKind::kCouncilOfStateAdvice:
      return stored::MILESTONE_KIND_COUNCIL_OF_STATE_ADVICE;
    case MilestoneKind::kAdoption:
      return stored::MILESTONE_KIND_ADOPTION;
    case MilestoneKind::kPublication:
      return stored::MILESTONE_KIND_PUBLICATION;
  }
  return stored::MILESTONE_KIND_UNSPECIFIED;
}

absl::StatusOr<MilestoneKind> FromStored(stored::MilestoneKind in) {
  switch (in) {
    case stored::MILESTONE_KIND_DRAFT:
      return MilestoneKind::kDraft;
    case stored::MILESTONE_KIND_FIRST_READING:
      return MilestoneKind::kFirstReading;
    case stored::MILESTONE_KIND_COUNCIL_OF_STATE_ADVICE:
      return MilestoneKind::kCouncilOfStateAdvice;
    case stored::MILESTONE_KIND_ADOPTION:
      return MilestoneKind::kAdoption;
    case stored::MILESTONE_KIND_PUBLICATION:
      return MilestoneKind::kPublication;
    default:
      return UnknownStoredValue("milestone kind", in);
  }
}

stored::NotificationScope ToStored(NotificationScope in) {
  switch (in) {
    case NotificationScope::kPartial:
      return stored::NOTIFICATION_SCOPE_PARTIAL;
    case NotificationScope::kFull:
      return stored::NOTIFICATION_SCOPE_FULL;
  }
  return stored::NOTIFICATION_SCOPE_UNSPECIFIED;
}

absl::StatusOr<NotificationScope> FromStored(stored::NotificationScope in) {
  switch (in) {
    case stored::NOTIFICATION_SCOPE_PARTIAL:
      return NotificationScope::kPartial;
    case stored::NOTIFICATION_SCOPE_FULL:
      return NotificationScope::kFull;
    default:
      return UnknownStoredValue("notification scope", in);
  }
}

stored::ProcedureType ToStored(ProcedureType in) {
  switch (in) {
    case ProcedureType::kNonCommunication:
      return stored::PROCEDURE_TYPE_NON_COMMUNICATION;
    case ProcedureType::kNonConformity:
      return stored::PROCEDURE_TYPE_NON_CONFORMITY;
    case ProcedureType::kBadApplication:
      return stored::PROCEDURE_TYPE_BAD_APPLICATION;
  }
  return stored::PROCEDURE_TYPE_UNSPECIFIED;
}

absl::StatusOr<ProcedureType> FromStored(stored::ProcedureType in) {
  switch (in) {
    case stored::PROCEDURE_TYPE_NON_COMMUNICATION:
      return ProcedureType::kNonCommunication;
    case stored::PROCEDURE_TYPE_NON_CONFORMITY:
      return ProcedureType::kNonConformity;
    case stored::PROCEDURE_TYPE_BAD_APPLICATION:
      return ProcedureType::kBadApplication;
    default:
      return UnknownStoredValue("procedure type", in);
  }
}

stored::StageKind ToStored(StageKind in) {
  switch (in) {
    case StageKind::kEuPilot:
      return stored::STAGE_KIND_EU_PILOT;
    case StageKind::kLetterOfFormalNotice:
      return stored::STAGE_KIND_LETTER_OF_FORMAL_NOTICE;
    case StageKind::kAdditionalLetterOfFormalNotice:
      return stored::STAGE_KIND_ADDITIONAL_LETTER_OF_FORMAL_NOTICE;
    case StageKind::kReasonedOpinion:
      return stored::STAGE_KIND_REASONED_OPINION;
    case StageKind::kAdditionalReasonedOpinion:
      return stored::STAGE_KIND_ADDITIONAL_REASONED_OPINION;
    case StageKind::kReferral:
      return stored::STAGE_KIND_REFERRAL;
    case StageKind::kJudgment:
      return stored::STAGE_KIND_JUDGMENT;
    case StageKind::kArticle260Letter:
      return stored::STAGE_KIND_ARTICLE_260_LETTER;
    case StageKind::kSecondReferral:
      return stored::STAGE_KIND_SECOND_REFERRAL;
  }
  return stored::STAGE_KIND_UNSPECIFIED;
}

absl::StatusOr<StageKind> FromStored(stored::StageKind in) {
  switch (in) {
    case stored::STAGE_KIND_EU_PILOT:
      return StageKind::kEuPilot;
    case stored::STAGE_KIND_LETTER_OF_FORMAL_NOTICE:
      return StageKind::kLetterOfFormalNotice;
    case stored::STAGE_KIND_ADDITIONAL_LETTER_OF_FORMAL_NOTICE:
      return StageKind::kAdditionalLetterOfFormalNotice;
    case stored::STAGE_KIND_REASONED_OPINION:
      return StageKind::kReasonedOpinion;
    case stored::STAGE_KIND_ADDITIONAL_REASONED_OPINION:
      return StageKind::kAdditionalReasonedOpinion;
    case stored::STAGE_KIND_REFERRAL:
      return StageKind::kReferral;
    case stored::STAGE_KIND_JUDGMENT:
      return StageKind::kJudgment;
    case stored::STAGE_KIND_ARTICLE_260_LETTER:
      return StageKind::kArticle260Letter;
    case stored::STAGE_KIND_SECOND_REFERRAL:
      return StageKind::kSecondReferral;
    default:
      return UnknownStoredValue("stage kind", in);
  }
}

stored::CourtCaseKind ToStored(CourtCaseKind in) {
  switch (in) {
    case CourtCaseKind::kPreliminaryReference:
      return stored::COURT_CASE_KIND_PRELIMINARY_REFERENCE;
    case CourtCaseKind::kAction:
      return stored::COURT_CASE_KIND_ACTION;
  }
  return stored::COURT_CASE_KIND_UNSPECIFIED;
}

absl::StatusOr<CourtCaseKind> FromStored(stored::CourtCaseKind in) {
  switch (in) {
    case stored::COURT_CASE_KIND_PRELIMINARY_REFERENCE:
      return CourtCaseKind::kPreliminaryReference;
    case stored::COURT_CASE_KIND_ACTION:
      return CourtCaseKind::kAction;
    default:
      return UnknownStoredValue("court case kind", in);
  }
}

stored::DirectiveFacts ToStored(const domain::DirectiveInfo& in) {
  stored::DirectiveFacts out;
  out.set_celex(in.celex);
  out.set_short_title(in.short_title);
  out.set_title(in.title);
  out.set_oj_reference(in.oj_reference);
  out.set_adoption_date(ToStoredDate(in.adoption_date));
  for (const domain::TranspositionDeadline& d : in.deadlines) {
    stored::TranspositionDeadline* deadline = out.add_deadlines();
    deadline->set_date(domain::FormatDate(d.date));
    deadline->set_scope(d.scope);
  }
  out.set_policy_area(in.policy_area);
  out.set_competence(ToStored(in.competence));
  return out;
}

absl::StatusOr<domain::DirectiveInfo> FromStored(
    const stored::DirectiveFacts& in) {
  domain::DirectiveInfo out;
  out.celex = in.celex();
  out.short_title = in.short_title();
  out.title = in.title();
  out.oj_reference = in.oj_reference();
  out.policy_area = in.policy_area();
  auto adoption = FromStoredDate("adoption_date", in.adoption_date());
  if (!adoption.ok()) return adoption.status();
  out.adoption_date = *adoption;
  for (const stored::TranspositionDeadline& d : in.deadlines()) {
    auto date = FromStoredRequiredDate("deadlines.date", d.date());
    if (!date.ok()) return date.status();
    out.deadlines.push_back({*date, d.scope()});
  }
  auto competence = FromStored(in.competence());
  if (!competence.ok()) return competence.status();
  out.competence = *competence;
  return out;
}

stored::DossierPeople ToStored(const domain::DossierInfo& in) {
  stored::DossierPeople out;
  out.set_lead_administration(in.lead_administration);
  for (const std::string& s : in.involved_administrations) {
    out.add_involved_administrations(s);
  }
  for (const std::string& s : in.correspondents) out.add_correspondents(s);
  for (const std::string& s : in.experts) out.add_experts(s);
  out.set_responsible_minister(in.responsible_minister);
  out.set_expected_completion_date(ToStoredDate(in.expected_completion));
  out.set_delay_cause(in.delay_cause);
  return out;
}

absl::StatusOr<domain::DossierInfo> FromStored(
    const stored::DossierPeople& in) {
  domain::DossierInfo out;
  out.lead_administration = in.lead_administration();
  out.involved_administrations.assign(in.involved_administrations().begin(),
                                      in.involved_administrations().end());
  out.correspondents.assign(in.correspondents().begin(),
                            in.correspondents().end());
  out.experts.assign(in.experts().begin(), in.experts().end());
  out.responsible_minister = in.responsible_minister();
  out.delay_cause = in.delay_cause();
  auto eta =
      FromStoredDate("expected_completion_date", in.expected_completion_date());
  if (!eta.ok()) return eta.status();
  out.expected_completion = *eta;
  return out;
}

stored::Milestone ToStored(const domain::Milestone& in) {
  stored::Milestone out;
  out.set_kind(ToStored(in.kind));
  out.set_planned_date(ToStoredDate(in.planned));
  out.set_actual_date(ToStoredDate(in.actual));
  return out;
}

absl::StatusOr<domain::Milestone> FromStored(const stored::Milestone& in) {
  domain::Milestone out;
  auto kind = FromStored(in.kind());
  if (!kind.ok()) return kind.status();
  out.kind = *kind;
  auto planned = FromStoredDate("milestone.planned_date", in.planned_date());
  if (!planned.ok()) return planned.status();
  auto actual = FromStoredDate("milestone.actual_date", in.actual_date());
  if (!actual.ok()) return actual.status();
  out.planned = *planned;
  out.actual = *actual;
  return out;
}

stored::Measure ToStored(const domain::Measure& in) {
  stored::Measure out;
  out.set_id(in.id);
  out.set_act_type(in.act_type);
  out.set_title(in.title);
  out.set_reference(in.reference);
  out.set_adoption_date(ToStoredDate(in.adoption_date));
  out.set_publication_date(ToStoredDate(in.publication_date));
  for (const std::string& c : in.covers) out.add_covers(c);
  out.set_correlation_table(in.correlation_table);
  out.set_notification_date(ToStoredDate(in.notification_date));
  if (in.notification_scope.has_value()) {
    out.set_notification_scope(ToStored(*in.notification_scope));
  }
  return out;
}

absl::StatusOr<domain::Measure> FromStored(const stored::Measure& in) {
  domain::Measure out;
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
    auto day = FromStoredDate(field, *text);
    if (!day.ok()) return day.status();
    *target = *day;
  }
  if (in.notification_scope() != stored::NOTIFICATION_SCOPE_UNSPECIFIED) {
    auto scope = FromStored(in.notification_scope());
    if (!scope.ok()) return scope.status();
    out.notification_scope = *scope;
  }
  return out;
}

stored::Stage ToStored(const domain::Stage& in) {
  stored::Stage out;
  out.set_kind(ToStored(in.kind));
  out.set_date(domain::FormatDate(in.date));
  out.set_reply_due_date(ToStoredDate(in.reply_due));
  out.set_reply_date(ToStoredDate(in.reply_sent));
  out.set_lump_sum_eur(in.lump_sum_eur.value_or(0));
  out.set_daily_penalty_eur(in.daily_penalty_eur.value_or(0));
  out.set_case_number(in.case_number);
  return out;
}

absl::StatusOr<domain::Stage> FromStored(const stored::Stage& in) {
  domain::Stage out;
  auto kind = FromStored(in.kind());
  if (!kind.ok()) return kind.status();
  out.kind = *kind;
  auto date = FromStoredRequiredDate("stage.date", in.date());
  if (!date.ok()) return date.status();
  out.date = *date;
  auto due = FromStoredDate("stage.reply_due_date", in.reply_due_date());
  if (!due.ok()) return due.status();
  out.reply_due = *due;
  auto reply = FromStoredDate("stage.reply_date", in.reply_date());
  if (!reply.ok()) return reply.status();
  out.reply_sent = *reply;
  if (in.lump_sum_eur() != 0) out.lump_sum_eur = in.lump_sum_eur();
  if (in.daily_penalty_eur() != 0) {
    out.daily_penalty_eur = in.daily_penalty_eur();
  }
  out.case_number = in.case_number();
  return out;
}

stored::CourtCaseFacts ToStored(const domain::CourtCaseInfo& in) {
  stored::CourtCaseFacts out;
  out.set_number(in.number);
  out.set_kind(ToStored(in.kind));
  out.set_title(in.title);
  for (const std::string& c : in.celex) out.add_celex(c);
  return out;
}

absl::StatusOr<domain::CourtCaseInfo> FromStored(
    const stored::CourtCaseFacts& in) {
  domain::CourtCaseInfo out;
  out.number = in.number();
  out.title = in.title();
  out.celex.assign(in.celex().begin(), in.celex().end());
  auto kind = FromStored(in.kind());
  if (!kind.ok()) return kind.status();
  out.kind = *kind;
  return out;
}

stored::CourtDeadline ToStored(const domain::CourtDeadline& in) {
  stored::CourtDeadline out;
  out.set_date(domain::FormatDate(in.date));
  out.set_description(in.description);
  return out;
}

absl::StatusOr<domain::CourtDeadline> FromStored(
    const stored::CourtDeadline& in) {
  auto date = FromStoredRequiredDate("deadline.date", in.date());
  if (!date.ok()) return date.status();
  return domain::CourtDeadline{*date, in.description()};
}

}  // namespace transpo::app
