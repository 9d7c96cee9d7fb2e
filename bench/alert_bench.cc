// alert_bench: what the alert scheduler costs and how fast alerts reach
// their watchers.
//
//   1. The cost of a scheduler tick with nothing due, with --small and with
//      --dossiers dossiers in the log (side by side: the goal is a cost that
//      does not grow with the dossiers, under 10 microseconds).
//   2. The delay from an alert's commit to its receipt by each of --watchers
//      WatchAlerts streams (the goal: p99 under 50 ms), the server in this
//      process on loopback, the clock moved so that --alerts alerts fall due
//      at once. Two cases side by side: the watchers in this process, then
//      in a process of their own (this program again, with --watch-only;
//      receipt times compared on the machine's real-time clock) on the
//      other core (the server on CPU 0, the watchers on CPU 1), so that
//      decoding 20,000 updates does not take the server's core, as with
//      watchers on other machines.
//
// Usage: build/bench/alert_bench [--dossiers 100000] [--watchers 1000]

#include <grpcpp/grpcpp.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "bench/child_process.h"
#include "server/app/app.h"
#include "server/transpod.h"
#include "storage/rocksdb_event_log.h"
#include "transpo/v1/alerts.grpc.pb.h"
#include "transpo/v1/clock.grpc.pb.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo {
namespace {

void Die(const std::string& what) {
  std::fprintf(stderr, "Error: %s\n", what.c_str());
  std::exit(1);
}

std::string Celex(int i) {
  return absl::StrFormat("3%04dL%04d", 2000 + i / 10000, i % 10000);
}

// Registers `n` directives whose deadline is 1 January 2030 + i % 365 days.
void Fill(app::App& app, int n) {
  constexpr int kBatch = 2000;
  for (int first = 0; first < n; first += kBatch) {
    const int count = std::min(kBatch, n - first);
    absl::BlockingCounter done(count);
    std::atomic<bool> failed{false};
    for (int i = first; i < first + count; ++i) {
      domain::DirectiveInfo info;
      info.celex = Celex(i);
      info.short_title = "Benchmark directive";
      info.deadlines = {{absl::CivilDay(2030, 1, 1) + i % 365, ""}};
      app.commands().Directive(
          info.celex, domain::RegisterDirective{info}, {.actor = "bench"},
          [&](const absl::StatusOr<app::Committed<domain::DirectiveState>>& r) {
            if (!r.ok()) failed = true;
            done.DecrementCount();
          });
    }
    done.Wait();
    if (failed) Die("registering directives failed");
  }
}

struct Costs {
  double tick_ns = 0;      // a tick with nothing due
  double forecast_us = 0;  // ForecastAlerts of the next 30 days
};

// What a tick with nothing due and a forecast cost, over `dossiers`
// dossiers.
Costs CostsWith(int dossiers, const std::string& dir) {
  std::filesystem::remove_all(dir);
  auto log = RocksDbEventLog::Open(
      dir, {.projection_families = app::ProjectionFamilies()});
  if (!log.ok()) Die(log.status().ToString());
  auto calendar = domain::Calendar::Create({});
  app::DomainSettings settings{*calendar, {}, {}};
  app::ManualClock clock(absl::FromCivil(absl::CivilMinute(2026, 1, 5, 9, 0),
                                         absl::UTCTimeZone()));
  app::App app(**log, clock, settings);
  Fill(app, dossiers);
  const absl::Time loading = absl::Now();
  app.StartAlerts();
  if (!app.alerts().AwaitQuiet(absl::Minutes(10))) Die("scheduler not quiet");
  std::printf("  %d dossiers: plans loaded in %.2f s, %zu deadlines ahead\n",
              dossiers, absl::ToDoubleSeconds(absl::Now() - loading),
              app.alerts().timeline_size());
  app.alerts().Stop();
  Costs costs;
  constexpr int kTicks = 1'000'000;
  absl::Time begin = absl::Now();
  for (int i = 0; i < kTicks; ++i) app.alerts().TickForTest();
  costs.tick_ns = absl::ToDoubleNanoseconds(absl::Now() - begin) / kTicks;
  constexpr int kForecasts = 1000;
  bool truncated = false;
  begin = absl::Now();
  for (int i = 0; i < kForecasts; ++i) {
    auto alerts = app.alerts().Forecast(clock.Now() + absl::Hours(24 * 30), "",
                                        100, truncated);
    if (!alerts.empty()) Die("the next 30 days should be quiet");
  }
  costs.forecast_us =
      absl::ToDoubleMicroseconds(absl::Now() - begin) / kForecasts;
  return costs;
}

using Receipts = std::vector<std::pair<uint64_t, absl::Time>>;

// One WatchAlerts stream: the receipt time of each update, by cursor.
class Watcher final : public grpc::ClientReadReactor<v1::WatchAlertsResponse> {
 public:
  explicit Watcher(v1::AlertService::Stub* stub) {
    stub->async()->WatchAlerts(&context_, &request_, this);
    StartRead(&response_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    const absl::Time now = absl::Now();
    for (const v1::AlertUpdate& u : response_.updates()) {
      received_.push_back({u.cursor(), now});
    }
    count_.fetch_add(response_.updates_size());
    StartRead(&response_);
  }
  void OnDone(const grpc::Status&) override { done_.Notify(); }
  void Stop() {
    context_.TryCancel();
    done_.WaitForNotification();
  }
  int count() const { return count_.load(); }
  // Read only once the stream is done.
  const Receipts& received() const { return received_; }

 private:
  grpc::ClientContext context_;
  v1::WatchAlertsRequest request_;
  v1::WatchAlertsResponse response_;
  Receipts received_;
  std::atomic<int> count_{0};
  absl::Notification done_;
};

// `watchers` WatchAlerts streams to `address` over 10 connections, open and
// caught up when this returns.
std::vector<std::unique_ptr<Watcher>> OpenWatchers(
    const std::string& address, int watchers,
    std::vector<std::unique_ptr<v1::AlertService::Stub>>& stubs) {
  for (int c = 0; c < 10; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("transpo.bench.channel", c);  // a connection of its own
    stubs.push_back(v1::AlertService::NewStub(grpc::CreateCustomChannel(
        address, grpc::InsecureChannelCredentials(), args)));
  }
  std::vector<std::unique_ptr<Watcher>> streams;
  for (int w = 0; w < watchers; ++w) {
    streams.push_back(std::make_unique<Watcher>(stubs[w % 10].get()));
  }
  absl::SleepFor(absl::Seconds(1));  // every stream open and caught up
  return streams;
}

// Waits (up to 60 s) until each stream received `alerts` updates, stops
// them, and returns what they received.
Receipts AwaitReceipts(std::vector<std::unique_ptr<Watcher>>& streams,
                       int alerts) {
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  for (auto& s : streams) {
    while (s->count() < alerts && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(5));
    }
  }
  for (auto& s : streams) s->Stop();
  Receipts out;
  for (auto& s : streams) {
    out.insert(out.end(), s->received().begin(), s->received().end());
  }
  return out;
}

// --watch-only: the watchers of a --watchers-process run. Prints "ready"
// once they are open, then, once each has `alerts` updates (or after 60 s),
// one line "<cursor> <unix nanoseconds>" per update received.
int WatchOnly(const std::string& address, int watchers, int alerts) {
  std::vector<std::unique_ptr<v1::AlertService::Stub>> stubs;
  auto streams = OpenWatchers(address, watchers, stubs);
  std::printf("ready\n");
  std::fflush(stdout);
  for (const auto& [cursor, at] : AwaitReceipts(streams, alerts)) {
    std::printf("%llu %lld\n", static_cast<unsigned long long>(cursor),
                static_cast<long long>(absl::ToUnixNanos(at)));
  }
  return 0;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Starts this program with --watch-only in a process of its own (on CPU 1
// with `pin`) and waits until its watchers are open.
std::unique_ptr<bench::ChildProcess> StartWatcherProcess(
    const std::string& address, int watchers, int alerts, bool pin,
    const std::string& log) {
  std::filesystem::remove(log);
  std::vector<std::string> argv = {
      std::filesystem::read_symlink("/proc/self/exe").string(),
      "--watch-only",
      address,
      "--watchers",
      absl::StrCat(watchers),
      "--alerts",
      absl::StrCat(alerts)};
  if (pin) argv.insert(argv.begin(), {"taskset", "-c", "1"});
  auto child = std::make_unique<bench::ChildProcess>(argv, log);
  const absl::Time deadline = absl::Now() + absl::Seconds(120);
  while (!absl::StartsWith(ReadAll(log), "ready")) {
    if (absl::Now() > deadline || !child->Running()) {
      Die("the watchers' process did not start: " + ReadAll(log));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return child;
}

// What the watchers' process printed, once it is done.
Receipts ReceiptsOf(bench::ChildProcess& child, const std::string& log) {
  while (child.Running()) absl::SleepFor(absl::Milliseconds(20));
  Receipts out;
  std::istringstream lines(ReadAll(log));
  std::string ready;
  std::getline(lines, ready);
  uint64_t cursor = 0;
  int64_t nanos = 0;
  while (lines >> cursor >> nanos) {
    out.push_back({cursor, absl::FromUnixNanos(nanos)});
  }
  return out;
}

void Deliveries(int watchers, int alerts, const std::string& dir,
                bool own_process, bool pin) {
  std::filesystem::remove_all(dir);
  TranspodOptions options{.listen = "127.0.0.1:0",
                          .metrics_listen = "",
                          .data_dir = dir,
                          .clock = "manual@2026-01-04T09:00"};
  auto server = Transpod::Start(options);
  if (!server.ok()) Die(server.status().ToString());
  // `alerts` directives due on 4 July 2026: their 180-day alert falls due on
  // 5 January 2026 at 08:00, which the clock passes below.
  auto channel = (*server)->InProcessChannel();
  auto directives = v1::DirectiveService::NewStub(channel);
  for (int i = 0; i < alerts; ++i) {
    v1::CreateDirectiveRequest create;
    create.mutable_directive()->set_celex(Celex(i));
    create.mutable_directive()->set_short_title("Benchmark directive");
    create.mutable_directive()->add_deadlines()->set_date("2026-07-04");
    v1::CreateDirectiveResponse created;
    grpc::ClientContext context;
    if (!directives->CreateDirective(&context, create, &created).ok()) {
      Die("CreateDirective failed");
    }
  }
  // Commit time of every position.
  absl::Mutex mu;
  std::map<uint64_t, absl::Time> committed;
  auto watch = (*server)->log().Watch([&](uint64_t head) {
    const absl::Time now = absl::Now();
    absl::MutexLock lock(&mu);
    for (uint64_t p = committed.empty() ? head : committed.rbegin()->first + 1;
         p <= head; ++p) {
      committed[p] = now;
    }
  });
  const std::string address = absl::StrCat("127.0.0.1:", (*server)->port());
  const std::string log = dir + ".watchers.log";
  std::vector<std::unique_ptr<v1::AlertService::Stub>> stubs;
  std::vector<std::unique_ptr<Watcher>> streams;
  std::unique_ptr<bench::ChildProcess> child;
  if (own_process) {
    child = StartWatcherProcess(address, watchers, alerts, pin, log);
  } else {
    streams = OpenWatchers(address, watchers, stubs);
  }
  {
    absl::MutexLock lock(&mu);
    committed.clear();
    committed[(*server)->log().head()] = absl::Now();
  }
  auto clock = v1::ClockService::NewStub(channel);
  v1::SetTimeRequest set;
  set.mutable_time()->set_seconds(absl::ToUnixSeconds(absl::FromCivil(
      absl::CivilMinute(2026, 1, 5, 9, 30), absl::UTCTimeZone())));
  v1::SetTimeResponse moved;
  grpc::ClientContext set_context;
  if (!clock->SetTime(&set_context, set, &moved).ok()) Die("SetTime failed");
  const Receipts receipts =
      child ? ReceiptsOf(*child, log) : AwaitReceipts(streams, alerts);
  std::vector<double> delays_ms;
  const int missing = watchers * alerts - static_cast<int>(receipts.size());
  {
    absl::MutexLock lock(&mu);
    for (const auto& [cursor, at] : receipts) {
      auto c = committed.find(cursor);
      if (c == committed.end()) continue;
      delays_ms.push_back(absl::ToDoubleMilliseconds(at - c->second));
    }
  }
  watch.reset();
  std::sort(delays_ms.begin(), delays_ms.end());
  auto pct = [&](double p) {
    return delays_ms.empty()
               ? 0.0
               : delays_ms[std::min(delays_ms.size() - 1,
                                    static_cast<size_t>(p * delays_ms.size()))];
  };
  std::printf(
      "  %d watchers x %d alerts (%s): %zu receipts, %d missing; delay from "
      "commit to receipt p50 %.1f ms, p99 %.1f ms, max %.1f ms (goal p99 < "
      "50 ms: %s)\n",
      watchers, alerts,
      !own_process ? "watchers in the server's process"
      : pin        ? "watchers in their own process, on the other core"
                   : "watchers in their own process",
      delays_ms.size(), missing, pct(0.5), pct(0.99),
      delays_ms.empty() ? 0.0 : delays_ms.back(),
      pct(0.99) < 50 && missing == 0 ? "met" : "MISSED");
  streams.clear();
  std::filesystem::remove(log);
  (*server)->Shutdown(absl::Seconds(2));
  if (missing > 0) std::exit(1);
}

}  // namespace
}  // namespace transpo

int main(int argc, char** argv) {
  using namespace transpo;  // NOLINT(google-build-using-namespace)
  CLI::App app{"alert_bench: the alert scheduler's tick and WatchAlerts"};
  int dossiers = 100'000;
  int small = 100;
  int watchers = 1000;
  int alerts = 20;
  std::string dir = "/tmp/transpo-alert-bench";
  app.add_option("--dossiers", dossiers, "Dossiers of the large case")
      ->capture_default_str();
  app.add_option("--small", small, "Dossiers of the small case")
      ->capture_default_str();
  app.add_option("--watchers", watchers, "WatchAlerts streams")
      ->capture_default_str();
  app.add_option("--alerts", alerts, "Alerts raised at once")
      ->capture_default_str();
  app.add_option("--data-dir", dir, "Scratch directory (emptied)")
      ->capture_default_str();
  std::string watch_only;
  app.add_option("--watch-only", watch_only,
                 "Internal: be the watchers' process, watching this address");
  CLI11_PARSE(app, argc, argv);
  if (!watch_only.empty()) return WatchOnly(watch_only, watchers, alerts);
  // As transpod_main.cc does: no lock graph on every absl::Mutex operation.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  std::printf("Tick with nothing due\n");
  const Costs small_costs = CostsWith(small, dir);
  const Costs large_costs = CostsWith(dossiers, dir);
  std::printf(
      "  tick: %.0f ns with %d dossiers, %.0f ns with %d: ratio %.2f (goal: "
      "flat, and under 10 us: %s)\n",
      small_costs.tick_ns, small, large_costs.tick_ns, dossiers,
      large_costs.tick_ns / small_costs.tick_ns,
      large_costs.tick_ns < 10'000 ? "met" : "MISSED");
  std::printf(
      "  forecast of 30 quiet days: %.2f us with %d dossiers, %.2f us with "
      "%d: ratio %.2f\n",
      small_costs.forecast_us, small, large_costs.forecast_us, dossiers,
      large_costs.forecast_us / small_costs.forecast_us);
  std::printf("Raise to receipt\n");
  Deliveries(watchers, alerts, dir, /*own_process=*/false, /*pin=*/false);
  // The server's threads, created from here on, stay on CPU 0.
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  CPU_SET(0, &cpus);
  const bool pin = std::thread::hardware_concurrency() >= 2 &&
                   sched_setaffinity(0, sizeof(cpus), &cpus) == 0;
  Deliveries(watchers, alerts, dir, /*own_process=*/true, pin);
  std::filesystem::remove_all(dir);
  return 0;
}
