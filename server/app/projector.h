// DomainProjector recomputes the projection rows and indexes of every
// aggregate from the log (EventLog::RebuildProjections), folding each stream
// with the domain's Apply. A rebuild gives the same bytes as the rows written
// with the events (row_codec.h encodes deterministically).
//
// Thread-safety: one rebuild at a time. Holds every state in memory while it
// runs.

#ifndef TRANSPO_SERVER_APP_PROJECTOR_H_
#define TRANSPO_SERVER_APP_PROJECTOR_H_

#include <map>
#include <string>
#include <vector>

#include "server/app/aggregates.h"
#include "storage/event_log.h"

namespace transpo::app {

class DomainProjector final : public Projector {
 public:
  absl::Status Project(const EventRecord& event,
                       std::vector<ProjectionWrite>& out) override;

 private:
  template <typename A>
  absl::Status Fold(std::map<std::string, typename A::State>& states,
                    const EventRecord& event,
                    std::vector<ProjectionWrite>& out);

  std::map<std::string, domain::DirectiveState> directives_;
  std::map<std::string, domain::ProcedureState> procedures_;
  std::map<std::string, domain::CourtCaseState> court_cases_;
  std::map<std::string, domain::AdministrationState> administrations_;
  std::map<std::string, domain::DeadlineAlertsState> alerts_;
};

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_PROJECTOR_H_
