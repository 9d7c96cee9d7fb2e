// Commands: the write use-cases. Each runs one domain command on one
// aggregate through the sequencer (the single writer): load the state as the
// batch staged it, check the client's etag, decide, apply, encode the events
// with the new projection row and indexes, append durably. The reply is built
// on a WorkQueue thread, never on the writer's.
//
// A request id seen before (also across restarts) answers exactly what its
// first execution answered, rebuilt from the log up to that execution, and
// writes nothing; an id first used for another resource is AlreadyExists.
//
// Errors: NotFound naming the resource when it does not exist (and the
// command does not create it); Aborted with a VersionConflict (conflict.h)
// for a stale expected_version; those of the domain's Decide
// (InvalidArgument, NotFound, AlreadyExists, FailedPrecondition); those of
// EventLog::AppendAsync (ResourceExhausted when the disk is full, Unavailable
// when storage cannot write: the outcome is then unknown, and a retry with
// the same request id settles it); Unavailable "recorded at log position N"
// when the write committed but its answer could not be read back (a retry
// with the same request id gets it).
//
// Thread-safety: any method from any thread; replies run on `replies`.
//
// Example:
//   commands.Directive("32019L1937", domain::RegisterDirective{info},
//                      {.request_id = "r1", .actor = "coordinator"},
//                      [](absl::StatusOr<Committed<DirectiveState>> r) {...});

#ifndef TRANSPO_SERVER_APP_COMMANDS_H_
#define TRANSPO_SERVER_APP_COMMANDS_H_

#include <string>

#include "server/app/committed.h"
#include "server/app/dossier_view.h"
#include "server/app/queries.h"
#include "server/app/sequencer.h"
#include "server/app/settings.h"
#include "server/app/work_queue.h"
#include "server/domain/administration.h"
#include "server/domain/alert.h"
#include "server/domain/court_case.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"
#include "storage/event_log.h"

namespace transpo::app {

class Commands {
 public:
  Commands(EventLog& log, Sequencer& sequencer, WorkQueue& replies,
           const DomainSettings& settings, const Queries& queries)
      : log_(log),
        sequencer_(sequencer),
        replies_(replies),
        settings_(settings),
        queries_(queries) {}

  void Directive(std::string celex, domain::DirectiveCommand command,
                 WriteMeta meta,
                 Reply<Committed<domain::DirectiveState>> reply);
  // A command on the directive's dossier, answered with the dossier's view
  // as of the write (Queries::DossierAt).
  void Dossier(std::string celex, domain::DirectiveCommand command,
               WriteMeta meta, Reply<DossierView> reply);
  void Procedure(std::string number, domain::ProcedureCommand command,
                 WriteMeta meta,
                 Reply<Committed<domain::ProcedureState>> reply);
  void CourtCase(std::string number, domain::CourtCaseCommand command,
                 WriteMeta meta,
                 Reply<Committed<domain::CourtCaseState>> reply);
  void Administration(std::string id, domain::AdministrationCommand command,
                      WriteMeta meta,
                      Reply<Committed<domain::AdministrationState>> reply);
  // A command on the alerts of deadline `deadline_id` (DeadlineAlertsId).
  void Alert(std::string deadline_id, domain::AlertCommand command,
             WriteMeta meta,
             Reply<Committed<domain::DeadlineAlertsState>> reply);

 private:
  // `creates`: the command creates the aggregate (else it must exist).
  template <typename A, typename DecideFn>
  void Run(std::string id, WriteMeta meta, bool creates, DecideFn decide,
           Reply<Committed<typename A::State>> reply);

  EventLog& log_;
  Sequencer& sequencer_;
  WorkQueue& replies_;
  const DomainSettings& settings_;
  const Queries& queries_;
};

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_COMMANDS_H_
