// write_bench: durable writes at 64 in flight, side by side in one run:
//   1. the storage: RocksDbEventLog::Append of one event from 64 threads (the
//      storage-level append rate, as append_bench measures it);
//   2. transpod: CreateDirective through gRPC from a C++ client, transpod
//      running as a process of its own on loopback (fresh data directory);
//   3. etcd: KV.Put of a value of the same size, same client shape, etcd
//      (Debian's etcd-server) started on loopback with its data directory in
//      a temporary folder;
//   4. the ceilings (bench/ceiling_server.h), this program run again as a
//      stand-in server: gRPC answering at once, and gRPC plus one grouped
//      durable append per call. What transpod could reach at best here.
// Each case prints writes/s, p50 and p99 of one call, and the CPU the client
// and the server used; then the ratios transpod / storage (goal >= 0.6) and
// transpod / etcd (goal >= 2).
//
//   write_bench [--seconds 5] [--in-flight 64] [--requests N]
//               [--transpod PATH] [--baseline-transpod PATH] [--etcd PATH]
//               [--dir /tmp] [--no-ceilings] [--check]
//
// --requests N ends each case after N writes (a smoke run).

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/ceiling_server.h"
#include "bench/child_process.h"
#include "bench/write_driver.h"
#include "kv.grpc.pb.h"
#include "storage/rocksdb_event_log.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo {
namespace {

Result BenchStorage(const std::string& dir, const Limits& limits) {
  auto log = RocksDbEventLog::Open(dir, {});
  if (!log.ok()) {
    std::fprintf(stderr, "Error: %s\n", log.status().ToString().c_str());
    std::exit(1);
  }
  // About the size of the DirectiveRegistered event CreateDirective records.
  const std::string payload(120, 'p');
  return Measure("storage append (in process)", nullptr, [&](Recorder& rec) {
    const absl::Time end = absl::Now() + limits.duration;
    std::atomic<uint64_t> next{0};
    std::vector<std::thread> writers;
    writers.reserve(limits.in_flight);
    for (int t = 0; t < limits.in_flight; ++t) {
      writers.emplace_back([&] {
        for (;;) {
          const uint64_t seq = next++;
          if (limits.requests > 0 ? seq >= limits.requests
                                  : absl::Now() >= end) {
            return;
          }
          const absl::Time begin = absl::Now();
          AppendRequest request;
          request.stream = absl::StrCat("directive-", Celex(seq));
          request.expected = ExpectedVersion::NoStream();
          request.request_id = absl::StrCat("write-bench-", seq);
          request.actor = "bench";
          request.events.push_back(
              {.type = "transpo.bench.Registered", .payload = payload});
          auto appended = (*log)->Append(std::move(request));
          rec.Done(absl::Now() - begin,
                   appended.ok() ? "" : appended.status().ToString());
        }
      });
    }
    for (auto& w : writers) w.join();
  });
}

// CreateDirective calls to the server on `port` (started as `server`).
Result CreateDirectives(std::string name, const bench::ChildProcess& server,
                        int port, const std::string& log,
                        const Limits& limits) {
  auto stubs =
      Connect<v1::DirectiveService>(port, limits.connections, name, log);
  return Measure(std::move(name), &server, [&](Recorder& rec) {
    Drive(limits, rec, [&](uint64_t seq, auto done) {
      struct Call {
        grpc::ClientContext context;
        v1::CreateDirectiveRequest request;
        v1::CreateDirectiveResponse response;
      };
      auto* call = new Call;
      call->request = DirectiveRequest(seq);
      stubs[seq % stubs.size()]->async()->CreateDirective(
          &call->context, &call->request, &call->response,
          [call, done = std::move(done)](const grpc::Status& status) {
            delete call;
            done(status.ok() ? "" : status.error_message());
          });
    });
  });
}

Result BenchTranspod(const std::string& transpod, const std::string& dir,
                     const Limits& limits, std::string name) {
  const int port = bench::FreePort();
  bench::ChildProcess server(bench::TranspodArgv(transpod, port, dir),
                             dir + ".log");
  return CreateDirectives(std::move(name), server, port, dir + ".log", limits);
}

// This program again, serving as `mode` (ServeCeiling).
Result BenchCeiling(bench::CeilingMode mode, const std::string& dir,
                    const Limits& limits, std::string name) {
  const int port = bench::FreePort();
  bench::ChildProcess server(
      {"/proc/self/exe", "--serve-ceiling",
       mode == bench::CeilingMode::kNull ? "null" : "append", "--serve-port",
       std::to_string(port), "--serve-dir", dir},
      dir + ".log");
  return CreateDirectives(std::move(name), server, port, dir + ".log", limits);
}

Result BenchEtcd(const std::string& etcd, const std::string& dir,
                 const Limits& limits) {
  const int port = bench::FreePort();
  const int peer_port = bench::FreePort();
  const std::string client_url = absl::StrCat("http://127.0.0.1:", port);
  const std::string peer_url = absl::StrCat("http://127.0.0.1:", peer_port);
  bench::ChildProcess server(
      {etcd, "--name", "bench", "--data-dir", dir, "--listen-client-urls",
       client_url, "--advertise-client-urls", client_url, "--listen-peer-urls",
       peer_url, "--initial-advertise-peer-urls", peer_url, "--initial-cluster",
       absl::StrCat("bench=", peer_url), "--log-level", "warn", "--logger",
       "zap"},
      dir + ".log");
  auto stubs =
      Connect<etcdserverpb::KV>(port, limits.connections, "etcd", dir + ".log");
  // The same bytes CreateDirective carries, under a key like its stream.
  const size_t value_size = DirectiveRequest(0).ByteSizeLong();
  return Measure("etcd put (gRPC)", &server, [&](Recorder& rec) {
    Drive(limits, rec, [&](uint64_t seq, auto done) {
      struct Call {
        grpc::ClientContext context;
        etcdserverpb::PutRequest request;
        etcdserverpb::PutResponse response;
      };
      auto* call = new Call;
      call->request.set_key(absl::StrCat("directive-", Celex(seq)));
      call->request.set_value(std::string(value_size, 'v'));
      stubs[seq % stubs.size()]->async()->Put(
          &call->context, &call->request, &call->response,
          [call, done = std::move(done)](const grpc::Status& status) {
            delete call;
            done(status.ok() ? "" : status.error_message());
          });
    });
  });
}

}  // namespace
}  // namespace transpo

