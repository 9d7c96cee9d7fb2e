// LogStream is one stream of the log's events to a client (Subscribe), or of
// its alert updates (WatchAlerts, filtered by whom the alert is for): a
// server-streaming reactor over raw bytes that
// sends the events from a position on, one write in flight.
// Behind the tail (LogTail) it reads the log itself, at its client's pace,
// until it catches up; from then on it sends the bytes the tail encoded once
// for every stream, several events per message when the client asked for it.
// A stream that falls behind the tail again (its client reads more slowly
// than events are written, for longer than the tail holds) ends with
// UNAVAILABLE naming the position to resume from: its memory never grows
// with its lag.
//
// The response framing (e.g. a SubscribeResponse: field 1 for one event,
// field 2 repeated for several) is written around the shared event bytes
// here, which is why the stream is raw: no event is parsed or serialized per
// stream.
//
// Thread-safety: driven by gRPC and the tail's reader; never blocks.
// Lifetime: reference counted (LogTail::Follower); gRPC's reference goes at
// OnDone.

#ifndef TRANSPO_SERVER_API_LOG_STREAM_H_
#define TRANSPO_SERVER_API_LOG_STREAM_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "server/api/log_tail.h"
#include "storage/event_log.h"

namespace transpo::api {

class LogStream final : public grpc::ServerWriteReactor<grpc::ByteBuffer>,
                        public LogTail::Follower {
 public:
  // Most events one message may carry.
  static constexpr size_t kMaxEventsPerMessage = 1000;

  struct Options {
    // The first position to send (0 or 1: the start of the log).
    uint64_t from = 1;
    // Events per message: 0 or 1, one in field 1 of the message; more, up to
    // that many in the repeated field 2.
    uint32_t max_events_per_message = 1;
    // Set for WatchAlerts: only the updates of alerts for one of these
    // administrations, this correspondent (when not empty) and severity and
    // above, several per message in its repeated field 1
    // (max_events_per_message).
    struct Alerts {
      std::vector<std::string> administrations;
      std::string correspondent;
      domain::AlertSeverity min_severity = domain::AlertSeverity::kInfo;
    };
    std::optional<Alerts> alerts;
    // Asked before each message; not OK ends the stream with that status
    // (its caller's credentials were revoked). Empty: always OK.
    std::function<grpc::Status()> allowed;
  };

  LogStream(LogTail& tail, EventLog& log, Options options);
  // A stream that ends at once with `status` (a bad request).
  LogStream(LogTail& tail, EventLog& log, const grpc::Status& status);

  void Wake() override { Pump(); }

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Starts the next write if none is in flight and events are there.
  void Pump();
  // Whether a WatchAlerts stream sends `entry`.
  bool Wanted(const LogTail::Entry& entry) const;
  // The entries from `from` on, from the tail or the log (`from_tail` if
  // from the tail); an error ends the stream. `live`: it took events from
  // the tail before.
  grpc::Status Next(uint64_t from, bool live,
                    std::vector<LogTail::Entry>& entries,
                    bool& from_tail) const;

  LogTail& tail_;
  EventLog& log_;
  const Options options_;
  const size_t max_events_;
  const bool batched_;
  absl::Mutex mu_;
  uint64_t next_ ABSL_GUARDED_BY(mu_);
  // It took events from the tail: falling behind it again ends it.
  bool live_ ABSL_GUARDED_BY(mu_) = false;
  grpc::ByteBuffer message_;  // in flight while busy_
  // A pump is reading or a write is in flight: one at a time.
  bool busy_ ABSL_GUARDED_BY(mu_) = false;
  // Woken while busy_: look for events again before going idle.
  bool again_ ABSL_GUARDED_BY(mu_) = false;
  // WatchAlerts: the caught_up message was sent.
  bool caught_up_sent_ ABSL_GUARDED_BY(mu_) = false;
  bool finishing_ ABSL_GUARDED_BY(mu_) = false;
  bool finish_sent_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_LOG_STREAM_H_
