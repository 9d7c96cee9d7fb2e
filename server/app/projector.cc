#include "server/app/projector.h"

namespace transpo::app {

template <typename A>
absl::Status DomainProjector::Fold(
    std::map<std::string, typename A::State>& states, const EventRecord& event,
    std::vector<ProjectionWrite>& out) {
  auto decoded = A::Decode(event);
  if (!decoded.ok()) return decoded.status();
  const std::string id = event.stream.substr(sizeof(A::kStreamPrefix) - 1);
  typename A::State& state = states[id];
  std::vector<IndexRow> before = IndexRows(state);
  Apply(state, *decoded, ChangeOf(event));
  Aggregates<A>::RowWrites(before, state, out);
  return absl::OkStatus();
}

absl::Status DomainProjector::Project(const EventRecord& event,
                                      std::vector<ProjectionWrite>& out) {
  if (absl::StartsWith(event.stream, DirectiveAggregate::kStreamPrefix)) {
    return Fold<DirectiveAggregate>(directives_, event, out);
  }
  if (absl::StartsWith(event.stream, ProcedureAggregate::kStreamPrefix)) {
    return Fold<ProcedureAggregate>(procedures_, event, out);
  }
  if (absl::StartsWith(event.stream, CourtCaseAggregate::kStreamPrefix)) {
    return Fold<CourtCaseAggregate>(court_cases_, event, out);
  }
  if (absl::StartsWith(event.stream, AdministrationAggregate::kStreamPrefix)) {
    return Fold<AdministrationAggregate>(administrations_, event, out);
  }
  if (absl::StartsWith(event.stream, AlertAggregate::kStreamPrefix)) {
    return Fold<AlertAggregate>(alerts_, event, out);
  }
  return absl::OkStatus();  // a stream without projection
}

}  // namespace transpo::app
