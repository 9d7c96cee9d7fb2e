// stream_bench: Subscribe under load, with a C++ gRPC client over loopback.
//   1. Durable writes (CreateDirective, 64 in flight) with 1 and with 200
//      subscribers following the log: the write rate should hold.
//   2. 1,000 subscribers while writes are paced at 500/s: the delay from a
//      write's acknowledgement to its receipt by each subscriber.
// Every subscriber checks that it receives every position once, in order.
// transpod runs as a process of its own (fresh data directory per case), so
// that each case reports the CPU the client and the server used: on a
// 2-core machine the client (decoding every event for every subscriber)
// competes with the server it measures.
//
//   stream_bench [--seconds 5] [--subscribers 200] [--watchers 1000] [--pin]
//                [--rate 500] [--batch 100] [--transpod PATH]

#include <grpcpp/grpcpp.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "bench/child_process.h"
#include "transpo/v1/directives.grpc.pb.h"
#include "transpo/v1/event_log.grpc.pb.h"

namespace transpo {
namespace {

constexpr int kInFlight = 64;
int g_streams_per_channel = 100;  // --streams-per-channel

// When each write was acknowledged, by its sequence number (in its CELEX).
class Acks {
 public:
  explicit Acks(size_t capacity) : times_(capacity) {}
  void Set(int seq, absl::Time t) {
    times_[seq].store(absl::ToUnixNanos(t), std::memory_order_release);
  }
  // 0 if not acknowledged yet.
  int64_t Get(int seq) const {
    return times_[seq].load(std::memory_order_acquire);
  }
  size_t capacity() const { return times_.size(); }

 private:
  std::vector<std::atomic<int64_t>> times_;
};

std::string Celex(int seq) {
  return absl::StrFormat("3%04dL%04d", 2000 + seq / 10000, seq % 10000);
}

int SeqOf(const std::string& stream) {  // "directive-3YYYYLNNNN"
  if (stream.size() != 20) return -1;
  return (std::stoi(stream.substr(11, 4)) - 2000) * 10000 +
         std::stoi(stream.substr(16, 4));
}

// One Subscribe stream: counts events, checks positions, measures delays.
class Subscriber final : public grpc::ClientReadReactor<v1::SubscribeResponse> {
 public:
  Subscriber(v1::EventLogService::Stub* stub, uint64_t from, const Acks* acks,
             int batch)
      : acks_(acks), next_(from) {
    request_.set_from_position(from);
    request_.set_max_events_per_message(batch);
    stub->async()->Subscribe(&context_, &request_, this);
    StartRead(&response_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    messages_.fetch_add(1, std::memory_order_relaxed);
    if (response_.has_event()) Receive(response_.event());
    for (const v1::Event& event : response_.events()) Receive(event);
    StartRead(&response_);
  }

  void Receive(const v1::Event& event) {
    if (event.position() != next_) gaps_.fetch_add(1);
    next_ = event.position() + 1;
    received_.fetch_add(1, std::memory_order_relaxed);
    if (acks_ != nullptr) {
      const int seq = SeqOf(event.stream());
      if (seq >= 0 && static_cast<size_t>(seq) < acks_->capacity()) {
        const int64_t acked = acks_->Get(seq);
        const int64_t now = absl::ToUnixNanos(absl::Now());
        delays_ns_.push_back(acked == 0 ? 0
                                        : std::max<int64_t>(0, now - acked));
      }
    }
  }

  void OnDone(const grpc::Status& status) override {
    status_ = status;
    done_.Notify();
  }

  void Stop() {
    context_.TryCancel();
    done_.WaitForNotification();
  }

  uint64_t received() const { return received_.load(); }
  uint64_t messages() const { return messages_.load(); }
  uint64_t next() const { return next_; }
  int gaps() const { return gaps_.load(); }
  const std::vector<int64_t>& delays_ns() const { return delays_ns_; }
  const grpc::Status& status() const { return status_; }

 private:
  const Acks* acks_;
  grpc::ClientContext context_;
  v1::SubscribeRequest request_;
  v1::SubscribeResponse response_;
  uint64_t next_;  // the reactor's reads are serial
  std::atomic<uint64_t> received_{0};
  std::atomic<uint64_t> messages_{0};
  std::atomic<int> gaps_{0};
  std::vector<int64_t> delays_ns_;
  grpc::Status status_;
  absl::Notification done_;
};

// A transpod process, fresh, and the channels to it.
bool g_pin = false;  // --pin: client on CPU 0, transpod on CPU 1

struct Setup {
  explicit Setup(const std::string& transpod, const std::string& dir)
      : port(bench::FreePort()),
        server(
            [&] {
              std::filesystem::remove_all(dir);
              std::vector<std::string> argv =
                  bench::TranspodArgv(transpod, port, dir);
              if (g_pin) argv.insert(argv.begin(), {"taskset", "-c", "1"});
              return argv;
            }(),
            dir + ".log") {
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                       grpc::InsecureChannelCredentials());
    if (!channel->WaitForConnected(
            absl::ToChronoTime(absl::Now() + absl::Seconds(60)))) {
      std::fprintf(stderr, "Error: transpod did not start; see %s.log\n",
                   dir.c_str());
      std::exit(1);
    }
    events = v1::EventLogService::NewStub(channel);
  }

