// Streams of the event log to gRPC clients: LogFanOut wakes every open
// stream after each commit, from one thread of its own; LogStreamReactor is a
// server-streaming reactor that sends the log's events from a position on,
// first those already there, then each new one, with one write in flight. It
// reads the log itself, so a stream that lags never holds the others back.
// Subscribe uses it; so can any stream of log-derived messages (give `fill`).
//
// Thread-safety: neither the log's writer thread nor a gRPC thread ever
// waits for a stream. Destroy the LogFanOut only after the grpc::Server has
// shut down (every stream has finished).
//
// Example:
//   return new LogStreamReactor<v1::SubscribeResponse>(
//       fan_out_, log_, request->from_position(),
//       [](const EventRecord& r,
//          v1::SubscribeResponse& out) -> absl::StatusOr<bool> {
//         return ToProto(r, *out.mutable_event()).ok();
//       });

#ifndef TRANSPO_SERVER_API_LOG_STREAM_H_
#define TRANSPO_SERVER_API_LOG_STREAM_H_

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "server/api/grpc_status.h"
#include "storage/event_log.h"

namespace transpo::api {

class LogFanOut {
 public:
  // A stream the fan-out wakes. Reference counted: gRPC holds one reference
  // until OnDone, the fan-out one while it wakes the stream.
  class Stream {
   public:
    virtual ~Stream() = default;
    // Sends what is there to send, if nothing is in flight. Never blocks.
    virtual void Pump() = 0;
    void Ref() { refs_.fetch_add(1); }
    void Unref() {
      if (refs_.fetch_sub(1) == 1) delete this;
    }

   private:
    std::atomic<int> refs_{1};
  };

  explicit LogFanOut(EventLog& log);
  ~LogFanOut();

  void Add(Stream* stream);
  void Remove(Stream* stream);

 private:
  void Run();

  absl::Mutex mu_;
  absl::CondVar wake_;
  uint64_t head_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_set<Stream*> streams_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<HeadWatch> watch_;
  std::thread thread_;
};

template <typename Response>
class LogStreamReactor final : public grpc::ServerWriteReactor<Response>,
                               public LogFanOut::Stream {
 public:
  // Fills `out` from `record`; false skips the record; an error ends the
  // stream with it.
  using Fill = std::function<absl::StatusOr<bool>(const EventRecord& record,
                                                  Response& out)>;

  // Events read from the log at a time, and their most bytes.
  static constexpr size_t kBuffer = 64;
  static constexpr size_t kBufferBytes = size_t{4} << 20;

  // Registers with `fan_out` and starts sending from position `from` (0 or
  // 1: the start of the log).
  LogStreamReactor(LogFanOut& fan_out, EventLog& log, uint64_t from, Fill fill)
      : fan_out_(fan_out),
        log_(log),
        fill_(std::move(fill)),
        next_(std::max<uint64_t>(from, 1)) {
    fan_out_.Add(this);
    Pump();
  }

  void Pump() override {
    grpc::Status failure;
    bool write = false;
    {
      absl::MutexLock lock(&mu_);
      if (writing_ || finishing_) return;
      while (!write && !finishing_) {
        if (buffer_.empty()) {
          auto page = log_.ReadAll(next_, kBuffer, kBufferBytes);
          if (!page.ok()) {
            finishing_ = finish_sent_ = true;
            failure = ToGrpcStatus(page.status());
            break;
          }
          if (page->empty()) return;  // caught up: the fan-out wakes us
          next_ = page->back().position + 1;
          for (EventRecord& record : *page) {
            buffer_.push_back(std::move(record));
          }
        }
        response_.Clear();
        absl::StatusOr<bool> filled = fill_(buffer_.front(), response_);
        buffer_.pop_front();
        if (!filled.ok()) {
          finishing_ = finish_sent_ = true;
          failure = ToGrpcStatus(filled.status());
          break;
        }
        write = *filled;
      }
      writing_ = write;
    }
    if (!failure.ok()) {
      this->Finish(failure);
    } else if (write) {
      this->StartWrite(&response_);
    }
  }

  void OnWriteDone(bool ok) override {
    bool finish = false;
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      if (!ok) finishing_ = true;
      if (finishing_ && !finish_sent_) finish = finish_sent_ = true;
    }
    if (finish) {
      this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "stream ended"));
      return;
    }
    Pump();
  }

  void OnCancel() override {
    {
      absl::MutexLock lock(&mu_);
      finishing_ = true;
      if (writing_ || finish_sent_) return;  // OnWriteDone finishes
      finish_sent_ = true;
    }
    this->Finish(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    fan_out_.Remove(this);
    Unref();
  }

 private:
  LogFanOut& fan_out_;
  EventLog& log_;
  const Fill fill_;
  absl::Mutex mu_;
  uint64_t next_ ABSL_GUARDED_BY(mu_);
  std::deque<EventRecord> buffer_ ABSL_GUARDED_BY(mu_);
  Response response_;  // in flight while writing_
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finishing_ ABSL_GUARDED_BY(mu_) = false;
  bool finish_sent_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_LOG_STREAM_H_
