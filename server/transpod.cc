#include "server/transpod.h"

#include <arpa/inet.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <netinet/in.h>

#include <cstdio>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "prometheus/exposer.h"
#include "prometheus/registry.h"
#include "server/api/administration_service.h"
#include "server/api/alert_service.h"
#include "server/api/authenticator.h"
#include "server/api/clock_service.h"
#include "server/api/court_case_service.h"
#include "server/api/directive_service.h"
#include "server/api/dossier_service.h"
#include "server/api/event_log_service.h"
#include "server/api/infringement_service.h"
#include "server/api/report_service.h"
#include "server/api/server_service.h"
#include "server/app/aggregates.h"
#include "server/app/app.h"
#include "server/app/projector.h"
#include "server/config.h"
#include "server/figure_metrics.h"
#include "server/metrics.h"
#include "server/rpc_metrics.h"
#include "server/storage_metrics.h"
#include "server/token_file.h"
#include "transpo_version.h"

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

using domain::Calendar;
using domain::Period;

absl::StatusOr<Period> ParsePeriodOption(absl::string_view name,
                                         const std::string& text) {
  auto period = Period::Parse(text);
  if (!period.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": ", period.status().message()));
  }
  return period;
}

absl::StatusOr<app::DomainSettings> Settings(const TranspodOptions& options) {
  auto calendar = Calendar::Create(options.calendar);
  if (!calendar.ok()) return calendar.status();
  auto trigger =
      ParsePeriodOption("infringement_trigger", options.infringement_trigger);
  if (!trigger.ok()) return trigger.status();
  auto reply =
      ParsePeriodOption("default_reply_period", options.default_reply_period);
  if (!reply.ok()) return reply.status();
  auto pilot =
      ParsePeriodOption("eu_pilot_reply_period", options.eu_pilot_reply_period);
  if (!pilot.ok()) return pilot.status();
  domain::AlertPolicy alerts =
      options.alert_policy.value_or(domain::DefaultAlertPolicy());
  absl::Status valid = domain::ValidateAlertPolicy(alerts);
  if (!valid.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("alert_policy: ", valid.message()));
  }
  return app::DomainSettings{*std::move(calendar),
                             {.eu_pilot = *pilot, .letter = *reply},
                             {.infringement_trigger = *trigger},
                             std::move(alerts)};
}

// The flags of authentication and TLS, checked together; FailedPrecondition
// for a non-loopback address without authentication, unless --insecure.
absl::Status CheckAuthOptions(const TranspodOptions& options) {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key: give both (the server's certificate chain "
        "and its private key) or neither");
  }
  if (!options.tls_client_ca.empty() && options.tls_cert.empty()) {
    return absl::InvalidArgumentError(
        "--tls-client-ca: needs --tls-cert and --tls-key (mutual TLS)");
  }
  if (!options.tls_client_ca.empty() && options.token_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls-client-ca: needs --token-file, whose principals client "
        "certificates are mapped to");
  }
  if (!options.insecure && !IsLoopbackAddress(options.listen)) {
    if (options.token_file.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "--listen \"", options.listen,
          "\" is not a loopback address and no authentication is "
          "configured: anyone who reaches it could write anything. Give "
          "--token-file and --tls-cert/--tls-key, or --insecure to listen "
          "anyway"));
    }
    if (options.tls_cert.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "--listen \"", options.listen,
          "\" is not a loopback address and TLS is off: bearer tokens would "
          "cross the network in clear. Give --tls-cert/--tls-key, or "
          "--insecure to listen anyway"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadPem(absl::string_view flag,
                                    const std::string& path) {
  auto pem = ReadTextFile(absl::StrCat(flag, " ", path), path);
  if (!pem.ok()) return pem.status();
  if (pem->find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, " ", path, ": not a PEM file"));
  }
  return pem;
}

// Plaintext, TLS, or TLS asking clients for a certificate of
// --tls-client-ca (verified when given; a client may use a token instead).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const TranspodOptions& options) {
  if (options.tls_cert.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions ssl(
      options.tls_client_ca.empty()
          ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
          : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  auto cert = ReadPem("--tls-cert", options.tls_cert);
  if (!cert.ok()) return cert.status();
  auto key = ReadPem("--tls-key", options.tls_key);
  if (!key.ok()) return key.status();
  ssl.pem_key_cert_pairs.push_back({*std::move(key), *std::move(cert)});
  if (!options.tls_client_ca.empty()) {
    auto ca = ReadPem("--tls-client-ca", options.tls_client_ca);
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *std::move(ca);
  }
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

bool IsLoopbackAddress(const std::string& address) {
  if (absl::StartsWith(address, "unix:")) return true;
  absl::string_view host =
      absl::string_view(address).substr(0, address.rfind(':'));
  if (absl::EqualsIgnoreCase(host, "localhost")) return true;
  if (absl::ConsumePrefix(&host, "[") && !absl::ConsumeSuffix(&host, "]")) {
    return false;
  }
  const std::string text(host);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    return IN6_IS_ADDR_LOOPBACK(&v6) ||
           (IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127);
  }
  return false;  // a name may resolve anywhere
}

absl::StatusOr<std::optional<absl::Time>> ParseClockOption(
    const std::string& text, const absl::TimeZone& zone) {
  if (text == "system") return std::optional<absl::Time>();
  absl::CivilMinute start;
  if (!absl::StartsWith(text, "manual@") ||
      !absl::ParseCivilTime(absl::string_view(text).substr(7), &start)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--clock \"", text,
                     "\": expected \"system\" or \"manual@YYYY-MM-DDTHH:MM\""));
  }
  return std::optional<absl::Time>(absl::FromCivil(start, zone));
}

