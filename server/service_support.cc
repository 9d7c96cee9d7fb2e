#include "server/service_support.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "server/domain/field_error.h"
#include "server/domain/identifiers.h"

namespace transpo {
namespace {

constexpr absl::string_view kTokenPrefix = "after.v1:";

}  // namespace

std::string ActorOf(const grpc::CallbackServerContext* context) {
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("transpo-actor");
  if (it == metadata.end() || it->second.empty()) return "anonymous";
  return std::string(it->second.data(),
                     std::min<size_t>(it->second.size(), 128));
}

std::optional<absl::Time> AsOf(bool has_as_of,
                               const google::protobuf::Timestamp& as_of) {
  if (!has_as_of) return std::nullopt;
  return absl::FromUnixSeconds(as_of.seconds()) +
         absl::Nanoseconds(as_of.nanos());
}

absl::StatusOr<int> PageSize(int requested, int default_size, int max_size) {
  if (requested < 0) {
    return FieldError(
        "page_size", absl::StrCat(requested),
        absl::StrCat("must be 0 (default ", default_size, ") to ", max_size));
  }
  if (requested == 0) return default_size;
  return std::min(requested, max_size);
}

absl::StatusOr<std::string> PageStart(const std::string& token) {
  if (token.empty()) return std::string();
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) ||
      !absl::StartsWith(raw, kTokenPrefix)) {
    return FieldError("page_token", absl::CHexEscape(token.substr(0, 64)),
                      "not a token from a previous response");
  }
  return raw.substr(kTokenPrefix.size());
}

std::string NextPageToken(const std::string& last_id) {
  return absl::WebSafeBase64Escape(absl::StrCat(kTokenPrefix, last_id));
}

template <>
absl::Status ValidateId<DirectiveAggregate>(absl::string_view field,
                                            const std::string& id) {
  return ValidateCelex(field, id);
}
template <>
absl::Status ValidateId<ProcedureAggregate>(absl::string_view field,
                                            const std::string& id) {
  return ValidateInfringementNumber(field, id);
}
template <>
absl::Status ValidateId<CourtCaseAggregate>(absl::string_view field,
                                            const std::string& id) {
  return ValidateCaseNumber(field, id);
}

}  // namespace transpo
