// DossierView: a dossier as the API shows it, with what is derived at read
// time: its deadlines (transposition, infringement trigger, milestones, and
// the reply due dates of the procedures concerning its directive) and
// whether it is overdue on the day of the read.
//
// Thread-safety: plain values and pure functions.

#ifndef TRANSPO_SERVER_APP_DOSSIER_VIEW_H_
#define TRANSPO_SERVER_APP_DOSSIER_VIEW_H_

#include <vector>

#include "absl/time/civil_time.h"
#include "server/app/settings.h"
#include "server/domain/deadlines.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"

namespace transpo::app {

struct DossierView {
  domain::DirectiveState state;
  // By date.
  std::vector<domain::DerivedDeadline> deadlines;
  bool overdue = false;
  int days_overdue = 0;
};

// The view of `state` on `today`; `procedures` are those concerning it.
DossierView ViewDossier(domain::DirectiveState state, absl::CivilDay today,
                        const std::vector<domain::ProcedureState>& procedures,
                        const DomainSettings& settings);

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_DOSSIER_VIEW_H_
