// EventLog is transpo's append-only log of immutable events. It knows bytes,
// positions and streams, not directives: the domain above it decides what an
// event means.
//
// Every event has a global position (1, 2, 3, ... without gaps) and belongs to
// one stream (an aggregate such as a dossier), in which it has a version
// (1, 2, 3, ... without gaps). Each record is chained to the previous one by a
// SHA-256 hash, so tampering with the log is detectable (Verify).
//
// An append is atomic and durable: when it reports success, its events, its
// projection rows and its request id are on disk (WAL synced), together.
// Appends are committed by a single writer in queue order; appends queued while
// the previous commit is syncing are committed together with one fsync.
//
// Thread-safety: all methods may be called from any thread.
//
// Example:
//   auto log = RocksDbEventLog::Open(dir, {});
//   AppendRequest req{.stream = "dossier-32019L1937",
//                     .expected = ExpectedVersion::NoStream(),
//                     .events = {{.type = "DossierRegistered", .payload =
//                     bytes}}, .request_id = "c0ffee"};
//   absl::StatusOr<AppendResult> result = (*log)->Append(std::move(req));

#ifndef TRANSPO_STORAGE_EVENT_LOG_H_
#define TRANSPO_STORAGE_EVENT_LOG_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace transpo {

// What the writer expects the stream's current version to be.
struct ExpectedVersion {
  enum class Kind { kAny = 0, kNoStream = 1, kExact = 2 };

  static ExpectedVersion Any() { return {Kind::kAny, 0}; }
  static ExpectedVersion NoStream() { return {Kind::kNoStream, 0}; }
  // The stream's last event has this version (0: the stream has no event).
  static ExpectedVersion Exact(uint64_t version) {
    return {Kind::kExact, version};
  }

  Kind kind = Kind::kAny;
  uint64_t version = 0;
};

// One event to append.
struct EventData {
  // Unique id of the event. Default: empty, the log generates a random one.
  std::string event_id;
  // What the payload is, e.g. "transpo.v1.DossierAssigned". Required.
  std::string type;
  // Serialized payload. At most EventLogOptions::max_payload_bytes.
  std::string payload;
};

// A projection row to put (value set) or delete (value empty) in the same
// atomic batch as the events. `family` must be one of
// EventLogOptions::projection_families.
struct ProjectionWrite {
  std::string family;
  std::string key;
  std::optional<std::string> value;
};

struct AppendRequest {
  // Stream to append to: 1 to 256 printable ASCII characters, no space.
  std::string stream;
  ExpectedVersion expected;
  // One or more events, at most EventLogOptions::max_events_per_append.
  std::vector<EventData> events;
  // Idempotency key. A request id seen before returns the first result and
  // writes nothing, also after a restart. Empty: no idempotency. At most 128
  // bytes.
  std::string request_id;
  // What the request id stands for, from the caller (e.g. a hash of the
  // client's request without its id): reusing the id with another key is
  // AlreadyExists. Default: empty, the stream, event types and payloads.
  std::string request_key;
  // The authenticated principal, recorded with every event.
  std::string actor;
  // Projection rows written atomically with the events.
  std::vector<ProjectionWrite> projections;
  // The record time of the events. Default: the log's clock at commit. A
  // writer that stores the time in projection rows sets it, so that a rebuild
  // from the log gives the same rows.
  std::optional<absl::Time> record_time;
};

// Where an append put its events: positions first_position ..
// first_position + count - 1 and stream versions first_version ..
// first_version + count - 1.
struct AppendResult {
  uint64_t first_position = 0;
  uint64_t first_version = 0;
  uint32_t count = 0;
  // True when this is the stored result of an earlier request with the same
  // request id: nothing was written this time.
  bool replayed = false;

  uint64_t last_position() const { return first_position + count - 1; }
  uint64_t last_version() const { return first_version + count - 1; }
};

// One stored event.
struct EventRecord {
  uint64_t position = 0;
  std::string stream;
  uint64_t version = 0;
  std::string event_id;
  std::string type;
  absl::Time record_time;
  std::string actor;
  std::string payload;
  // SHA-256(previous record's hash || this record's encoded content), 32 bytes.
  std::string hash;
};

