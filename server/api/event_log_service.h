// EventLogService (transpo.v1): ReadEvents reads one page of the log,
// ReadStream one page of a stream's history, Subscribe streams events from a
// position on, live (LogStream, fed by one LogTail for every stream). Pages
// are bounded by count and by bytes (paging.h), so a default client can read
// every page.
//
// Thread-safety: as any gRPC service. Destroy it only after the grpc::Server
// that uses it has shut down (every stream has finished).
//
// Example:
//   EventLogService service(*log);
//   builder.RegisterService(&service);

#ifndef TRANSPO_SERVER_API_EVENT_LOG_SERVICE_H_
#define TRANSPO_SERVER_API_EVENT_LOG_SERVICE_H_

#include <memory>

#include "server/api/authenticator.h"
#include "server/api/log_tail.h"
#include "storage/event_log.h"
#include "transpo/v1/event_log.grpc.pb.h"

namespace transpo::api {

// Subscribe is raw (grpc::ByteBuffer): its events go out as the tail encoded
// them.
class EventLogService final
    : public v1::EventLogService::WithCallbackMethod_ReadEvents<
          v1::EventLogService::WithCallbackMethod_ReadStream<
              v1::EventLogService::WithRawCallbackMethod_Subscribe<
                  v1::EventLogService::Service>>> {
 public:
  // Default and largest page of ReadEvents and ReadStream.
  static constexpr int kDefaultPageSize = 100;
  static constexpr int kMaxPageSize = 1000;
  // Longest stream name.
  static constexpr size_t kMaxStreamBytes = 256;

  // With a tail of its own.
  EventLogService(const Authenticator& auth, EventLog& log,
                  LogTailOptions tail = {})
      : auth_(auth),
        log_(log),
        owned_tail_(std::make_unique<LogTail>(log, tail)),
        tail_(*owned_tail_) {}
  // Sharing `tail` with other streams (WatchAlerts); it must outlive the
  // service.
  EventLogService(const Authenticator& auth, EventLog& log, LogTail& tail)
      : auth_(auth), log_(log), tail_(tail) {}

  grpc::ServerUnaryReactor* ReadEvents(
      grpc::CallbackServerContext* context,
      const v1::ReadEventsRequest* request,
      v1::ReadEventsResponse* response) override;
  grpc::ServerUnaryReactor* ReadStream(
      grpc::CallbackServerContext* context,
      const v1::ReadStreamRequest* request,
      v1::ReadStreamResponse* response) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* Subscribe(
      grpc::CallbackServerContext* context,
      const grpc::ByteBuffer* request) override;

  // The tail its Subscribe streams share.
  const LogTail& tail() const { return tail_; }
  LogTail& tail() { return tail_; }

 private:
  const Authenticator& auth_;
  EventLog& log_;
  std::unique_ptr<LogTail> owned_tail_;
  LogTail& tail_;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_EVENT_LOG_SERVICE_H_
