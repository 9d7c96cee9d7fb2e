#include "server/app/conflict.h"

#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace transpo::app {
namespace {

constexpr char kPayloadUrl[] = "type.transpo.eu/transpo.app.VersionConflict";

}  // namespace

absl::Status VersionConflictError(absl::string_view resource, uint64_t expected,
                                  uint64_t current) {
  absl::Status status = absl::AbortedError(
      absl::StrCat(resource, ": expected version ", expected,
                   ", current version ", current, " (re-read and retry)"));
  // Payload: "<expected> <current> <resource>".
  status.SetPayload(kPayloadUrl, absl::Cord(absl::StrCat(expected, " ", current,
                                                         " ", resource)));
  return status;
}

std::optional<VersionConflict> VersionConflictOf(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kAborted) return std::nullopt;
  auto payload = status.GetPayload(kPayloadUrl);
  if (!payload.has_value()) return std::nullopt;
  std::vector<std::string> parts =
      absl::StrSplit(std::string(*payload), absl::MaxSplits(' ', 2));
  VersionConflict conflict;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &conflict.expected) ||
      !absl::SimpleAtoi(parts[1], &conflict.current)) {
    return std::nullopt;
  }
  conflict.resource = parts[2];
  return conflict;
}

}  // namespace transpo::app