// What an event counts for against a read's max_bytes: its payload, stream,
// type, actor and event id, plus 64 bytes for the fixed fields (position,
// version, record time, hash and framing).
inline size_t EventRecordBytes(const EventRecord& record) {
  return record.payload.size() + record.stream.size() + record.type.size() +
         record.actor.size() + record.event_id.size() + 64;
}

// The outcome of walking the whole log.
struct VerifyReport {
  uint64_t events_checked = 0;
  uint64_t head = 0;
  // Position of the first record whose link is broken (0: the chain is
  // intact), and what is wrong with it.
  uint64_t first_broken_position = 0;
  std::string problem;

  bool ok() const { return first_broken_position == 0; }
};

// Computes projection rows from events, for EventLog::RebuildProjections.
class Projector {
 public:
  virtual ~Projector() = default;
  // Appends to `out` the rows that `event` changes. Called once per event, in
  // position order. Rows of earlier events may not yet be readable through
  // the log: a projector keeps whatever state it needs itself.
  virtual absl::Status Project(const EventRecord& event,
                               std::vector<ProjectionWrite>& out) = 0;
};

// Keeps a head watcher registered; unregisters it when destroyed.
class HeadWatch {
 public:
  virtual ~HeadWatch() = default;
};

// The first key after every key that starts with `prefix`: the prefix with
// its last byte below 0xff incremented and what follows dropped; empty (no
// end) if there is none.
inline std::string PrefixEnd(absl::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff) {
    end.pop_back();
  }
  if (!end.empty()) end.back() = static_cast<char>(end.back() + 1);
  return end;
}

// What a scan does to the cache of the store's blocks: kFill keeps what it
// reads (a page, a prefix: likely read again); kBypass leaves the cache as
// it is (a scan of a whole family, such as the reads as of a day, would
// evict the working set for blocks read once).
enum class ScanCache { kFill, kBypass };

class EventLog {
 public:
  // Called exactly once with the result, on the writer thread: it must not
  // block.
  using AppendCallback =
      absl::AnyInvocable<void(absl::StatusOr<AppendResult>) &&>;

  virtual ~EventLog() = default;

  // Queues an append and returns at once; `done` receives the result once the
  // append is durable or rejected. Errors:
  //   InvalidArgument: bad stream, type, payload size, expected version kind,
  //     event count or projection family; nothing written.
  //   Aborted: expected version does not match; carries a VersionConflict
  //     (see version_conflict.h); nothing written.
  //   AlreadyExists: the request id was used for a different request.
  //   ResourceExhausted: the disk is full. Refused before writing (free space
  //     below the log's reserve): nothing written. Refused by the disk during
  //     the write: as Unavailable. Either way writes resume by themselves once
  //     space is freed, and reads go on.
  //   Unavailable: the log cannot write (I/O error, closing); the append may
  //     or may not be durable: retry with the same request id.
  virtual void AppendAsync(AppendRequest request, AppendCallback done) = 0;

  // Commits `requests` in one atomic write, on the calling thread, and
  // returns when it is durable: every accepted one is written, or none is.
  // Each is decided on its own as by AppendAsync (one that is rejected writes
  // nothing and the others go on), in order; result i is requests[i]'s. For
  // a single writer whose later appends were decided on what earlier ones
  // stage: no hand-off to another thread, never split.
  virtual std::vector<absl::StatusOr<AppendResult>> AppendGroup(
      std::vector<AppendRequest> requests) = 0;

  // Appends and waits for the result; errors as AppendAsync.
  absl::StatusOr<AppendResult> Append(AppendRequest request);

  // Position of the last committed event; 0 for an empty log.
  virtual uint64_t head() const = 0;

  // The stored result of the append with this request id, with replayed set;
  // nullopt if the id was never committed. AlreadyExists if the id was
  // committed with another non-empty request key than `request_key` (an empty
  // one, or a record written without a key, is not compared); DataLoss if the
  // stored result is corrupt; Unavailable on I/O errors.
  virtual absl::StatusOr<std::optional<AppendResult>> LookupRequest(
      absl::string_view request_id, absl::string_view request_key) = 0;

  // Current version of `stream`; 0 if it has no event. Unavailable on I/O
  // errors.
  virtual absl::StatusOr<uint64_t> StreamVersion(absl::string_view stream) = 0;

