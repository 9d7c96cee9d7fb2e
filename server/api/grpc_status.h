// The one conversion from absl::Status to grpc::Status, at the gRPC edge.
// Codes map one to one (both follow google.rpc.Code). The details
// ("grpc-status-details-bin") carry a google.rpc.Status that clients can act
// on:
//   INVALID_ARGUMENT  google.rpc.BadRequest with the field violation (the
//                     field a domain::FieldError names);
//   ABORTED           google.rpc.ErrorInfo, reason "VERSION_CONFLICT", domain
//                     "transpo.eu", metadata resource, expected_version and
//                     current_version (app::VersionConflict).
// The message is cut to kMaxStatusMessageBytes: statuses travel in metadata,
// which gRPC limits to 8 KiB, so no status grows with the request.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_API_GRPC_STATUS_H_
#define TRANSPO_SERVER_API_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace transpo::api {

inline constexpr size_t kMaxStatusMessageBytes = 1024;
inline constexpr char kErrorDomain[] = "transpo.eu";
inline constexpr char kVersionConflictReason[] = "VERSION_CONFLICT";

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_GRPC_STATUS_H_
