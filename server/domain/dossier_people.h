// Who a dossier names, checked against the directory (administration.h):
// the lead and involved administrations are ids of registered
// administrations, and each correspondent an active correspondent of one of
// them. Data recorded before the directory (free-text names) stays readable
// as it is; only the fields a command sets are checked.
//
// Thread-safety: pure functions (`find` is called on the caller's thread).

#ifndef TRANSPO_SERVER_DOMAIN_DOSSIER_PEOPLE_H_
#define TRANSPO_SERVER_DOMAIN_DOSSIER_PEOPLE_H_

#include <set>
#include <string>

#include "absl/status/status.h"
#include "server/domain/administration.h"
#include "server/domain/dossier.h"

namespace transpo::domain {

// `fields`: which of "lead_administration", "involved_administrations" and
// "correspondents" of `dossier` the command sets (others are ignored).
// InvalidArgument naming "dossier.<field>[i]" and the id when one is unknown;
// a correspondent is checked against the dossier's administrations after the
// change. An empty `find` knows no administration. Errors of `find` as they
// are.
absl::Status CheckPeopleIds(const DossierInfo& dossier,
                            const std::set<std::string>& fields,
                            const FindAdministration& find);

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_DOSSIER_PEOPLE_H_
