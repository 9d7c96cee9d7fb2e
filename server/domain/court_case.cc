#include "server/domain/court_case.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/domain/checks.h"
#include "server/domain/field_error.h"
#include "server/domain/identifiers.h"
#include "server/domain/limits.h"

namespace transpo::domain {

absl::StatusOr<std::vector<CourtCaseEvent>> Decide(
    const CourtCaseState& state, const CourtCaseCommand& command) {
  if (const auto* c = std::get_if<RegisterCourtCase>(&command)) {
    if (state.exists()) {
      return absl::AlreadyExistsError(absl::StrCat(
          "court case ", state.info.number, " is already registered"));
    }
    absl::Status valid =
        ValidateCaseNumber("court_case.number", c->info.number);
    if (!valid.ok()) return valid;
    valid = CheckText("court_case.title", c->info.title, true, kMaxTextBytes);
    if (valid.ok()) {
      valid = CheckCount("court_case.celex", c->info.celex.size(),
                         kMaxDirectivesConcerned);
    }
    if (!valid.ok()) return valid;
    for (size_t i = 0; i < c->info.celex.size(); ++i) {
      valid = ValidateCelex(absl::StrCat("court_case.celex[", i, "]"),
                            c->info.celex[i]);
      if (!valid.ok()) return valid;
    }
    return std::vector<CourtCaseEvent>{CourtCaseRegistered{c->info}};
  }
  if (!state.exists()) return absl::NotFoundError("court case not found");
  const auto& add = std::get<AddCourtDeadline>(command);
  absl::Status valid = CheckText("deadline.description",
                                 add.deadline.description, true, kMaxTextBytes);
  if (!valid.ok()) return valid;
  if (state.deadlines.size() >= kMaxCourtDeadlines) {
    return FieldError(
        "deadline",
        absl::StrCat("the court case already has ", kMaxCourtDeadlines,
                     " deadlines, the most it may hold"));
  }
  return std::vector<CourtCaseEvent>{CourtDeadlineAdded{add.deadline}};
}

void Apply(CourtCaseState& state, const CourtCaseEvent& event,
           const Change& change) {
  ++state.version;
  state.changed = change;
  if (const auto* e = std::get_if<CourtCaseRegistered>(&event)) {
    state.info = e->info;
    state.created = change;
  } else {
    state.deadlines.push_back(std::get<CourtDeadlineAdded>(event).deadline);
    std::stable_sort(state.deadlines.begin(), state.deadlines.end(),
                     [](const CourtDeadline& a, const CourtDeadline& b) {
                       return a.date < b.date;
                     });
  }
}

}  // namespace transpo::domain
