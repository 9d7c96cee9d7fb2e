// The Alertmanager bridge: follows transpod's WatchAlerts from the cursor in
// its state file and posts each alert to Alertmanager, one Alertmanager alert
// per recipient (alert_mapping.h).
//
// Delivery is at least once and idempotent. For each batch of updates the
// bridge decides what to post, saves it in the state file with the batch's
// cursor and the alerts then firing, posts it, and saves again without it; a
// bridge killed at any point makes, on restart, the posts it had saved first,
// which Alertmanager takes as the same alerts (same labels), then goes on
// after the cursor. Only the last update of each alert in a batch counts: an
// alert raised and resolved within one batch is not posted at all. Each
// watch first reads the log up to its head (WatchAlertsResponse.caught_up):
// all of that is one batch, so a bridge catching up on the log (new, or back
// after an outage) does not post the history; after that a batch takes the
// live updates until a pause of 200 ms (at most 30 s).
//
// Firing alerts are posted again every resend interval (so that they come
// back after an Alertmanager restart), each time to end `alert_lifetime`
// later (so that they outlive an outage of the bridge or of transpod); a
// resolved or acknowledged alert is posted as ended a minute ago (some clock
// skew tolerated). While Alertmanager or transpod is down the bridge retries
// with exponential backoff, re-sends on time meanwhile, and reads nothing
// more from the stream. An alert Alertmanager refuses as invalid (400) is
// logged and dropped, the others of its batch posted.
//
// Example:
//   Bridge bridge(channel, alertmanager.get(), {.state_file = "am.state"});
//   std::thread stopper([&] { WaitForSignal(); bridge.Stop(); });
//   absl::Status status = bridge.Run();

#ifndef TRANSPO_CLIENTS_ALERTMANAGER_BRIDGE_H_
#define TRANSPO_CLIENTS_ALERTMANAGER_BRIDGE_H_

#include <grpcpp/grpcpp.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "clients/alertmanager/alert_mapping.h"
#include "clients/alertmanager/alertmanager_client.h"
#include "transpo/v1/administrations.grpc.pb.h"
#include "transpo/v1/alerts.grpc.pb.h"

namespace transpo::bridge {

struct BridgeOptions {
  std::string state_file;
  absl::Duration resend_interval = absl::Minutes(1);
  // How long Alertmanager keeps a firing alert not posted again.
  absl::Duration alert_lifetime = absl::Hours(24);
  absl::Duration min_backoff = absl::Seconds(1);
  absl::Duration max_backoff = absl::Minutes(1);
  // Each call to transpod.
  absl::Duration rpc_timeout = absl::Seconds(10);
  // "nl", "fr" or "nl-fr".
  std::string coordinator_language = "nl-fr";
  // Days left are counted in this zone's calendar.
  absl::TimeZone time_zone;
  // Where progress and errors go, one line each; default stderr. Called
  // from two threads.
  std::function<void(const std::string&)> log;
};

// What the bridge has done, for its /metrics (bridge_metrics.h).
struct BridgeStats {
  // The cursor of the last update whose posts Alertmanager took: every
  // alert change up to there is delivered.
  uint64_t delivered_cursor = 0;
  uint64_t posts_ok = 0;      // calls to Alertmanager that succeeded
  uint64_t posts_failed = 0;  // calls that failed (then retried)
  uint64_t firing = 0;        // alerts firing in Alertmanager
};

class Bridge {
 public:
  Bridge(const std::shared_ptr<grpc::ChannelInterface>& channel,
         AlertSink* sink, BridgeOptions options);
  Bridge(const Bridge&) = delete;
  Bridge& operator=(const Bridge&) = delete;
  ~Bridge();

  // Delivers until Stop. An error if the state file cannot be locked, read
  // or written (nothing else stops it).
  absl::Status Run() ABSL_LOCKS_EXCLUDED(mu_);

  // Makes Run return soon; thread-safe, also before Run.
  void Stop() ABSL_LOCKS_EXCLUDED(mu_);

  // Thread-safe.
  BridgeStats stats() const ABSL_LOCKS_EXCLUDED(stats_mu_);

 private:
  // Follows WatchAlerts from `cursor` and queues what it reads, watching
  // again after each end of the stream.
  void Watch(uint64_t cursor) ABSL_LOCKS_EXCLUDED(mu_);
  // The last update of each alert: what a batch delivers.
  using Batch = std::map<std::string, v1::AlertUpdate>;
  // Waits until the watch queued something or a re-send is due, and takes
  // it into batch_; `deliver` says whether the batch is whole (caught up,
  // then a pause). false if stopped.
  bool Collect(bool& deliver) ABSL_LOCKS_EXCLUDED(mu_);
  // Moves what the watch queued into batch_.
  void TakeQueued() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Decides and saves the posts of `batch`, then makes them; retries until
  // done or stopped. false if stopped first.
  absl::StatusOr<bool> Deliver(const Batch& batch, uint64_t cursor);
  // Makes the saved posts, then saves their absence.
  absl::StatusOr<bool> PostPending();
  // The Alertmanager alerts that the updates change, applied to `firing`.
  absl::StatusOr<std::vector<alertmanager::v1::PostableAlert>> Apply(
      const Batch& batch, std::vector<alertmanager::v1::PostableAlert>& firing);
  // The administrations of `alert`'s audience, from transpod.
  absl::StatusOr<std::vector<v1::Administration>> Directory(
      const v1::Alert& alert);
  void CountPost(const absl::Status& status) ABSL_LOCKS_EXCLUDED(stats_mu_);
  // Posts the firing alerts again if it is time.
  void MaybeResend();
  // Sleeps `d` unless stopped first; false if stopped.
  bool Sleep(absl::Duration d) ABSL_LOCKS_EXCLUDED(mu_);
  bool stopping() const ABSL_LOCKS_EXCLUDED(mu_);
  void Log(const std::string& line) const;

  std::unique_ptr<v1::AlertService::Stub> alerts_;
  std::unique_ptr<v1::AdministrationService::Stub> administrations_;
  AlertSink* sink_;
  const BridgeOptions options_;
  // The state as last saved, and when to re-send; only Run's thread uses
  // them.
  alertmanager::v1::BridgeState state_;
  absl::Time next_resend_;
  // The batch being taken, and the cursor of its last update.
  Batch batch_;
  uint64_t batch_cursor_ = 0;

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // What the watch read and Run has not taken yet; `watching` marks where a
  // (re)connection of the watch begins.
  struct Queued {
    v1::WatchAlertsResponse response;
    bool watching = false;
  };
  std::deque<Queued> queue_ ABSL_GUARDED_BY(mu_);
  // From the start of a watch until its caught_up message is taken.
  bool catching_up_ ABSL_GUARDED_BY(mu_) = true;
  grpc::ClientContext* watch_context_ ABSL_GUARDED_BY(mu_) = nullptr;

  mutable absl::Mutex stats_mu_;
  BridgeStats stats_ ABSL_GUARDED_BY(stats_mu_);
};

}  // namespace transpo::bridge

#endif  // TRANSPO_CLIENTS_ALERTMANAGER_BRIDGE_H_