  uint64_t Head() {
    grpc::ClientContext context;
    v1::ReadEventsRequest request;
    request.set_page_size(1);
    v1::ReadEventsResponse response;
    grpc::Status status = events->ReadEvents(&context, request, &response);
    if (!status.ok()) {
      std::fprintf(stderr, "Error: %s\n", status.error_message().c_str());
      std::exit(1);
    }
    return response.head_position();
  }

  const int port;
  bench::ChildProcess server;
  std::unique_ptr<v1::EventLogService::Stub> events;
};

std::shared_ptr<grpc::Channel> Channel(Setup& setup, int index) {
  grpc::ChannelArguments args;
  args.SetInt("transpo.bench.channel", index);  // a connection of its own
  args.SetMaxReceiveMessageSize(-1);
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", setup.port),
                                   grpc::InsecureChannelCredentials(), args);
}

// CPU the client and the server used over a case, against its wall time.
class CpuMeter {
 public:
  explicit CpuMeter(Setup& setup)
      : setup_(setup),
        start_(absl::Now()),
        client_(bench::SelfCpuSeconds()),
        server_(setup.server.CpuSeconds()) {}
  std::string Report() const {
    const double wall = absl::ToDoubleSeconds(absl::Now() - start_);
    return absl::StrFormat(
        "CPU over %.1f s: client %.1f s (%.2f cores), server %.1f s (%.2f "
        "cores)",
        wall, bench::SelfCpuSeconds() - client_,
        (bench::SelfCpuSeconds() - client_) / wall,
        setup_.server.CpuSeconds() - server_,
        (setup_.server.CpuSeconds() - server_) / wall);
  }

