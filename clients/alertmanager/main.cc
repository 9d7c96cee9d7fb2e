// transpo-alertmanager: delivers transpod's deadline alerts to Alertmanager.
//
//   transpo-alertmanager --state-file FILE [--server HOST:PORT]
//                        [--alertmanager URL] [--resend-interval 1m]
//                        [--metrics-listen HOST:PORT] ...
//
// It follows AlertService.WatchAlerts from the cursor in its state file and
// posts each alert to Alertmanager's API v2, one alert per recipient, with
// the labels deploy/alertmanager/alertmanager.yml routes on (bridge.h).
// SIGTERM or SIGINT stop it; what it posted is in the state file, and it goes
// on from there when started again.

#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/alertmanager/alertmanager_client.h"
#include "clients/alertmanager/bridge.h"
#include "clients/alertmanager/bridge_metrics.h"
#include "clients/channel.h"

namespace {

// A duration flag such as "1m" or "30s", checked.
CLI::Validator IsDuration() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        absl::Duration d;
        if (!absl::ParseDuration(value, &d) || d <= absl::ZeroDuration()) {
          return "want a positive duration such as 30s, 1m or 1h";
        }
        return "";
      },
      "DURATION");
}

absl::Duration Duration(const std::string& value) {
  absl::Duration d;
  (void)absl::ParseDuration(value, &d);
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Delivers transpod's deadline alerts to Alertmanager (API v2), one "
      "alert per recipient, and keeps its place in a state file.\n\n"
      "Example:\n"
      "  transpo-alertmanager --server localhost:50051 \\\n"
      "      --alertmanager http://127.0.0.1:9093 \\\n"
      "      --state-file /var/lib/transpo/alertmanager.state",
      "transpo-alertmanager"};
  std::string server = "localhost:50051";
  std::string alertmanager_url = "http://127.0.0.1:9093";
  std::string state_file;
  std::string resend = "1m";
  std::string lifetime = "24h";
  std::string timeout = "10s";
  std::string max_backoff = "1m";
  std::string coordinator_language = "nl-fr";
  std::string time_zone = "Europe/Brussels";
  std::string metrics_listen;
  app.add_option("--server", server, "transpod's gRPC address, HOST:PORT")
      ->envname("TRANSPO_SERVER")
      ->capture_default_str();
  transpo::clients::DialOptions dial;
  app.add_option("--token", dial.token,
                 "Bearer token of the bridge's service principal")
      ->envname("TRANSPO_TOKEN");
  app.add_option("--cacert", dial.ca_cert,
                 "PEM CA that signed transpod's certificate: TLS")
      ->envname("TRANSPO_CACERT");
  app.add_option("--cert", dial.cert, "PEM client certificate (mutual TLS)")
      ->envname("TRANSPO_CERT");
  app.add_option("--key", dial.key, "PEM key of --cert")
      ->envname("TRANSPO_KEY");
  app.add_option("--alertmanager", alertmanager_url,
                 "Alertmanager's URL, with its route prefix if it has one")
      ->capture_default_str();
  app.add_option("--state-file", state_file,
                 "Where the cursor and the firing alerts are kept (created "
                 "if missing; its directory must exist)")
      ->required();
  app.add_option("--resend-interval", resend,
                 "How often firing alerts are posted again (so that they come "
                 "back after an Alertmanager restart)")
      ->check(IsDuration())
      ->capture_default_str();
  app.add_option("--alert-lifetime", lifetime,
                 "How long Alertmanager keeps a firing alert that is not "
                 "posted again (outages of the bridge shorter than this do "
                 "not end alerts)")
      ->check(IsDuration())
      ->capture_default_str();
  app.add_option("--timeout", timeout,
                 "Deadline of each call to transpod and Alertmanager")
      ->check(IsDuration())
      ->capture_default_str();
  app.add_option("--max-backoff", max_backoff,
                 "Longest wait between two attempts while Alertmanager or "
                 "transpod is down (the first is 1s, then doubling)")
      ->check(IsDuration())
      ->capture_default_str();
  app.add_option("--coordinator-language", coordinator_language,
                 "Language of the Euro-coordinator's alerts")
      ->check(CLI::IsMember({"nl", "fr", "nl-fr"}))
      ->capture_default_str();
  app.add_option("--time-zone", time_zone,
                 "Calendar in which days left are counted")
      ->capture_default_str();
  app.add_option("--metrics-listen", metrics_listen,
                 "Serve Prometheus metrics on http://HOST:PORT/metrics "
                 "(port 0: any free one, printed); empty: none")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  transpo::bridge::BridgeOptions options{
      .state_file = state_file,
      .resend_interval = Duration(resend),
      .alert_lifetime = Duration(lifetime),
      .max_backoff = Duration(max_backoff),
      .rpc_timeout = Duration(timeout),
      .coordinator_language = coordinator_language};
  if (!absl::LoadTimeZone(time_zone, &options.time_zone)) {
    std::cerr << "Error: --time-zone \"" << time_zone
              << "\" is not a known time zone\n";
    return 2;
  }
  auto sink = transpo::bridge::AlertmanagerClient::Create(alertmanager_url,
                                                          Duration(timeout));
  if (!sink.ok()) {
    std::cerr << "Error: " << sink.status().message() << "\n";
    return 2;
  }

  // Signals are taken by one thread, which stops the bridge (SIGUSR1 ends
  // the thread once the bridge stopped by itself).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  dial.server = server;
  auto channel = transpo::clients::Dial(dial);
  if (!channel.ok()) {
    std::cerr << "Error: " << channel.status().message() << "\n";
    return 2;
  }
  transpo::bridge::Bridge bridge(*channel, sink->get(), options);
  httplib::Server metrics;
  std::thread metrics_thread;
  std::atomic<bool> metrics_ended = false;
  if (!metrics_listen.empty()) {
    const size_t colon = metrics_listen.rfind(':');
    int port = -1;
    if (colon == std::string::npos ||
        !absl::SimpleAtoi(metrics_listen.substr(colon + 1), &port) ||
        port < 0 || port > 65535) {
      std::cerr << "Error: --metrics-listen \"" << metrics_listen
                << "\": want HOST:PORT, e.g. 127.0.0.1:9465\n";
      return 2;
    }
    const std::string host = metrics_listen.substr(0, colon);
    metrics.Get("/metrics", [&bridge](const httplib::Request&,
                                      httplib::Response& response) {
      response.set_content(transpo::bridge::MetricsText(bridge.stats()),
                           "text/plain; version=0.0.4");
    });
    if (port == 0) {
      port = metrics.bind_to_any_port(host);
    } else if (!metrics.bind_to_port(host, port)) {
      port = -1;
    }
    if (port <= 0) {
      std::cerr << "Error: --metrics-listen \"" << metrics_listen
                << "\": cannot listen there\n";
      return 2;
    }
    std::cerr << "transpo-alertmanager: metrics on http://" << host << ":"
              << port << "/metrics\n";
    metrics_thread = std::thread([&metrics, &metrics_ended] {
      metrics.listen_after_bind();
      metrics_ended = true;
    });
    // stop() is ignored until the server runs: wait, or a bridge that ends
    // at once would wait for the thread forever.
    while (!metrics.is_running() && !metrics_ended) {
      absl::SleepFor(absl::Milliseconds(1));
    }
  }
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    bridge.Stop();
  });
  absl::Status status = bridge.Run();
  pthread_kill(stopper.native_handle(), SIGUSR1);
  stopper.join();
  if (metrics_thread.joinable()) {
    metrics.stop();
    metrics_thread.join();
  }
  if (!status.ok()) {
    std::cerr << "Error: " << status.message() << "\n";
    return 1;
  }
  std::cerr << "transpo-alertmanager: stopped\n";
  return 0;
}
