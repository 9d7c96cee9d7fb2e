#include "server/api/log_stream.h"

namespace transpo::api {

LogFanOut::LogFanOut(EventLog& log) {
  {
    absl::MutexLock lock(&mu_);
    head_ = log.head();
  }
  watch_ = log.Watch([this](uint64_t head) {
    absl::MutexLock lock(&mu_);
    head_ = head;
    wake_.Signal();
  });
  thread_ = std::thread([this] { Run(); });
}

LogFanOut::~LogFanOut() {
  watch_.reset();
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    wake_.Signal();
  }
  thread_.join();
}

void LogFanOut::Add(Stream* stream) {
  absl::MutexLock lock(&mu_);
  streams_.insert(stream);
}

void LogFanOut::Remove(Stream* stream) {
  absl::MutexLock lock(&mu_);
  streams_.erase(stream);
}

void LogFanOut::Run() {
  uint64_t seen = 0;
  std::vector<Stream*> woken;
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      while (head_ == seen && !stopping_) wake_.Wait(&mu_);
      if (stopping_) return;
      seen = head_;
      woken.assign(streams_.begin(), streams_.end());
      for (Stream* s : woken) s->Ref();
    }
    for (Stream* s : woken) {
      s->Pump();
      s->Unref();
    }
  }
}

}  // namespace transpo::api
