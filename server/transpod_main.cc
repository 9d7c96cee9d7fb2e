// transpod: the transpo server.
//
//   transpod [--listen HOST:PORT] [--metrics-listen HOST:PORT] [--data-dir DIR]
//   transpod verify [--data-dir DIR]
//
// SIGTERM or SIGINT shut it down gracefully: in-flight calls finish (up to
// --shutdown-grace), streams close, queued appends are committed, RocksDB
// closes cleanly.

#include <signal.h>

#include <cstdio>
#include <iostream>

#include "CLI/CLI.hpp"
#include "absl/strings/str_format.h"
#include "server/clock.h"
#include "server/transpod.h"

namespace {

int Verify(const std::string& data_dir) {
  auto log = transpo::RocksDbEventLog::Open(data_dir, {});
  if (!log.ok()) {
    std::cerr << "Error: " << log.status() << "\n";
    return 1;
  }
  std::cout << "verifying " << (*log)->head() << " events in " << data_dir
            << " ..." << std::endl;
  absl::StatusOr<transpo::VerifyReport> report = (*log)->Verify();
  if (!report.ok()) {
    std::cerr << "Error: " << report.status() << "\n";
    return 1;
  }
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

}  // namespace

int main(int argc, char** argv) {
  transpo::TranspodOptions options;
  double grace_seconds = 10;
  CLI::App app{
      "transpod: the transpo server (EU directive transposition and "
      "infringement tracking).\n\n"
      "Examples:\n"
      "  transpod                                  # 127.0.0.1:50051, "
      "./var/transpo\n"
      "  transpod --listen 0.0.0.0:50051 --data-dir /var/lib/transpo\n"
      "  transpod verify --data-dir /var/lib/transpo\n",
      "transpod"};
  app.add_option("--listen", options.listen, "gRPC address, HOST:PORT")
      ->capture_default_str()
      ->envname("TRANSPOD_LISTEN");
  app.add_option("--metrics-listen", options.metrics_listen,
                 "Prometheus /metrics address, HOST:PORT; empty: none")
      ->capture_default_str()
      ->envname("TRANSPOD_METRICS_LISTEN");
  app.add_option("--data-dir", options.data_dir, "RocksDB data directory")
      ->capture_default_str()
      ->envname("TRANSPOD_DATA_DIR");
  app.add_option("--shutdown-grace", grace_seconds,
                 "Seconds in-flight calls get to finish on SIGTERM")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  CLI::App* verify = app.add_subcommand(
      "verify",
      "Walk the whole log, check positions, versions and the hash "
      "chain; exit 3 if a link is broken");
  verify->fallthrough();
  CLI11_PARSE(app, argc, argv);

  if (verify->parsed()) return Verify(options.data_dir);

  // Block the shutdown signals in every thread; this one waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  transpo::SystemClock clock;
  auto server = transpo::Transpod::Start(options, clock);
  if (!server.ok()) {
    std::cerr << "Error: " << server.status() << "\n";
    return 1;
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
  std::printf("transpod: data directory %s, head position %llu\n",
              options.data_dir.c_str(),
              static_cast<unsigned long long>((*server)->log().head()));
  std::fflush(stdout);

  int signal = 0;
  sigwait(&signals, &signal);
  std::printf("transpod: %s received, shutting down\n", strsignal(signal));
  std::fflush(stdout);
  (*server)->Shutdown(absl::Seconds(grace_seconds));
  std::printf("transpod: stopped cleanly\n");
  return 0;
}
