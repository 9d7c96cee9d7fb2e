// Conversion of stored event records to the API's transpo.v1.Event.

#ifndef TRANSPO_SERVER_EVENT_CONVERT_H_
#define TRANSPO_SERVER_EVENT_CONVERT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/event_log.h"
#include "transpo/v1/event_log.pb.h"

namespace transpo {

void ToProto(const EventRecord& record, v1::Event& out);

}  // namespace transpo

#endif  // TRANSPO_SERVER_EVENT_CONVERT_H_
