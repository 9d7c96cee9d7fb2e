#include "server/api/log_stream.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/api/grpc_status.h"
#include "server/api/paging.h"
#include "server/app/aggregates.h"

namespace transpo::api {

LogStream::LogStream(LogTail& tail, EventLog& log, Options options)
    : tail_(tail),
      log_(log),
      options_(std::move(options)),
      max_events_(std::clamp<size_t>(options_.max_events_per_message, 1,
                                     kMaxEventsPerMessage)),
      batched_(options_.max_events_per_message > 1 ||
               options_.alerts.has_value()),
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

grpc::Status LogStream::Next(uint64_t from, bool live,
                             std::vector<LogTail::Entry>& entries,
                             bool& from_tail) const {
  switch (tail_.Read(from, max_events_, kMaxResponseBytes, entries)) {
    case LogTail::kRead:
      from_tail = !entries.empty();
      if (!from_tail) return grpc::Status::OK;
      break;
    case LogTail::kBehind:
      if (live) {
        return grpc::Status(
            grpc::StatusCode::UNAVAILABLE,
            absl::StrCat(
                "this stream fell behind the log by more than the "
                "server keeps in memory; ",
                options_.alerts.has_value()
                    ? absl::StrCat("watch again with after_cursor ", from - 1)
                    : absl::StrCat("subscribe again with "
                                   "from_position ",
                                   from),
                " to resume"));
      }
      break;  // behind the tail from the start: read the log
    case LogTail::kReadLog:
      break;
  }
  if (entries.empty()) {
    absl::StatusOr<std::vector<EventRecord>> records =
        log_.ReadAll(from, max_events_, kMaxResponseBytes);
    if (!records.ok()) return ToGrpcStatus(records.status());
    for (const EventRecord& record : *records) {
      if (options_.alerts.has_value() &&
          !absl::StartsWith(record.stream,
                            app::AlertAggregate::kStreamPrefix)) {
        entries.push_back({.position = record.position});  // not an alert
        continue;
      }
      absl::StatusOr<LogTail::Entry> entry = LogTail::Convert(record, log_);
      if (!entry.ok()) return ToGrpcStatus(entry.status());
      entries.push_back(*std::move(entry));
    }
  }
  if (options_.alerts.has_value()) {
    // An alert that could not be read ends the stream when it comes first.
    for (size_t i = 0; i < entries.size(); ++i) {
      const auto& alert = entries[i].alert;
      if (alert == nullptr || alert->error.ok()) continue;
      if (i == 0) return ToGrpcStatus(alert->error);
      entries.resize(i);
      break;
    }
  }
  return grpc::Status::OK;
}

void LogStream::Pump() {
  uint64_t from;
  bool live;
  {
    absl::MutexLock lock(&mu_);
    if (finishing_) return;
    if (busy_) {
      again_ = true;  // the pump running looks again before it stops
      return;
    }
    busy_ = true;
    again_ = false;
    from = next_;
    live = live_;
  }
  // Reads (maybe from disk) without the lock: a Wake from the tail's reader
  // never waits on them.
  for (;;) {
    std::vector<LogTail::Entry> entries;
    bool from_tail = false;
    grpc::Status failure =
        options_.allowed ? options_.allowed() : grpc::Status::OK;
    if (failure.ok()) failure = Next(from, live, entries, from_tail);
    grpc::Status finish;
    {
      absl::MutexLock lock(&mu_);
      if (!failure.ok() || finishing_) {
        busy_ = false;
        finishing_ = true;
        if (finish_sent_) return;
        finish_sent_ = true;
        finish = failure.ok()
                     ? grpc::Status(grpc::StatusCode::CANCELLED, "cancelled")
                     : failure;
      } else if (entries.empty()) {
        if (again_) {  // woken meanwhile: look again
          again_ = false;
          from = next_;
          live = live_;
          continue;
        }
        if (!options_.alerts.has_value() || caught_up_sent_) {
          busy_ = false;  // caught up: the tail wakes us
          return;
        }
        // WatchAlertsResponse{caught_up: true}: field 2, varint 1.
        caught_up_sent_ = true;
        static constexpr char kCaughtUp[] = {0x10, 0x01};
        grpc::Slice caught_up(kCaughtUp, sizeof(kCaughtUp));
        grpc::ByteBuffer message(&caught_up, 1);
        message_.Swap(&message);
        // busy_ stays set until OnWriteDone.
      } else {
        if (from_tail) live_ = true;
        next_ = entries.back().position + 1;
        std::vector<grpc::Slice> slices;
        slices.reserve(entries.size());
        size_t bytes = 0;
        for (const LogTail::Entry& entry : entries) {
          if (!options_.alerts.has_value()) {
            slices.push_back(batched_ ? entry.as_field_2 : entry.as_field_1);
            continue;
          }
          if (!Wanted(entry)) continue;
          const grpc::Slice& update = entry.alert->as_field_1;
          if (!slices.empty() && bytes + update.size() > kMaxResponseBytes) {
            next_ = entry.position;  // the next message starts with it
            break;
          }
          bytes += update.size();
          slices.push_back(update);
        }
        if (slices.empty()) {  // nothing for this watcher: read on
          from = next_;
          live = live_;
          continue;
        }
        grpc::ByteBuffer message(slices.data(), slices.size());
        message_.Swap(&message);
        // busy_ stays set until OnWriteDone.
      }
    }
    if (!finish.ok()) {
      Finish(finish);
    } else {
      StartWrite(&message_);
    }
    return;
  }
}

bool LogStream::Wanted(const LogTail::Entry& entry) const {
  if (!entry.alert) return false;
  const LogTail::AlertEntry& alert = *entry.alert;
  const Options::Alerts& want = *options_.alerts;
  auto has = [](const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  return alert.severity >= want.min_severity &&
         (want.administrations.empty() ||
          std::any_of(want.administrations.begin(), want.administrations.end(),
                      [&](const std::string& a) {
                        return has(alert.administrations, a);
                      })) &&
         (want.correspondent.empty() ||
          has(alert.correspondents, want.correspondent));
}

void LogStream::OnWriteDone(bool ok) {
  bool finish = false;
  {
    absl::MutexLock lock(&mu_);
    busy_ = false;
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
    // A write in flight or a pump running finishes it.
    if (busy_ || finish_sent_) return;
    finish_sent_ = true;
  }
  Finish(grpc::Status::CANCELLED);
}

void LogStream::OnDone() {
  tail_.Remove(this);
  Unref();
}

}  // namespace transpo::api
