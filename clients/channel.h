// A channel to transpod as its clients dial it: plaintext or TLS, with a
// bearer token sent on every call and/or a client certificate (mutual TLS).
// What transpo-alertmanager and transpoctl share.
//
// Thread-safety: pure functions; the channel is gRPC's, thread-safe.
//
// Example:
//   auto channel = Dial({.server = "transpo.example:50051",
//                        .token = std::getenv("TRANSPO_TOKEN"),
//                        .ca_cert = "/etc/transpo/ca.pem"});

#ifndef TRANSPO_CLIENTS_CHANNEL_H_
#define TRANSPO_CLIENTS_CHANNEL_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace transpo::clients {

struct DialOptions {
  // HOST:PORT.
  std::string server = "localhost:50051";
  // Sent as "authorization: Bearer <token>" on every call; empty: none.
  std::string token;
  // PEM files. Any of them set: TLS, trusting ca_cert (the system's roots if
  // empty); cert and key (both or neither): the client certificate.
  std::string ca_cert;
  std::string cert;
  std::string key;
  // gRPC channel arguments to add (e.g. a local subchannel pool).
  grpc::ChannelArguments arguments;
};

// InvalidArgument naming --cert/--key if only one is given or a file is not
// PEM; NotFound naming the flag and path of a file that cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> Dial(const DialOptions& options);

}  // namespace transpo::clients

#endif  // TRANSPO_CLIENTS_CHANNEL_H_
