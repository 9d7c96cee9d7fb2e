// The transposition dossier of a directive: who owns it, its status, internal
// milestones and the measures that transpose the directive. A dossier exists
// exactly as long as its directive, so both are one aggregate (directive.h);
// this header holds the dossier's values, commands and events, and
// dossier.cc the rules that decide its commands.
//
// Status lifecycle (ChangeDossierStatus may make the moves marked *):
//   REGISTERED -> ASSIGNED (AssignDossier) -> DRAFTING* -> ADOPTED*
//   -> PARTIALLY_NOTIFIED / NOTIFIED (NotifyMeasure) -> CLOSED* (from NOTIFIED)
//   REGISTERED, ASSIGNED, DRAFTING -> NOT_APPLICABLE* (with a reason)
//   NOT_APPLICABLE -> REGISTERED* (reopened)
//
// Thread-safety: plain values.

#ifndef TRANSPO_SERVER_DOMAIN_DOSSIER_H_
#define TRANSPO_SERVER_DOMAIN_DOSSIER_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace transpo::domain {

enum class DossierStatus {
  kRegistered,
  kAssigned,
  kDrafting,
  kAdopted,
  kPartiallyNotified,
  kNotified,
  kClosed,
  kNotApplicable,
};
const char* DossierStatusName(DossierStatus status);  // "partially notified"

// Whether the directive counts as transposed (nothing more to do by its
// deadlines): NOTIFIED, CLOSED or NOT_APPLICABLE.
bool IsTransposed(DossierStatus status);

enum class MilestoneKind {
  kDraft,
  kFirstReading,
  kCouncilOfStateAdvice,
  kAdoption,
  kPublication,
};
const char* MilestoneName(MilestoneKind kind);

struct Milestone {
  MilestoneKind kind = MilestoneKind::kDraft;
  std::optional<absl::CivilDay> planned;
  std::optional<absl::CivilDay> actual;
};

enum class NotificationScope { kPartial, kFull };

struct Measure {
  std::string id;        // chosen by the caller, unique in the dossier
  std::string act_type;  // "ordinance", "order", ...
  std::string title;
  std::string reference;
  std::optional<absl::CivilDay> adoption_date;
  std::optional<absl::CivilDay> publication_date;  // Belgian Official Gazette
  std::vector<std::string> covers;                 // deadlines or articles
  std::string correlation_table;
  std::optional<absl::CivilDay> notification_date;
  std::optional<NotificationScope> notification_scope;
};

struct DossierInfo {
  std::string lead_administration;
  std::vector<std::string> involved_administrations;
  std::vector<std::string> correspondents;
  std::vector<std::string> experts;
  std::string responsible_minister;
  std::optional<absl::CivilDay> expected_completion;  // ETA
  std::string delay_cause;
};

// Commands. UpdateDossier carries the fields to change (`fields`, names as in
// the API, e.g. "delay_cause"); fields not listed keep their value.
struct AssignDossier {
  DossierInfo dossier;  // lead_administration required
};
struct UpdateDossier {
  DossierInfo dossier;
  std::set<std::string> fields;
};
struct ChangeDossierStatus {
  DossierStatus to = DossierStatus::kRegistered;
  std::string reason;  // required for not applicable
};
struct SetMilestone {
  Milestone milestone;
};
struct RecordMeasure {
  Measure measure;  // notification fields ignored: see NotifyMeasure
};
struct NotifyMeasure {
  std::string measure_id;
  absl::CivilDay date;
  NotificationScope scope = NotificationScope::kFull;
};

// Events.
struct DossierAssigned {
  DossierInfo dossier;
};
struct DossierUpdated {
  DossierInfo dossier;  // the whole new value
};
struct DossierStatusChanged {
  DossierStatus from = DossierStatus::kRegistered;
  DossierStatus to = DossierStatus::kRegistered;
  std::string reason;
};
struct MilestoneSet {
  Milestone milestone;
};
struct MeasureRecorded {
  Measure measure;
};
struct MeasureNotified {
  std::string measure_id;
  absl::CivilDay date;
  NotificationScope scope = NotificationScope::kFull;
};

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_DOSSIER_H_
