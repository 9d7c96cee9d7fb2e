// Queries: the read use-cases of the API, over projection rows and their
// indexes (current state) or row versions (as of an instant; indexes.h).
// Each answers domain states or views, never API types; the gRPC services
// translate. A list page costs in proportion to the page: it walks the index
// its filter picks (the dossiers overdue, with a deadline in a window, of a
// status, an administration or a policy area; the procedures of a directive,
// open, or at a stage) and checks the rest of the filter on each row.
//
// Errors: NotFound naming the resource (with " at that time" for as_of);
// DataLoss if a stored row or record is damaged; Unavailable if storage
// cannot be read.
//
// Thread-safety: const methods, safe from any thread.
//
// Example:
//   absl::StatusOr<DossierView> dossier = queries.Dossier("32019L1937", {});
//   absl::StatusOr<Page<DossierView>> page =
//       queries.Dossiers(filter, {.after = "", .size = 50}, std::nullopt);

#ifndef TRANSPO_SERVER_APP_QUERIES_H_
#define TRANSPO_SERVER_APP_QUERIES_H_

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/app/aggregates.h"
#include "server/app/clock.h"
#include "server/app/committed.h"
#include "server/app/dossier_view.h"
#include "server/app/settings.h"
#include "server/domain/dossier_filter.h"
#include "server/domain/note.h"
#include "storage/event_log.h"

namespace transpo::app {

// One page of a list. A list runs in the order of the index its filter uses:
// by id, or by date then id for the date filters of dossiers.
struct PageRequest {
  // The cursor after which the page starts (Page::cursors); empty: the first
  // page.
  std::string after;
  // At most this many items. Default: 50.
  size_t size = 50;
  // Stop once the items read take more than this many bytes as stored (the
  // first item always comes): what a page holds in memory stays near the
  // response it makes. Default: no bound.
  size_t max_bytes = std::numeric_limits<size_t>::max();
};

template <typename T>
struct Page {
  std::vector<T> items;
  // cursors[i]: where a page that follows items[i] starts (opaque).
  std::vector<std::string> cursors;
  // Whether more items follow the last one.
  bool more = false;
};

struct ProcedureFilter {
  std::string celex;  // only procedures concerning it; empty: any
  bool open_only = false;
  // Only open procedures whose current stage is this one.
  std::optional<domain::StageKind> stage;
};

struct AlertFilter {
  // Only these statuses; empty: firing and acknowledged.
  std::vector<domain::AlertStatus> statuses;
  // Only alerts addressed to one of these administrations (none: any), and
  // to this correspondent (empty: any).
  std::vector<std::string> administrations;
  std::string correspondent;
  // Only this severity and above.
  domain::AlertSeverity min_severity = domain::AlertSeverity::kInfo;
};

class Queries {
 public:
  Queries(EventLog& log, const Clock& clock, const DomainSettings& settings)
      : log_(log), clock_(clock), settings_(settings) {}

  // The business day of `as_of`, or today.
  absl::CivilDay Today(std::optional<absl::Time> as_of) const;

  absl::StatusOr<domain::DirectiveState> Directive(
      const std::string& celex, std::optional<absl::Time> as_of) const;
  absl::StatusOr<Page<domain::DirectiveState>> Directives(
      const domain::DossierFilter& filter, const PageRequest& page,
      std::optional<absl::Time> as_of) const;

  absl::StatusOr<DossierView> Dossier(const std::string& celex,
                                      std::optional<absl::Time> as_of) const;
  absl::StatusOr<Page<DossierView>> Dossiers(
      const domain::DossierFilter& filter, const PageRequest& page,
      std::optional<absl::Time> as_of) const;
  // The dossier as a write left it: the procedures as they stood at its
  // position, on the business day of its time. A retried request (replayed)
  // gets exactly the view its first execution got.
  absl::StatusOr<DossierView> DossierAt(
      const Committed<domain::DirectiveState>& committed) const;

  absl::StatusOr<domain::ProcedureState> Procedure(
      const std::string& number, std::optional<absl::Time> as_of) const;
  absl::StatusOr<Page<domain::ProcedureState>> Procedures(
      const ProcedureFilter& filter, const PageRequest& page,
      std::optional<absl::Time> as_of) const;

  absl::StatusOr<domain::CourtCaseState> CourtCase(
      const std::string& number, std::optional<absl::Time> as_of) const;
  absl::StatusOr<Page<domain::CourtCaseState>> CourtCases(
      const PageRequest& page, std::optional<absl::Time> as_of) const;

  // The alerts of deadline `deadline_id` (DeadlineAlertsId).
  absl::StatusOr<domain::DeadlineAlertsState> DeadlineAlerts(
      const std::string& deadline_id, std::optional<absl::Time> as_of) const;
  // The current alert of each deadline, by deadline id; open ones walk the
  // index of open alerts.
  absl::StatusOr<Page<domain::DeadlineAlertsState>> Alerts(
      const AlertFilter& filter, const PageRequest& page,
      std::optional<absl::Time> as_of) const;

  // The two-monthly note (domain/note.h) as of the end of day `as_of` in
  // Brussels, with what changed since the end of `since` and what falls due
  // to `horizon` (domain::CheckNoteDays gives the defaults and the errors).
  // Reads every row version of the directives, procedures and court cases.
  absl::StatusOr<domain::Note> Note(
      std::optional<absl::CivilDay> as_of, std::optional<absl::CivilDay> since,
      std::optional<absl::CivilDay> horizon) const;
  // The yearly report of `year`: the note on domain::YearlyReportDays.
  absl::StatusOr<domain::Note> YearlyReport(int year) const;

  absl::StatusOr<domain::AdministrationState> Administration(
      const std::string& id, std::optional<absl::Time> as_of) const;
  absl::StatusOr<Page<domain::AdministrationState>> Administrations(
      const PageRequest& page, std::optional<absl::Time> as_of) const;

 private:
  // The note on `days`, as of `now` for today.
  absl::StatusOr<domain::Note> NoteOn(const domain::NoteDays& days,
                                      absl::Time now) const;
  template <typename A>
  absl::StatusOr<typename A::State> Get(const std::string& id,
                                        std::optional<absl::Time> as_of) const;
  // The items of an index range [begin, end) whose keys end with an id
  // (`id_of` finds it), their rows kept if `keep` says so.
  template <typename A, typename Keep>
  absl::StatusOr<Page<typename A::State>> ListByIndex(
      const char* family, const std::string& begin, const std::string& end,
      size_t id_size, const PageRequest& page, Keep keep) const;
  // The states as of `as_of`, from row versions, in id order.
  template <typename A, typename Keep>
  absl::StatusOr<Page<typename A::State>> ListAsOf(const PageRequest& page,
                                                   absl::Time as_of,
                                                   Keep keep) const;
  // The procedures concerning `celex`: as stored, as of an instant, or as of
  // a log position (replayed).
  absl::StatusOr<std::vector<domain::ProcedureState>> ProceduresOf(
      const std::string& celex, std::optional<absl::Time> as_of,
      std::optional<uint64_t> max_position) const;
  absl::StatusOr<Page<DossierView>> Views(
      Page<domain::DirectiveState> states,
      std::optional<absl::Time> as_of) const;

  EventLog& log_;
  const Clock& clock_;
  const DomainSettings& settings_;
};

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_QUERIES_H_
