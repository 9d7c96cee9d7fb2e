// auth_bench: what authentication costs a durable write at 64 in flight.
// Two transpod processes side by side on loopback, each with a data
// directory of its own: one without authentication, one with a token file
// of --principals principals (the writer's token among them). Rounds
// alternate between the two (off, on, on, off, off, on, ...) so that both
// see the same noise; each prints writes/s and the server CPU per write, and
// each pair the ratio on / off. The figure is the median ratio (goal >= 0.98:
// the check costs under 2% of throughput). Then the check's own work, timed
// in process, against the server CPU one write takes.
//
//   auth_bench [--rounds 6] [--round-seconds 2] [--in-flight 64]
//              [--principals 1000] [--transpod PATH] [--dir /tmp]
//              [--requests N]
//
// --requests N ends each round after N writes (a smoke run).

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/child_process.h"
#include "bench/write_driver.h"
#include "server/app/access.h"
#include "server/app/principals.h"

namespace transpo {
namespace {

constexpr char kToken[] = "tpo_auth-bench-writer";

// A token file of `count` principals, the coordinator holding kToken.
void WriteTokenFile(const std::string& path, int count) {
  std::ofstream out(path);
  out << "principals { id: \"writer\" role: \"coordinator\" token_sha256: \""
      << app::HashToken(kToken) << "\" }\n";
  for (int i = 1; i < count; ++i) {
    out << "principals { id: \"viewer-" << i
        << "\" role: \"viewer\" token_sha256: \""
        << app::HashToken(absl::StrCat("tpo_viewer-", i)) << "\" }\n";
  }
}

// The work of one check, in process, on 2 threads at once (as gRPC's
// threads make them): hash the token, find its principal among `count`,
// copy it, authorize the method. Nanoseconds per check.
double CheckNanoseconds(int count) {
  std::vector<app::PrincipalEntry> entries;
  entries.reserve(count);
  for (int i = 0; i < count; ++i) {
    entries.push_back(
        {.principal = {.id = absl::StrCat("p", i),
                       .role = i == 0 ? app::Role::kCoordinator
                                      : app::Role::kViewer},
         .token_sha256 = app::HashToken(i == 0 ? std::string(kToken)
                                               : absl::StrCat("t", i))});
  }
  auto directory = app::PrincipalDirectory::Create(std::move(entries));
  if (!directory.ok()) std::exit(1);
  constexpr int kChecks = 500'000;
  std::atomic<int> allowed{0};
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  threads.reserve(2);
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kChecks; ++i) {
        const app::Principal* found =
            (*directory)->ByTokenHash(app::HashToken(kToken));
        app::Principal copy = *found;
        const std::string method = absl::StrCat(
            "/", "transpo.v1.DirectiveService", "/", "CreateDirective");
        if (app::Authorize(copy, method).ok()) ++allowed;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  if (allowed != 2 * kChecks) std::exit(1);
  return absl::ToDoubleNanoseconds(absl::Now() - start) / kChecks;
}

struct Server {
  std::unique_ptr<bench::ChildProcess> process;
  std::vector<std::unique_ptr<v1::DirectiveService::Stub>> stubs;
  // The authorization metadata its writes carry ("Bearer <token>"), or
  // none.
  std::string header;
  uint64_t next = 0;  // the next directive to create
};

Server Start(const std::string& transpod, const std::string& dir,
             const std::string& token_file) {
  Server server;
  const int port = bench::FreePort();
  std::vector<std::string> argv = bench::TranspodArgv(transpod, port, dir);
  if (!token_file.empty()) {
    argv.insert(argv.end(), {"--token-file", token_file});
    server.header = absl::StrCat("Bearer ", kToken);
  }
  server.process = std::make_unique<bench::ChildProcess>(argv, dir + ".log");
  server.stubs =
      Connect<v1::DirectiveService>(port, 1, "transpod", dir + ".log");
  return server;
}

Result Round(Server& server, const Limits& limits, const std::string& name) {
  const uint64_t first = server.next;
  Result result = Measure(name, server.process.get(), [&](Recorder& rec) {
    Drive(limits, rec, [&](uint64_t seq, auto done) {
      struct Call {
        grpc::ClientContext context;
        v1::CreateDirectiveRequest request;
        v1::CreateDirectiveResponse response;
      };
      auto* call = new Call;
      call->request = DirectiveRequest(first + seq);
      if (!server.header.empty()) {
        call->context.AddMetadata("authorization", server.header);
      }
      server.stubs.front()->async()->CreateDirective(
          &call->context, &call->request, &call->response,
          [call, done = std::move(done)](const grpc::Status& status) {
            delete call;
            done(status.ok() ? "" : status.error_message());
          });
    });
  });
  server.next += result.writes + result.failures + limits.in_flight;
  return result;
}

}  // namespace
}  // namespace transpo

