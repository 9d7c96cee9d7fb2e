// EventLogService serves transpo.v1.EventLogService over the callback API:
// ReadEvents reads one page of the log; Subscribe streams events from a
// position on, live, with one write in flight per stream.
//
// New commits reach subscribers through one fan-out thread that the log's
// head watch wakes; neither the log's writer thread nor a gRPC thread ever
// waits for a subscriber.
//
// Thread-safety: as any gRPC service. Destroy it only after the grpc::Server
// that uses it has shut down (every stream has finished).
//
// Example:
//   EventLogService service(*log);
//   builder.RegisterService(&service);

#ifndef TRANSPO_SERVER_EVENT_LOG_SERVICE_H_
#define TRANSPO_SERVER_EVENT_LOG_SERVICE_H_

#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "storage/event_log.h"
#include "transpo/v1/event_log.grpc.pb.h"

namespace transpo {

class EventLogService final : public v1::EventLogService::CallbackService {
 public:
  // Default and largest page of ReadEvents.
  static constexpr int kDefaultPageSize = 100;
  static constexpr int kMaxPageSize = 1000;

  explicit EventLogService(EventLog& log);
  ~EventLogService() override;

  grpc::ServerUnaryReactor* ReadEvents(
      grpc::CallbackServerContext* context,
      const v1::ReadEventsRequest* request,
      v1::ReadEventsResponse* response) override;

  grpc::ServerUnaryReactor* ReadStream(
      grpc::CallbackServerContext* context,
      const v1::ReadStreamRequest* request,
      v1::ReadStreamResponse* response) override;

  grpc::ServerWriteReactor<v1::SubscribeResponse>* Subscribe(
      grpc::CallbackServerContext* context,
      const v1::SubscribeRequest* request) override;

 private:
  class Subscription;

  void FanOut();
  void Remove(Subscription* subscription);

  EventLog& log_;
  absl::Mutex mu_;
  absl::CondVar wake_;
  uint64_t head_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_set<Subscription*> subscriptions_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<HeadWatch> watch_;
  std::thread fan_out_;
};

}  // namespace transpo

#endif  // TRANSPO_SERVER_EVENT_LOG_SERVICE_H_
