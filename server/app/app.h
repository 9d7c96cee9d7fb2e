// App assembles the application layer over one event log: the single writer
// (Sequencer), the threads that build replies (WorkQueue), the read
// use-cases (Queries) and the write use-cases (Commands). The gRPC services
// hold an App& and translate.
//
// Thread-safety: the accessors may be called from any thread. Destroying the
// App finishes the queued commands, then the queued replies; destroy it only
// after the gRPC server has stopped calling it.
//
// Example:
//   App app(*log, clock, settings);
//   app.commands().Directive(celex, command, meta, reply);

#ifndef TRANSPO_SERVER_APP_APP_H_
#define TRANSPO_SERVER_APP_APP_H_

#include <memory>

#include "server/app/alert_scheduler.h"
#include "server/app/clock.h"
#include "server/app/commands.h"
#include "server/app/figures.h"
#include "server/app/queries.h"
#include "server/app/sequencer.h"
#include "server/app/settings.h"
#include "server/app/work_queue.h"
#include "storage/event_log.h"

namespace transpo::app {

class App {
 public:
  // Threads that build replies. Default: 2.
  static constexpr int kReplyThreads = 2;

  App(EventLog& log, const Clock& clock, const DomainSettings& settings)
      : log_(log),
        clock_(clock),
        settings_(settings),
        queries_(log, clock, settings),
        commands_(log, sequencer_, replies_, settings, queries_),
        replies_(kReplyThreads),
        sequencer_(log, clock, settings.calendar, &figures_),
        alerts_(log, clock, settings, commands_) {}

  Commands& commands() { return commands_; }
  const Queries& queries() const { return queries_; }
  EventLog& log() { return log_; }
  const Clock& clock() const { return clock_; }
  const DomainSettings& settings() const { return settings_; }
  // Raises the alerts once started (StartAlerts): a server does, tests of
  // other use-cases need not.
  AlertScheduler& alerts() { return alerts_; }
  const AlertScheduler& alerts() const { return alerts_; }
  void StartAlerts() { alerts_.Start(); }
  // The key figures, kept by every commit; Load them from the stored rows
  // before the first write (figures.h).
  FigureTally& figures() { return figures_; }
  const FigureTally& figures() const { return figures_; }

 private:
  EventLog& log_;
  const Clock& clock_;
  const DomainSettings& settings_;
  FigureTally figures_;
  Queries queries_;
  // Destroyed in reverse order: the sequencer finishes its queued commands
  // (their decisions and replies use commands_), posting their replies; the
  // reply queue then runs them; only then do commands_ and queries_ go.
  // commands_ holds references to the two below, bound before they are built
  // and used only once they are.
  Commands commands_;
  WorkQueue replies_;
  Sequencer sequencer_;
  // Stopped first: it waits for the commands it submitted to answer.
  AlertScheduler alerts_;
};

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_APP_H_