 private:
  Setup& setup_;
  absl::Time start_;
  double client_;
  double server_;
};

int g_batch = 100;  // --batch: events per message

std::vector<std::unique_ptr<Subscriber>> Subscribe(
    Setup& setup, int count, uint64_t from, const Acks* acks,
    std::vector<std::unique_ptr<v1::EventLogService::Stub>>& stubs) {
  std::vector<std::unique_ptr<Subscriber>> subscribers;
  for (int i = 0; i < count; ++i) {
    if (i % g_streams_per_channel == 0) {
      stubs.push_back(v1::EventLogService::NewStub(
          Channel(setup, static_cast<int>(stubs.size()))));
    }
    subscribers.push_back(
        std::make_unique<Subscriber>(stubs.back().get(), from, acks, g_batch));
  }
  return subscribers;
}

// Writes directives from `first` on, 64 in flight, for `seconds` or until
// `limit` writes, paced at `rate` per second if > 0.
void Write(Setup& setup, int first, double seconds, int limit, double rate,
           Acks* acks) {
  auto stub = v1::DirectiveService::NewStub(Channel(setup, 9999));
  std::atomic<int> next{first};
  std::atomic<bool> failed{false};
  const absl::Time start = absl::Now();
  const absl::Time end = start + absl::Seconds(seconds);
  std::vector<std::thread> writers;
  for (int w = 0; w < kInFlight; ++w) {
    writers.emplace_back([&] {
      for (;;) {
        const int seq = next++;
        if (seq - first >= limit) return;
        if (rate > 0) {
          const absl::Time due = start + absl::Seconds((seq - first) / rate);
          absl::SleepFor(due - absl::Now());
        }
        if (absl::Now() >= end) return;
        v1::CreateDirectiveRequest request;
        request.mutable_directive()->set_celex(Celex(seq));
        request.mutable_directive()->set_short_title("Streamed directive");
        request.mutable_directive()->add_deadlines()->set_date("2030-01-01");
        v1::CreateDirectiveResponse response;
        grpc::ClientContext context;
        grpc::Status status =
            stub->CreateDirective(&context, request, &response);
        if (!status.ok()) {
          std::fprintf(stderr, "Error: %s\n", status.error_message().c_str());
          failed = true;
          return;
        }
        if (acks != nullptr) acks->Set(seq, absl::Now());
      }
    });
  }
  for (auto& w : writers) w.join();
  if (failed) std::exit(1);
}

// Waits until every subscriber received up to `head`; false after 30 s.
bool Drain(const std::vector<std::unique_ptr<Subscriber>>& subscribers,
           uint64_t head) {
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  for (const auto& s : subscribers) {
    while (s->next() <= head) {
      if (absl::Now() > deadline) return false;
      absl::SleepFor(absl::Milliseconds(5));
    }
  }
  return true;
}

// Write rate with `count` subscribers following the log.
double RateWith(int count, double seconds, const std::string& transpod,
                const std::string& dir, bool* complete, std::string* cpu) {
  Setup setup(transpod, dir);
  CpuMeter meter(setup);
  std::vector<std::unique_ptr<v1::EventLogService::Stub>> stubs;
  auto subscribers = Subscribe(setup, count, 1, nullptr, stubs);
  const absl::Time start = absl::Now();
  Write(setup, 0, seconds, 1 << 30, 0, nullptr);
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  const uint64_t head = setup.Head();
  *complete = Drain(subscribers, head);
  *cpu = meter.Report();
  int gaps = 0;
  uint64_t received = 0, messages = 0;
  for (auto& s : subscribers) {
    gaps += s->gaps();
    received += s->received();
    messages += s->messages();
    s->Stop();
  }
  *complete = *complete && gaps == 0;
  absl::StrAppendFormat(cpu, "\n  %.1f events per message",
                        messages == 0 ? 0.0 : 1.0 * received / messages);
  return head / elapsed;
}

}  // namespace
}  // namespace transpo

