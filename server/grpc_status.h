// The one conversion from absl::Status to grpc::Status, at the gRPC edge.
// Codes map one to one; the message is kept.

#ifndef TRANSPO_SERVER_GRPC_STATUS_H_
#define TRANSPO_SERVER_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace transpo {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace transpo

#endif  // TRANSPO_SERVER_GRPC_STATUS_H_
