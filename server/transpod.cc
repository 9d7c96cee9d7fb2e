#include "server/transpod.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "prometheus/exposer.h"
#include "prometheus/registry.h"
#include "server/event_log_service.h"
#include "server/metrics.h"

namespace transpo {
namespace {

absl::Status CheckAddress(absl::string_view flag, const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, " \"", address, "\": expected HOST:PORT"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Transpod>> Transpod::Start(
    const TranspodOptions& options, const Clock& clock) {
  absl::Status valid = CheckAddress("--listen", options.listen);
  if (valid.ok() && !options.metrics_listen.empty()) {
    valid = CheckAddress("--metrics-listen", options.metrics_listen);
  }
  if (!valid.ok()) return valid;
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--data-dir \"", options.data_dir, "\": ", error.message()));
  }

  std::unique_ptr<Transpod> server(new Transpod());
  server->registry_ = std::make_shared<prometheus::Registry>();
  server->metrics_ = std::make_unique<Metrics>(*server->registry_);
  Metrics* metrics = server->metrics_.get();

  EventLogOptions log_options;
  log_options.clock = [&clock] { return clock.Now(); };
  log_options.on_commit = [metrics](const CommitInfo& info) {
    metrics->ObserveCommit(info);
  };
  absl::StatusOr<std::unique_ptr<RocksDbEventLog>> log =
      RocksDbEventLog::Open(options.data_dir, std::move(log_options));
  if (!log.ok()) return log.status();
  server->log_ = *std::move(log);
  metrics->SetHead(server->log_->head());
  server->head_watch_ =
      server->log_->Watch([metrics](uint64_t head) { metrics->SetHead(head); });

  server->event_log_service_ = std::make_unique<EventLogService>(*server->log_);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &server->port_);
  builder.RegisterService(server->event_log_service_.get());
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("--listen \"", options.listen, "\": cannot listen there"));
  }

  if (options.metrics_listen.empty()) return server;
  try {
    server->exposer_ =
        std::make_unique<prometheus::Exposer>(options.metrics_listen);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat(
        "--metrics-listen \"", options.metrics_listen, "\": ", e.what()));
  }
  server->exposer_->RegisterCollectable(server->registry_);
  server->metrics_port_ = server->exposer_->GetListeningPorts().front();
  return server;
}

void Transpod::Shutdown(absl::Duration grace) {
  absl::MutexLock lock(&shutdown_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  exposer_.reset();  // civetweb takes up to 2 s to stop
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(grace));
  server_->Wait();
  event_log_service_.reset();
  head_watch_.reset();
  log_.reset();  // finishes queued appends, closes RocksDB
}

Transpod::~Transpod() {
  if (server_ != nullptr) Shutdown(absl::ZeroDuration());
}

}  // namespace transpo
