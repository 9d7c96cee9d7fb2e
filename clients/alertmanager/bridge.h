// The Alertmanager bridge: follows transpod's WatchAlerts from the cursor in
// its state file and posts each alert to Alertmanager, one Alertmanager alert
// per recipient (alert_mapping.h).
//
// Delivery is at least once and idempotent: after each batch of updates is
// posted, the state file records its cursor (and the alerts firing), so a
// bridge killed at any point posts again, on restart, at most what it had
// posted without recording it, which Alertmanager takes as the same alerts
// (same labels). Updates of alerts the bridge never posted as firing that
// are already resolved are not posted at all (a new bridge does not replay
// history). Firing alerts are posted again every resend interval, with
// endsAt four intervals ahead, as Prometheus does: Alertmanager keeps them
// firing, also across its own restarts. A resolved or acknowledged alert is
// posted with endsAt now. While Alertmanager or transpod is down the bridge
// retries with exponential backoff and reads nothing more from the stream.
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
  absl::Duration min_backoff = absl::Seconds(1);
  absl::Duration max_backoff = absl::Minutes(1);
  // Each call to transpod.
  absl::Duration rpc_timeout = absl::Seconds(10);
  // "nl", "fr" or "nl-fr".
  std::string coordinator_language = "nl-fr";
  // Days left are counted in this zone's calendar.
  absl::TimeZone time_zone;
  // Where progress and errors go, one line each; default stderr.
  std::function<void(const std::string&)> log;
};

class Bridge {
 public:
  Bridge(const std::shared_ptr<grpc::ChannelInterface>& channel,
         AlertSink* sink, BridgeOptions options);
  Bridge(const Bridge&) = delete;
  Bridge& operator=(const Bridge&) = delete;
  ~Bridge();

  // Delivers until Stop. An error if the state file cannot be read or
  // written (nothing else stops it).
  absl::Status Run() ABSL_LOCKS_EXCLUDED(mu_);

  // Makes Run return soon; thread-safe, also before Run.
  void Stop() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  // Follows WatchAlerts from `cursor` and queues what it reads, watching
  // again after each end of the stream.
  void Watch(uint64_t cursor) ABSL_LOCKS_EXCLUDED(mu_);
  // Posts the alerts a batch of updates changes and records the state;
  // retries until done or stopped. false if stopped first.
  absl::StatusOr<bool> Deliver(std::vector<v1::WatchAlertsResponse> batch);
  // The Alertmanager alerts that the updates change, applied to `firing`.
  absl::StatusOr<std::vector<alertmanager::v1::PostableAlert>> Apply(
      const std::vector<v1::WatchAlertsResponse>& batch,
      std::vector<alertmanager::v1::PostableAlert>& firing);
  // The administrations of `alert`'s audience, from transpod.
  absl::StatusOr<std::vector<v1::Administration>> Directory(
      const v1::Alert& alert);
  void Resend();
  // Sleeps `d` unless stopped first; false if stopped.
  bool Sleep(absl::Duration d) ABSL_LOCKS_EXCLUDED(mu_);
  bool stopping() const ABSL_LOCKS_EXCLUDED(mu_);
  void Log(const std::string& line) const;

  std::unique_ptr<v1::AlertService::Stub> alerts_;
  std::unique_ptr<v1::AdministrationService::Stub> administrations_;
  AlertSink* sink_;
  const BridgeOptions options_;
  // The state as last saved; only Run's thread uses it.
  alertmanager::v1::BridgeState state_;

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // What the watch read and Run has not taken yet.
  std::deque<v1::WatchAlertsResponse> queue_ ABSL_GUARDED_BY(mu_);
  grpc::ClientContext* watch_context_ ABSL_GUARDED_BY(mu_) = nullptr;
};

}  // namespace transpo::bridge

#endif  // TRANSPO_CLIENTS_ALERTMANAGER_BRIDGE_H_
