// What the write benchmarks share: keeping N asynchronous writes in flight
// for a time or a count (Drive), recording their latencies and failures
// (Recorder), measuring wall and CPU time around a case (Measure),
// connecting stubs, and printing a result line.
//
// Example:
//   Result r = Measure("transpod", &server, [&](Recorder& rec) {
//     Drive(limits, rec, [&](uint64_t seq, auto done) { ... done(""); });
//   });
//   Print(r);

#ifndef TRANSPO_BENCH_WRITE_DRIVER_H_
#define TRANSPO_BENCH_WRITE_DRIVER_H_

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/child_process.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo {

struct Limits {
  absl::Duration duration;
  uint64_t requests = 0;  // 0: no limit
  int in_flight = 64;
  int connections = 1;
};

struct Result {
  std::string name;
  uint64_t writes = 0;
  double seconds = 0;
  absl::Duration p50, p99;
  double client_cpu = 0, server_cpu = 0;  // seconds
  uint64_t failures = 0;
  std::string first_error;

  double rate() const { return seconds > 0 ? writes / seconds : 0; }
};

// Latencies of completed writes and the first failure, from any thread.
class Recorder {
 public:
  void Done(absl::Duration latency, const std::string& error) {
    absl::MutexLock lock(&mu_);
    if (error.empty()) {
      latencies_.push_back(latency);
    } else if (failures_++ == 0) {
      first_error_ = error;
    }
  }

  void Fill(Result& result) {
    absl::MutexLock lock(&mu_);
    std::sort(latencies_.begin(), latencies_.end());
    result.writes = latencies_.size();
    result.failures = failures_;
    result.first_error = first_error_;
    if (!latencies_.empty()) {
      result.p50 = latencies_[latencies_.size() / 2];
      result.p99 = latencies_[std::min(latencies_.size() - 1,
                                       latencies_.size() * 99 / 100)];
    }
  }

 private:
  absl::Mutex mu_;
  std::vector<absl::Duration> latencies_ ABSL_GUARDED_BY(mu_);
  uint64_t failures_ ABSL_GUARDED_BY(mu_) = 0;
  std::string first_error_ ABSL_GUARDED_BY(mu_);
};

inline std::string Celex(uint64_t seq) {
  return absl::StrFormat("3%04dL%04d", 2000 + seq / 10000, seq % 10000);
}

// What CreateDirective sends for write `seq`.
inline v1::CreateDirectiveRequest DirectiveRequest(uint64_t seq) {
  v1::CreateDirectiveRequest request;
  request.set_request_id(absl::StrCat("write-bench-", seq));
  v1::Directive& directive = *request.mutable_directive();
  directive.set_celex(Celex(seq));
  directive.set_short_title("Benchmark directive");
  directive.set_policy_area("environment");
  directive.add_deadlines()->set_date("2030-01-01");
  return request;
}

// Keeps `limits.in_flight` asynchronous calls going until the time or the
// request limit is reached. `start(seq, done)` starts write `seq` and calls
// `done(error)` (empty if it succeeded) when it completes, on any thread.
using StartFn = std::function<void(uint64_t, std::function<void(std::string)>)>;

inline void Drive(const Limits& limits, Recorder& recorder,
                  const StartFn& start) {
  const absl::Time end = absl::Now() + limits.duration;
  std::atomic<uint64_t> next{0};
  absl::Mutex mu;
  int running = limits.in_flight;
  std::function<void()> launch = [&] {
    const uint64_t seq = next++;
    if ((limits.requests > 0 && seq >= limits.requests) ||
        (limits.requests == 0 && absl::Now() >= end)) {
      absl::MutexLock lock(&mu);
      --running;
      return;
    }
    const absl::Time begin = absl::Now();
    start(seq, [&, begin](std::string error) {
      recorder.Done(absl::Now() - begin, error);
      launch();
    });
  };
  for (int i = 0; i < limits.in_flight; ++i) launch();
  absl::MutexLock lock(&mu);
  mu.Await(absl::Condition(
      +[](int* running) { return *running == 0; }, &running));
}

// Runs `drive` and measures wall and CPU time around it.
template <typename DriveFn>
Result Measure(std::string name, const bench::ChildProcess* server,
               DriveFn drive) {
  Result result{std::move(name)};
  Recorder recorder;
  const double client_cpu = bench::SelfCpuSeconds();
  const double server_cpu = server != nullptr ? server->CpuSeconds() : 0;
  const absl::Time start = absl::Now();
  drive(recorder);
  result.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  result.client_cpu = bench::SelfCpuSeconds() - client_cpu;
  if (server != nullptr) result.server_cpu = server->CpuSeconds() - server_cpu;
  recorder.Fill(result);
  return result;
}

// `count` stubs, each over a connection of its own.
template <typename Service>
std::vector<std::unique_ptr<typename Service::Stub>> Connect(
    int port, int count, const std::string& what, const std::string& log) {
  std::vector<std::unique_ptr<typename Service::Stub>> stubs;
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto channel =
        grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port),
                                  grpc::InsecureChannelCredentials(), args);
    if (!channel->WaitForConnected(
            absl::ToChronoTime(absl::Now() + absl::Seconds(60)))) {
      std::fprintf(stderr, "Error: %s did not start; see %s\n", what.c_str(),
                   log.c_str());
      std::exit(1);
    }
    stubs.push_back(Service::NewStub(channel));
  }
  return stubs;
}

inline void Print(const Result& r) {
  std::printf("%-34s %10.0f %9.2f %9.2f %9.2f %9.2f\n", r.name.c_str(),
              r.rate(), absl::ToDoubleMilliseconds(r.p50),
              absl::ToDoubleMilliseconds(r.p99), r.client_cpu / r.seconds,
              r.server_cpu / r.seconds);
  if (r.failures > 0) {
    std::printf("  %llu writes failed, the first: %s\n",
                static_cast<unsigned long long>(r.failures),
                r.first_error.c_str());
  }
  std::fflush(stdout);
}

}  // namespace transpo

#endif  // TRANSPO_BENCH_WRITE_DRIVER_H_
