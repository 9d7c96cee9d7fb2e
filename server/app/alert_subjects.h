// What alerts a subject (a dossier, a procedure, a court case) plans, and
// whom they go to, read from its projection rows, for the AlertScheduler.
//
// A dossier's audience is its lead and involved administrations and the
// correspondents it names; a procedure's or a court case's, those of the
// dossiers of the directives it concerns. A notice names the correspondents
// of the audience, or every active correspondent of its administrations when
// none is named, and the Euro-coordinator from the policy's severity up.
//
// Thread-safety: pure functions over the log's reads.

#ifndef TRANSPO_SERVER_APP_ALERT_SUBJECTS_H_
#define TRANSPO_SERVER_APP_ALERT_SUBJECTS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/app/settings.h"
#include "server/domain/alert.h"
#include "storage/event_log.h"

namespace transpo::app {

struct SubjectPlan {
  std::vector<domain::DeadlinePlan> deadlines;
  std::string celex;
  std::string title;
  std::vector<std::string> administrations;  // the lead first
  std::vector<std::string> correspondents;   // named by the dossiers
};

// The plan of `subject` (its stream: "directive-<CELEX>", ...); nullopt if
// it does not exist or is not a subject. Errors of the log's reads.
absl::StatusOr<std::optional<SubjectPlan>> ReadSubjectPlan(
    EventLog& log, const DomainSettings& settings, const std::string& subject);

// The notice of alert `due` of deadline `plan` of `subject`.
absl::StatusOr<domain::AlertNotice> BuildNotice(
    EventLog& log, const DomainSettings& settings, const SubjectPlan& subject,
    const domain::DeadlinePlan& plan, const domain::PlannedAlert& due);

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_ALERT_SUBJECTS_H_
