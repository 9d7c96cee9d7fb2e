// The key figures of transposition, as the metrics and the note count them
// (../shared/domain/EU-LAW.md, "How transposition is measured"):
//
//   followed   a registered directive whose dossier is not "not applicable"
//              (Brussels has something to transpose);
//   overdue    followed, not transposed (partial notification counts as not
//              transposed) and its first deadline has passed (IsOverdue);
//   deficit    overdue / followed: the Single Market Scoreboard's
//              transposition deficit over the directives the Region follows,
//              against the targets of 1% (European Council, 2007) and 0.5%
//              (Single Market Act proposal);
//   long overdue  overdue by two years or more (the target is zero).
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_DOMAIN_KEY_FIGURES_H_
#define TRANSPO_SERVER_DOMAIN_KEY_FIGURES_H_

#include <cstddef>
#include <optional>

#include "absl/time/civil_time.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"

namespace transpo::domain {

inline constexpr double kDeficitTarget = 0.01;           // European Council
inline constexpr double kDeficitProposedTarget = 0.005;  // Single Market Act

bool IsFollowed(const DirectiveState& state);

// The first deadline of a directive that is followed and not transposed:
// what makes it overdue once passed. nullopt: none.
std::optional<absl::CivilDay> OpenDeadline(const DirectiveState& state);

// Whether an open deadline `deadline` is overdue by two years or more on
// `today`: two years after it, to the day (after 29 February, 1 March).
bool OverdueTwoYearsOrMore(absl::CivilDay deadline, absl::CivilDay today);

// overdue / followed; 0 when nothing is followed.
double Deficit(size_t overdue, size_t followed);

// The earliest reply the Region still owes in an open procedure: a stage's
// reply due date with no reply sent. nullopt: none.
std::optional<absl::CivilDay> NextReplyDue(const ProcedureState& state);

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_KEY_FIGURES_H_
