// The decisions of the dossier's commands (dossier.h), for Decide in
// directive.cc; each assumes the directive exists. Errors as directive.h.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_DOMAIN_DOSSIER_RULES_H_
#define TRANSPO_SERVER_DOMAIN_DOSSIER_RULES_H_

#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/directive.h"

namespace transpo::domain {

using DirectiveEvents = std::vector<DirectiveEvent>;

absl::StatusOr<DirectiveEvents> DecideDossier(const DirectiveState& state,
                                              const AssignDossier& command,
                                              const DecideContext& context);
absl::StatusOr<DirectiveEvents> DecideDossier(const DirectiveState& state,
                                              const UpdateDossier& command,
                                              const DecideContext& context);
absl::StatusOr<DirectiveEvents> DecideDossier(
    const DirectiveState& state, const ChangeDossierStatus& command);
absl::StatusOr<DirectiveEvents> DecideDossier(const DirectiveState& state,
                                              const SetMilestone& command,
                                              const DecideContext& context);
absl::StatusOr<DirectiveEvents> DecideDossier(const DirectiveState& state,
                                              const RecordMeasure& command);
absl::StatusOr<DirectiveEvents> DecideDossier(const DirectiveState& state,
                                              const NotifyMeasure& command,
                                              const DecideContext& context);

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_DOSSIER_RULES_H_
