// The typed error of an etag mismatch: a write named an expected_version
// that is not the aggregate's current one. It travels as an absl::Status
// (Aborted) with a payload, so the gRPC edge can send the versions as
// google.rpc.ErrorInfo metadata without parsing the message.
//
// Thread-safety: pure functions.
//
// Example:
//   return VersionConflictError("directive 32019L1937", 3, 5);
//   ...
//   if (auto conflict = VersionConflictOf(status)) Retry(conflict->current);

#ifndef TRANSPO_SERVER_APP_CONFLICT_H_
#define TRANSPO_SERVER_APP_CONFLICT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace transpo::app {

struct VersionConflict {
  std::string resource;  // e.g. "directive 32019L1937"
  uint64_t expected = 0;
  uint64_t current = 0;  // 0: the resource does not exist
};

// Aborted: "<resource>: expected version E, current version C".
absl::Status VersionConflictError(absl::string_view resource, uint64_t expected,
                                  uint64_t current);

// The conflict `status` carries; nullopt if none.
std::optional<VersionConflict> VersionConflictOf(const absl::Status& status);

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_CONFLICT_H_