int main(int argc, char** argv) {
  using namespace transpo;  // NOLINT(google-build-using-namespace)
  int rounds = 6;
  double round_seconds = 2;
  int principals = 1000;
  Limits limits;
  std::string transpod = TRANSPOD_PATH;
  std::string base = std::filesystem::temp_directory_path().string();
  CLI::App app{
      "auth_bench: durable writes at 64 in flight, transpod without and with "
      "authentication, in alternating rounds.\n\n"
      "Example:\n  auth_bench --rounds 10 --round-seconds 3\n",
      "auth_bench"};
  app.add_option("--rounds", rounds, "Rounds of each server")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  app.add_option("--round-seconds", round_seconds, "Duration of a round")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--requests", limits.requests,
                 "End each round after this many writes instead (0: none)")
      ->capture_default_str();
  app.add_option("--in-flight", limits.in_flight, "Writes in flight")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  app.add_option("--principals", principals, "Principals in the token file")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  app.add_option("--transpod", transpod, "The transpod program")
      ->capture_default_str();
  app.add_option("--dir", base, "Where the data directories go")
      ->capture_default_str()
      ->check(CLI::ExistingDirectory);
  CLI11_PARSE(app, argc, argv);
  limits.duration = absl::Seconds(round_seconds);

  std::string pattern = base + "/auth-bench-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("Error: mkdtemp");
    return 1;
  }
  const std::string root = pattern;
  WriteTokenFile(root + "/tokens.textproto", principals);
  Server off = Start(transpod, root + "/off", "");
  Server on = Start(transpod, root + "/on", root + "/tokens.textproto");

  std::printf("%-34s %10s %9s %9s %9s %9s\n",
              absl::StrCat(limits.in_flight, " in flight").c_str(), "writes/s",
              "p50 ms", "p99 ms", "client", "server");
  std::vector<double> ratios;
  double cpu_off = 0, cpu_on = 0, client_off = 0, client_on = 0;
  uint64_t writes_off = 0, writes_on = 0;
  bool failed = false;
  for (int r = 0; r < rounds; ++r) {
    // Off first in odd rounds, on first in even ones: whatever a round
    // leaves behind (compactions, caches) weighs on both alike.
    auto run_off = [&] {
      return Round(off, limits, absl::StrCat("round ", r + 1, " off"));
    };
    auto run_on = [&] {
      return Round(
          on, limits,
          absl::StrCat("round ", r + 1, " on (", principals, " principals)"));
    };
    Result a, b;
    if (r % 2 == 0) {
      a = run_off();
      Print(a);
      b = run_on();
      Print(b);
    } else {
      b = run_on();
      Print(b);
      a = run_off();
      Print(a);
    }
    failed = failed || a.failures > 0 || b.failures > 0;
    ratios.push_back(b.rate() / a.rate());
    cpu_off += a.server_cpu;
    cpu_on += b.server_cpu;
    client_off += a.client_cpu;
    client_on += b.client_cpu;
    writes_off += a.writes;
    writes_on += b.writes;
  }
  std::filesystem::remove_all(root);
  std::sort(ratios.begin(), ratios.end());
  const double median = ratios[ratios.size() / 2];
  std::printf("(client and server: CPU cores used over the round)\n\n");
  auto per_write = [](double cpu, uint64_t writes) {
    return writes > 0 ? cpu / writes * 1e6 : 0;
  };
  std::printf("server CPU per write: off %.1f us, on %.1f us\n",
              per_write(cpu_off, writes_off), per_write(cpu_on, writes_on));
  std::printf("client CPU per write: off %.1f us, on %.1f us\n",
              per_write(client_off, writes_off),
              per_write(client_on, writes_on));
  const double check_ns = CheckNanoseconds(principals);
  std::printf(
      "the check's own work (hash, lookup among %d, rule), 2 threads: %.0f "
      "ns per call = %.2f%% of the server CPU per write\n",
      principals, check_ns,
      writes_on > 0 ? check_ns / 1e3 / (cpu_on / writes_on * 1e6) * 100 : 0);
  std::printf("ratio on / off, per pair of rounds: %s\n",
              [&] {
                std::string all;
                for (double x : ratios) absl::StrAppendFormat(&all, " %.3f", x);
                return all;
              }()
                  .c_str());
  std::printf("ratio on / off, median: %.3f (goal >= 0.98: %s)\n", median,
              median >= 0.98 ? "met" : "MISSED");
  if (failed) {
    std::printf("writes failed\n");
    return 1;
  }
  return 0;
}
