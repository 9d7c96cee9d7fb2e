#include "clients/alertmanager/bridge.h"

#include <algorithm>
#include <iostream>
#include <set>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/alertmanager/state_file.h"

namespace transpo::bridge {
namespace {

namespace am = alertmanager::v1;

// At most this many messages read from the watch wait for delivery.
constexpr size_t kMaxQueued = 64;

absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

void ToProto(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t seconds = absl::ToUnixSeconds(t);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(seconds))));
}

// The labels, sorted: what makes an Alertmanager alert the same alert.
std::string LabelKey(const am::PostableAlert& alert) {
  std::map<std::string, std::string> sorted(alert.labels().begin(),
                                            alert.labels().end());
  return absl::StrJoin(sorted, "\n", absl::PairFormatter("="));
}

std::string AlertIdOf(const am::PostableAlert& alert) {
  auto it = alert.labels().find(kAlertIdLabel);
  return it == alert.labels().end() ? "" : it->second;
}

}  // namespace

Bridge::Bridge(const std::shared_ptr<grpc::ChannelInterface>& channel,
               AlertSink* sink, BridgeOptions options)
    : alerts_(v1::AlertService::NewStub(channel)),
      administrations_(v1::AdministrationService::NewStub(channel)),
      sink_(sink),
      options_(std::move(options)) {}

Bridge::~Bridge() = default;

absl::Status Bridge::Run() {
  absl::StatusOr<std::unique_ptr<StateLock>> lock =
      StateLock::Acquire(options_.state_file);
  if (!lock.ok()) return lock.status();
  absl::StatusOr<am::BridgeState> loaded = LoadState(options_.state_file);
  if (!loaded.ok()) return loaded.status();
  state_ = *std::move(loaded);
  if (state_.pending().empty()) {
    absl::MutexLock lock(&stats_mu_);
    stats_.delivered_cursor = state_.cursor();
    stats_.firing = static_cast<uint64_t>(state_.firing_size());
  }
  Log(absl::StrCat("delivering the alerts after cursor ", state_.cursor(), " (",
                   state_.firing_size(), " firing in Alertmanager)"));
  // Post what is firing at once: Alertmanager may have restarted meanwhile.
  next_resend_ = absl::Now();
  std::thread watcher([this, cursor = state_.cursor()] { Watch(cursor); });
  absl::StatusOr<bool> delivered = true;
  if (!state_.pending().empty()) delivered = PostPending();
  while (delivered.ok() && *delivered) {
    bool deliver = false;
    if (!Collect(deliver)) break;
    if (deliver) {
      delivered = Deliver(batch_, batch_cursor_);
      batch_.clear();
    }
    if (delivered.ok() && *delivered) MaybeResend();
  }
  Stop();
  watcher.join();
  return delivered.ok() ? absl::OkStatus() : delivered.status();
}

bool Bridge::Collect(bool& deliver) {
  // Live, a pause this long ends a batch; kMaxBatchTime ends it anyway.
  constexpr absl::Duration kPause = absl::Milliseconds(200);
  constexpr absl::Duration kMaxBatchTime = absl::Seconds(30);
  auto ready = [](Bridge* b) ABSL_EXCLUSIVE_LOCKS_REQUIRED(b->mu_) {
    return b->stopping_ || !b->queue_.empty();
  };
  deliver = false;
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithDeadline(absl::Condition(+ready, this), next_resend_);
  const absl::Time end = absl::Now() + kMaxBatchTime;
  for (;;) {
    TakeQueued();
    if (stopping_) return false;
    // Catching up: the rest of the history comes first (re-sends go on).
    if (catching_up_ || batch_.empty()) return true;
    if (absl::Now() >= end ||
        !mu_.AwaitWithTimeout(absl::Condition(+ready, this), kPause)) {
      deliver = true;
      return true;
    }
  }
}

void Bridge::TakeQueued() {
  for (Queued& queued : queue_) {
    if (queued.watching) catching_up_ = true;
    for (auto& update : *queued.response.mutable_updates()) {
      batch_cursor_ = update.cursor();
      batch_[update.alert().id()] = std::move(update);
    }
    if (queued.response.caught_up()) catching_up_ = false;
  }
  queue_.clear();
}

BridgeStats Bridge::stats() const {
  absl::MutexLock lock(&stats_mu_);
  return stats_;
}

void Bridge::CountPost(const absl::Status& status) {
  absl::MutexLock lock(&stats_mu_);
  ++(status.ok() ? stats_.posts_ok : stats_.posts_failed);
}

