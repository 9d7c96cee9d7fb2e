// DomainProjector recomputes the projection rows of every aggregate from the
// log (EventLog::RebuildProjections), folding each stream with the domain's
// Apply. A rebuild gives the same bytes as the rows written with the events.
//
// Thread-safety: one rebuild at a time.

#ifndef TRANSPO_SERVER_PROJECTOR_H_
#define TRANSPO_SERVER_PROJECTOR_H_

#include <map>
#include <string>

#include "server/aggregates.h"
#include "storage/event_log.h"

namespace transpo {

class DomainProjector final : public Projector {
 public:
  absl::Status Project(const EventRecord& event,
                       std::vector<ProjectionWrite>& out) override;

 private:
  template <typename A>
  absl::Status Fold(std::map<std::string, typename A::State>& states,
                    const EventRecord& event,
                    std::vector<ProjectionWrite>& out);

  std::map<std::string, DirectiveState> directives_;
  std::map<std::string, ProcedureState> procedures_;
  std::map<std::string, CourtCaseState> court_cases_;
};

}  // namespace transpo

#endif  // TRANSPO_SERVER_PROJECTOR_H_
