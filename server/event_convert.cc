#include "server/event_convert.h"

namespace transpo {
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

}  // namespace transpo
