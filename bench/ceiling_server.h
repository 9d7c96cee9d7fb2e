// What any transpod could reach on this machine with write_bench's client:
// two stand-in servers of DirectiveService.CreateDirective, run by
// write_bench in a process of its own, as transpod is.
//   - kNull answers each call at once with the directive it was sent: the
//     cost of the gRPC round trip alone (callback API, as transpod).
//   - kAppend appends one event per call to a RocksDbEventLog, the calls
//     queued so far in one group (one atomic write, one fsync) on one
//     writer thread, and answers them from another (as transpod's
//     sequencer hands its answers on): gRPC plus the durable append, with
//     no domain, no projection rows, no indexes.
// The ratios of transpod to these tell how much of the gap to the storage
// and to etcd is transpod's own work.
//
// Example:
//   ServeCeiling(CeilingMode::kAppend, 50051, "/tmp/ceiling");  // blocks

#ifndef TRANSPO_BENCH_CEILING_SERVER_H_
#define TRANSPO_BENCH_CEILING_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "storage/rocksdb_event_log.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo::bench {

enum class CeilingMode { kNull, kAppend };

class CeilingService final : public v1::DirectiveService::CallbackService {
 public:
  CeilingService(CeilingMode mode, EventLog* log) : mode_(mode), log_(log) {
    if (mode_ == CeilingMode::kAppend) {
      writer_ = std::thread([this] { Run(); });
      finisher_ = std::thread([this] { Answer(); });
    }
  }

  ~CeilingService() override {
    if (!writer_.joinable()) return;
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    writer_.join();
    {
      absl::MutexLock lock(&done_mu_);
      done_stopping_ = true;
    }
    finisher_.join();
  }

  grpc::ServerUnaryReactor* CreateDirective(
      grpc::CallbackServerContext* context,
      const v1::CreateDirectiveRequest* request,
      v1::CreateDirectiveResponse* response) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    *response->mutable_directive() = request->directive();
    if (mode_ == CeilingMode::kNull) {
      reactor->Finish(grpc::Status::OK);
      return reactor;
    }
    AppendRequest append;
    append.stream = absl::StrCat("directive-", request->directive().celex());
    append.expected = ExpectedVersion::NoStream();
    append.request_id = request->request_id();
    append.actor = "bench";
    append.events.push_back(
        {.type = "transpo.bench.Registered",
         .payload = request->directive().SerializeAsString()});
    absl::MutexLock lock(&mu_);
    queue_.push_back({std::move(append), reactor});
    return reactor;
  }

 private:
  struct Pending {
    AppendRequest append;
    grpc::ServerUnaryReactor* reactor;
  };

  void Run() {
    std::vector<Pending> batch;
    for (;;) {
      {
        absl::MutexLock lock(&mu_);
        auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
          return !queue_.empty() || stopping_;
        };
        mu_.Await(absl::Condition(&ready));
        if (queue_.empty()) return;
        batch.swap(queue_);
      }
      std::vector<AppendRequest> appends;
      appends.reserve(batch.size());
      for (Pending& p : batch) appends.push_back(std::move(p.append));
      std::vector<absl::StatusOr<AppendResult>> results =
          log_->AppendGroup(std::move(appends));
      absl::MutexLock lock(&done_mu_);
      for (size_t i = 0; i < batch.size(); ++i) {
        done_.emplace_back(batch[i].reactor,
                           results[i].ok()
                               ? grpc::Status::OK
                               : grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                              results[i].status().ToString()));
      }
      batch.clear();
    }
  }

  // Answers off the writer's thread, as transpod does.
  void Answer() {
    std::vector<std::pair<grpc::ServerUnaryReactor*, grpc::Status>> done;
    for (;;) {
      {
        absl::MutexLock lock(&done_mu_);
        auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(done_mu_) {
          return !done_.empty() || done_stopping_;
        };
        done_mu_.Await(absl::Condition(&ready));
        if (done_.empty()) return;
        done.swap(done_);
      }
      for (auto& [reactor, status] : done) reactor->Finish(status);
      done.clear();
    }
  }

  const CeilingMode mode_;
  EventLog* const log_;
  absl::Mutex mu_;
  std::vector<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Mutex done_mu_;
  std::vector<std::pair<grpc::ServerUnaryReactor*, grpc::Status>> done_
      ABSL_GUARDED_BY(done_mu_);
  bool done_stopping_ ABSL_GUARDED_BY(done_mu_) = false;
  std::thread writer_;
  std::thread finisher_;
};

// Serves on 127.0.0.1:`port` until SIGTERM; `dir` holds the log (kAppend).
inline int ServeCeiling(CeilingMode mode, int port, const std::string& dir) {
  // Before any thread starts (RocksDB's, gRPC's), so that only sigwait takes
  // SIGTERM.
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &term, nullptr);
  std::unique_ptr<EventLog> log;
  if (mode == CeilingMode::kAppend) {
    auto opened = RocksDbEventLog::Open(dir, {});
    if (!opened.ok()) {
      std::fprintf(stderr, "Error: %s\n", opened.status().ToString().c_str());
      return 1;
    }
    log = *std::move(opened);
  }
  CeilingService service(mode, log.get());
  grpc::ServerBuilder builder;
  builder.AddListeningPort(absl::StrCat("127.0.0.1:", port),
                           grpc::InsecureServerCredentials());
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr) {
    std::fprintf(stderr, "Error: cannot listen on port %d\n", port);
    return 1;
  }
  int signal = 0;
  sigwait(&term, &signal);
  server->Shutdown();
  return 0;
}

}  // namespace transpo::bench

#endif  // TRANSPO_BENCH_CEILING_SERVER_H_
