// The typed error of an optimistic-concurrency failure: an append expected a
// stream version that is not the stream's current one. It travels as an
// absl::Status with code Aborted and a payload, so that callers can tell the
// expected and the current version without parsing the message.
//
// Example:
//   if (auto conflict = VersionConflict::FromStatus(status)) {
//     Retry(conflict->current);
//   }

#ifndef TRANSPO_STORAGE_VERSION_CONFLICT_H_
#define TRANSPO_STORAGE_VERSION_CONFLICT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "storage/event_log.h"

namespace transpo {

struct VersionConflict {
  std::string stream;
  ExpectedVersion expected;
  // The stream's version when the append was decided; 0: no stream.
  uint64_t current = 0;

  // Aborted, with a message naming the stream and both versions.
  absl::Status ToStatus() const;

  // The conflict carried by `status`; nullopt if it carries none.
  static std::optional<VersionConflict> FromStatus(const absl::Status& status);
};

}  // namespace transpo

#endif  // TRANSPO_STORAGE_VERSION_CONFLICT_H_
