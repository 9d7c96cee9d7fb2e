#include "storage/version_conflict.h"

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "storage/quote.h"

namespace transpo {
namespace {

constexpr char kPayloadUrl[] =
    "type.transpo.eu/transpo.storage.VersionConflict";

std::string Describe(const ExpectedVersion& expected) {
  switch (expected.kind) {
    case ExpectedVersion::Kind::kAny:
      return "any";
    case ExpectedVersion::Kind::kNoStream:
      return "no stream";
    case ExpectedVersion::Kind::kExact:
      return absl::StrCat(expected.version);
  }
  return "unknown";
}

}  // namespace

absl::Status VersionConflict::ToStatus() const {
  absl::Status status = absl::AbortedError(
      absl::StrCat("stream ", Quote(stream), ": expected version ",
                   Describe(expected), ", current version ", current));
  // Payload: "<kind> <expected> <current> <stream>".
  status.SetPayload(
      kPayloadUrl,
      absl::Cord(absl::StrCat(static_cast<int>(expected.kind), " ",
                              expected.version, " ", current, " ", stream)));
  return status;
}

std::optional<VersionConflict> VersionConflict::FromStatus(
    const absl::Status& status) {
  if (status.code() != absl::StatusCode::kAborted) return std::nullopt;
  auto payload = status.GetPayload(kPayloadUrl);
  if (!payload) return std::nullopt;
  std::vector<std::string> parts =
      absl::StrSplit(std::string(*payload), absl::MaxSplits(' ', 3));
  int kind = 0;
  VersionConflict conflict;
  if (parts.size() != 4 || !absl::SimpleAtoi(parts[0], &kind) || kind < 0 ||
      kind > 2 || !absl::SimpleAtoi(parts[1], &conflict.expected.version) ||
      !absl::SimpleAtoi(parts[2], &conflict.current)) {
    return std::nullopt;
  }
  conflict.expected.kind = static_cast<ExpectedVersion::Kind>(kind);
  conflict.stream = parts[3];
  return conflict;
}

}  // namespace transpo
