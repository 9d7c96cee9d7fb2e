#include "server/paging.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/domain/field_error.h"

namespace transpo {
namespace {

constexpr absl::string_view kPositionPrefix = "events.v1:";
constexpr absl::string_view kAfterPrefix = "after.v1:";

absl::Status BadToken(absl::string_view token) {
  return FieldError("page_token", absl::CHexEscape(token.substr(0, 64)),
                    "not a token from a previous response");
}

}  // namespace

absl::StatusOr<int> PageSize(int requested, int default_size, int max_size) {
  if (requested < 0) {
    return FieldError(
        "page_size", absl::StrCat(requested),
        absl::StrCat("must be 0 (default ", default_size, ") to ", max_size));
  }
  if (requested == 0) return default_size;
  return std::min(requested, max_size);
}

std::string EncodePageToken(uint64_t next_position) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kPositionPrefix, next_position));
}

absl::StatusOr<uint64_t> DecodePageToken(absl::string_view token) {
  std::string raw;
  uint64_t position = 0;
  if (!absl::WebSafeBase64Unescape(token, &raw) ||
      !absl::StartsWith(raw, kPositionPrefix) ||
      !absl::SimpleAtoi(absl::string_view(raw).substr(kPositionPrefix.size()),
                        &position) ||
      position == 0) {
    return BadToken(token);
  }
  return position;
}

std::string NextPageToken(const std::string& last_id) {
  return absl::WebSafeBase64Escape(absl::StrCat(kAfterPrefix, last_id));
}

absl::StatusOr<std::string> PageStart(const std::string& token) {
  if (token.empty()) return std::string();
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) ||
      !absl::StartsWith(raw, kAfterPrefix)) {
    return BadToken(token);
  }
  return raw.substr(kAfterPrefix.size());
}

}  // namespace transpo
