#include "server/service_support.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "server/domain/field_error.h"
#include "server/domain/identifiers.h"
#include "server/proto_time.h"

namespace transpo {
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
  return FromProtoTime(as_of);
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