void Bridge::Stop() {
  absl::MutexLock lock(&mu_);
  stopping_ = true;
  if (watch_context_ != nullptr) watch_context_->TryCancel();
}

void Bridge::Watch(uint64_t cursor) {
  absl::Duration backoff = options_.min_backoff;
  while (!stopping()) {
    grpc::ClientContext context;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) break;
      watch_context_ = &context;
      queue_.push_back({.watching = true});
    }
    v1::WatchAlertsRequest request;
    request.set_after_cursor(cursor);
    auto reader = alerts_->WatchAlerts(&context, request);
    v1::WatchAlertsResponse response;
    while (reader->Read(&response)) {
      if (response.updates().empty() && !response.caught_up()) continue;
      if (!response.updates().empty()) {
        cursor = response.updates().rbegin()->cursor();
      }
      backoff = options_.min_backoff;
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](Bridge* b) ABSL_EXCLUSIVE_LOCKS_REQUIRED(b->mu_) {
            return b->stopping_ || b->queue_.size() < kMaxQueued;
          },
          this));
      if (stopping_) break;
      queue_.push_back({.response = std::move(response)});
    }
    const grpc::Status status = reader->Finish();
    {
      absl::MutexLock lock(&mu_);
      watch_context_ = nullptr;
    }
    if (stopping()) break;
    Log(absl::StrCat("watching alerts ended (", status.error_code(), ": ",
                     status.error_message(), "); watching again after cursor ",
                     cursor, " in ", absl::FormatDuration(backoff)));
    if (!Sleep(backoff)) break;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

