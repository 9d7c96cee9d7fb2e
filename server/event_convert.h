// Conversion of stored event records to the API's transpo.v1.Event, and the
// opaque page tokens of ReadEvents.

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

// A page token names the next position to read; clients must not build one.
std::string EncodePageToken(uint64_t next_position);
// InvalidArgument naming the field if `token` was not made by
// EncodePageToken.
absl::StatusOr<uint64_t> DecodePageToken(absl::string_view token);

}  // namespace transpo

#endif  // TRANSPO_SERVER_EVENT_CONVERT_H_
