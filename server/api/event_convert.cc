#include "server/api/event_convert.h"

#include "server/app/proto_time.h"

namespace transpo::api {

void ToProto(const EventRecord& record, v1::Event& out) {
  out.set_position(record.position);
  out.set_stream(record.stream);
  out.set_stream_version(record.version);
  out.set_event_id(record.event_id);
  out.set_type(record.type);
  app::ToProtoTime(record.record_time, *out.mutable_record_time());
  out.set_actor(record.actor);
  out.set_payload(record.payload);
  out.set_hash(record.hash);
}

}  // namespace transpo::api
