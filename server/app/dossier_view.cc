#include "server/app/dossier_view.h"

#include <utility>

namespace transpo::app {

DossierView ViewDossier(domain::DirectiveState state, absl::CivilDay today,
                        const std::vector<domain::ProcedureState>& procedures,
                        const DomainSettings& settings) {
  DossierView view;
  view.deadlines = domain::DossierDeadlines(state, settings.calendar,
                                            settings.deadlines, procedures);
  view.overdue = domain::IsOverdue(state, today);
  view.days_overdue = domain::DaysOverdue(state, today);
  view.state = std::move(state);
  return view;
}

}  // namespace transpo::app
