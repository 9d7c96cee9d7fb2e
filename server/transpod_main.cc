// transpod: the transpo server.
//
//   transpod [--config FILE] [--listen HOST:PORT] [--metrics-listen HOST:PORT]
//            [--data-dir DIR] [--clock system|manual@YYYY-MM-DDTHH:MM] ...
//   transpod verify  [--data-dir DIR]
//   transpod rebuild [--data-dir DIR]
//   transpod token create --principal ID [--role ROLE] [--administration A]
//
// Defaults, then the config file, then flags given on the command line.
// SIGTERM or SIGINT shut it down gracefully: in-flight calls finish (up to
// --shutdown-grace), streams close, queued commands and appends commit,
// RocksDB closes cleanly. SIGHUP re-reads the token file.

#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "clients/import/importer.h"
#include "server/app/aggregates.h"
#include "server/app/projector.h"
#include "server/config.h"
#include "server/token_file.h"
#include "server/transpod.h"

namespace {

using transpo::RocksDbEventLog;

absl::StatusOr<std::unique_ptr<RocksDbEventLog>> OpenLog(
    const std::string& data_dir) {
  return RocksDbEventLog::Open(
      data_dir, {.projection_families = transpo::app::ProjectionFamilies(),
                 .projection_format = transpo::app::kProjectionFormat});
}

int Fail(const absl::Status& status) {
  std::cerr << "Error: " << status << "\n";
  return 1;
}

// Imports each file (administrations, dossiers: docs/import-format.md)
// through the API, as transpoctl import does, creating only what is missing:
// what exists is left as users made it. Non-zero after printing the rows
// that failed.
int LoadDemoData(transpo::Transpod& server,
                 const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto file = transpo::clients::ParseRecords(text.str());
    if (!file.ok()) {
      return Fail(absl::InvalidArgumentError(
          absl::StrCat("demo data ", path, ": ", file.status().message())));
    }
    transpo::clients::Importer importer(
        server.InProcessChannel(), {.create_only = true, .actor = "demo-data"});
    transpo::clients::ImportSummary summary = importer.Run(*file);
    for (const auto& error : summary.errors) {
      std::cerr << "Error: demo data " << path << ", " << error.ToString()
                << "\n";
    }
    std::printf(
        "transpod: demo data %s: %d created, %d updated, %d unchanged, %d "
        "failed\n",
        path.c_str(), summary.created, summary.updated, summary.unchanged,
        summary.failed);
    if (summary.failed > 0) return 1;
  }
  return 0;
}

int Verify(const std::string& data_dir) {
  auto log = OpenLog(data_dir);
  if (!log.ok()) return Fail(log.status());
  std::cout << "verifying " << (*log)->head() << " events in " << data_dir
            << " ..." << std::endl;
  absl::StatusOr<transpo::VerifyReport> report = (*log)->Verify();
  if (!report.ok()) return Fail(report.status());
  if (!report->ok()) {
    std::cout << absl::StrFormat("BROKEN at position %d: %s\n",
                                 report->first_broken_position,
                                 report->problem);
    return 3;
  }
  std::cout << absl::StrFormat("ok: %d events, hash chain intact\n",
                               report->events_checked);
  return 0;
}

int Rebuild(const std::string& data_dir) {
  auto log = OpenLog(data_dir);
  if (!log.ok()) return Fail(log.status());
  std::cout << "rebuilding projections from " << (*log)->head() << " events in "
            << data_dir << " ..." << std::endl;
  transpo::app::DomainProjector projector;
  absl::Status rebuilt = (*log)->RebuildProjections(projector);
  if (!rebuilt.ok()) return Fail(rebuilt);
  std::cout << "ok: projections current at position "
            << (*log)->projection_checkpoint() << "\n";
  return 0;
}

