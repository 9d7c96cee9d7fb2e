// A case before the Court of Justice beyond infringements: a preliminary
// reference (Art 267 TFEU) in which the Region takes part, or an action, with
// its procedural deadlines (written observations, hearing, ...).
//
// Decide/Apply follow directive.h. Errors: InvalidArgument (FieldError),
// AlreadyExists, NotFound.
//
// Thread-safety: plain values and pure functions.

#ifndef TRANSPO_SERVER_DOMAIN_COURT_CASE_H_
#define TRANSPO_SERVER_DOMAIN_COURT_CASE_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "server/domain/change.h"

namespace transpo::domain {

enum class CourtCaseKind { kPreliminaryReference, kAction };

struct CourtDeadline {
  absl::CivilDay date;
  std::string description;
};

struct CourtCaseInfo {
  std::string number;  // C-NNN/YY
  CourtCaseKind kind = CourtCaseKind::kPreliminaryReference;
  std::string title;
  std::vector<std::string> celex;  // directives concerned, if any
};

struct CourtCaseState {
  uint64_t version = 0;
  CourtCaseInfo info;
  std::vector<CourtDeadline> deadlines;  // by date
  Change created;
  Change changed;

  bool exists() const { return version > 0; }
};

struct RegisterCourtCase {
  CourtCaseInfo info;
};
struct AddCourtDeadline {
  CourtDeadline deadline;
};
using CourtCaseCommand = std::variant<RegisterCourtCase, AddCourtDeadline>;

struct CourtCaseRegistered {
  CourtCaseInfo info;
};
struct CourtDeadlineAdded {
  CourtDeadline deadline;
};
using CourtCaseEvent = std::variant<CourtCaseRegistered, CourtDeadlineAdded>;

absl::StatusOr<std::vector<CourtCaseEvent>> Decide(
    const CourtCaseState& state, const CourtCaseCommand& command);
void Apply(CourtCaseState& state, const CourtCaseEvent& event,
           const Change& change);

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_COURT_CASE_H_
