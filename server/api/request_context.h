// What every handler reads off a request besides its fields: the as_of
// instant of reads, the envelope of writes (request_id, expected_version,
// the caller's name and scope), and the ways to finish a unary call.
//
// Thread-safety: pure functions.
//
// Example:
//   auto meta = WriteMetaOf(*caller, *request, request->request_id(),
//                           request->expected_version());
//   if (!meta.ok()) return Finish(context, meta.status());

#ifndef TRANSPO_SERVER_API_REQUEST_CONTEXT_H_
#define TRANSPO_SERVER_API_REQUEST_CONTEXT_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "server/api/authenticator.h"
#include "server/api/grpc_status.h"
#include "server/app/committed.h"

namespace transpo::api {

// Longest request_id, in bytes.
inline constexpr size_t kMaxRequestIdBytes = 128;
// Longest actor name kept from the transpo-actor metadata, in bytes.
inline constexpr size_t kMaxActorBytes = 128;

// Finishes a unary call at once with `status` (converted by ToGrpcStatus).
grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context,
                                 const absl::Status& status);

// The "transpo-actor" metadata: who a caller says it is, the actor of its
// writes when authentication is off; "anonymous" without it.
// InvalidArgument naming transpo-actor unless it is 1 to kMaxActorBytes
// printable ASCII characters.
absl::StatusOr<std::string> ActorOf(const grpc::CallbackServerContext* context);

// The as_of of a read: nullopt when absent. InvalidArgument naming `field`
// when it is not a valid google.protobuf.Timestamp (seconds from
// 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, nanos 0 to 999,999,999).
absl::StatusOr<std::optional<absl::Time>> AsOf(
    bool has_as_of, const google::protobuf::Timestamp& as_of,
    absl::string_view field = "as_of");

// A timestamp a request sets; errors as AsOf.
absl::StatusOr<absl::Time> FromRequestTime(
    const google::protobuf::Timestamp& time, absl::string_view field);

// The envelope of the write `request` by `caller`: its request_id
// (InvalidArgument naming it unless it is empty or 1 to kMaxRequestIdBytes
// printable ASCII characters without space), what the id stands for (the
// caller and a fingerprint of the request without it), the expected
// version, the actor and its scope.
absl::StatusOr<app::WriteMeta> WriteMetaOf(
    const Caller& caller, const google::protobuf::Message& request,
    const std::string& request_id, uint64_t expected_version);

// A reply that fills the response with `fill(result)` and finishes the call
// (with the error instead, if it failed). Runs on the thread that answers.
template <typename T, typename Fill>
app::Reply<T> FinishWith(grpc::ServerUnaryReactor* reactor, Fill fill) {
  return [reactor, fill = std::move(fill)](absl::StatusOr<T> result) mutable {
    if (result.ok()) fill(*result);
    reactor->Finish(ToGrpcStatus(result.status()));
  };
}

// What a stream of `caller` asks before each message (LogStream::Options::
// allowed): whether its credentials still hold.
inline std::function<grpc::Status()> StillAllowed(const Authenticator& auth,
                                                  Caller caller) {
  // Called by one pump at a time: the caller's generation moves on.
  return [&auth, caller = std::move(caller)]() mutable {
    return ToGrpcStatus(auth.StillValid(caller));
  };
}

// FinishWith for a write whose command may refuse the caller (out of its
// scope): counts and logs that denial (Authenticator::Checked).
template <typename T, typename Fill>
app::Reply<T> FinishChecked(const Authenticator& auth,
                            grpc::CallbackServerContext* context,
                            grpc::ServerUnaryReactor* reactor, Fill fill) {
  return [&auth, peer = context->peer(), reactor,
          fill = std::move(fill)](absl::StatusOr<T> result) mutable {
    if (result.ok()) fill(*result);
    reactor->Finish(ToGrpcStatus(auth.Checked(peer, result.status())));
  };
}

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_REQUEST_CONTEXT_H_
