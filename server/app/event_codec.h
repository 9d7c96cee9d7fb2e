// Domain events to and from the log's (type, payload) pairs. The payload is a
// transpo.internal.v1 message (proto/transpo/internal/v1/events.proto) and
// the type its full name. Records written before format 2 carry the same
// payload bytes under "transpo.v1.<Name>"; they decode the same way.
//
// Thread-safety: pure functions.
//
// Example:
//   EventData data = Encode(domain::DirectiveEvent{registered});
//   absl::StatusOr<domain::DirectiveEvent> event =
//   DecodeDirectiveEvent(record);

#ifndef TRANSPO_SERVER_APP_EVENT_CODEC_H_
#define TRANSPO_SERVER_APP_EVENT_CODEC_H_

#include "absl/status/statusor.h"
#include "server/domain/administration.h"
#include "server/domain/alert.h"
#include "server/domain/court_case.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"
#include "storage/event_log.h"

namespace transpo::app {

EventData Encode(const domain::DirectiveEvent& event);
EventData Encode(const domain::ProcedureEvent& event);
EventData Encode(const domain::CourtCaseEvent& event);
EventData Encode(const domain::AdministrationEvent& event);
EventData Encode(const domain::AlertEvent& event);

// DataLoss naming the position if the record is not a known event of that
// aggregate or its payload does not parse.
absl::StatusOr<domain::DirectiveEvent> DecodeDirectiveEvent(
    const EventRecord& record);
absl::StatusOr<domain::ProcedureEvent> DecodeProcedureEvent(
    const EventRecord& record);
absl::StatusOr<domain::CourtCaseEvent> DecodeCourtCaseEvent(
    const EventRecord& record);
absl::StatusOr<domain::AdministrationEvent> DecodeAdministrationEvent(
    const EventRecord& record);
absl::StatusOr<domain::AlertEvent> DecodeAlertEvent(const EventRecord& record);

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_EVENT_CODEC_H_