  // Up to `max` events of `stream` with version >= from_version, in order,
  // stopping before the event that would take the total EventRecordBytes over
  // `max_bytes`; at least one event if there is one, whatever its size. A page
  // cut short by max_bytes is not the end of the stream: read on from the
  // version after its last event until a page is empty. Empty if there are
  // none. DataLoss, naming the position, if a record is corrupt; Unavailable
  // on I/O errors.
  virtual absl::StatusOr<std::vector<EventRecord>> ReadStream(
      absl::string_view stream, uint64_t from_version, size_t max,
      size_t max_bytes) = 0;
  // As above, without a byte bound.
  absl::StatusOr<std::vector<EventRecord>> ReadStream(absl::string_view stream,
                                                      uint64_t from_version,
                                                      size_t max) {
    return ReadStream(stream, from_version, max, SIZE_MAX);
  }

  // Up to `max` committed events with position >= from_position, in order,
  // bounded by `max_bytes` as ReadStream. DataLoss, naming the position, if a
  // record is corrupt; Unavailable on I/O errors.
  virtual absl::StatusOr<std::vector<EventRecord>> ReadAll(
      uint64_t from_position, size_t max, size_t max_bytes) = 0;
  // As above, without a byte bound.
  absl::StatusOr<std::vector<EventRecord>> ReadAll(uint64_t from_position,
                                                   size_t max) {
    return ReadAll(from_position, max, SIZE_MAX);
  }

  // Blocks until head() > after or `deadline` passes; returns head().
  virtual uint64_t WaitForHead(uint64_t after, absl::Time deadline) = 0;

  // Calls `on_head` with the new head after every commit, on the writer
  // thread (it must not block), until the returned watch is destroyed.
  virtual std::unique_ptr<HeadWatch> Watch(
      std::function<void(uint64_t head)> on_head) = 0;

  // Walks the whole log, checking positions, stream versions and the hash
  // chain. A broken link is reported in the VerifyReport; the status is an
  // error (Unavailable, DataLoss) only if the log cannot be read.
  virtual absl::StatusOr<VerifyReport> Verify() = 0;

  // The row `key` of projection `family`; nullopt if absent. InvalidArgument
  // if `family` is not a projection family of the log; Unavailable on I/O
  // errors.
  virtual absl::StatusOr<std::optional<std::string>> GetProjection(
      absl::string_view family, absl::string_view key) = 0;

  // Calls `visit` for the rows of `family` with keys from `begin`
  // (inclusive) to `end` (exclusive; empty: to the last row), in key order,
  // until it returns false. `visit` must not call the log. InvalidArgument if
  // `family` is not a projection family of the log; Unavailable on I/O
  // errors.
  virtual absl::Status ScanProjectionRange(
      absl::string_view family, absl::string_view begin, absl::string_view end,
      const std::function<bool(absl::string_view key, absl::string_view value)>&
          visit,
      ScanCache cache) = 0;
  absl::Status ScanProjectionRange(
      absl::string_view family, absl::string_view begin, absl::string_view end,
      const std::function<bool(absl::string_view key, absl::string_view value)>&
          visit) {
    return ScanProjectionRange(family, begin, end, visit, ScanCache::kFill);
  }

  // The rows of `family` whose keys start with `prefix`, as
  // ScanProjectionRange.
  absl::Status ScanProjection(
      absl::string_view family, absl::string_view prefix,
      const std::function<bool(absl::string_view key, absl::string_view value)>&
          visit) {
    return ScanProjectionRange(family, prefix, PrefixEnd(prefix), visit);
  }

  // Position up to which projection rows are current. Equals head() unless a
  // rebuild was interrupted or the rows were written in another format than
  // the owner's (see RocksDbEventLog's EventLogOptions::projection_format);
  // then the projections must be rebuilt.
  virtual uint64_t projection_checkpoint() const = 0;

  // Clears every projection family and recomputes the rows from the whole log
  // with `projector`. Appends wait while it runs. Errors: the projector's;
  // ResourceExhausted while the log refuses writes for lack of space;
  // Unavailable on I/O errors; DataLoss if a record is corrupt. After an
  // error the projections stay marked stale.
  virtual absl::Status RebuildProjections(Projector& projector) = 0;
};

}  // namespace transpo

#endif  // TRANSPO_STORAGE_EVENT_LOG_H_
