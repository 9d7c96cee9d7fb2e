#include "server/rpc_metrics.h"

#include <google/protobuf/descriptor.h>

#include <array>
#include <string>
#include <utility>

#include "absl/container/node_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"

namespace transpo {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

constexpr std::array<const char*, 17> kCodes = {"OK",
                                                "CANCELLED",
                                                "UNKNOWN",
                                                "INVALID_ARGUMENT",
                                                "DEADLINE_EXCEEDED",
                                                "NOT_FOUND",
                                                "ALREADY_EXISTS",
                                                "PERMISSION_DENIED",
                                                "RESOURCE_EXHAUSTED",
                                                "FAILED_PRECONDITION",
                                                "ABORTED",
                                                "OUT_OF_RANGE",
                                                "UNIMPLEMENTED",
                                                "INTERNAL",
                                                "UNAVAILABLE",
                                                "DATA_LOSS",
                                                "UNAUTHENTICATED"};

const char* TypeName(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY:
      return "unary";
    case ServerRpcInfo::Type::CLIENT_STREAMING:
      return "client_stream";
    case ServerRpcInfo::Type::SERVER_STREAMING:
      return "server_stream";
    case ServerRpcInfo::Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unknown";
}

// The metrics of one method, added to the families once.
struct MethodMetrics {
  prometheus::Counter* started = nullptr;
  std::array<prometheus::Counter*, kCodes.size()> handled{};
  prometheus::Histogram* seconds = nullptr;
};

class Factory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(prometheus::Registry& registry)
      : started_(prometheus::BuildCounter()
                     .Name("grpc_server_started_total")
                     .Help("RPCs started on the server.")
                     .Register(registry)),
        handled_(prometheus::BuildCounter()
                     .Name("grpc_server_handled_total")
                     .Help("RPCs completed on the server, by status code.")
                     .Register(registry)),
        seconds_(prometheus::BuildHistogram()
                     .Name("grpc_server_handling_seconds")
                     .Help("Time from the start of an RPC to its status.")
                     .Register(registry)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      ServerRpcInfo* info) override;

 private:
  // The metrics of `path` ("/transpo.v1.DossierService/GetDossier").
  const MethodMetrics& For(const char* path, ServerRpcInfo::Type type)
      ABSL_LOCKS_EXCLUDED(mu_);

  prometheus::Family<prometheus::Counter>& started_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Histogram>& seconds_;
  absl::Mutex mu_;
  // By path; node_hash_map: interceptors hold references to the values.
  absl::node_hash_map<std::string, MethodMetrics> methods_ ABSL_GUARDED_BY(mu_);
};

class Interceptor final : public grpc::experimental::Interceptor {
 public:
  explicit Interceptor(const MethodMetrics& metrics)
      : metrics_(metrics), start_(absl::Now()) {
    metrics_.started->Increment();
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      const auto code =
          static_cast<size_t>(methods->GetSendStatus().error_code());
      metrics_.handled[code < kCodes.size() ? code : 2]->Increment();
      metrics_.seconds->Observe(absl::ToDoubleSeconds(absl::Now() - start_));
    }
    methods->Proceed();
  }

 private:
  const MethodMetrics& metrics_;
  const absl::Time start_;
};

const MethodMetrics& Factory::For(const char* path, ServerRpcInfo::Type type) {
  absl::MutexLock lock(&mu_);
  if (auto it = methods_.find(path); it != methods_.end()) return it->second;
  // "/package.Service/Method", if the server serves it; else one entry for
  // all the rest, so that no caller grows the labels or this map.
  std::string service = "unknown";
  std::string method = "unknown";
  std::pair<std::string, std::string> parts = absl::StrSplit(
      absl::string_view(path).substr(1), absl::MaxSplits('/', 1));
  const bool known =
      path[0] == '/' &&
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          absl::StrCat(parts.first, ".", parts.second)) != nullptr;
  if (known) {
    service = parts.first;
    method = parts.second;
  }
  auto [it, added] = methods_.try_emplace(
      known ? std::string(path) : absl::StrCat("?", TypeName(type)));
  if (!added) return it->second;
  const std::map<std::string, std::string> labels = {
      {"grpc_service", service},
      {"grpc_method", method},
      {"grpc_type", TypeName(type)}};
  MethodMetrics& m = it->second;
  m.started = &started_.Add(labels);
  for (size_t i = 0; i < kCodes.size(); ++i) {
    auto with_code = labels;
    with_code["grpc_code"] = kCodes[i];
    m.handled[i] = &handled_.Add(with_code);
  }
  m.seconds =
      &seconds_.Add(labels, prometheus::Histogram::BucketBoundaries{
                                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                0.1, 0.25, 0.5, 1, 2.5, 5, 10});
  return m;
}

grpc::experimental::Interceptor* Factory::CreateServerInterceptor(
    ServerRpcInfo* info) {
  const char* path = info->method();
  if (path == nullptr || path[0] == '\0') path = "?";
  return new Interceptor(For(path, info->type()));
}

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewRpcMetricsInterceptorFactory(prometheus::Registry& registry) {
  return std::make_unique<Factory>(registry);
}

}  // namespace transpo
