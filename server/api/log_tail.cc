#include "server/api/log_tail.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "server/api/alert_convert.h"
#include "server/api/event_convert.h"
#include "server/app/aggregates.h"
#include "server/app/log_events.h"
#include "server/app/proto_time.h"
#include "transpo/v1/alerts.pb.h"
#include "transpo/v1/event_log.pb.h"

namespace transpo::api {
namespace {

// Records the reader takes from the log at a time.
constexpr size_t kReadEvents = 512;
constexpr size_t kReadBytes = size_t{4} << 20;

// `bytes` as field `field` of a message: its tag, length and the bytes.
grpc::Slice Framed(int field, const std::string& bytes) {
  std::string framed(1, static_cast<char>((field << 3) | 2));
  size_t length = bytes.size();
  do {
    const uint8_t byte = length & 0x7f;
    length >>= 7;
    framed.push_back(static_cast<char>(length > 0 ? byte | 0x80 : byte));
  } while (length > 0);
  framed += bytes;
  return grpc::Slice(framed);
}

v1::AlertChange ChangeOf(const domain::AlertEvent& event) {
  if (std::holds_alternative<domain::AlertRaised>(event)) {
    return v1::ALERT_CHANGE_RAISED;
  }
  if (std::holds_alternative<domain::AlertRenotified>(event)) {
    return v1::ALERT_CHANGE_RENOTIFIED;
  }
  if (std::holds_alternative<domain::AlertAcknowledged>(event)) {
    return v1::ALERT_CHANGE_ACKNOWLEDGED;
  }
  return v1::ALERT_CHANGE_RESOLVED;
}

// The update of an alert event: the alert as its row version has it.
absl::StatusOr<std::shared_ptr<const LogTail::AlertEntry>> AlertOf(
    const EventRecord& record, EventLog& log) {
  using Alerts = app::Aggregates<app::AlertAggregate>;
  auto event = app::DecodeDomainEvent(record);
  if (!event.ok()) return event.status();
  const std::string id =
      record.stream.substr(sizeof(app::AlertAggregate::kStreamPrefix) - 1);
  auto state = Alerts::LoadVersion(log, id, record.version);
  if (!state.ok()) return state.status();
  v1::AlertUpdate update;
  update.set_cursor(record.position);
  update.set_change(ChangeOf(std::get<domain::AlertEvent>(*event)));
  *update.mutable_alert() = ToProtoAlert(*state);
  app::ToProtoTime(record.record_time, *update.mutable_time());
  auto entry = std::make_shared<LogTail::AlertEntry>();
  entry->as_field_1 = Framed(1, update.SerializeAsString());
  entry->administrations = state->current.audience.administrations;
  entry->correspondents = state->current.audience.correspondents;
  entry->severity = state->current.severity;
  return entry;
}

}  // namespace

LogTail::LogTail(EventLog& log, LogTailOptions options)
    : log_(log),
      options_(options),
      read_events_(std::clamp<size_t>(options.max_events / 2, 1, kReadEvents)),
      // An entry holds its bytes twice (two framings).
      read_bytes_(std::clamp<size_t>(options.max_bytes / 4, 1, kReadBytes)) {
  // The watch first: a commit between it and head() is in one or the other.
  watch_ = log_.Watch([this](uint64_t head) {
    absl::MutexLock lock(&wake_mu_);
    head_ = std::max(head_, head);
  });
  const uint64_t head = log_.head();
  {
    absl::MutexLock lock(&mu_);
    next_ = head + 1;  // the tail starts at the head: history is in the log
  }
  {
    absl::MutexLock lock(&wake_mu_);
    head_ = std::max(head_, head);
  }
  reader_ = std::thread([this] { Run(); });
}

LogTail::~LogTail() {
  watch_.reset();
  {
    absl::MutexLock lock(&wake_mu_);
    stopping_ = true;
  }
  reader_.join();
}

absl::StatusOr<LogTail::Entry> LogTail::Convert(const EventRecord& record,
                                                EventLog& log) {
  v1::Event event;
  absl::Status converted = ToProto(record, event);
  if (!converted.ok()) return converted;
  const std::string bytes = event.SerializeAsString();
  Entry entry{record.position, Framed(1, bytes), Framed(2, bytes)};
  if (absl::StartsWith(record.stream, app::AlertAggregate::kStreamPrefix)) {
    auto alert = AlertOf(record, log);
    if (alert.ok()) {
      entry.alert = *std::move(alert);
    } else {
      auto failed = std::make_shared<AlertEntry>();
      failed->error = alert.status();
      entry.alert = std::move(failed);
    }
  }
  return entry;
}

LogTail::ReadResult LogTail::Read(uint64_t from, size_t max_events,
                                  size_t max_bytes,
                                  std::vector<Entry>& out) const {
  absl::ReaderMutexLock lock(&mu_);
  const uint64_t first = entries_.empty() ? next_ : entries_.front().position;
  if (from < first) return kBehind;
  if (from >= next_ && stalled_) return kReadLog;
  size_t bytes = 0;
  for (uint64_t p = from; p < next_ && out.size() < max_events; ++p) {
    const Entry& entry = entries_[p - first];
    if (!out.empty() && bytes + entry.size() > max_bytes) break;
    bytes += entry.size();
    out.push_back(entry);
  }
  return kRead;
}

void LogTail::Add(Follower* follower) {
  absl::MutexLock lock(&followers_mu_);
  followers_.insert(follower);
}

void LogTail::Remove(Follower* follower) {
  absl::MutexLock lock(&followers_mu_);
  followers_.erase(follower);
}

uint64_t LogTail::next() const {
  absl::ReaderMutexLock lock(&mu_);
  return next_;
}

bool LogTail::SkipUnfollowed(uint64_t head) {
  // Under followers_mu_: a stream added later finds the tail emptied.
  absl::MutexLock followers_lock(&followers_mu_);
  if (!followers_.empty()) return false;
  absl::MutexLock lock(&mu_);
  entries_.clear();
  bytes_ = 0;
  next_ = head + 1;
  return true;
}

void LogTail::Run() {
  for (;;) {
    uint64_t next;
    {
      absl::MutexLock lock(&mu_);
      next = next_;
    }
    uint64_t head;
    {
      absl::MutexLock lock(&wake_mu_);
      auto ready = [this, next]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(wake_mu_) {
        return stopping_ || head_ >= next;
      };
      wake_mu_.Await(absl::Condition(&ready));
      if (stopping_) return;
      head = head_;
    }
    if (SkipUnfollowed(head)) continue;
    absl::StatusOr<std::vector<EventRecord>> records =
        log_.ReadAll(next, read_events_, read_bytes_);
    std::vector<Entry> converted;
    bool stalled = !records.ok() || records->empty();
    if (!stalled) {
      converted.reserve(records->size());
      for (const EventRecord& record : *records) {
        absl::StatusOr<Entry> entry = Convert(record, log_);
        if (!entry.ok()) {
          stalled = true;
          break;
        }
        converted.push_back(*std::move(entry));
      }
    }
    {
      absl::MutexLock lock(&mu_);
      for (Entry& entry : converted) {
        bytes_ += entry.memory();
        entries_.push_back(std::move(entry));
        next_ = entries_.back().position + 1;
      }
      while (!entries_.empty() && (entries_.size() > options_.max_events ||
                                   bytes_ > options_.max_bytes)) {
        bytes_ -= entries_.front().memory();
        entries_.pop_front();
      }
      stalled_ = stalled;
    }
    WakeFollowers();
    if (stalled) {
      // The log cannot be read or decoded from next_ now (being reopened, or
      // a damaged record): streams that reach it read the log themselves and
      // meet the error, or the events; the tail tries again meanwhile.
      absl::MutexLock lock(&wake_mu_);
      wake_mu_.AwaitWithTimeout(
          absl::Condition(
              +[](bool* stopping) { return *stopping; }, &stopping_),
          absl::Milliseconds(100));
    }
  }
}

void LogTail::WakeFollowers() {
  std::vector<Follower*> woken;
  {
    absl::MutexLock lock(&followers_mu_);
    woken.assign(followers_.begin(), followers_.end());
    for (Follower* follower : woken) follower->Ref();
  }
  for (Follower* follower : woken) {
    follower->Wake();
    follower->Unref();
  }
}

}  // namespace transpo::api
