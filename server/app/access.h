// Who may call what: the one table of the access rule of every RPC, keyed by
// its full gRPC method name, and the check every handler makes first (before
// it validates anything or reaches the sequencer). An RPC missing from the
// table is refused to everyone.
//
// Scope (a correspondent writes only the dossiers of its administrations) is
// checked by the commands themselves, against the state they decide on; the
// alert views of a correspondent are limited here (AlertScope).
//
// Thread-safety: pure functions over a constant table.
//
// Example:
//   absl::Status allowed =
//       Authorize(principal, "/transpo.v1.DossierService/SetMilestone");

#ifndef TRANSPO_SERVER_APP_ACCESS_H_
#define TRANSPO_SERVER_APP_ACCESS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/app/principals.h"

namespace transpo::app {

// The rule of one RPC: which roles may call it.
enum class Access {
  // coordinator, correspondent, viewer.
  kRead,
  // Those of kRead and the service principals (alerts, event log, clock).
  kReadWithServices,
  // coordinator, and a correspondent within its administrations.
  kScopedWrite,
  // coordinator only.
  kCoordinator,
};

// The table: {"/transpo.v1.DossierService/SetMilestone", kScopedWrite}, ...
absl::Span<const std::pair<absl::string_view, Access>> AccessTable();

// Whether `role` may call an RPC of rule `access`.
bool Allows(Access access, Role role);

// OK if `principal` may call `method` ("/package.Service/Method");
// PermissionDenied naming the principal, its role and the roles the method
// needs otherwise (also for a method missing from the table).
absl::Status Authorize(const Principal& principal, absl::string_view method);

// The administrations the alerts a principal lists or watches are limited
// to, given the one it asked for (empty: none): {} (no limit) or
// {requested} for an unscoped principal; for a correspondent its own
// administrations, or {requested} if it is one of them, else
// PermissionDenied naming it.
absl::StatusOr<std::vector<std::string>> AlertScope(
    const Principal& principal, const std::string& requested);

// PermissionDenied: `principal` (a correspondent of its administrations) may
// not write `what`, which concerns `administrations`.
absl::Status OutOfScopeError(const std::string& principal,
                             const std::vector<std::string>& scope,
                             absl::string_view what,
                             const std::vector<std::string>& administrations);

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_ACCESS_H_
