// The gRPC server metrics of go-grpc-prometheus, the names dashboards
// expect, counted by a server interceptor for every call:
//   grpc_server_started_total{grpc_service,grpc_method,grpc_type}   counter
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_type,grpc_code}
//                                                                   counter
//   grpc_server_handling_seconds{grpc_service,grpc_method,grpc_type}
//                                                                   histogram
// grpc_type is unary, client_stream, server_stream or bidi_stream;
// grpc_code the status code's name (OK, NOT_FOUND, ...). Labels are bounded:
// a method the server does not serve is counted as service and method
// "unknown".
//
// Thread-safety: the factory and its interceptors are used by gRPC's threads
// concurrently; the metrics are prometheus-cpp's (thread-safe).

#ifndef TRANSPO_SERVER_RPC_METRICS_H_
#define TRANSPO_SERVER_RPC_METRICS_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>

#include "prometheus/registry.h"

namespace transpo {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewRpcMetricsInterceptorFactory(prometheus::Registry& registry);

}  // namespace transpo

#endif  // TRANSPO_SERVER_RPC_METRICS_H_
