#include "server/api/paging.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "server/api/fingerprint.h"
#include "server/domain/field_error.h"

namespace transpo::api {
namespace {

constexpr absl::string_view kPositionPrefix = "events.v1:";
constexpr absl::string_view kListPrefix = "list.v2:";

absl::Status BadToken(absl::string_view token, absl::string_view why) {
  return domain::FieldError("page_token", token, why);
}

}  // namespace

absl::StatusOr<int> PageSize(int requested, int default_size, int max_size) {
  if (requested < 0) {
    return domain::FieldError(
        "page_size", absl::StrCat(requested),
        absl::StrCat("must be 0 (default ", default_size, ") to ", max_size));
  }
  if (requested == 0) return default_size;
  return std::min(requested, max_size);
}

std::string EncodePositionToken(uint64_t next) {
  return absl::WebSafeBase64Escape(absl::StrCat(kPositionPrefix, next));
}

absl::StatusOr<uint64_t> DecodePositionToken(absl::string_view token) {
  std::string raw;
  uint64_t position = 0;
  if (token.size() > kMaxPageTokenBytes ||
      !absl::WebSafeBase64Unescape(token, &raw) ||
      !absl::StartsWith(raw, kPositionPrefix) ||
      !absl::SimpleAtoi(absl::string_view(raw).substr(kPositionPrefix.size()),
                        &position) ||
      position == 0) {
    return BadToken(token, "not a token from a previous response");
  }
  return position;
}

std::string QueryKey(const google::protobuf::Message& request) {
  return Fingerprint(request, {"page_size", "page_token"});
}

std::string ListToken(absl::string_view cursor, absl::string_view query_key) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kListPrefix, query_key, ":", cursor));
}

absl::StatusOr<std::string> ListTokenStart(absl::string_view token,
                                           absl::string_view query_key) {
  if (token.empty()) return std::string();
  std::string raw;
  if (token.size() > kMaxPageTokenBytes ||
      !absl::WebSafeBase64Unescape(token, &raw) ||
      !absl::StartsWith(raw, kListPrefix)) {
    return BadToken(token, "not a token from a previous response");
  }
  absl::string_view rest = absl::string_view(raw).substr(kListPrefix.size());
  if (!absl::ConsumePrefix(&rest, absl::StrCat(query_key, ":"))) {
    return BadToken(token,
                    "issued for another filter or as_of: page with the "
                    "query the token came from, or start again without one");
  }
  return std::string(rest);
}

}  // namespace transpo::api
