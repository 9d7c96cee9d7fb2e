// Transpod is the assembled server: the event log in its data directory, the
// gRPC services (with health checking and reflection) and the Prometheus
// exposer. main() parses flags and signals; tests start one on port 0.
//
// Thread-safety: Shutdown() may be called from any thread, once or more.
//
// Example:
//   SystemClock clock;
//   auto server = Transpod::Start({.listen = "127.0.0.1:0",
//                                  .metrics_listen = "127.0.0.1:0",
//                                  .data_dir = dir}, clock);
//   ... (*server)->port() ...
//   (*server)->Shutdown(absl::Seconds(5));

#ifndef TRANSPO_SERVER_TRANSPOD_H_
#define TRANSPO_SERVER_TRANSPOD_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/clock.h"
#include "storage/rocksdb_event_log.h"

namespace grpc {
class Server;
}
namespace prometheus {
class Exposer;
class Registry;
}  // namespace prometheus

namespace transpo {

class EventLogService;
class Metrics;

struct TranspodOptions {
  // gRPC address, HOST:PORT; port 0 picks a free port. Default:
  // 127.0.0.1:50051.
  std::string listen = "127.0.0.1:50051";
  // Prometheus /metrics address, HOST:PORT; port 0 picks a free port; empty:
  // no metrics endpoint. Default: 127.0.0.1:9464.
  std::string metrics_listen = "127.0.0.1:9464";
  // Where RocksDB keeps the log; created if missing. Default: ./var/transpo.
  std::string data_dir = "./var/transpo";
};

class Transpod {
 public:
  // Opens the log and starts serving. Errors: those of RocksDbEventLog::Open;
  // Unavailable if an address cannot be bound.
  static absl::StatusOr<std::unique_ptr<Transpod>> Start(
      const TranspodOptions& options, const Clock& clock);

  ~Transpod();  // Shutdown(absl::ZeroDuration()) if not done

  // Stops taking calls, lets in-flight calls finish for up to `grace`, then
  // cancels the rest (streams end), drains queued appends and closes the log.
  void Shutdown(absl::Duration grace);

  int port() const { return port_; }
  // 0 if there is no metrics endpoint.
  int metrics_port() const { return metrics_port_; }
  // The log, until Shutdown.
  EventLog& log() { return *log_; }

 private:
  Transpod() = default;

  absl::Mutex shutdown_mu_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
  int port_ = 0;
  int metrics_port_ = 0;
  // Destroyed in reverse order: the server before the services it uses, the
  // services before the log.
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<RocksDbEventLog> log_;
  std::unique_ptr<HeadWatch> head_watch_;
  std::unique_ptr<EventLogService> event_log_service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace transpo

#endif  // TRANSPO_SERVER_TRANSPOD_H_
