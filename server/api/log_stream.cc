#include "server/api/log_stream.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/api/grpc_status.h"
#include "server/api/paging.h"

namespace transpo::api {

LogStream::LogStream(LogTail& tail, EventLog& log, Options options)
    : tail_(tail),
      log_(log),
      options_(std::move(options)),
      max_events_(std::clamp<size_t>(options_.max_events_per_message, 1,
                                     kMaxEventsPerMessage)),
      batched_(options_.max_events_per_message > 1),
      next_(std::max<uint64_t>(options_.from, 1)) {
  tail_.Add(this);
  Pump();
}

LogStream::LogStream(LogTail& tail, EventLog& log, const grpc::Status& status)
    : tail_(tail), log_(log), max_events_(1), batched_(false), next_(1) {
  {
    absl::MutexLock lock(&mu_);
    finishing_ = finish_sent_ = true;
  }
  tail_.Add(this);  // OnDone removes it
  Finish(status);
}

grpc::Status LogStream::Next(std::vector<LogTail::Entry>& entries) {
  if (tail_.Read(next_, max_events_, kMaxResponseBytes, entries) ==
      LogTail::kRead) {
    if (!entries.empty()) live_ = true;
    return grpc::Status::OK;
  }
  if (live_) {
    return grpc::Status(
        grpc::StatusCode::UNAVAILABLE,
        absl::StrCat("this stream fell behind the log by more than the "
                     "server keeps in memory; subscribe again with "
                     "from_position ",
                     next_, " to resume"));
  }
  // Behind the tail from the start: read the log at the client's pace.
  absl::StatusOr<std::vector<EventRecord>> records =
      log_.ReadAll(next_, max_events_, kMaxResponseBytes);
  if (!records.ok()) return ToGrpcStatus(records.status());
  for (const EventRecord& record : *records) {
    absl::StatusOr<LogTail::Entry> entry = LogTail::Convert(record);
    if (!entry.ok()) return ToGrpcStatus(entry.status());
    entries.push_back(*std::move(entry));
  }
  return grpc::Status::OK;
}

void LogStream::Pump() {
  grpc::Status failure;
  {
    absl::MutexLock lock(&mu_);
    if (writing_ || finishing_) return;
    std::vector<LogTail::Entry> entries;
    failure = Next(entries);
    if (!failure.ok()) {
      finishing_ = finish_sent_ = true;
    } else {
      if (entries.empty()) return;  // caught up: the tail wakes us
      next_ = entries.back().position + 1;
      std::vector<grpc::Slice> slices;
      slices.reserve(entries.size());
      for (const LogTail::Entry& entry : entries) {
        slices.push_back(batched_ ? entry.as_field_2 : entry.as_field_1);
      }
      grpc::ByteBuffer message(slices.data(), slices.size());
      message_.Swap(&message);
      writing_ = true;
    }
  }
  if (!failure.ok()) {
    Finish(failure);
    return;
  }
  StartWrite(&message_);
}

void LogStream::OnWriteDone(bool ok) {
  bool finish = false;
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) finishing_ = true;
    if (finishing_ && !finish_sent_) finish = finish_sent_ = true;
  }
  if (finish) {
    Finish(grpc::Status(grpc::StatusCode::CANCELLED, "stream ended"));
    return;
  }
  Pump();
}

void LogStream::OnCancel() {
  {
    absl::MutexLock lock(&mu_);
    finishing_ = true;
    if (writing_ || finish_sent_) return;  // OnWriteDone finishes
    finish_sent_ = true;
  }
  Finish(grpc::Status::CANCELLED);
}

void LogStream::OnDone() {
  tail_.Remove(this);
  Unref();
}

}  // namespace transpo::api
