// A directive and its transposition dossier: one aggregate (one stream, one
// version), since the dossier exists exactly as long as the directive does.
//
// Decide(state, command, context) checks a command against the current state
// and returns the events it causes, or an error that changes nothing:
//   InvalidArgument     a field is wrong (FieldError names it);
//   AlreadyExists       registering a directive that exists;
//   NotFound            any other command on a directive that does not;
//   FailedPrecondition  an illegal dossier transition, naming both states.
// Apply(state, event) folds an event into the state; it never fails, so the
// state of any version can be rebuilt from the log.
//
// Thread-safety: plain values and pure functions.
//
// Example:
//   DirectiveState state;
//   auto events = Decide(state, RegisterDirective{info}, context);
//   for (const auto& e : *events) Apply(state, e, change);

#ifndef TRANSPO_SERVER_DOMAIN_DIRECTIVE_H_
#define TRANSPO_SERVER_DOMAIN_DIRECTIVE_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/calendar.h"

namespace transpo {

enum class Competence { kToBeDetermined, kFull, kShared, kNone };

struct TranspositionDeadline {
  absl::CivilDay date;
  std::string scope;  // e.g. "Art 6(1)"; empty: the whole directive
};

struct DirectiveInfo {
  std::string celex;
  std::string short_title;
  std::string title;
  std::string oj_reference;
  std::optional<absl::CivilDay> adoption_date;
  std::vector<TranspositionDeadline> deadlines;  // at least one
  std::string policy_area;
  Competence competence = Competence::kToBeDetermined;
};

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

// Who changed a part of the aggregate, and when.
struct Change {
  absl::Time time = absl::InfinitePast();
  std::string actor;
};

struct DirectiveState {
  uint64_t version = 0;  // 0: the directive does not exist
  DirectiveInfo directive;
  Change created;
  Change directive_changed;
  DossierStatus status = DossierStatus::kRegistered;
  std::string status_reason;  // why not applicable, or closed
  DossierInfo dossier;
  std::vector<Milestone> milestones;
  std::vector<Measure> measures;
  Change dossier_changed;

  bool exists() const { return version > 0; }
};

// Commands. Update commands carry the fields to change (`fields`, names as
// in the API, e.g. "short_title"); fields not listed keep their value.
struct RegisterDirective {
  DirectiveInfo directive;
};
struct UpdateDirective {
  DirectiveInfo directive;
  std::set<std::string> fields;
};
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
using DirectiveCommand =
    std::variant<RegisterDirective, UpdateDirective, AssignDossier,
                 UpdateDossier, ChangeDossierStatus, SetMilestone,
                 RecordMeasure, NotifyMeasure>;

// Events.
struct DirectiveRegistered {
  DirectiveInfo directive;
};
struct DirectiveUpdated {
  DirectiveInfo directive;  // the whole new value
};
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
using DirectiveEvent =
    std::variant<DirectiveRegistered, DirectiveUpdated, DossierAssigned,
                 DossierUpdated, DossierStatusChanged, MilestoneSet,
                 MeasureRecorded, MeasureNotified>;

// What a decision may look at besides the state.
struct DecideContext {
  absl::CivilDay today;  // in Europe/Brussels
};

absl::StatusOr<std::vector<DirectiveEvent>> Decide(
    const DirectiveState& state, const DirectiveCommand& command,
    const DecideContext& context);

// `change` is who recorded the event and when (from the event record).
void Apply(DirectiveState& state, const DirectiveEvent& event,
           const Change& change);

// Whether the dossier is late on `today`: a transposition deadline has passed
// (the breach starts the day after it) and the directive is not fully
// notified, closed or not applicable. Partial notification is still late.
bool IsOverdue(const DirectiveState& state, absl::CivilDay today);
// Days since the first passed deadline; 0 if not overdue.
int DaysOverdue(const DirectiveState& state, absl::CivilDay today);
// The earliest transposition deadline.
absl::CivilDay FirstDeadline(const DirectiveInfo& directive);

}  // namespace transpo

#endif  // TRANSPO_SERVER_DOMAIN_DIRECTIVE_H_
