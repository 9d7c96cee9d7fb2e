// FigureTally keeps the key figures of the dossiers, procedures and alerts
// (domain/key_figures.h) up to date as their projection rows are committed:
// each row replaces the contribution its aggregate made before, so nothing
// is ever recounted. Load() counts the stored rows once, at start (after any
// rebuild); from then on the Sequencer hands it every committed row.
//
// Read(today) answers in time bounded by the labels and the distinct open
// deadline days, and is cached until a row changes or the day does.
//
// A limit: an append whose outcome the log could not tell (Unavailable after
// an I/O error: it may be on disk) is not counted; should it be there, the
// figures miss it until the next start.
//
// Thread-safety: every method may be called from any thread.
//
// Example:
//   FigureTally tally;
//   TRANSPO_RETURN_IF_ERROR(tally.Load(log));
//   Sequencer sequencer(log, clock, calendar, &tally);
//   Figures now = tally.Read(calendar.Today(clock.Now()));

#ifndef TRANSPO_SERVER_APP_FIGURES_H_
#define TRANSPO_SERVER_APP_FIGURES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "server/app/sequencer.h"
#include "server/domain/alert.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"
#include "storage/event_log.h"

namespace transpo::app {

// The figures on one day. Label maps keep every label set ever counted,
// at 0 once nothing is left in it, so a series never vanishes.
struct Figures {
  // Registered directives by dossier status and lead administration ("" if
  // none assigned).
  std::map<std::pair<domain::DossierStatus, std::string>, int64_t> dossiers;
  int64_t followed = 0;
  int64_t overdue = 0;
  int64_t overdue_two_years = 0;
  std::optional<absl::CivilDay> oldest_overdue_deadline;
  // Open deadlines from today to today + 60 (120) days, both included.
  int64_t due_within_60_days = 0;
  int64_t due_within_120_days = 0;
  double deficit = 0;
  // Open procedures by current stage (nullopt: none recorded yet) and type.
  std::map<std::pair<std::optional<domain::StageKind>, domain::ProcedureType>,
           int64_t>
      open_procedures;
  std::optional<absl::CivilDay> next_reply_due;
  // Open alerts by status (firing, acknowledged) and severity.
  std::map<std::pair<domain::AlertStatus, domain::AlertSeverity>, int64_t>
      open_alerts;
  // Alerts raised, notices sent (raised or renotified) and alerts resolved
  // (a newer rule's alert resolves the one before) since Load: counters,
  // from 0 at each start.
  int64_t alerts_raised = 0;
  int64_t alert_notices = 0;
  int64_t alerts_resolved = 0;
  // Log position of the last alert change (0: none): what the Alertmanager
  // bridge has delivered once its cursor is there.
  uint64_t last_alert_position = 0;

  bool operator==(const Figures&) const = default;
};

class FigureTally final : public RowObserver {
 public:
  // Counts the stored rows, replacing what was counted. Unavailable or
  // DataLoss (a damaged row) from the log.
  absl::Status Load(EventLog& log);

  bool Wants(absl::string_view family) const override;
  void OnCommittedRow(const ProjectionWrite& write, uint64_t position) override;

  Figures Read(absl::CivilDay today) const;

 private:
  struct DirectivePart {
    bool followed = false;
    domain::DossierStatus status = domain::DossierStatus::kRegistered;
    std::string lead;
    std::optional<absl::CivilDay> open_deadline;
  };
  struct ProcedurePart {
    bool open = false;
    std::optional<domain::StageKind> stage;
    domain::ProcedureType type = domain::ProcedureType::kNonCommunication;
    std::optional<absl::CivilDay> reply_due;
  };
  struct AlertPart {
    bool open = false;
    domain::AlertStatus status = domain::AlertStatus::kFiring;
    domain::AlertSeverity severity = domain::AlertSeverity::kInfo;
    int64_t raised = 0;         // rules raised for the deadline
    int64_t notifications = 0;  // of the current alert
  };

  // The position of the last event of the alert streams.
  static absl::StatusOr<uint64_t> LastAlertPosition(EventLog& log);
  // Replaces the contribution of row `key` of `family` (nullopt: deleted);
  // `committed`: the row of a new event, counted in the totals.
  absl::Status Apply(absl::string_view family, absl::string_view key,
                     const std::optional<absl::string_view>& row,
                     bool committed) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Count(const DirectivePart& part, int sign)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Count(const ProcedurePart& part, int sign)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Count(const AlertPart& part, int sign)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void CountEvents(const AlertPart& before, const AlertPart& after)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, DirectivePart> directives_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, ProcedurePart> procedures_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, AlertPart> alerts_ ABSL_GUARDED_BY(mu_);
  // The running totals; Read adds what depends on the day.
  Figures totals_ ABSL_GUARDED_BY(mu_);
  std::map<absl::CivilDay, int64_t> open_deadlines_ ABSL_GUARDED_BY(mu_);
  std::map<absl::CivilDay, int64_t> reply_dues_ ABSL_GUARDED_BY(mu_);
  // Bumped by every change; Read's cache is for one (generation, day).
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  mutable std::optional<std::tuple<uint64_t, absl::CivilDay, Figures>> cached_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_FIGURES_H_
