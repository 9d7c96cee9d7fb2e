// Stored event records to the API's transpo.v1.Event.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_API_EVENT_CONVERT_H_
#define TRANSPO_SERVER_API_EVENT_CONVERT_H_

#include "storage/event_log.h"
#include "transpo/v1/event_log.pb.h"

namespace transpo::api {

void ToProto(const EventRecord& record, v1::Event& out);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_EVENT_CONVERT_H_
