#include "server/domain/dossier_filter.h"

#include <algorithm>

namespace transpo::domain {

bool Matches(const DirectiveState& state, const DossierFilter& filter,
             absl::CivilDay today) {
  if (!filter.statuses.empty() && filter.statuses.count(state.status) == 0) {
    return false;
  }
  if (!filter.administration.empty()) {
    const auto& involved = state.dossier.involved_administrations;
    if (state.dossier.lead_administration != filter.administration &&
        std::find(involved.begin(), involved.end(), filter.administration) ==
            involved.end()) {
      return false;
    }
  }
  if (filter.deadline_after || filter.deadline_before) {
    const auto& deadlines = state.directive.deadlines;
    if (std::none_of(deadlines.begin(), deadlines.end(),
                     [&](const TranspositionDeadline& d) {
                       return (!filter.deadline_after ||
                               d.date >= *filter.deadline_after) &&
                              (!filter.deadline_before ||
                               d.date <= *filter.deadline_before);
                     })) {
      return false;
    }
  }
  if (filter.overdue_only && !IsOverdue(state, today)) return false;
  if (!filter.policy_area.empty() &&
      state.directive.policy_area != filter.policy_area) {
    return false;
  }
  return true;
}

}  // namespace transpo::domain
