#include "server/event_convert.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace transpo {
namespace {

constexpr absl::string_view kTokenPrefix = "events.v1:";

}  // namespace

void ToProto(const EventRecord& record, v1::Event& out) {
  out.set_position(record.position);
  out.set_stream(record.stream);
  out.set_stream_version(record.version);
  out.set_event_id(record.event_id);
  out.set_type(record.type);
  const int64_t micros = absl::ToUnixMicros(record.record_time);
  out.mutable_record_time()->set_seconds(micros / 1'000'000 -
                                         (micros % 1'000'000 < 0 ? 1 : 0));
  out.mutable_record_time()->set_nanos(
      static_cast<int32_t>(((micros % 1'000'000) + 1'000'000) % 1'000'000) *
      1000);
  out.set_actor(record.actor);
  out.set_payload(record.payload);
  out.set_hash(record.hash);
}

std::string EncodePageToken(uint64_t next_position) {
  return absl::WebSafeBase64Escape(absl::StrCat(kTokenPrefix, next_position));
}

absl::StatusOr<uint64_t> DecodePageToken(absl::string_view token) {
  std::string raw;
  uint64_t position = 0;
  if (!absl::WebSafeBase64Unescape(token, &raw) ||
      !absl::StartsWith(raw, kTokenPrefix) ||
      !absl::SimpleAtoi(absl::string_view(raw).substr(kTokenPrefix.size()),
                        &position) ||
      position == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_token \"", absl::CHexEscape(token.substr(0, 64)),
                     "\": not a token from a previous ReadEvents response"));
  }
  return position;
}

}  // namespace transpo
