#include "server/app/log_events.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/app/aggregates.h"

namespace transpo::app {
namespace {

template <typename A>
absl::StatusOr<DomainEvent> As(const EventRecord& record) {
  auto event = A::Decode(record);
  if (!event.ok()) return event.status();
  return DomainEvent(*std::move(event));
}

}  // namespace

absl::StatusOr<DomainEvent> DecodeDomainEvent(const EventRecord& record) {
  if (absl::StartsWith(record.stream, DirectiveAggregate::kStreamPrefix)) {
    return As<DirectiveAggregate>(record);
  }
  if (absl::StartsWith(record.stream, ProcedureAggregate::kStreamPrefix)) {
    return As<ProcedureAggregate>(record);
  }
  if (absl::StartsWith(record.stream, CourtCaseAggregate::kStreamPrefix)) {
    return As<CourtCaseAggregate>(record);
  }
  if (absl::StartsWith(record.stream, AdministrationAggregate::kStreamPrefix)) {
    return As<AdministrationAggregate>(record);
  }
  if (absl::StartsWith(record.stream, AlertAggregate::kStreamPrefix)) {
    return As<AlertAggregate>(record);
  }
  return absl::DataLossError(absl::StrCat("event at position ", record.position,
                                          ": stream \"", record.stream,
                                          "\" is no aggregate's"));
}

}  // namespace transpo::app
