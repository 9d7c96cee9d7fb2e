// Which dossiers a list shows. Every set criterion must match.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_DOMAIN_DOSSIER_FILTER_H_
#define TRANSPO_SERVER_DOMAIN_DOSSIER_FILTER_H_

#include <optional>
#include <set>
#include <string>

#include "absl/time/civil_time.h"
#include "server/domain/directive.h"

namespace transpo::domain {

struct DossierFilter {
  std::set<DossierStatus> statuses;              // empty: any
  std::string administration;                    // lead or involved; empty: any
  std::optional<absl::CivilDay> deadline_after;  // a deadline on or after
  std::optional<absl::CivilDay> deadline_before;  // a deadline on or before
  bool overdue_only = false;
  std::string policy_area;  // empty: any
};

bool Matches(const DirectiveState& state, const DossierFilter& filter,
             absl::CivilDay today);

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_DOSSIER_FILTER_H_