int main(int argc, char** argv) {
  using namespace transpo;  // NOLINT(google-build-using-namespace)
  double seconds = 5;
  int subscribers = 200;
  int watchers = 1000;
  double rate = 500;
  std::string dir = "/tmp/transpo-stream-bench";
  std::string transpod = TRANSPOD_PATH;
  CLI::App app{"stream_bench: Subscribe under load"};
  app.add_option("--seconds", seconds, "Seconds of writes per case")
      ->capture_default_str();
  app.add_option("--subscribers", subscribers,
                 "Subscribers in the throughput case")
      ->capture_default_str();
  app.add_option("--watchers", watchers, "Subscribers in the delay case")
      ->capture_default_str();
  app.add_option("--rate", rate, "Writes per second in the delay case")
      ->capture_default_str();
  app.add_option("--dir", dir, "Data directory (emptied)")
      ->capture_default_str();
  app.add_option("--batch", g_batch,
                 "Events per message the subscribers ask for "
                 "(max_events_per_message)")
      ->capture_default_str();
  app.add_option("--streams-per-channel", g_streams_per_channel,
                 "Subscribe streams sharing one connection")
      ->capture_default_str();
  app.add_option("--transpod", transpod, "The transpod program to run")
      ->capture_default_str();
  app.add_flag("--pin", g_pin,
               "Run the client on CPU 0 and transpod on CPU 1, so that "
               "neither takes the other's core");
  CLI11_PARSE(app, argc, argv);
  if (g_pin) {
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    CPU_SET(0, &cpus);
    if (sched_setaffinity(0, sizeof(cpus), &cpus) != 0) {
      std::perror("Error: sched_setaffinity");
      return 1;
    }
  }

  bool complete_one = false, complete_many = false;
  std::string cpu_one, cpu_many;
  const double one =
      RateWith(1, seconds, transpod, dir, &complete_one, &cpu_one);
  const double many =
      RateWith(subscribers, seconds, transpod, dir, &complete_many, &cpu_many);
  std::printf("%-44s %12s %12s\n", "durable writes, 64 in flight", "writes/s",
              "complete");
  std::printf("%-44s %12.0f %12s\n  %s\n", "with 1 subscriber", one,
              complete_one ? "yes" : "NO", cpu_one.c_str());
  std::printf("%-44s %12.0f %12s\n  %s\n",
              absl::StrCat("with ", subscribers, " subscribers").c_str(), many,
              complete_many ? "yes" : "NO", cpu_many.c_str());
  std::printf("ratio %d subscribers / 1: %.2f (goal >= 0.5: %s)\n\n",
              subscribers, many / one,
              many / one >= 0.5 && complete_many ? "met" : "MISSED");

  // Delay: writes paced at `rate`, `watchers` subscribers from the head.
  Setup setup(transpod, dir);
  CpuMeter meter(setup);
  const int writes = static_cast<int>(rate * seconds);
  Acks acks(writes + kInFlight);
  std::vector<std::unique_ptr<v1::EventLogService::Stub>> stubs;
  auto following = Subscribe(setup, watchers, 1, &acks, stubs);
  const absl::Time start = absl::Now();
  Write(setup, 0, seconds * 3, writes, rate, &acks);
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  const uint64_t head = setup.Head();
  const bool drained = Drain(following, head);
  const std::string cpu = meter.Report();
  std::vector<int64_t> delays;
  int gaps = 0;
  for (auto& s : following) {
    s->Stop();
    gaps += s->gaps();
    delays.insert(delays.end(), s->delays_ns().begin(), s->delays_ns().end());
  }
  std::sort(delays.begin(), delays.end());
  auto ms = [&](double q) {
    return delays.empty()
               ? 0.0
               : delays[std::min(delays.size() - 1,
                                 static_cast<size_t>(q * delays.size()))] /
                     1e6;
  };
  const bool complete = drained && gaps == 0 &&
                        delays.size() == static_cast<size_t>(watchers) * head;
  std::printf("%d subscribers, %d writes at %.0f/s (took %.1f s)\n", watchers,
              writes, rate, elapsed);
  std::printf(
      "delay acknowledgement -> receipt: p50 %.1f ms, p99 %.1f ms, "
      "max %.1f ms; %zu receipts, complete: %s (goal p99 < 100 ms: "
      "%s)\n",
      ms(0.5), ms(0.99), ms(1.0), delays.size(), complete ? "yes" : "NO",
      ms(0.99) < 100 && complete ? "met" : "MISSED");
  std::printf("  %s\n", cpu.c_str());
  if (!complete_one || !complete_many || !complete) {
    std::fprintf(stderr, "Error: a subscriber missed events\n");
    return 1;
  }
  return 0;
}
