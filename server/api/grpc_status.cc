#include "server/api/grpc_status.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "server/app/conflict.h"
#include "server/domain/field_error.h"

namespace transpo::api {
namespace {

std::string Cut(absl::string_view message) {
  if (message.size() <= kMaxStatusMessageBytes) return std::string(message);
  return absl::StrCat(message.substr(0, kMaxStatusMessageBytes - 3), "...");
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message = Cut(status.message());
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  if (status.code() == absl::StatusCode::kInvalidArgument) {
    google::rpc::BadRequest bad_request;
    google::rpc::BadRequest::FieldViolation* violation =
        bad_request.add_field_violations();
    violation->set_field(domain::ErrorField(status).value_or(""));
    violation->set_description(message);
    details.add_details()->PackFrom(bad_request);
  } else if (auto conflict = app::VersionConflictOf(status)) {
    google::rpc::ErrorInfo info;
    info.set_reason(kVersionConflictReason);
    info.set_domain(kErrorDomain);
    auto& metadata = *info.mutable_metadata();
    metadata["resource"] = conflict->resource;
    metadata["expected_version"] = absl::StrCat(conflict->expected);
    metadata["current_version"] = absl::StrCat(conflict->current);
    details.add_details()->PackFrom(info);
  } else {
    return grpc::Status(code, message);
  }
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace transpo::api
