// The bridge's state file: the cursor of the last alert update delivered and
// the alerts firing in Alertmanager, in text format.
//
// Example:
//   absl::StatusOr<BridgeState> state = LoadState("/var/lib/transpo/am.state");
//   ... state->set_cursor(42); ...
//   absl::Status saved = SaveState("/var/lib/transpo/am.state", *state);

#ifndef TRANSPO_CLIENTS_ALERTMANAGER_STATE_FILE_H_
#define TRANSPO_CLIENTS_ALERTMANAGER_STATE_FILE_H_

#include <memory>
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

// An exclusive lock on "<state file>.lock" (flock), held for as long as it
// lives: two bridges on one state file would undo each other's saves.
class StateLock {
 public:
  // FAILED_PRECONDITION if another process holds it.
  static absl::StatusOr<std::unique_ptr<StateLock>> Acquire(
      const std::string& state_file);
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;
  ~StateLock();

 private:
  explicit StateLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace transpo::bridge

#endif  // TRANSPO_CLIENTS_ALERTMANAGER_STATE_FILE_H_
