// append_bench: durable append throughput and latency of the event log,
// against the ceiling of this disk (raw RocksDB puts with sync = true from
// the same number of threads).
//
//   append_bench [--seconds 3] [--dir /tmp] [--check]
//
// Each case runs in a fresh database for --seconds and prints events/s,
// appends/s and p50/p99 latency of one call. Goals (checked with --check,
// exit 1 if missed): 64 writers reach 0.8 of the raw synced ceiling; batches
// of 100 events reach 100,000 events/s.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "rocksdb/db.h"
#include "storage/rocksdb_event_log.h"

namespace transpo {
namespace {

constexpr size_t kPayloadBytes = 100;

struct Result {
  std::string name;
  int threads = 0;
  int events_per_call = 0;
  uint64_t calls = 0;
  double seconds = 0;
  absl::Duration p50, p99;

  double calls_per_second() const { return calls / seconds; }
  double events_per_second() const { return calls * events_per_call / seconds; }
};

// Runs `call(thread, seq)` from `threads` threads for `duration`; records the
// latency of every call.
template <typename Call>
Result Run(std::string name, int threads, int events_per_call,
           absl::Duration duration, Call call) {
  std::atomic<bool> stop{false};
  std::vector<std::vector<absl::Duration>> latencies(threads);
  std::vector<std::thread> workers;
  const absl::Time start = absl::Now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      latencies[t].reserve(1 << 16);
      for (uint64_t seq = 0; !stop.load(std::memory_order_relaxed); ++seq) {
        const absl::Time begin = absl::Now();
        call(t, seq);
        latencies[t].push_back(absl::Now() - begin);
      }
    });
  }
  absl::SleepFor(duration);
  stop = true;
  for (auto& w : workers) w.join();
  Result result{std::move(name), threads, events_per_call};
  result.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::vector<absl::Duration> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  result.calls = all.size();
  if (!all.empty()) {
    result.p50 = all[all.size() / 2];
    result.p99 = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  }
  return result;
}

Result BenchEventLog(const std::string& dir, const std::string& name,
                     int threads, int events_per_call,
                     absl::Duration duration) {
  auto log = RocksDbEventLog::Open(dir, {});
  if (!log.ok()) {
    std::fprintf(stderr, "Error: %s\n", log.status().ToString().c_str());
    std::exit(1);
  }
  const std::string payload(kPayloadBytes, 'p');
  return Run(name, threads, events_per_call, duration,
             [&](int t, uint64_t seq) {
               AppendRequest request;
               request.stream = absl::StrCat("dossier-", t);
               request.request_id = absl::StrCat(t, ".", seq);
               request.actor = "bench";
               for (int i = 0; i < events_per_call; ++i) {
                 request.events.push_back(
                     {.type = "transpo.bench.Appended", .payload = payload});
               }
               auto result = (*log)->Append(std::move(request));
               if (!result.ok()) {
                 std::fprintf(stderr, "Error: %s\n",
                              result.status().ToString().c_str());
                 std::exit(1);
               }
             });
}

Result BenchRawRocksDb(const std::string& dir, int threads,
                       absl::Duration duration) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.IncreaseParallelism(2);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(options, dir, &raw);
  if (!status.ok()) {
    std::fprintf(stderr, "Error: %s\n", status.ToString().c_str());
    std::exit(1);
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  // About the size of one encoded event record with its index entry.
  const std::string value(kPayloadBytes + 120, 'v');
  Result result = Run(
      "raw RocksDB put, sync", threads, 1, duration, [&](int t, uint64_t seq) {
        rocksdb::Status s = db->Put(sync, absl::StrCat(t, ".", seq), value);
        if (!s.ok()) {
          std::fprintf(stderr, "Error: %s\n", s.ToString().c_str());
          std::exit(1);
        }
      });
  db->Close().PermitUncheckedError();
  return result;
}

void Print(const Result& r) {
  std::printf("%-34s %7d %7d %12.0f %12.0f %10.3f %10.3f\n", r.name.c_str(),
              r.threads, r.events_per_call, r.events_per_second(),
              r.calls_per_second(), absl::ToDoubleMilliseconds(r.p50),
              absl::ToDoubleMilliseconds(r.p99));
  std::fflush(stdout);
}

}  // namespace
}  // namespace transpo

int main(int argc, char** argv) {
  double seconds = 3;
  std::string base = std::filesystem::temp_directory_path().string();
  bool check = false;
  CLI::App app{
      "append_bench: durable append throughput of the transpo event log.\n\n"
      "Example:\n  append_bench --seconds 5 --dir /var/tmp --check\n",
      "append_bench"};
  app.add_option("--seconds", seconds, "Duration of each case")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--dir", base,
                 "Where the benchmark databases go (on the disk to measure)")
      ->capture_default_str()
      ->check(CLI::ExistingDirectory);
  app.add_flag("--check", check, "Exit 1 if a goal is missed");
  CLI11_PARSE(app, argc, argv);

  const absl::Duration duration = absl::Seconds(seconds);
  char pattern_buffer[4096];
  std::snprintf(pattern_buffer, sizeof(pattern_buffer),
                "%s/append-bench-XXXXXX", base.c_str());
  const std::string root = mkdtemp(pattern_buffer);
  int case_number = 0;
  auto fresh = [&] { return absl::StrCat(root, "/case-", case_number++); };

  std::printf("%-34s %7s %7s %12s %12s %10s %10s\n", "case", "threads",
              "events", "events/s", "calls/s", "p50 ms", "p99 ms");
  using transpo::BenchEventLog;
  auto one = BenchEventLog(fresh(), "transpo append, 1 writer", 1, 1, duration);
  transpo::Print(one);
  auto many =
      BenchEventLog(fresh(), "transpo append, 64 writers", 64, 1, duration);
  transpo::Print(many);
  auto batch1 =
      BenchEventLog(fresh(), "transpo append, batch of 100", 1, 100, duration);
  transpo::Print(batch1);
  auto batch8 =
      BenchEventLog(fresh(), "transpo append, batch of 100", 8, 100, duration);
  transpo::Print(batch8);
  auto raw = transpo::BenchRawRocksDb(fresh(), 64, duration);
  transpo::Print(raw);
  std::filesystem::remove_all(root);

  const double ratio = many.events_per_second() / raw.events_per_second();
  const double best_batch =
      std::max(batch1.events_per_second(), batch8.events_per_second());
  const bool ratio_ok = ratio >= 0.8;
  const bool batch_ok = best_batch >= 100000;
  std::printf(
      "\nratio transpo 64 writers / raw synced puts 64 threads: %.2f "
      "(goal >= 0.80: %s)\n",
      ratio, ratio_ok ? "met" : "MISSED");
  std::printf("batches of 100 events: %.0f events/s (goal >= 100000: %s)\n",
              best_batch, batch_ok ? "met" : "MISSED");
  std::printf("group commit: 64 writers reach %.1fx the events/s of 1 writer\n",
              many.events_per_second() / one.events_per_second());
  return check && !(ratio_ok && batch_ok) ? 1 : 0;
}
