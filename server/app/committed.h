// What a write command answers, and what it carries: the state it left and
// where it was committed.
//
// Thread-safety: plain values.

#ifndef TRANSPO_SERVER_APP_COMMITTED_H_
#define TRANSPO_SERVER_APP_COMMITTED_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace transpo::app {

// The envelope of a write.
struct WriteMeta {
  // Idempotency key: a request with an id seen before answers what the first
  // answered and writes nothing. Empty: none.
  std::string request_id;
  // What the request id stands for: a fingerprint of the client's request
  // without its id. The same id with another key is AlreadyExists, not the
  // first answer. Empty: not compared.
  std::string request_key;
  // The client's etag: the aggregate's version it saw; 0: no check. A
  // mismatch is Aborted (conflict.h).
  uint64_t expected_version = 0;
  // The principal recorded with the events.
  std::string actor;
  // The administrations the actor may write for (a correspondent's): the
  // aggregate must concern one of them before and after the command, and
  // keep the same ones; nullopt: no limit.
  std::optional<std::vector<std::string>> scope;
};

template <typename State>
struct Committed {
  // The aggregate as the command left it.
  State state;
  // Position of the command's last event, and when it was recorded.
  uint64_t position = 0;
  absl::Time time;
  // True when this is the answer of an earlier request with the same id.
  bool replayed = false;
};

// Receives the answer of a command or query, off the single writer's thread.
template <typename T>
using Reply = absl::AnyInvocable<void(absl::StatusOr<T>) &&>;

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_COMMITTED_H_
