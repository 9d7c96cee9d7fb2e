// The events of the log as the domain knows them, for readers of the log
// that are not an aggregate (EventLogService, later alert streams): a stored
// record decoded, by its stream, to the event of its aggregate.
//
// Thread-safety: pure functions.
//
// Example:
//   absl::StatusOr<DomainEvent> event = DecodeDomainEvent(record);

#ifndef TRANSPO_SERVER_APP_LOG_EVENTS_H_
#define TRANSPO_SERVER_APP_LOG_EVENTS_H_

#include <variant>

#include "absl/status/statusor.h"
#include "server/domain/administration.h"
#include "server/domain/alert.h"
#include "server/domain/court_case.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"
#include "storage/event_log.h"

namespace transpo::app {

using DomainEvent =
    std::variant<domain::DirectiveEvent, domain::ProcedureEvent,
                 domain::CourtCaseEvent, domain::AdministrationEvent,
                 domain::AlertEvent>;

// DataLoss naming the position if the record is on no aggregate's stream or
// is not an event of that aggregate.
absl::StatusOr<DomainEvent> DecodeDomainEvent(const EventRecord& record);

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_LOG_EVENTS_H_