absl::StatusOr<bool> Bridge::Deliver(const Batch& batch, uint64_t cursor) {
  absl::Duration backoff = options_.min_backoff;
  for (;;) {
    std::vector<am::PostableAlert> firing(state_.firing().begin(),
                                          state_.firing().end());
    absl::StatusOr<std::vector<am::PostableAlert>> posts = Apply(batch, firing);
    if (posts.ok()) {
      am::BridgeState next;
      next.set_cursor(cursor);
      for (auto& alert : firing) *next.add_firing() = std::move(alert);
      for (auto& alert : *posts) *next.add_pending() = std::move(alert);
      absl::Status saved = SaveState(options_.state_file, next);
      if (!saved.ok()) return saved;
      state_ = std::move(next);
      return PostPending();
    }
    Log(absl::StrCat(posts.status().ToString(), "; trying again in ",
                     absl::FormatDuration(backoff)));
    MaybeResend();
    if (!Sleep(backoff)) return false;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

absl::StatusOr<bool> Bridge::PostPending() {
  absl::Duration backoff = options_.min_backoff;
  for (;;) {
    std::vector<am::PostableAlert> posts(state_.pending().begin(),
                                         state_.pending().end());
    // Posts saved long ago (a restart) must not end what still fires.
    std::set<std::string> firing;
    for (const auto& a : state_.firing()) firing.insert(LabelKey(a));
    const absl::Time ends = absl::Now() + options_.alert_lifetime;
    for (auto& a : posts) {
      if (firing.contains(LabelKey(a))) ToProto(ends, a.mutable_ends_at());
    }
    absl::Status status = sink_->Post(posts);
    CountPost(status);
    // Refused: post them one by one, to drop only the alerts refused.
    std::set<std::string> refused;
    for (size_t i = 0; absl::IsInvalidArgument(status) && i < posts.size();
         ++i) {
      absl::Status one = sink_->Post({posts[i]});
      CountPost(one);
      if (absl::IsInvalidArgument(one)) {
        Log(absl::StrCat(one.message(), "; dropping ", LabelKey(posts[i])));
        refused.insert(LabelKey(posts[i]));
      } else if (!one.ok()) {
        status = one;  // down meanwhile: all again, later
      }
    }
    if (status.ok() || absl::IsInvalidArgument(status)) {
      am::BridgeState next = state_;
      next.clear_pending();
      next.clear_firing();
      for (const auto& a : state_.firing()) {
        if (!refused.contains(LabelKey(a))) *next.add_firing() = a;
      }
      absl::Status saved = SaveState(options_.state_file, next);
      if (!saved.ok()) return saved;
      state_ = std::move(next);
      {
        absl::MutexLock lock(&stats_mu_);
        stats_.delivered_cursor = state_.cursor();
        stats_.firing = static_cast<uint64_t>(state_.firing_size());
      }
      if (!posts.empty()) {
        Log(absl::StrCat("posted ", posts.size(),
                         " Alertmanager alerts up to cursor ", state_.cursor(),
                         " (", state_.firing_size(), " firing)"));
      }
      return true;
    }
    Log(absl::StrCat(status.ToString(), "; trying again in ",
                     absl::FormatDuration(backoff)));
    MaybeResend();
    if (!Sleep(backoff)) return false;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

absl::StatusOr<std::vector<am::PostableAlert>> Bridge::Apply(
    const Batch& batch, std::vector<am::PostableAlert>& firing) {
  // Ended a minute ago: a resolution still in the future for an
  // Alertmanager whose clock is behind would be ignored.
  constexpr absl::Duration kSkew = absl::Minutes(1);
  const absl::Time now = absl::Now();
  std::vector<am::PostableAlert> posts;
  for (const auto& [alert_id, update] : batch) {
    const std::string& id = alert_id;
    std::vector<am::PostableAlert> before;
    auto split = std::stable_partition(
        firing.begin(), firing.end(),
        [&id](const am::PostableAlert& a) { return AlertIdOf(a) != id; });
    std::move(split, firing.end(), std::back_inserter(before));
    firing.erase(split, firing.end());

    if (update.alert().status() == v1::ALERT_STATUS_FIRING) {
      absl::StatusOr<std::vector<v1::Administration>> directory =
          Directory(update.alert());
      if (!directory.ok()) return directory.status();
      const absl::CivilDay today =
          absl::ToCivilDay(FromProto(update.time()), options_.time_zone);
      for (const Recipient& recipient : Recipients(
               update.alert(), *directory, options_.coordinator_language)) {
        am::PostableAlert alert = ToPostable(update.alert(), recipient, today);
        auto same =
            std::find_if(before.begin(), before.end(),
                         [key = LabelKey(alert)](const am::PostableAlert& a) {
                           return LabelKey(a) == key;
                         });
        if (same != before.end()) {
          *alert.mutable_starts_at() = same->starts_at();
          before.erase(same);
        } else {
          ToProto(now, alert.mutable_starts_at());
        }
        ToProto(now + options_.alert_lifetime, alert.mutable_ends_at());
        posts.push_back(alert);
        firing.push_back(std::move(alert));
      }
    }
    // What was posted as firing and is no longer: ended.
    for (auto& alert : before) {
      ToProto(now - kSkew, alert.mutable_ends_at());
      if (FromProto(alert.starts_at()) > now - kSkew) {
        *alert.mutable_starts_at() = alert.ends_at();  // the earliest wins
      }
      posts.push_back(std::move(alert));
    }
  }
  return posts;
}

absl::StatusOr<std::vector<v1::Administration>> Bridge::Directory(
    const v1::Alert& alert) {
  std::vector<v1::Administration> out;
  for (const std::string& id : alert.audience().administrations()) {
    grpc::ClientContext context;
    context.set_deadline(
        absl::ToChronoTime(absl::Now() + options_.rpc_timeout));
    v1::GetAdministrationRequest request;
    request.set_id(id);
    v1::GetAdministrationResponse response;
    grpc::Status status =
        administrations_->GetAdministration(&context, request, &response);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) continue;
    if (!status.ok()) {
      return absl::UnavailableError(absl::StrCat(
          "cannot read administration ", id, ": ", status.error_message()));
    }
    out.push_back(std::move(*response.mutable_administration()));
  }
  return out;
}

void Bridge::MaybeResend() {
  if (absl::Now() < next_resend_) return;
  next_resend_ = absl::Now() + options_.resend_interval;
  if (state_.firing().empty()) return;
  std::vector<am::PostableAlert> alerts(state_.firing().begin(),
                                        state_.firing().end());
  const absl::Time ends = absl::Now() + options_.alert_lifetime;
  for (auto& alert : alerts) ToProto(ends, alert.mutable_ends_at());
  absl::Status status = sink_->Post(alerts);
  CountPost(status);
  if (!status.ok()) {
    Log(absl::StrCat("re-sending ", alerts.size(),
                     " firing alerts: ", status.ToString()));
  }
}

bool Bridge::Sleep(absl::Duration d) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), d);
  return !stopping_;
}

bool Bridge::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

void Bridge::Log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::cerr << "transpo-alertmanager: " << line << std::endl;
  }
}

}  // namespace transpo::bridge