// Prints a new token for `id` and the token file entry of its hash.
int CreateToken(const std::string& id, const std::string& role,
                const std::vector<std::string>& administrations) {
  auto token = transpo::app::NewToken();
  if (!token.ok()) return Fail(token.status());
  transpo::app::Principal principal{.id = id,
                                    .role = *transpo::app::ParseRole(role),
                                    .administrations = administrations};
  const std::string hash = transpo::app::HashToken(*token);
  // Checked as transpod will check the file.
  auto checked = transpo::app::PrincipalDirectory::Create(
      {{.principal = principal, .token_sha256 = hash}});
  if (!checked.ok()) return Fail(checked.status());
  std::printf(
      "token (shown once; give it to %s, e.g. as TRANSPO_TOKEN):\n%s\n\n"
      "add to the token file, then send transpod SIGHUP:\n%s",
      id.c_str(), token->c_str(),
      transpo::TokenFileEntry(principal, hash).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Debian builds abseil without NDEBUG, which leaves absl::Mutex's deadlock
  // detection on: a global lock graph updated on every lock and unlock, a
  // debugging aid abseil turns off in optimized builds. The tests keep it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  transpo::TranspodOptions flags;
  std::string config_file;
  std::vector<std::string> demo_data;
  double grace_seconds = 10;
  CLI::App app{
      "transpod: the transpo server (EU directive transposition and "
      "infringement tracking).\n\n"
      "Examples:\n"
      "  transpod                                  # 127.0.0.1:50051, "
      "./var/transpo\n"
      "  transpod --config /etc/transpo/transpod.textproto\n"
      "  transpod --clock manual@2026-01-05T09:00  # a clock only ClockService "
      "moves\n"
      "  transpod verify --data-dir /var/lib/transpo\n"
      "  transpod --listen 0.0.0.0:50051 --token-file tokens.textproto \\\n"
      "      --tls-cert server.pem --tls-key server.key\n",
      "transpod"};
  app.add_option("--config", config_file,
                 "Configuration file (protobuf text format)")
      ->envname("TRANSPOD_CONFIG")
      ->check(CLI::ExistingFile);
  app.add_option("--listen", flags.listen, "gRPC address, HOST:PORT")
      ->capture_default_str()
      ->envname("TRANSPOD_LISTEN");
  app.add_option("--metrics-listen", flags.metrics_listen,
                 "Prometheus /metrics address, HOST:PORT; empty: none")
      ->capture_default_str()
      ->envname("TRANSPOD_METRICS_LISTEN");
  app.add_option("--data-dir", flags.data_dir, "RocksDB data directory")
      ->capture_default_str()
      ->envname("TRANSPOD_DATA_DIR");
  app.add_option("--clock", flags.clock,
                 "system, or manual@YYYY-MM-DDTHH:MM (Brussels time)")
      ->capture_default_str()
      ->envname("TRANSPOD_CLOCK");
  app.add_option("--time-zone", flags.calendar.time_zone,
                 "Time zone of business dates")
      ->capture_default_str()
      ->envname("TRANSPOD_TIME_ZONE");
  app.add_flag("--regional-days-off", flags.calendar.regional_days_off,
               "Count Brussels regional days off as holidays in periods")
      ->envname("TRANSPOD_REGIONAL_DAYS_OFF");
  app.add_option("--infringement-trigger", flags.infringement_trigger,
                 "Transposition deadline to infringement trigger")
      ->capture_default_str()
      ->envname("TRANSPOD_INFRINGEMENT_TRIGGER");
  app.add_option("--default-reply-period", flags.default_reply_period,
                 "Reply period of a letter without a date")
      ->capture_default_str()
      ->envname("TRANSPOD_DEFAULT_REPLY_PERIOD");
  app.add_option("--eu-pilot-reply-period", flags.eu_pilot_reply_period,
                 "Reply period of an EU Pilot request without a date")
      ->capture_default_str()
      ->envname("TRANSPOD_EU_PILOT_REPLY_PERIOD");
  app.add_option("--disk-reserve-mib", flags.disk_reserve_mib,
                 "Free space (MiB) writes leave on the data disk; below it "
                 "writes are refused until there is room")
      ->capture_default_str()
      ->envname("TRANSPOD_DISK_RESERVE_MIB");
  app.add_option("--demo-data", demo_data,
                 "Import this file at start, as transpoctl import does (repeat "
                 "for several, in order; importing again writes nothing)")
      ->envname("TRANSPOD_DEMO_DATA")
      ->check(CLI::ExistingFile);
  app.add_option("--shutdown-grace", grace_seconds,
                 "Seconds in-flight calls get to finish on SIGTERM")
      ->capture_default_str()
      ->envname("TRANSPOD_SHUTDOWN_GRACE")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--token-file", flags.token_file,
                 "Who may call: principals, roles and token hashes (protobuf "
                 "text format; re-read on SIGHUP). Without it authentication "
                 "is off, which transpod allows on loopback only")
      ->envname("TRANSPOD_TOKEN_FILE")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-cert", flags.tls_cert,
                 "PEM certificate chain of the server: gRPC over TLS")
      ->envname("TRANSPOD_TLS_CERT")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", flags.tls_key, "PEM private key of --tls-cert")
      ->envname("TRANSPOD_TLS_KEY")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-client-ca", flags.tls_client_ca,
                 "PEM CA of client certificates (mutual TLS); each maps by "
                 "CN or SAN to a principal of --token-file")
      ->envname("TRANSPOD_TLS_CLIENT_CA")
      ->check(CLI::ExistingFile);
  app.add_flag("--insecure", flags.insecure,
               "Listen on a non-loopback address without authentication")
      ->envname("TRANSPOD_INSECURE");
  CLI::App* verify = app.add_subcommand(
      "verify",
      "Walk the whole log, check positions, versions and the hash chain; "
      "exit 3 if a link is broken");
  verify->fallthrough();
  CLI::App* rebuild = app.add_subcommand(
      "rebuild",
      "Recompute every projection row from the log (transpod must be stopped)");
  rebuild->fallthrough();
  CLI::App* token = app.add_subcommand("token", "Manage bearer tokens");
  token->require_subcommand(1);
  std::string principal_id;
  std::string role = "viewer";
  std::vector<std::string> administrations;
  CLI::App* create = token->add_subcommand(
      "create",
      "Print a new random token, once, and the token file entry (with its "
      "SHA-256, not the token) to add for it; then send transpod SIGHUP.\n\n"
      "Examples:\n"
      "  transpod token create --principal euro-coordinator --role "
      "coordinator\n"
      "  transpod token create --principal jdupont --role correspondent "
      "--administration bruxelles-environnement\n");
  create->add_option("--principal", principal_id, "Principal id (the actor)")
      ->required();
  create
      ->add_option("--role", role,
                   "coordinator, correspondent, viewer or service")
      ->capture_default_str()
      ->check(
          CLI::IsMember({"coordinator", "correspondent", "viewer", "service"}));
  create->add_option("--administration", administrations,
                     "A correspondent's administration (repeat for more)");
  CLI11_PARSE(app, argc, argv);
  if (create->parsed()) {
    return CreateToken(principal_id, role, administrations);
  }

  // Defaults < config file < flags given.
  transpo::TranspodOptions options;
  if (!config_file.empty()) {
    absl::Status loaded = transpo::LoadConfigFile(config_file, options);
    if (!loaded.ok()) return Fail(loaded);
  }
  // Counts flags and their environment variables.
  auto given = [&app](const char* name) { return app.count(name) > 0; };
  if (given("--listen")) options.listen = flags.listen;
  if (given("--metrics-listen")) options.metrics_listen = flags.metrics_listen;
  if (given("--data-dir")) options.data_dir = flags.data_dir;
  if (given("--clock")) options.clock = flags.clock;
  if (given("--time-zone")) {
    options.calendar.time_zone = flags.calendar.time_zone;
  }
  if (given("--regional-days-off")) options.calendar.regional_days_off = true;
  if (given("--infringement-trigger")) {
    options.infringement_trigger = flags.infringement_trigger;
  }
  if (given("--default-reply-period")) {
    options.default_reply_period = flags.default_reply_period;
  }
  if (given("--eu-pilot-reply-period")) {
    options.eu_pilot_reply_period = flags.eu_pilot_reply_period;
  }
  if (given("--disk-reserve-mib")) {
    options.disk_reserve_mib = flags.disk_reserve_mib;
  }
  if (given("--token-file")) options.token_file = flags.token_file;
  if (given("--tls-cert")) options.tls_cert = flags.tls_cert;
  if (given("--tls-key")) options.tls_key = flags.tls_key;
  if (given("--tls-client-ca")) options.tls_client_ca = flags.tls_client_ca;
  if (given("--insecure")) options.insecure = true;

  if (verify->parsed()) return Verify(options.data_dir);
  if (rebuild->parsed()) return Rebuild(options.data_dir);

  // Block the shutdown signals in every thread; this one waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = transpo::Transpod::Start(options);
  if (!server.ok()) return Fail(server.status());
  if (!demo_data.empty()) {
    if (int failed = LoadDemoData(**server, demo_data); failed != 0) {
      return failed;
    }
  }
  auto host = [](const std::string& address) {
    return address.substr(0, address.rfind(':'));
  };
  std::printf("transpod: gRPC on %s:%d\n", host(options.listen).c_str(),
              (*server)->port());
  if ((*server)->metrics_port() != 0) {
    std::printf("transpod: metrics on http://%s:%d/metrics\n",
                host(options.metrics_listen).c_str(),
                (*server)->metrics_port());
  }
  std::printf("transpod: clock %s, now %s\n", options.clock.c_str(),
              absl::FormatTime((*server)->clock().Now()).c_str());
  std::printf("transpod: data directory %s, head position %llu\n",
              options.data_dir.c_str(),
              static_cast<unsigned long long>((*server)->log().head()));
  if ((*server)->log().writes_refused()) {
    std::printf(
        "transpod: WRITES REFUSED: the disk of %s has less free space than "
        "the reserve (%llu MiB); reads go on, writes resume by themselves "
        "once space is freed\n",
        options.data_dir.c_str(),
        static_cast<unsigned long long>(options.disk_reserve_mib));
  }
  std::fflush(stdout);

  if (!options.token_file.empty()) {
    std::printf(
        "transpod: authentication on, token file %s%s\n",
        options.token_file.c_str(),
        options.tls_client_ca.empty() ? "" : ", client certificates too");
  } else {
    std::printf(
        "transpod: authentication OFF: every caller is a coordinator "
        "(give --token-file to turn it on)\n");
  }
  std::fflush(stdout);

  int signal = 0;
  while (sigwait(&signals, &signal) == 0 && signal == SIGHUP) {
    if (options.token_file.empty()) {
      std::printf(
          "transpod: SIGHUP: no token file to reload (authentication "
          "is off)\n");
      std::fflush(stdout);
      continue;
    }
    absl::Status reloaded = (*server)->ReloadTokenFile();
    if (reloaded.ok()) {
      std::printf("transpod: SIGHUP: token file %s reloaded\n",
                  options.token_file.c_str());
    } else {
      std::printf(
          "transpod: SIGHUP: token file not reloaded, the previous "
          "one stays in force: %s\n",
          std::string(reloaded.message()).c_str());
    }
    std::fflush(stdout);
  }
  std::printf("transpod: %s received, shutting down\n", strsignal(signal));
  std::fflush(stdout);
  (*server)->Shutdown(absl::Seconds(grace_seconds));
  std::printf("transpod: stopped cleanly\n");
  return 0;
}
