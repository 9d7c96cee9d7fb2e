// startup_bench: transpod's start-up time against the size of its log.
// Projection rows are written with the events, so starting needs no replay:
// the time should stay flat while the log grows ten times. A full rebuild of
// the projections (what a replaying server would do at every start) is timed
// beside it for contrast.
//
//   startup_bench [--small 2000] [--factor 10] [--dir /tmp]

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/directory.h"
#include "server/app/aggregates.h"
#include "server/app/projector.h"
#include "server/transpod.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo {
namespace {

TranspodOptions Options(const std::string& dir) {
  return {.listen = "127.0.0.1:0",
          .metrics_listen = "",
          .data_dir = dir,
          .clock = "manual@2026-01-05T09:00"};
}

// Registers `n` directives (and assigns each: two commands, three events)
// from 16 client threads.
void Fill(const std::string& dir, int n) {
  auto server = Transpod::Start(Options(dir));
  if (!server.ok()) {
    std::fprintf(stderr, "Error: %s\n", server.status().ToString().c_str());
    std::exit(1);
  }
  auto channel = (*server)->InProcessChannel();
  bench::RegisterAdministrations(channel, {"environment"});
  std::atomic<int> next{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 16; ++t) {
    clients.emplace_back([&] {
      auto directives = v1::DirectiveService::NewStub(channel);
      auto dossiers = v1::DossierService::NewStub(channel);
      for (int i; (i = next++) < n;) {
        const std::string celex =
            absl::StrFormat("3%04dL%04d", 2000 + i / 10000, i % 10000);
        v1::CreateDirectiveRequest create;
        create.mutable_directive()->set_celex(celex);
        create.mutable_directive()->set_short_title("Benchmark directive");
        create.mutable_directive()->add_deadlines()->set_date("2021-06-30");
        v1::CreateDirectiveResponse created;
        grpc::ClientContext c1;
        v1::AssignDossierRequest assign;
        assign.set_celex(celex);
        assign.set_lead_administration("environment");
        v1::AssignDossierResponse assigned;
        grpc::ClientContext c2;
        if (!directives->CreateDirective(&c1, create, &created).ok() ||
            !dossiers->AssignDossier(&c2, assign, &assigned).ok()) {
          std::fprintf(stderr, "Error: a command failed for %s\n",
                       celex.c_str());
          std::exit(1);
        }
      }
    });
  }
  for (auto& c : clients) c.join();
}

struct Timing {
  uint64_t events = 0;
  double start_ms = 0;
  double rebuild_ms = 0;
};

Timing TimeStartAndRebuild(const std::string& dir) {
  Timing timing;
  // The median of 7 starts after a warm-up one (first gRPC and time zone
  // initialisation of the process).
  std::vector<double> starts;
  for (int i = 0; i < 8; ++i) {
    const absl::Time begin = absl::Now();
    auto server = Transpod::Start(Options(dir));
    if (i > 0)
      starts.push_back(absl::ToDoubleMilliseconds(absl::Now() - begin));
    timing.events = (*server)->log().head();
    (*server)->Shutdown(absl::ZeroDuration());
  }
  std::sort(starts.begin(), starts.end());
  timing.start_ms = starts[starts.size() / 2];
  auto log = RocksDbEventLog::Open(
      dir, {.projection_families = app::ProjectionFamilies(),
            .projection_format = app::kProjectionFormat});
  app::DomainProjector projector;
  const absl::Time begin = absl::Now();
  if (!(*log)->RebuildProjections(projector).ok()) std::exit(1);
  timing.rebuild_ms = absl::ToDoubleMilliseconds(absl::Now() - begin);
  return timing;
}

}  // namespace
}  // namespace transpo

int main(int argc, char** argv) {
  int small = 2000;
  int factor = 10;
  std::string base = std::filesystem::temp_directory_path().string();
  CLI::App app{
      "startup_bench: transpod start-up time against the size of its log.\n\n"
      "Example:\n  startup_bench --small 2000 --factor 10\n",
      "startup_bench"};
  app.add_option("--small", small, "Directives in the small log")
      ->capture_default_str();
  app.add_option("--factor", factor, "How many times larger the large log is")
      ->capture_default_str()
      ->check(CLI::Range(2, 100));
  app.add_option("--dir", base, "Where the benchmark databases go")
      ->check(CLI::ExistingDirectory);
  CLI11_PARSE(app, argc, argv);

  const std::string root = base + "/startup-bench-" + std::to_string(getpid());
  std::printf("%10s %10s %16s %14s\n", "directives", "events", "start ms (p50)",
              "rebuild ms");
  std::vector<transpo::Timing> timings;
  for (int n : {small, small * factor}) {
    const std::string dir = root + "/" + std::to_string(n);
    std::fprintf(stderr, "filling a log with %d directives...\n", n);
    transpo::Fill(dir, n);
    timings.push_back(transpo::TimeStartAndRebuild(dir));
    std::printf("%10d %10llu %16.1f %14.1f\n", n,
                static_cast<unsigned long long>(timings.back().events),
                timings.back().start_ms, timings.back().rebuild_ms);
    std::fflush(stdout);
  }
  std::filesystem::remove_all(root);
  std::printf(
      "\nlog %dx larger: start-up %.2fx (goal: flat, < 2x), rebuild %.2fx\n",
      factor, timings[1].start_ms / timings[0].start_ms,
      timings[1].rebuild_ms / timings[0].rebuild_ms);
  return 0;
}
