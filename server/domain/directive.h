// A directive and its transposition dossier (dossier.h): one aggregate (one
// stream, one version), since the dossier exists exactly as long as the
// directive does.
//
// Decide(state, command, context) checks a command against the current state
// and returns the events it causes, or an error that changes nothing:
//   InvalidArgument     a field is wrong or over a bound of limits.h
//                       (FieldError names it);
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
#include "server/domain/administration.h"
#include "server/domain/change.h"
#include "server/domain/dossier.h"

namespace transpo::domain {

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
  std::vector<TranspositionDeadline> deadlines;  // 1 to kMaxDeadlines
  std::string policy_area;
  Competence competence = Competence::kToBeDetermined;
};

struct DirectiveState {
  uint64_t version = 0;  // 0: the directive does not exist
  DirectiveInfo directive;
  Change created;
  Change directive_changed;
  DossierStatus status = DossierStatus::kRegistered;
  std::string status_reason;  // why not applicable, or closed
  DossierInfo dossier;
  std::vector<Milestone> milestones;  // one per kind, in kind order
  std::vector<Measure> measures;
  Change dossier_changed;

  bool exists() const { return version > 0; }
};

// Commands on the directive itself; the dossier's are in dossier.h. Update
// commands carry the fields to change (names as in the API).
struct RegisterDirective {
  DirectiveInfo directive;
};
struct UpdateDirective {
  DirectiveInfo directive;
  std::set<std::string> fields;
};
using DirectiveCommand =
    std::variant<RegisterDirective, UpdateDirective, AssignDossier,
                 UpdateDossier, ChangeDossierStatus, SetMilestone,
                 RecordMeasure, NotifyMeasure>;

struct DirectiveRegistered {
  DirectiveInfo directive;
};
struct DirectiveUpdated {
  DirectiveInfo directive;  // the whole new value
};
using DirectiveEvent =
    std::variant<DirectiveRegistered, DirectiveUpdated, DossierAssigned,
                 DossierUpdated, DossierStatusChanged, MilestoneSet,
                 MeasureRecorded, MeasureNotified>;

// What a decision may look at besides the state.
struct DecideContext {
  absl::CivilDay today;  // in Europe/Brussels
  // The directory assignments are checked against (dossier_people.h).
  FindAdministration administration;
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

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_DIRECTIVE_H_
