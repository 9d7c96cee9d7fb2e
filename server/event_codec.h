// Domain events to and from the log's (type, payload) pairs. The type is the
// full name of the payload's proto message in transpo/v1/events.proto.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_EVENT_CODEC_H_
#define TRANSPO_SERVER_EVENT_CODEC_H_

#include "absl/status/statusor.h"
#include "server/domain/court_case.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"
#include "storage/event_log.h"

namespace transpo {

EventData Encode(const DirectiveEvent& event);
EventData Encode(const ProcedureEvent& event);
EventData Encode(const CourtCaseEvent& event);

// DataLoss naming the position if the record is not a known event of that
// aggregate or its payload does not parse.
absl::StatusOr<DirectiveEvent> DecodeDirectiveEvent(const EventRecord& record);
absl::StatusOr<ProcedureEvent> DecodeProcedureEvent(const EventRecord& record);
absl::StatusOr<CourtCaseEvent> DecodeCourtCaseEvent(const EventRecord& record);

}  // namespace transpo

#endif  // TRANSPO_SERVER_EVENT_CODEC_H_
