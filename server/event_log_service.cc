#include "server/event_log_service.h"

#include <atomic>
#include <deque>

#include "absl/strings/str_cat.h"
#include "server/event_convert.h"
#include "server/grpc_status.h"
#include "server/paging.h"

namespace transpo {
namespace {

constexpr size_t kSubscriptionBuffer = 64;

}  // namespace

// One Subscribe stream. Owned jointly by gRPC (until OnDone) and by the
// fan-out thread while it pumps it; deleted when both have let go. No lock is
// held while calling into gRPC, whose reactions may run inline.
class EventLogService::Subscription final
    : public grpc::ServerWriteReactor<v1::SubscribeResponse> {
 public:
  Subscription(EventLogService* service, uint64_t from)
      : service_(service), next_(std::max<uint64_t>(from, 1)) {}

  void Ref() { refs_.fetch_add(1); }
  void Unref() {
    if (refs_.fetch_sub(1) == 1) delete this;
  }

  // Starts the next write if none is in flight and an event is there to send.
  void Pump() {
    grpc::Status failure;
    {
      absl::MutexLock lock(&mu_);
      if (writing_ || finishing_) return;
      if (buffer_.empty()) {
        absl::StatusOr<std::vector<EventRecord>> page =
            service_->log_.ReadAll(next_, kSubscriptionBuffer);
        if (page.ok()) {
          for (EventRecord& record : *page)
            buffer_.push_back(std::move(record));
          if (!buffer_.empty()) next_ = buffer_.back().position + 1;
        } else {
          finishing_ = true;
          finish_sent_ = true;
          failure = ToGrpcStatus(page.status());
        }
      }
      if (!finishing_) {
        if (buffer_.empty()) return;  // caught up: the fan-out wakes us
        response_.Clear();
        ToProto(buffer_.front(), *response_.mutable_event());
        buffer_.pop_front();
        writing_ = true;
      }
    }
    if (!failure.ok()) {
      Finish(failure);
      return;
    }
    StartWrite(&response_);
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
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "subscription ended"));
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
    Finish(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    service_->Remove(this);
    Unref();
  }

 private:
  EventLogService* const service_;
  std::atomic<int> refs_{1};  // gRPC's
  absl::Mutex mu_;
  uint64_t next_ ABSL_GUARDED_BY(mu_);
  std::deque<EventRecord> buffer_ ABSL_GUARDED_BY(mu_);
  v1::SubscribeResponse response_;  // in flight while writing_
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finishing_ ABSL_GUARDED_BY(mu_) = false;
  bool finish_sent_ ABSL_GUARDED_BY(mu_) = false;
};

EventLogService::EventLogService(EventLog& log) : log_(log) {
  head_ = log_.head();
  watch_ = log_.Watch([this](uint64_t head) {
    absl::MutexLock lock(&mu_);
    head_ = head;
    wake_.Signal();
  });
  fan_out_ = std::thread([this] { FanOut(); });
}

EventLogService::~EventLogService() {
  watch_.reset();
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    wake_.Signal();
  }
  fan_out_.join();
}

void EventLogService::FanOut() {
  uint64_t seen = 0;
  std::vector<Subscription*> pumped;
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      while (head_ == seen && !stopping_) wake_.Wait(&mu_);
      if (stopping_) return;
      seen = head_;
      pumped.assign(subscriptions_.begin(), subscriptions_.end());
      for (Subscription* s : pumped) s->Ref();
    }
    for (Subscription* s : pumped) {
      s->Pump();
      s->Unref();
    }
  }
}

void EventLogService::Remove(Subscription* subscription) {
  absl::MutexLock lock(&mu_);
  subscriptions_.erase(subscription);
}

grpc::ServerUnaryReactor* EventLogService::ReadEvents(
    grpc::CallbackServerContext* context, const v1::ReadEventsRequest* request,
    v1::ReadEventsResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto finish = [reactor](const absl::Status& status) {
    reactor->Finish(ToGrpcStatus(status));
    return reactor;
  };
  absl::StatusOr<int> page_size =
      PageSize(request->page_size(), kDefaultPageSize, kMaxPageSize);
  if (!page_size.ok()) return finish(page_size.status());
  uint64_t from = request->from_position();
  if (!request->page_token().empty()) {
    absl::StatusOr<uint64_t> token = DecodePageToken(request->page_token());
    if (!token.ok()) return finish(token.status());
    from = *token;
  }
  const uint64_t head = log_.head();
  absl::StatusOr<std::vector<EventRecord>> page =
      log_.ReadAll(from, *page_size);
  if (!page.ok()) return finish(page.status());
  for (const EventRecord& record : *page)
    ToProto(record, *response->add_events());
  response->set_head_position(head);
  if (!page->empty() && page->back().position < head) {
    response->set_next_page_token(EncodePageToken(page->back().position + 1));
  }
  return finish(absl::OkStatus());
}

grpc::ServerUnaryReactor* EventLogService::ReadStream(
    grpc::CallbackServerContext* context, const v1::ReadStreamRequest* request,
    v1::ReadStreamResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto finish = [reactor](const absl::Status& status) {
    reactor->Finish(ToGrpcStatus(status));
    return reactor;
  };
  if (request->stream().empty()) {
    return finish(absl::InvalidArgumentError(
        "stream: required, e.g. \"directive-32019L1937\""));
  }
  absl::StatusOr<int> page_size =
      PageSize(request->page_size(), kDefaultPageSize, kMaxPageSize);
  if (!page_size.ok()) return finish(page_size.status());
  uint64_t from = request->from_version();
  if (!request->page_token().empty()) {
    absl::StatusOr<uint64_t> token = DecodePageToken(request->page_token());
    if (!token.ok()) return finish(token.status());
    from = *token;
  }
  // One more than the page tells whether another page follows.
  absl::StatusOr<std::vector<EventRecord>> page =
      log_.ReadStream(request->stream(), from, *page_size + 1);
  if (!page.ok()) return finish(page.status());
  for (int i = 0; i < std::min<int>(*page_size, page->size()); ++i) {
    ToProto((*page)[i], *response->add_events());
  }
  if (static_cast<int>(page->size()) > *page_size) {
    response->set_next_page_token(EncodePageToken((*page)[*page_size].version));
  }
  return finish(absl::OkStatus());
}

grpc::ServerWriteReactor<v1::SubscribeResponse>* EventLogService::Subscribe(
    grpc::CallbackServerContext* context, const v1::SubscribeRequest* request) {
  auto* subscription = new Subscription(this, request->from_position());
  {
    absl::MutexLock lock(&mu_);
    subscriptions_.insert(subscription);
  }
  subscription->Pump();
  return subscription;
}

}  // namespace transpo
