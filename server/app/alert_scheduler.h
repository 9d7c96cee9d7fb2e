// AlertScheduler raises the deadline alerts of the policy (alert_policy.h)
// through the sequencer, as events (alert.h): no deadline passes unseen.
//
// It keeps in memory the plan of every subject (dossier, procedure, court
// case: its unmet deadlines and the alerts each plans) and a timeline with,
// per deadline, the next instant something is due (an alert of the plan, or
// notifying the current alert again). Its thread sleeps until the earliest
// instant, until the log grows (a write may change a plan) or until Wake()
// (the manual clock moved). A tick costs the entries due, not the number of
// dossiers; a write costs the plan of the subjects it touched.
//
//   - Raising: for a deadline whose instant came, the latest alert due that
//     was not raised yet (domain::DueAlert): after downtime, one alert per
//     deadline, not a burst of stale ones. Raising one twice is refused by
//     the aggregate, so a restart raises nothing again.
//   - Resolving: when a subject changes, every open alert of it whose
//     deadline is no longer an unmet deadline of the plan (met, moved, the
//     dossier notified, closed or not applicable, the procedure closed) is
//     resolved.
//   - Notifying again: a firing alert whose rule repeats, every `repeat`
//     until acknowledged.
//
// The audience of an alert is fixed when it is raised: the administrations
// of the dossier (of the dossiers of the directives a procedure or court case
// concerns), the correspondents the dossier names or else every active one of
// those administrations, and the Euro-coordinator from the policy's
// severity up. Events are recorded with the actor "transpod".
//
// Thread-safety: the public methods may be called from any thread. Stop (or
// the destructor) before the Commands it writes through go.

#ifndef TRANSPO_SERVER_APP_ALERT_SCHEDULER_H_
#define TRANSPO_SERVER_APP_ALERT_SCHEDULER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/app/alert_subjects.h"
#include "server/app/clock.h"
#include "server/app/commands.h"
#include "server/app/settings.h"
#include "server/domain/alert.h"
#include "storage/event_log.h"

namespace transpo::app {

// An alert the policy will raise, for ForecastAlerts.
struct ForecastedAlert {
  domain::DeadlineRef deadline;
  std::string description;
  domain::PlannedAlert planned;
  std::string celex;
  std::string title;
  std::vector<std::string> administrations;
};

class AlertScheduler {
 public:
  AlertScheduler(EventLog& log, const Clock& clock,
                 const DomainSettings& settings, Commands& commands);
  ~AlertScheduler();  // Stop()

  // Starts the thread: it reads every subject's plan, then runs.
  void Start();
  // Stops the thread and waits for the commands it submitted to answer.
  void Stop();
  // Look again at the clock (it moved).
  void Wake();

  // Blocks until the scheduler has read the log up to its head, has ticked
  // at the clock's current time and waits for no command; false if that
  // takes longer than `timeout`. For tests and demos on a manual clock.
  bool AwaitQuiet(absl::Duration timeout);

  // The alerts planned to fire after now and up to `until`, by time; only
  // those addressed to `administration` if not empty; at most `max`
  // (`truncated` says whether more would follow). Costs the deadlines with
  // something due by `until`, not every deadline (one being ticked at that
  // very instant may be left out).
  std::vector<ForecastedAlert> Forecast(absl::Time until,
                                        const std::string& administration,
                                        size_t max, bool& truncated) const;

  // Entries of the timeline (deadlines with something ahead), for tests and
  // benchmarks.
  size_t timeline_size() const;
  // Deadlines kept in memory: those planned or with an open alert (not the
  // history), for tests.
  size_t tracked_deadlines() const;
  // One tick at the clock's time, on the caller's thread (the benchmark of a
  // tick); the thread must not be started.
  void TickForTest();

 private:
  void Run();
  // Reads every subject's plan and schedules the open alerts.
  void LoadAll();
  bool stopping();
  // Folds the log from position_ + 1 to the head.
  void CatchUp();
  // Recomputes the plan of `subject` from its row, resolves its open alerts
  // whose deadline is gone and schedules its deadlines.
  void Replan(const std::string& subject);
  // Raises, notifies again or reschedules the deadlines due at `now`.
  void Tick(absl::Time now);
  void TickDeadline(const std::string& deadline_id, absl::Time now);
  // The next instant of the deadline after `now` (InfiniteFuture: none).
  absl::Time NextInstant(const std::string& deadline_id,
                         const domain::DeadlineAlertsState& alerts,
                         absl::Time now) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  void Schedule(const std::string& deadline_id, absl::Time at)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  const domain::DeadlinePlan* FindPlan(const domain::DeadlineRef& ref) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  void Submit(const std::string& deadline_id, domain::AlertCommand command);

  EventLog& log_;
  const Clock& clock_;
  const DomainSettings& settings_;
  Commands& commands_;

  mutable absl::Mutex mu_;
  std::map<std::string, SubjectPlan> subjects_ ABSL_GUARDED_BY(mu_);
  // Deadline id -> its reference, for every deadline planned or with an open
  // alert.
  std::map<std::string, domain::DeadlineRef> deadlines_ ABSL_GUARDED_BY(mu_);
  std::set<std::pair<absl::Time, std::string>> timeline_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, absl::Time> scheduled_ ABSL_GUARDED_BY(mu_);
  // Deadlines with a command in flight: not ticked until it answers.
  std::set<std::string> in_flight_ ABSL_GUARDED_BY(mu_);
  // Subjects whose plan could not be read: tried again on the next pass.
  std::set<std::string> retry_ ABSL_GUARDED_BY(mu_);
  uint64_t position_ ABSL_GUARDED_BY(mu_) = 0;  // log read up to here
  absl::Time ticked_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool loaded_ ABSL_GUARDED_BY(mu_) = false;

  // What wakes the thread, under a lock of its own: the log's writer thread
  // (the head watch) never waits on mu_. Order: mu_, then wake_mu_.
  absl::Mutex wake_mu_;
  // Deadlines whose command answered: to schedule again.
  std::set<std::string> pending_ ABSL_GUARDED_BY(wake_mu_);
  uint64_t head_ ABSL_GUARDED_BY(wake_mu_) = 0;     // as the watch last said
  uint64_t read_to_ ABSL_GUARDED_BY(wake_mu_) = 0;  // position_, for waking
  bool wake_ ABSL_GUARDED_BY(wake_mu_) = false;
  // The thread is between two waits (reading, ticking).
  bool busy_ ABSL_GUARDED_BY(wake_mu_) = true;
  bool stopping_ ABSL_GUARDED_BY(wake_mu_) = false;
  std::unique_ptr<HeadWatch> watch_;
  std::thread thread_;
};

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_ALERT_SCHEDULER_H_
