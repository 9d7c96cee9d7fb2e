#include "server/api/request_context.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/api/fingerprint.h"
#include "server/api/grpc_status.h"
#include "server/app/proto_time.h"
#include "server/domain/field_error.h"

namespace transpo::api {
namespace {

// The range of google.protobuf.Timestamp.
constexpr int64_t kMinSeconds = -62135596800;  // 0001-01-01T00:00:00Z
constexpr int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z

bool IsPrintableWithoutSpace(absl::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context,
                                 const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

absl::StatusOr<std::string> ActorOf(
    const grpc::CallbackServerContext* context) {
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("transpo-actor");
  if (it == metadata.end() || it->second.empty()) return "anonymous";
  const absl::string_view actor(it->second.data(), it->second.size());
  if (actor.size() > kMaxActorBytes ||
      !std::all_of(actor.begin(), actor.end(),
                   [](char c) { return c >= 0x20 && c < 0x7f; })) {
    return domain::FieldError(
        "transpo-actor", actor,
        absl::StrCat("metadata must be 1 to ", kMaxActorBytes,
                     " printable ASCII characters"));
  }
  return std::string(actor);
}

absl::StatusOr<absl::Time> FromRequestTime(
    const google::protobuf::Timestamp& time, absl::string_view field) {
  if (time.seconds() < kMinSeconds || time.seconds() > kMaxSeconds) {
    return domain::FieldError(
        absl::StrCat(field, ".seconds"), absl::StrCat(time.seconds()),
        "out of range: a timestamp runs from 0001-01-01T00:00:00Z to "
        "9999-12-31T23:59:59Z");
  }
  if (time.nanos() < 0 || time.nanos() > 999999999) {
    return domain::FieldError(absl::StrCat(field, ".nanos"),
                              absl::StrCat(time.nanos()),
                              "must be 0 to 999,999,999");
  }
  return app::FromProtoTime(time);
}

absl::StatusOr<std::optional<absl::Time>> AsOf(
    bool has_as_of, const google::protobuf::Timestamp& as_of,
    absl::string_view field) {
  if (!has_as_of) return std::optional<absl::Time>();
  auto time = FromRequestTime(as_of, field);
  if (!time.ok()) return time.status();
  return std::optional<absl::Time>(*time);
}

absl::StatusOr<app::WriteMeta> WriteMetaOf(
    const Caller& caller, const google::protobuf::Message& request,
    const std::string& request_id, uint64_t expected_version) {
  if (request_id.size() > kMaxRequestIdBytes ||
      !IsPrintableWithoutSpace(request_id)) {
    return domain::FieldError(
        "request_id", request_id,
        absl::StrCat("must be empty or 1 to ", kMaxRequestIdBytes,
                     " printable ASCII characters without space (",
                     request_id.size(), " bytes given)"));
  }
  return app::WriteMeta{
      .request_id = request_id,
      // The same id from another principal is another request: it never
      // gets the first one's answer.
      .request_key = request_id.empty()
                         ? ""
                         : absl::StrCat(caller.principal.id, "/",
                                        Fingerprint(request, {"request_id"})),
      .expected_version = expected_version,
      .actor = caller.principal.id,
      .scope = caller.principal.scope()};
}

}  // namespace transpo::api
