#include "server/domain/key_figures.h"

namespace transpo::domain {

bool IsFollowed(const DirectiveState& state) {
  return state.exists() && state.status != DossierStatus::kNotApplicable;
}

std::optional<absl::CivilDay> OpenDeadline(const DirectiveState& state) {
  if (!IsFollowed(state) || IsTransposed(state.status) ||
      state.directive.deadlines.empty()) {
    return std::nullopt;
  }
  return FirstDeadline(state.directive);
}

bool OverdueTwoYearsOrMore(absl::CivilDay deadline, absl::CivilDay today) {
  // CivilDay normalizes 29 February of a common year to 1 March.
  return absl::CivilDay(deadline.year() + 2, deadline.month(),
                        deadline.day()) <= today;
}

double Deficit(size_t overdue, size_t followed) {
  if (followed == 0) return 0;
  return static_cast<double>(overdue) / static_cast<double>(followed);
}

std::optional<absl::CivilDay> NextReplyDue(const ProcedureState& state) {
  if (!state.exists() || state.closed()) return std::nullopt;
  std::optional<absl::CivilDay> next;
  for (const Stage& stage : state.stages) {
    if (!stage.reply_due.has_value() || stage.reply_sent.has_value()) continue;
    if (!next.has_value() || *stage.reply_due < *next) next = stage.reply_due;
  }
  return next;
}

}  // namespace transpo::domain
