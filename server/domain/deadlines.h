// The deadlines derived from a dossier, a procedure or a court case: what the
// alerts watch and the reports list.
//
// Per dossier: each transposition deadline (a fixed date: it never moves),
// the infringement trigger of each (deadline plus an offset, by default one
// month, as a Reg. 1182/71 period), each planned internal milestone, and the
// reply due dates of the procedures concerning the directive. Per
// procedure: the reply due date of each letter. Per court case: each of its
// deadlines. A deadline is `met` once what it waits for is done.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_DOMAIN_DEADLINES_H_
#define TRANSPO_SERVER_DOMAIN_DEADLINES_H_

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "server/domain/calendar.h"
#include "server/domain/court_case.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"

namespace transpo::domain {

enum class DeadlineKind {
  kTransposition,
  kInfringementTrigger,
  kReplyDue,
  kMilestone,
  kCourt
};

struct DerivedDeadline {
  DeadlineKind kind = DeadlineKind::kTransposition;
  absl::CivilDay date;
  std::string description;
  bool met = false;
};

struct DeadlinePolicy {
  // From a transposition deadline to the infringement trigger. Default: 1
  // month.
  Period infringement_trigger = Period::Months(1);
};

// `procedures`: infringement procedures; the reply due dates of those that
// concern the directive are the dossier's too.
std::vector<DerivedDeadline> DossierDeadlines(
    const DirectiveState& state, const Calendar& calendar,
    const DeadlinePolicy& policy,
    const std::vector<ProcedureState>& procedures = {});
std::vector<DerivedDeadline> ProcedureDeadlines(const ProcedureState& state);
std::vector<DerivedDeadline> CourtCaseDeadlines(const CourtCaseState& state);

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_DEADLINES_H_
