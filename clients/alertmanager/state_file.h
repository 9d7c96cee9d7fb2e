// The bridge's state file: the cursor of the last alert update delivered and
// the alerts firing in Alertmanager, in text format.
//
// Example:
//   absl::StatusOr<BridgeState> state = LoadState("/var/lib/transpo/am.state");
//   ... state->set_cursor(42); ...
//   absl::Status saved = SaveState("/var/lib/transpo/am.state", *state);

#ifndef TRANSPO_CLIENTS_ALERTMANAGER_STATE_FILE_H_
#define TRANSPO_CLIENTS_ALERTMANAGER_STATE_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "transpo/alertmanager/v1/bridge.pb.h"

namespace transpo::bridge {

// The state in `path`; an empty state (cursor 0) if there is no such file.
// An error naming the file if it cannot be read or parsed.
absl::StatusOr<alertmanager::v1::BridgeState> LoadState(
    const std::string& path);

// Replaces `path` with `state` durably and atomically: a crash leaves either
// the old file or the new one, and once this returns OK the new one survives
// a power cut (temporary file, fsync, rename, fsync of the directory).
absl::Status SaveState(const std::string& path,
                       const alertmanager::v1::BridgeState& state);

}  // namespace transpo::bridge

#endif  // TRANSPO_CLIENTS_ALERTMANAGER_STATE_FILE_H_
