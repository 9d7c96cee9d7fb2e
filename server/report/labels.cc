#include "server/report/labels.h"

#include "absl/strings/str_cat.h"

namespace transpo::report {
namespace {

const char* StatusKey(domain::DossierStatus status) {
  using S = domain::DossierStatus;
  switch (status) {
    case S::kRegistered:
      return "status.registered";
    case S::kAssigned:
      return "status.assigned";
    case S::kDrafting:
      return "status.drafting";
    case S::kAdopted:
      return "status.adopted";
    case S::kPartiallyNotified:
      return "status.partially_notified";
    case S::kNotified:
      return "status.notified";
    case S::kClosed:
      return "status.closed";
    case S::kNotApplicable:
      return "status.not_applicable";
  }
  return "status.unknown";
}

const char* StageKey(domain::StageKind kind) {
  using K = domain::StageKind;
  switch (kind) {
    case K::kEuPilot:
      return "stage.eu_pilot";
    case K::kLetterOfFormalNotice:
      return "stage.letter_of_formal_notice";
    case K::kAdditionalLetterOfFormalNotice:
      return "stage.additional_letter_of_formal_notice";
    case K::kReasonedOpinion:
      return "stage.reasoned_opinion";
    case K::kAdditionalReasonedOpinion:
      return "stage.additional_reasoned_opinion";
    case K::kReferral:
      return "stage.referral";
    case K::kJudgment:
      return "stage.judgment";
    case K::kArticle260Letter:
      return "stage.article_260_letter";
    case K::kSecondReferral:
      return "stage.second_referral";
  }
  return "stage.unknown";
}

const char* TypeKey(domain::ProcedureType type) {
  using T = domain::ProcedureType;
  switch (type) {
    case T::kNonCommunication:
      return "type.non_communication";
    case T::kNonConformity:
      return "type.non_conformity";
    case T::kBadApplication:
      return "type.bad_application";
  }
  return "type.unknown";
}

}  // namespace

const char* LanguageCode(Language language) {
  switch (language) {
    case Language::kDutch:
      return "nl";
    case Language::kFrench:
      return "fr";
    case Language::kEnglish:
      return "en";
  }
  return "en";
}

std::span<const Label> LabelTable(Language language) {
  switch (language) {
    case Language::kDutch:
      return DutchLabels();
    case Language::kFrench:
      return FrenchLabels();
    case Language::kEnglish:
      return EnglishLabels();
  }
  return EnglishLabels();
}

Labels::Labels(Language language) : language_(language) {
  for (const Label& label : LabelTable(language)) {
    texts_.emplace(label.key, label.text);
  }
}

std::string Labels::Get(absl::string_view key) const {
  auto it = texts_.find(key);
  if (it == texts_.end()) return absl::StrCat("[", key, "]");
  return std::string(it->second);
}

std::string Labels::Status(domain::DossierStatus status) const {
  return Get(StatusKey(status));
}

std::string Labels::Stage(domain::StageKind kind) const {
  return Get(StageKey(kind));
}

std::string Labels::Type(domain::ProcedureType type) const {
  return Get(TypeKey(type));
}

std::string Labels::CourtCaseKind(domain::CourtCaseKind kind) const {
  return Get(kind == domain::CourtCaseKind::kAction
                 ? "court.action"
                 : "court.preliminary_reference");
}

std::string Labels::Month(int month) const {
  return Get(absl::StrCat("month.", month));
}

}  // namespace transpo::report