Transpod::Transpod() = default;

absl::StatusOr<std::unique_ptr<Transpod>> Transpod::Start(
    const TranspodOptions& options) {
  absl::Status valid = CheckAddress("--listen", options.listen);
  if (valid.ok() && !options.metrics_listen.empty()) {
    valid = CheckAddress("--metrics-listen", options.metrics_listen);
  }
  constexpr uint64_t kMaxReserveMiB = uint64_t{1} << 20;  // 1 TiB
  if (valid.ok() && options.disk_reserve_mib > kMaxReserveMiB) {
    valid = absl::InvalidArgumentError(
        absl::StrCat("--disk-reserve-mib ", options.disk_reserve_mib,
                     ": at most ", kMaxReserveMiB, " (1 TiB)"));
  }
  if (valid.ok()) valid = CheckAuthOptions(options);
  if (!valid.ok()) return valid;
  auto credentials = Credentials(options);
  if (!credentials.ok()) return credentials.status();
  std::shared_ptr<const app::PrincipalDirectory> principals;
  if (!options.token_file.empty()) {
    auto loaded = LoadTokenFile(options.token_file);
    if (!loaded.ok()) return loaded.status();
    principals = *std::move(loaded);
  }
  auto settings = Settings(options);
  if (!settings.ok()) return settings.status();
  auto manual_start =
      ParseClockOption(options.clock, settings->calendar.time_zone());
  if (!manual_start.ok()) return manual_start.status();
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--data-dir \"", options.data_dir, "\": ", error.message()));
  }

  std::unique_ptr<Transpod> server(new Transpod());
  if (manual_start->has_value()) {
    server->manual_clock_ = std::make_unique<app::ManualClock>(**manual_start);
    server->clock_ = server->manual_clock_.get();
  } else {
    server->system_clock_ = std::make_unique<app::SystemClock>();
    server->clock_ = server->system_clock_.get();
  }
  server->settings_ =
      std::make_unique<app::DomainSettings>(*std::move(settings));
  server->registry_ = std::make_shared<prometheus::Registry>();
  server->metrics_ =
      std::make_unique<Metrics>(*server->registry_, TRANSPO_VERSION);
  Metrics* metrics = server->metrics_.get();
  if (principals != nullptr) {
    metrics->ObserveTokenFileLoad(true, principals->size());
  }
  server->token_file_ = options.token_file;
  server->authenticator_ = std::make_unique<api::Authenticator>(
      std::move(principals),
      [metrics](absl::string_view reason) { metrics->CountDenied(reason); });
  const api::Authenticator& auth = *server->authenticator_;

  EventLogOptions log_options;
  log_options.projection_families = app::ProjectionFamilies();
  log_options.projection_format = app::kProjectionFormat;
  log_options.clock = [clock = server->clock_] { return clock->Now(); };
  log_options.on_commit = [metrics](const CommitInfo& info) {
    metrics->ObserveCommit(info);
  };
  log_options.reserve_bytes = options.disk_reserve_mib << 20;
  Transpod* self = server.get();
  log_options.on_space = [self](bool refused, uint64_t free_bytes) {
    self->SetWritesRefused(refused);
  };
  auto log = RocksDbEventLog::Open(options.data_dir, std::move(log_options));
  if (!log.ok()) return log.status();
  server->log_ = *std::move(log);
  if (server->log_->projection_checkpoint() < server->log_->head()) {
    if (server->log_->read_only()) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "--data-dir \"", options.data_dir,
          "\": the projections must be rebuilt from the log, but the disk is "
          "full; free space on it and start again"));
    }
    std::fprintf(
        stderr,
        "transpod: projections stale at %llu of %llu events: rebuilding\n",
        static_cast<unsigned long long>(server->log_->projection_checkpoint()),
        static_cast<unsigned long long>(server->log_->head()));
    app::DomainProjector projector;
    absl::Status rebuilt = server->log_->RebuildProjections(projector);
    if (!rebuilt.ok()) return rebuilt;
  }
  metrics->SetHead(server->log_->head());
  server->head_watch_ =
      server->log_->Watch([metrics](uint64_t head) { metrics->SetHead(head); });

  server->app_ = std::make_unique<app::App>(*server->log_, *server->clock_,
                                            *server->settings_);
  app::App& application = *server->app_;
  if (absl::Status loaded = application.figures().Load(*server->log_);
      !loaded.ok()) {
    return loaded;
  }
  server->tail_ =
      std::make_unique<api::LogTail>(*server->log_, api::LogTailOptions{});
  if (options.alerts) {
    if (server->manual_clock_ != nullptr) {
      server->manual_clock_->SetListener(
          [&application] { application.alerts().Wake(); });
    }
    application.StartAlerts();
  }
  server->services_.push_back(std::make_unique<api::EventLogService>(
      auth, *server->log_, *server->tail_));
  server->services_.push_back(
      std::make_unique<api::DirectiveService>(auth, application));
  server->services_.push_back(
      std::make_unique<api::DossierService>(auth, application));
  server->services_.push_back(
      std::make_unique<api::InfringementService>(auth, application));
  server->services_.push_back(
      std::make_unique<api::CourtCaseService>(auth, application));
  server->services_.push_back(
      std::make_unique<api::AdministrationService>(auth, application));
  server->services_.push_back(
      std::make_unique<api::AlertService>(auth, application, *server->tail_));
  server->services_.push_back(
      std::make_unique<api::ReportService>(auth, application));
  server->services_.push_back(std::make_unique<api::ClockService>(
      auth, *server->clock_, server->manual_clock_.get(),
      server->settings_->calendar));
  server->services_.push_back(
      std::make_unique<api::ServerService>(auth, TRANSPO_VERSION, absl::Now()));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, *credentials, &server->port_);
  // Long idle streams (Subscribe, WatchAlerts) stay open through proxies and
  // NAT: the server pings every minute, and lets clients ping it every 10 s.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60'000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20'000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10'000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  for (auto& service : server->services_) {
    builder.RegisterService(service.get());
  }
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(NewRpcMetricsInterceptorFactory(*server->registry_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("--listen \"", options.listen, "\": cannot listen there"));
  }
  server->StartWritesHealth();

  if (options.metrics_listen.empty()) return server;
  try {
    server->exposer_ =
        std::make_unique<prometheus::Exposer>(options.metrics_listen);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat(
        "--metrics-listen \"", options.metrics_listen, "\": ", e.what()));
  }
  server->exposer_->RegisterCollectable(server->registry_);
  server->figure_metrics_ = std::make_shared<FigureMetrics>(
      application.figures(), *server->clock_, server->settings_->calendar);
  server->exposer_->RegisterCollectable(server->figure_metrics_);
  server->storage_metrics_ = std::make_shared<StorageMetrics>(*server->log_);
  server->exposer_->RegisterCollectable(server->storage_metrics_);
  server->metrics_port_ = server->exposer_->GetListeningPorts().front();
  return server;
}