int main(int argc, char** argv) {
  using namespace transpo;  // NOLINT(google-build-using-namespace)
  double seconds = 5;
  Limits limits;
  std::string transpod = TRANSPOD_PATH;
  std::string etcd = "etcd";
  std::string baseline;
  std::string base = std::filesystem::temp_directory_path().string();
  bool check = false;
  bool no_ceilings = false;
  std::string serve_ceiling;
  int serve_port = 0;
  std::string serve_dir;
  CLI::App app{
      "write_bench: durable writes at 64 in flight: the storage, transpod "
      "and etcd side by side.\n\n"
      "Example:\n  write_bench --seconds 10\n  write_bench --requests 300   "
      "# a smoke run\n",
      "write_bench"};
  app.add_option("--seconds", seconds, "Duration of each case")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--requests", limits.requests,
                 "End each case after this many writes instead (0: no limit)")
      ->capture_default_str();
  app.add_option("--in-flight", limits.in_flight, "Writes in flight")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  app.add_option("--connections", limits.connections,
                 "gRPC connections the writes are spread over")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_option("--transpod", transpod, "The transpod program")
      ->capture_default_str();
  app.add_option("--baseline-transpod", baseline,
                 "Also run this transpod (e.g. built from the previous "
                 "commit), side by side");
  app.add_option("--etcd", etcd, "The etcd program (Debian's etcd-server)")
      ->capture_default_str();
  app.add_option("--dir", base,
                 "Where the data directories go (on the disk to measure)")
      ->capture_default_str()
      ->check(CLI::ExistingDirectory);
  app.add_flag("--no-ceilings", no_ceilings,
               "Leave out the stand-in servers (gRPC alone, gRPC + append)");
  app.add_flag("--check", check, "Exit 1 if a goal is missed");
  // How the program runs itself as a stand-in server (ceiling_server.h).
  app.add_option("--serve-ceiling", serve_ceiling)
      ->check(CLI::IsMember({"null", "append"}))
      ->group("");
  app.add_option("--serve-port", serve_port)->group("");
  app.add_option("--serve-dir", serve_dir)->group("");
  CLI11_PARSE(app, argc, argv);
  if (!serve_ceiling.empty()) {
    return bench::ServeCeiling(serve_ceiling == "null"
                                   ? bench::CeilingMode::kNull
                                   : bench::CeilingMode::kAppend,
                               serve_port, serve_dir);
  }
  limits.duration = absl::Seconds(seconds);

  std::string pattern = base + "/write-bench-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("Error: mkdtemp");
    return 1;
  }
  const std::string root = pattern;

  std::printf("%-34s %10s %9s %9s %9s %9s\n",
              absl::StrCat(limits.in_flight, " in flight").c_str(), "writes/s",
              "p50 ms", "p99 ms", "client", "server");
  // Each case's data directory goes once it is measured, so that no case
  // runs beside the files of another. The ceilings come right after the
  // storage they are compared with.
  auto done = [&](const Result& result, const std::string& dir) {
    Print(result);
    std::filesystem::remove_all(root + "/" + dir);
    return result;
  };
  const Result storage =
      done(BenchStorage(root + "/storage", limits), "storage");
  Result null_server, append_server;
  if (!no_ceilings) {
    null_server = done(BenchCeiling(bench::CeilingMode::kNull, root + "/null",
                                    limits, "ceiling: gRPC, no work"),
                       "null");
    append_server =
        done(BenchCeiling(bench::CeilingMode::kAppend, root + "/append", limits,
                          "ceiling: gRPC + grouped append"),
             "append");
  }
  const Result transpo =
      done(BenchTranspod(transpod, root + "/transpod", limits,
                         "transpod CreateDirective (gRPC)"),
           "transpod");
  Result before;
  if (!baseline.empty()) {
    before = done(BenchTranspod(baseline, root + "/baseline", limits,
                                "baseline transpod CreateDirective"),
                  "baseline");
  }
  const Result etcd_result =
      done(BenchEtcd(etcd, root + "/etcd", limits), "etcd");
  std::filesystem::remove_all(root);
  std::printf("(client and server: CPU cores used over the case)\n\n");

  const double of_storage = transpo.rate() / storage.rate();
  const double of_etcd = transpo.rate() / etcd_result.rate();
  const bool failed = storage.failures + transpo.failures +
                          etcd_result.failures + before.failures +
                          null_server.failures + append_server.failures >
                      0;
  if (!baseline.empty()) {
    std::printf("ratio transpod / baseline transpod:  %.2f\n",
                transpo.rate() / before.rate());
  }
  std::printf("ratio transpod / storage append: %.2f (goal >= 0.6: %s)\n",
              of_storage, of_storage >= 0.6 ? "met" : "MISSED");
  std::printf("ratio transpod / etcd put:       %.2f (goal >= 2: %s)\n",
              of_etcd, of_etcd >= 2 ? "met" : "MISSED");
  if (!no_ceilings) {
    // What the goals would ask of a server doing no work of its own.
    std::printf(
        "ceilings / storage append:       %.2f (gRPC, no work)   %.2f (gRPC + "
        "append)\n",
        null_server.rate() / storage.rate(),
        append_server.rate() / storage.rate());
    std::printf(
        "ceilings / etcd put:             %.2f (gRPC, no work)   %.2f (gRPC + "
        "append)\n",
        null_server.rate() / etcd_result.rate(),
        append_server.rate() / etcd_result.rate());
    std::printf("transpod / gRPC + append:        %.2f\n",
                transpo.rate() / append_server.rate());
  }
  if (failed) return 1;
  if (check && (of_storage < 0.6 || of_etcd < 2)) return 1;
  return 0;
}
