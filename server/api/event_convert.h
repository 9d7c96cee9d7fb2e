// Stored event records to the API's transpo.v1.Event, with the payload in
// its public form (transpo/v1/events.proto): the record's domain event
// (app/log_events.h) converted, never the stored bytes.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_API_EVENT_CONVERT_H_
#define TRANSPO_SERVER_API_EVENT_CONVERT_H_

#include "absl/status/status.h"
#include "storage/event_log.h"
#include "transpo/v1/event_log.pb.h"

namespace transpo::api {

// DataLoss naming the position if the record cannot be decoded.
absl::Status ToProto(const EventRecord& record, v1::Event& out);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_EVENT_CONVERT_H_
