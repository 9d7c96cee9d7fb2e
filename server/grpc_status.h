// The one conversion from absl::Status to grpc::Status, at the gRPC edge.
// Codes map one to one; the message is kept. An InvalidArgument that names a
// field (domain/field_error.h) also carries, in the binary details
// ("grpc-status-details-bin"), a google.rpc.Status with a
// google.rpc.BadRequest field violation, as Google's API clients expect.

#ifndef TRANSPO_SERVER_GRPC_STATUS_H_
#define TRANSPO_SERVER_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace transpo {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace transpo

#endif  // TRANSPO_SERVER_GRPC_STATUS_H_
