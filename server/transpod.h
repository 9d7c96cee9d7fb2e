// Transpod is the assembled server: the event log in its data directory, the
// sequencer, the gRPC services (with health checking and reflection) and the
// Prometheus exposer. main() parses flags, config and signals; tests start
// one on port 0.
//
// Thread-safety: Shutdown() may be called from any thread, once or more.
//
// Example:
//   auto server = Transpod::Start({.listen = "127.0.0.1:0",
//                                  .metrics_listen = "",
//                                  .data_dir = dir,
//                                  .clock = "manual@2026-01-01T08:00"});
//   ... (*server)->port() ...
//   (*server)->Shutdown(absl::Seconds(5));

#ifndef TRANSPO_SERVER_TRANSPOD_H_
#define TRANSPO_SERVER_TRANSPOD_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/app/clock.h"
#include "server/domain/alert_policy.h"
#include "server/domain/calendar.h"
#include "storage/rocksdb_event_log.h"

namespace grpc {
class Channel;
class Server;
class Service;
}  // namespace grpc
namespace prometheus {
class Exposer;
class Registry;
}  // namespace prometheus

namespace transpo {

namespace api {
class Authenticator;
class LogTail;
}  // namespace api
namespace app {
class App;
struct DomainSettings;
}  // namespace app
class FigureMetrics;
class Metrics;
class StorageMetrics;

struct TranspodOptions {
  // gRPC address, HOST:PORT; port 0 picks a free port. Default:
  // 127.0.0.1:50051.
  std::string listen = "127.0.0.1:50051";
  // Prometheus /metrics address, HOST:PORT; port 0 picks a free port; empty:
  // no metrics endpoint. Default: 127.0.0.1:9464.
  std::string metrics_listen = "127.0.0.1:9464";
  // Where RocksDB keeps the log; created if missing. Default: ./var/transpo.
  std::string data_dir = "./var/transpo";
  // "system", or "manual@YYYY-MM-DDTHH:MM" (Europe/Brussels time) for a clock
  // that only ClockService.SetTime moves. Default: system.
  std::string clock = "system";
  // Time zone and holiday calendar of business dates.
  domain::CalendarOptions calendar;
  // From a transposition deadline to the infringement trigger. Default: 1
  // month.
  std::string infringement_trigger = "1 month";
  // Reply period of a letter that gives no date. Default: 2 months.
  std::string default_reply_period = "2 months";
  // Reply period of an EU Pilot request that gives no date. Default: 10 weeks.
  std::string eu_pilot_reply_period = "10 weeks";
  // Free space, in MiB, that writes leave on the data directory's disk:
  // below it writes are refused (RESOURCE_EXHAUSTED), reads go on, and
  // writes resume by themselves once there is room. Default: 64.
  uint64_t disk_reserve_mib = 64;
  // Which alerts each deadline raises. Default: domain::DefaultAlertPolicy().
  std::optional<domain::AlertPolicy> alert_policy;
  // Raise the alerts (AlertScheduler). Default: true.
  bool alerts = true;
  // Who may call: the token file (transpo/config/v1/token_file.proto).
  // Empty: authentication off, every caller a coordinator named by its
  // transpo-actor metadata, which transpod allows on a loopback address
  // only, unless `insecure`.
  std::string token_file;
  // PEM files of the server's certificate chain and private key: gRPC over
  // TLS. Both or neither.
  std::string tls_cert;
  std::string tls_key;
  // PEM file of the CA whose client certificates are accepted (mutual TLS),
  // each mapped by its CN or a SAN to a principal of token_file.
  std::string tls_client_ca;
  // Listen on a non-loopback address without authentication.
  bool insecure = false;
};

class Transpod {
 public:
  // Opens the log (rebuilding projections a previous rebuild left stale) and
  // starts serving. Errors: InvalidArgument naming a bad option; those of
  // RocksDbEventLog::Open; Unavailable if an address cannot be bound.
  static absl::StatusOr<std::unique_ptr<Transpod>> Start(
      const TranspodOptions& options);

  // The gRPC health service name that is SERVING while writes are accepted
  // and NOT_SERVING while the disk is below its reserve (the overall ""
  // status stays SERVING: reads go on).
  static constexpr char kWritesHealthService[] = "transpo.writes";

  ~Transpod();  // Shutdown(absl::ZeroDuration()) if not done

  // Stops taking calls, lets in-flight calls finish for up to `grace`, then
  // cancels the rest (streams end), finishes queued commands and appends,
  // and closes the log.
  void Shutdown(absl::Duration grace);

  int port() const { return port_; }
  // 0 if there is no metrics endpoint.
  int metrics_port() const { return metrics_port_; }
  // The log, until Shutdown.
  RocksDbEventLog& log() { return *log_; }
  // The clock when it is manual, else null.
  app::ManualClock* manual_clock() { return manual_clock_.get(); }
  const app::Clock& clock() const { return *clock_; }
  // The application, until Shutdown (tests await its alert scheduler).
  app::App& app() { return *app_; }
  // A channel to this server that does not go through the network; its
  // calls are trusted as when authentication is off.
  std::shared_ptr<grpc::Channel> InProcessChannel();

  // Reads the token file again (SIGHUP): from now on calls are checked
  // against it. If it cannot be read or checked, the one in force stays and
  // the error says why. FailedPrecondition without a token file.
  absl::Status ReloadTokenFile();

 private:
  Transpod();

  // Reports whether writes are refused to the health service: at start
  // (StartWritesHealth), then whenever the log's writer thread says so.
  void StartWritesHealth();
  void SetWritesRefused(bool refused);

  absl::Mutex health_mu_;
  bool writes_refused_ ABSL_GUARDED_BY(health_mu_) = false;
  bool serving_ ABSL_GUARDED_BY(health_mu_) = false;

  absl::Mutex shutdown_mu_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
  std::string token_file_;
  int port_ = 0;
  int metrics_port_ = 0;
  // Destroyed in reverse order: the server before the services it uses, the
  // services before the application, the application (its sequencer and
  // reply threads) before the log.
  std::unique_ptr<app::ManualClock> manual_clock_;
  std::unique_ptr<app::Clock> system_clock_;
  const app::Clock* clock_ = nullptr;
  std::unique_ptr<app::DomainSettings> settings_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<RocksDbEventLog> log_;
  std::unique_ptr<HeadWatch> head_watch_;
  std::unique_ptr<app::App> app_;
  // Reads app_'s figures; the exposer holds it weakly.
  std::shared_ptr<FigureMetrics> figure_metrics_;
  std::shared_ptr<StorageMetrics> storage_metrics_;
  // Who may call; destroyed after the tail, whose streams ask it.
  std::unique_ptr<api::Authenticator> authenticator_;
  // What Subscribe and WatchAlerts streams share.
  std::unique_ptr<api::LogTail> tail_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

// Whether gRPC `address` (HOST:PORT, or unix:PATH) can only be reached from
// this machine: localhost, 127.0.0.0/8, [::1], [::ffff:127.x.x.x] or a Unix
// socket. Any other name is not (it may resolve anywhere).
bool IsLoopbackAddress(const std::string& address);

// Parses "system" or "manual@YYYY-MM-DDTHH:MM" (in `zone`); InvalidArgument
// naming --clock otherwise. nullopt for the system clock.
absl::StatusOr<std::optional<absl::Time>> ParseClockOption(
    const std::string& text, const absl::TimeZone& zone);

}  // namespace transpo

#endif  // TRANSPO_SERVER_TRANSPOD_H_
