// LogTail keeps the newest events of the log in memory, each converted to
// its public form (transpo.v1.Event) and serialized once, for every stream
// that follows the log: one reader thread follows the head and appends; a
// stream that keeps up takes the same bytes from here as every other one (no
// read, no conversion, no encoding of its own); a stream that is behind the
// tail reads the log itself (LogTail::Convert) until it catches up. An alert
// event also gets its AlertUpdate (the alert as the event left it), encoded
// once for every WatchAlerts stream, with what those streams filter on.
//
// The tail holds at most `max_events` events and `max_bytes` bytes; the
// oldest go first. While no stream follows, the reader reads nothing: the tail
// empties and starts again at the head (a stream that comes later is behind
// it, and reads the log until it catches up).
//
// Thread-safety: all methods may be called from any thread. Followers are
// woken on the reader thread and must not block. Destroy the tail only once
// every follower was removed.
//
// Example:
//   LogTail tail(log, {});
//   std::vector<LogTail::Entry> entries;
//   if (tail.Read(next, 64, 4 << 20, entries) == LogTail::kBehind) ...

#ifndef TRANSPO_SERVER_API_LOG_TAIL_H_
#define TRANSPO_SERVER_API_LOG_TAIL_H_

#include <grpcpp/support/slice.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/domain/alert.h"
#include "storage/event_log.h"

namespace transpo::api {

struct LogTailOptions {
  // Most events and bytes kept. Default: 65,536 events, 64 MiB.
  size_t max_events = 65536;
  size_t max_bytes = size_t{64} << 20;
};

class LogTail {
 public:
  // An alert event as WatchAlerts sends it (a transpo.v1.AlertUpdate framed
  // as field 1 of a WatchAlertsResponse), with whom the alert is for.
  struct AlertEntry {
    // Not OK if the alert could not be read: the alert streams that reach
    // it end with it (Subscribe streams go on).
    absl::Status error;
    grpc::Slice as_field_1;
    std::vector<std::string> administrations;
    std::vector<std::string> correspondents;
    domain::AlertSeverity severity = domain::AlertSeverity::kInfo;
  };

  // One event, as every stream sends it.
  struct Entry {
    uint64_t position = 0;
    // The serialized transpo.v1.Event, framed as field 1 and as field 2 of
    // a message (tag, length, bytes): reference-counted slices every stream
    // shares (copying one only counts a reference).
    grpc::Slice as_field_1;
    grpc::Slice as_field_2;
    // Set for the events of an alert.
    std::shared_ptr<const AlertEntry> alert;
    // Bytes of one framing (what a message carries).
    size_t size() const { return as_field_1.size(); }
    // Bytes the entry holds.
    size_t memory() const {
      return as_field_1.size() + as_field_2.size() +
             (alert ? alert->as_field_1.size() : 0);
    }
  };

  enum ReadResult {
    kRead,     // entries from `from` on (possibly none: caught up)
    kBehind,   // `from` is older than the tail: read the log instead
    kReadLog,  // the tail cannot read on from `from` now: read the log
  };

  LogTail(EventLog& log, LogTailOptions options);
  ~LogTail();  // stops the reader; no listener is called afterwards

  LogTail(const LogTail&) = delete;
  LogTail& operator=(const LogTail&) = delete;

  // Appends to `out` up to `max_events` entries from position `from` on,
  // stopping before `max_bytes` (one entry at least). kReadLog when `from` is
  // past the tail's last entry and the tail's reader cannot read on (the
  // log is being reopened, or a record cannot be decoded): the log itself
  // then gives the events or the error.
  ReadResult Read(uint64_t from, size_t max_events, size_t max_bytes,
                  std::vector<Entry>& out) const;

  // The entry of a record read from `log` (what the tail would hold; an
  // alert event reads the alert as it left it). DataLoss if the record
  // cannot be decoded; Unavailable if the alert cannot be read.
  static absl::StatusOr<Entry> Convert(const EventRecord& record,
                                       EventLog& log);

  // What follows the tail: woken after each batch of new entries. Reference
  // counted: its owner holds one reference, the tail one while it wakes it.
  class Follower {
   public:
    virtual ~Follower() = default;
    // Must not block.
    virtual void Wake() = 0;
    void Ref() { refs_.fetch_add(1); }
    void Unref() {
      if (refs_.fetch_sub(1) == 1) delete this;
    }

   private:
    std::atomic<int> refs_{1};
  };

  // Wakes `follower` after each batch of new entries, until Remove.
  void Add(Follower* follower);
  void Remove(Follower* follower);

  // The position the reader goes on from: the head + 1 once it caught up.
  uint64_t next() const;

  // Wakes every follower now, as new entries do (the reader calls it after
  // each batch; a token file reload, so that streams check their callers).
  void WakeFollowers();

 private:
  void Run();
  // True (and the tail emptied, to start at `head` + 1) if no stream follows.
  bool SkipUnfollowed(uint64_t head);

  EventLog& log_;
  const LogTailOptions options_;
  // Most events and bytes the reader takes at a time: at most half the tail,
  // so that one read never evicts a stream that kept up.
  const size_t read_events_;
  const size_t read_bytes_;

  mutable absl::Mutex mu_;
  std::deque<Entry> entries_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  // The position after the last entry: where the reader goes on.
  uint64_t next_ ABSL_GUARDED_BY(mu_) = 1;
  // The last read from next_ failed.
  bool stalled_ ABSL_GUARDED_BY(mu_) = false;

  absl::Mutex wake_mu_;
  uint64_t head_ ABSL_GUARDED_BY(wake_mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(wake_mu_) = false;

  absl::Mutex followers_mu_;
  absl::flat_hash_set<Follower*> followers_ ABSL_GUARDED_BY(followers_mu_);

  std::unique_ptr<HeadWatch> watch_;
  std::thread reader_;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_LOG_TAIL_H_
