#include "server/api/enum_convert.h"

#include "absl/strings/str_cat.h"
#include "server/domain/field_error.h"

namespace transpo::api {
namespace {

using domain::CourtCaseKind;
using domain::DeadlineKind;
using domain::DossierStatus;
using domain::MilestoneKind;
using domain::NotificationScope;
using domain::ProcedureType;
using domain::StageKind;

absl::Status Unknown(absl::string_view field, int value,
                     absl::string_view what) {
  return domain::FieldError(field, absl::StrCat(value),
                            absl::StrCat("not a ", what));
}

}  // namespace

absl::StatusOr<domain::Competence> FromProto(v1::Competence in,
                                             absl::string_view field) {
  switch (in) {
    case v1::COMPETENCE_UNSPECIFIED:
    case v1::COMPETENCE_TO_BE_DETERMINED:
      return domain::Competence::kToBeDetermined;
    case v1::COMPETENCE_FULL:
      return domain::Competence::kFull;
    case v1::COMPETENCE_SHARED:
      return domain::Competence::kShared;
    case v1::COMPETENCE_NONE:
      return domain::Competence::kNone;
    default:
      return Unknown(field, in, "known competence");
  }
}

v1::Competence ToProto(domain::Competence in) {
  switch (in) {
    case domain::Competence::kToBeDetermined:
      return v1::COMPETENCE_TO_BE_DETERMINED;
    case domain::Competence::kFull:
      return v1::COMPETENCE_FULL;
    case domain::Competence::kShared:
      return v1::COMPETENCE_SHARED;
    case domain::Competence::kNone:
      return v1::COMPETENCE_NONE;
  }
  return v1::COMPETENCE_UNSPECIFIED;
}

absl::StatusOr<DossierStatus> FromProto(v1::DossierStatus in,
                                        absl::string_view field) {
  switch (in) {
    case v1::DOSSIER_STATUS_REGISTERED:
      return DossierStatus::kRegistered;
    case v1::DOSSIER_STATUS_ASSIGNED:
      return DossierStatus::kAssigned;
    case v1::DOSSIER_STATUS_DRAFTING:
      return DossierStatus::kDrafting;
    case v1::DOSSIER_STATUS_ADOPTED:
      return DossierStatus::kAdopted;
    case v1::DOSSIER_STATUS_PARTIALLY_NOTIFIED:
      return DossierStatus::kPartiallyNotified;
    case v1::DOSSIER_STATUS_NOTIFIED:
      return DossierStatus::kNotified;
    case v1::DOSSIER_STATUS_CLOSED:
      return DossierStatus::kClosed;
    case v1::DOSSIER_STATUS_NOT_APPLICABLE:
      return DossierStatus::kNotApplicable;
    default:
      return Unknown(field, in, "dossier status");
  }
}

v1::DossierStatus ToProto(DossierStatus in) {
  switch (in) {
    case DossierStatus::kRegistered:
      return v1::DOSSIER_STATUS_REGISTERED;
    case DossierStatus::kAssigned:
      return v1::DOSSIER_STATUS_ASSIGNED;
    case DossierStatus::kDrafting:
      return v1::DOSSIER_STATUS_DRAFTING;
    case DossierStatus::kAdopted:
      return v1::DOSSIER_STATUS_ADOPTED;
    case DossierStatus::kPartiallyNotified:
      return v1::DOSSIER_STATUS_PARTIALLY_NOTIFIED;
    case DossierStatus::kNotified:
      return v1::DOSSIER_STATUS_NOTIFIED;
    case DossierStatus::kClosed:
      return v1::DOSSIER_STATUS_CLOSED;
    case DossierStatus::kNotApplicable:
      return v1::DOSSIER_STATUS_NOT_APPLICABLE;
  }
  return v1::DOSSIER_STATUS_UNSPECIFIED;
}

absl::StatusOr<MilestoneKind> FromProto(v1::MilestoneKind in,
                                        absl::string_view field) {
  switch (in) {
    case v1::MILESTONE_KIND_DRAFT:
      return MilestoneKind::kDraft;
    case v1::MILESTONE_KIND_FIRST_READING:
      return MilestoneKind::kFirstReading;
    case v1::MILESTONE_KIND_COUNCIL_OF_STATE_ADVICE:
      return MilestoneKind::kCouncilOfStateAdvice;
    case v1::MILESTONE_KIND_ADOPTION:
      return MilestoneKind::kAdoption;
    case v1::MILESTONE_KIND_PUBLICATION:
      return MilestoneKind::kPublication;
    default:
      return Unknown(field, in, "milestone kind");
  }
}

v1::MilestoneKind ToProto(MilestoneKind in) {
  switch (in) {
    case MilestoneKind::kDraft:
      return v1::MILESTONE_KIND_DRAFT;
    case MilestoneKind::kFirstReading:
      return v1::MILESTONE_KIND_FIRST_READING;
    case MilestoneKind::kCouncilOfStateAdvice:
      return v1::MILESTONE_KIND_COUNCIL_OF_STATE_ADVICE;
    case MilestoneKind::kAdoption:
      return v1::MILESTONE_KIND_ADOPTION;
    case MilestoneKind::kPublication:
      return v1::MILESTONE_KIND_PUBLICATION;
  }
  return v1::MILESTONE_KIND_UNSPECIFIED;
}

absl::StatusOr<NotificationScope> FromProto(v1::NotificationScope in,
                                            absl::string_view field) {
  switch (in) {
    case v1::NOTIFICATION_SCOPE_PARTIAL:
      return NotificationScope::kPartial;
    case v1::NOTIFICATION_SCOPE_FULL:
      return NotificationScope::kFull;
    default:
      return Unknown(field, in, "notification scope (PARTIAL or FULL)");
  }
}

v1::NotificationScope ToProto(NotificationScope in) {
  switch (in) {
    case NotificationScope::kPartial:
      return v1::NOTIFICATION_SCOPE_PARTIAL;
    case NotificationScope::kFull:
      return v1::NOTIFICATION_SCOPE_FULL;
  }
  return v1::NOTIFICATION_SCOPE_UNSPECIFIED;
}

v1::DeadlineKind ToProto(DeadlineKind in) {
  switch (in) {
    case DeadlineKind::kTransposition:
      return v1::DEADLINE_KIND_TRANSPOSITION;
    case DeadlineKind::kInfringementTrigger:
      return v1::DEADLINE_KIND_INFRINGEMENT_TRIGGER;
    case DeadlineKind::kReplyDue:
      return v1::DEADLINE_KIND_REPLY_DUE;
    case DeadlineKind::kMilestone:
      return v1::DEADLINE_KIND_MILESTONE;
    case DeadlineKind::kCourt:
      return v1::DEADLINE_KIND_COURT;
  }
  return v1::DEADLINE_KIND_UNSPECIFIED;
}

absl::StatusOr<ProcedureType> FromProto(v1::ProcedureType in,
                                        absl::string_view field) {
  switch (in) {
    case v1::PROCEDURE_TYPE_NON_COMMUNICATION:
      return ProcedureType::kNonCommunication;
    case v1::PROCEDURE_TYPE_NON_CONFORMITY:
      return ProcedureType::kNonConformity;
    case v1::PROCEDURE_TYPE_BAD_APPLICATION:
      return ProcedureType::kBadApplication;
    default:
      return Unknown(field, in, "procedure type");
  }
}

v1::ProcedureType ToProto(ProcedureType in) {
  switch (in) {
    case ProcedureType::kNonCommunication:
      return v1::PROCEDURE_TYPE_NON_COMMUNICATION;
    case ProcedureType::kNonConformity:
      return v1::PROCEDURE_TYPE_NON_CONFORMITY;
    case ProcedureType::kBadApplication:
      return v1::PROCEDURE_TYPE_BAD_APPLICATION;
  }
  return v1::PROCEDURE_TYPE_UNSPECIFIED;
}

absl::StatusOr<StageKind> FromProto(v1::StageKind in, absl::string_view field) {
  switch (in) {
    case v1::STAGE_KIND_EU_PILOT:
      return StageKind::kEuPilot;
    case v1::STAGE_KIND_LETTER_OF_FORMAL_NOTICE:
      return StageKind::kLetterOfFormalNotice;
    case v1::STAGE_KIND_ADDITIONAL_LETTER_OF_FORMAL_NOTICE:
      return StageKind::kAdditionalLetterOfFormalNotice;
    case v1::STAGE_KIND_REASONED_OPINION:
      return StageKind::kReasonedOpinion;
    case v1::STAGE_KIND_ADDITIONAL_REASONED_OPINION:
      return StageKind::kAdditionalReasonedOpinion;
    case v1::STAGE_KIND_REFERRAL:
      return StageKind::kReferral;
    case v1::STAGE_KIND_JUDGMENT:
      return StageKind::kJudgment;
    case v1::STAGE_KIND_ARTICLE_260_LETTER:
      return StageKind::kArticle260Letter;
    case v1::STAGE_KIND_SECOND_REFERRAL:
      return StageKind::kSecondReferral;
    default:
      return Unknown(field, in, "stage kind");
  }
}

v1::StageKind ToProto(StageKind in) {
  switch (in) {
    case StageKind::kEuPilot:
      return v1::STAGE_KIND_EU_PILOT;
    case StageKind::kLetterOfFormalNotice:
      return v1::STAGE_KIND_LETTER_OF_FORMAL_NOTICE;
    case StageKind::kAdditionalLetterOfFormalNotice:
      return v1::STAGE_KIND_ADDITIONAL_LETTER_OF_FORMAL_NOTICE;
    case StageKind::kReasonedOpinion:
      return v1::STAGE_KIND_REASONED_OPINION;
    case StageKind::kAdditionalReasonedOpinion:
      return v1::STAGE_KIND_ADDITIONAL_REASONED_OPINION;
    case StageKind::kReferral:
      return v1::STAGE_KIND_REFERRAL;
    case StageKind::kJudgment:
      return v1::STAGE_KIND_JUDGMENT;
    case StageKind::kArticle260Letter:
      return v1::STAGE_KIND_ARTICLE_260_LETTER;
    case StageKind::kSecondReferral:
      return v1::STAGE_KIND_SECOND_REFERRAL;
  }
  return v1::STAGE_KIND_UNSPECIFIED;
}

absl::StatusOr<CourtCaseKind> FromProto(v1::CourtCaseKind in,
                                        absl::string_view field) {
  switch (in) {
    case v1::COURT_CASE_KIND_PRELIMINARY_REFERENCE:
      return CourtCaseKind::kPreliminaryReference;
    case v1::COURT_CASE_KIND_ACTION:
      return CourtCaseKind::kAction;
    default:
      return Unknown(field, in, "court case kind");
  }
}

v1::CourtCaseKind ToProto(CourtCaseKind in) {
  switch (in) {
    case CourtCaseKind::kPreliminaryReference:
      return v1::COURT_CASE_KIND_PRELIMINARY_REFERENCE;
    case CourtCaseKind::kAction:
      return v1::COURT_CASE_KIND_ACTION;
  }
  return v1::COURT_CASE_KIND_UNSPECIFIED;
}

absl::StatusOr<domain::Language> FromProto(v1::Language in,
                                           absl::string_view field) {
  switch (in) {
    case v1::LANGUAGE_NL:
      return domain::Language::kDutch;
    case v1::LANGUAGE_FR:
      return domain::Language::kFrench;
    default:
      return Unknown(field, in, "language (LANGUAGE_NL or LANGUAGE_FR)");
  }
}

v1::Language ToProto(domain::Language in) {
  switch (in) {
    case domain::Language::kDutch:
      return v1::LANGUAGE_NL;
    case domain::Language::kFrench:
      return v1::LANGUAGE_FR;
  }
  return v1::LANGUAGE_UNSPECIFIED;
}

absl::StatusOr<domain::AlertSeverity> FromProto(v1::AlertSeverity in,
                                                absl::string_view field) {
  switch (in) {
    case v1::ALERT_SEVERITY_INFO:
      return domain::AlertSeverity::kInfo;
    case v1::ALERT_SEVERITY_WARNING:
      return domain::AlertSeverity::kWarning;
    case v1::ALERT_SEVERITY_CRITICAL:
      return domain::AlertSeverity::kCritical;
    default:
      return Unknown(field, in, "alert severity");
  }
}

absl::StatusOr<domain::AlertStatus> FromProto(v1::AlertStatus in,
                                              absl::string_view field) {
  switch (in) {
    case v1::ALERT_STATUS_FIRING:
      return domain::AlertStatus::kFiring;
    case v1::ALERT_STATUS_ACKNOWLEDGED:
      return domain::AlertStatus::kAcknowledged;
    case v1::ALERT_STATUS_RESOLVED:
      return domain::AlertStatus::kResolved;
    default:
      return Unknown(field, in, "alert status");
  }
}

v1::AlertSeverity ToProto(domain::AlertSeverity in) {
  switch (in) {
    case domain::AlertSeverity::kInfo:
      return v1::ALERT_SEVERITY_INFO;
    case domain::AlertSeverity::kWarning:
      return v1::ALERT_SEVERITY_WARNING;
    case domain::AlertSeverity::kCritical:
      return v1::ALERT_SEVERITY_CRITICAL;
  }
  return v1::ALERT_SEVERITY_UNSPECIFIED;
}

v1::AlertStatus ToProto(domain::AlertStatus in) {
  switch (in) {
    case domain::AlertStatus::kFiring:
      return v1::ALERT_STATUS_FIRING;
    case domain::AlertStatus::kAcknowledged:
      return v1::ALERT_STATUS_ACKNOWLEDGED;
    case domain::AlertStatus::kResolved:
      return v1::ALERT_STATUS_RESOLVED;
  }
  return v1::ALERT_STATUS_UNSPECIFIED;
}

}  // namespace transpo::api