void Transpod::StartWritesHealth() {
  absl::MutexLock lock(&health_mu_);
  // Read under the lock: a change the log reports from now on waits for it
  // and lands after this.
  writes_refused_ = log_->writes_refused();
  serving_ = true;
  metrics_->SetWritesRefused(writes_refused_);
  server_->GetHealthCheckService()->SetServingStatus(kWritesHealthService,
                                                     !writes_refused_);
}

void Transpod::SetWritesRefused(bool refused) {
  absl::MutexLock lock(&health_mu_);
  writes_refused_ = refused;
  metrics_->SetWritesRefused(refused);
  if (!serving_) return;
  server_->GetHealthCheckService()->SetServingStatus(kWritesHealthService,
                                                     !writes_refused_);
}

std::shared_ptr<grpc::Channel> Transpod::InProcessChannel() {
  return server_->experimental().InProcessChannelWithInterceptors(
      grpc::ChannelArguments(), authenticator_->InProcessInterceptors());
}

absl::Status Transpod::ReloadTokenFile() {
  if (token_file_.empty()) {
    return absl::FailedPreconditionError(
        "no --token-file: authentication is off");
  }
  auto loaded = LoadTokenFile(token_file_);
  metrics_->ObserveTokenFileLoad(loaded.ok(),
                                 loaded.ok() ? (*loaded)->size() : 0);
  if (!loaded.ok()) return loaded.status();
  authenticator_->Replace(*std::move(loaded));
  tail_->WakeFollowers();  // idle streams of revoked callers end now
  return absl::OkStatus();
}

void Transpod::Shutdown(absl::Duration grace) {
  absl::MutexLock lock(&shutdown_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  {
    absl::MutexLock health_lock(&health_mu_);
    serving_ = false;
  }
  exposer_.reset();  // civetweb takes up to 2 s to stop
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(grace));
  server_->Wait();
  services_.clear();
  tail_.reset();  // its streams may ask the authenticator until then
  authenticator_.reset();
  if (manual_clock_ != nullptr) manual_clock_->SetListener(nullptr);
  app_.reset();  // stops the alerts, finishes queued commands and replies
  head_watch_.reset();
  log_.reset();  // finishes queued appends, closes RocksDB
}

Transpod::~Transpod() {
  if (server_ != nullptr) Shutdown(absl::ZeroDuration());
}

}  // namespace transpo
