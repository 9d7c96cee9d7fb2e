#include "server/app/queries.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/app/as_of_scan.h"
#include "server/app/indexes.h"

namespace transpo::app {
namespace {

template <typename A>
constexpr auto kWholeKind = AsOfScan<A>::Mode::kWholeKind;

// Calls `add` with every state of kind A as of `instant` (one that existed
// then), reading the whole kind.
template <typename A, typename Add>
absl::Status EachAsOf(EventLog& log, absl::Time instant, Add add) {
  return AsOfScan<A>({instant}, kWholeKind<A>)
      .Run(log, "",
           [&](absl::string_view, absl::Span<const typename A::State* const> at,
               size_t) {
             add(*at[0]);
             return true;
           });
}

// Index keys read at a time: the rows of a batch are then read one by one.
constexpr size_t kKeysPerRead = 64;

// Fills one page from items offered in list order.
template <typename T>
class PageCollector {
 public:
  PageCollector(size_t size, size_t max_bytes)
      : size_(size), max_bytes_(max_bytes) {}

  // Adds `item` while the page has room; false (and `more`) once it is full.
  // `bytes` is what the item took to read, against the page's budget.
  bool Offer(T item, std::string cursor, size_t bytes) {
    if (page_.items.size() >= size_ || bytes_ >= max_bytes_) {
      page_.more = true;
      return false;
    }
    page_.items.push_back(std::move(item));
    page_.cursors.push_back(std::move(cursor));
    bytes_ += bytes;
    return true;
  }
  bool full() const { return page_.more; }

  Page<T> Take() && { return std::move(page_); }

 private:
  const size_t size_;
  const size_t max_bytes_;
  size_t bytes_ = 0;
  Page<T> page_;
};

// The smallest key after `cursor`, or `begin` if that is later.
std::string StartAfter(const std::string& begin, const std::string& cursor) {
  if (cursor.empty()) return begin;
  std::string after = cursor;
  after.push_back('\0');
  return std::max(begin, after);
}

// The date filter of dossiers lists each dossier once: at its first deadline
// in the window.
bool FirstInWindow(const domain::DirectiveState& state,
                   const domain::DossierFilter& filter,
                   absl::string_view date_key) {
  for (const domain::TranspositionDeadline& d : state.directive.deadlines) {
    if ((!filter.deadline_after || d.date >= *filter.deadline_after) &&
        (!filter.deadline_before || d.date <= *filter.deadline_before)) {
      if (DateKey(d.date) < date_key) return false;
    }
  }
  return true;
}

}  // namespace

absl::CivilDay Queries::Today(std::optional<absl::Time> as_of) const {
  return settings_.calendar.Today(as_of.value_or(clock_.Now()));
}

template <typename A>
absl::StatusOr<typename A::State> Queries::Get(
    const std::string& id, std::optional<absl::Time> as_of) const {
  auto state = as_of.has_value() ? Aggregates<A>::LoadAsOf(log_, id, *as_of)
                                 : Aggregates<A>::Load(log_, id);
  if (!state.ok()) return state.status();
  if (!state->exists()) {
    return absl::NotFoundError(absl::StrCat(A::kName, " ", id, " not found",
                                            as_of ? " at that time" : ""));
  }
  return state;
}

template <typename A, typename Keep>
absl::StatusOr<Page<typename A::State>> Queries::ListByIndex(
    const char* family, const std::string& begin, const std::string& end,
    size_t id_size, const PageRequest& page, Keep keep) const {
  using State = typename A::State;
  PageCollector<State> collector(page.size, page.max_bytes);
  std::string from = StartAfter(begin, page.after);
  const bool primary = std::string(family) == A::kFamily;
  for (;;) {
    // Keys (and, for the primary family, rows) first; rows by id after: a
    // scan's visitor must not call the log.
    std::vector<std::pair<std::string, std::string>> batch;
    absl::Status scanned = log_.ScanProjectionRange(
        family, from, end, [&](absl::string_view key, absl::string_view row) {
          batch.emplace_back(key, primary ? row : absl::string_view());
          return batch.size() < kKeysPerRead;
        });
    if (!scanned.ok()) return scanned;
    for (auto& [key, row] : batch) {
      const std::string id =
          primary ? key
                  : key.substr(key.size() - std::min(id_size, key.size()));
      if (!primary) {
        auto stored = log_.GetProjection(A::kFamily, id);
        if (!stored.ok()) return stored.status();
        if (!stored->has_value()) continue;  // an index ahead of its row
        row = **std::move(stored);
      }
      auto state = Aggregates<A>::Parse(id, row);
      if (!state.ok()) return state.status();
      if (!keep(*state, key)) continue;
      if (!collector.Offer(*std::move(state), key, row.size())) {
        return std::move(collector).Take();
      }
    }
    if (batch.size() < kKeysPerRead) return std::move(collector).Take();
    from = batch.back().first;
    from.push_back('\0');
  }
}

template <typename A, typename Keep>
absl::StatusOr<Page<typename A::State>> Queries::ListAsOf(
    const PageRequest& page, absl::Time as_of, Keep keep) const {
  using State = typename A::State;
  PageCollector<State> collector(page.size, page.max_bytes);
  absl::Status scanned =
      AsOfScan<A>({as_of}, AsOfScan<A>::Mode::kPage)
          .Run(log_, page.after,
               [&](absl::string_view id, absl::Span<const State* const> at,
                   size_t bytes) {
                 return !keep(*at[0]) ||
                        collector.Offer(*at[0], std::string(id), bytes);
               });
  if (!scanned.ok()) return scanned;
  return std::move(collector).Take();
}

absl::StatusOr<domain::Note> Queries::Note(
    std::optional<absl::CivilDay> as_of, std::optional<absl::CivilDay> since,
    std::optional<absl::CivilDay> horizon) const {
  const absl::Time now = clock_.Now();
  auto days = domain::CheckNoteDays(as_of, since, horizon, Today(now));
  if (!days.ok()) return days.status();
  return NoteOn(*days, now);
}

absl::StatusOr<domain::Note> Queries::YearlyReport(int year) const {
  const absl::Time now = clock_.Now();
  auto days = domain::YearlyReportDays(year, Today(now));
  if (!days.ok()) return days.status();
  return NoteOn(*days, now);
}

absl::StatusOr<domain::Note> Queries::NoteOn(const domain::NoteDays& days,
                                             absl::Time now) const {
  // The end of a day: its last microsecond (record times are whole ones),
  // or now for today, so that the scans below all see the same events.
  auto end_of = [this, now](absl::CivilDay day) {
    return std::min(now, settings_.calendar.EndOf(day) - absl::Microseconds(1));
  };
  domain::NoteBuilder builder(days);
  // One scan of the directives for the note's two days and its trend.
  std::vector<absl::Time> instants = {end_of(days.as_of), end_of(days.since)};
  for (absl::CivilDay day : domain::TrendDays(days.as_of)) {
    instants.push_back(end_of(day));
  }
  absl::Status scanned =
      AsOfScan<DirectiveAggregate>(instants, kWholeKind<DirectiveAggregate>)
          .Run(log_, "",
               [&](absl::string_view,
                   absl::Span<const domain::DirectiveState* const> at, size_t) {
                 builder.AddDirective(at[0], at[1], at.subspan(2));
                 return true;
               });
  if (!scanned.ok()) return scanned;
  scanned = EachAsOf<ProcedureAggregate>(
      log_, instants[0],
      [&](const domain::ProcedureState& p) { builder.AddProcedure(p); });
  if (!scanned.ok()) return scanned;
  scanned = EachAsOf<CourtCaseAggregate>(
      log_, instants[0],
      [&](const domain::CourtCaseState& c) { builder.AddCourtCase(c); });
  if (!scanned.ok()) return scanned;
  return std::move(builder).Build();
}

absl::StatusOr<std::vector<domain::ProcedureState>> Queries::ProceduresOf(
    const std::string& celex, std::optional<absl::Time> as_of,
    std::optional<uint64_t> max_position) const {
  std::vector<std::string> numbers;
  absl::Status scanned =
      log_.ScanProjection(kProceduresByCelexFamily, celex,
                          [&](absl::string_view key, absl::string_view) {
                            numbers.emplace_back(key.substr(celex.size()));
                            return true;
                          });
  if (!scanned.ok()) return scanned;
  std::vector<domain::ProcedureState> procedures;
  for (const std::string& number : numbers) {
    absl::StatusOr<domain::ProcedureState> state;
    if (max_position.has_value()) {
      auto replayed = Aggregates<ProcedureAggregate>::Replay(
          log_, number, ReplayLimit{.max_position = *max_position});
      if (!replayed.ok()) return replayed.status();
      state = std::move(replayed->state);
    } else if (as_of.has_value()) {
      state = Aggregates<ProcedureAggregate>::LoadAsOf(log_, number, *as_of);
    } else {
      state = Aggregates<ProcedureAggregate>::Load(log_, number);
    }
    if (!state.ok()) return state.status();
    if (state->exists()) procedures.push_back(*std::move(state));
  }
  return procedures;
}

absl::StatusOr<domain::DirectiveState> Queries::Directive(
    const std::string& celex, std::optional<absl::Time> as_of) const {
  return Get<DirectiveAggregate>(celex, as_of);
}

absl::StatusOr<Page<domain::DirectiveState>> Queries::Directives(
    const domain::DossierFilter& filter, const PageRequest& page,
    std::optional<absl::Time> as_of) const {
  const absl::CivilDay today = Today(as_of);
  if (as_of.has_value()) {
    return ListAsOf<DirectiveAggregate>(
        page, *as_of, [&](const domain::DirectiveState& state) {
          return domain::Matches(state, filter, today);
        });
  }
  auto keep = [&](const domain::DirectiveState& state, absl::string_view) {
    return domain::Matches(state, filter, today);
  };
  constexpr size_t kCelex = 10;
  if (filter.overdue_only) {
    // Open dossiers whose first deadline is before today.
    return ListByIndex<DirectiveAggregate>(kDossiersByOpenDeadline, "",
                                           DateKey(today), kCelex, page, keep);
  }
  if (filter.deadline_after.has_value() || filter.deadline_before.has_value()) {
    const std::string begin =
        filter.deadline_after ? DateKey(*filter.deadline_after) : "";
    const std::string end =
        filter.deadline_before ? DateKey(*filter.deadline_before + 1) : "";
    return ListByIndex<DirectiveAggregate>(
        kDossiersByDeadline, begin, end, kCelex, page,
        [&](const domain::DirectiveState& state, absl::string_view key) {
          return domain::Matches(state, filter, today) &&
                 FirstInWindow(state, filter, key.substr(0, 8));
        });
  }
  if (filter.statuses.size() == 1) {
    const std::string prefix(1, StatusKey(*filter.statuses.begin()));
    return ListByIndex<DirectiveAggregate>(
        kDossiersByStatus, prefix, PrefixEnd(prefix), kCelex, page, keep);
  }
  if (!filter.administration.empty() || !filter.policy_area.empty()) {
    const bool by_administration = !filter.administration.empty();
    std::string prefix =
        by_administration ? filter.administration : filter.policy_area;
    prefix.push_back('\0');
    return ListByIndex<DirectiveAggregate>(
        by_administration ? kDossiersByAdministration : kDossiersByArea, prefix,
        PrefixEnd(prefix), kCelex, page, keep);
  }
  return ListByIndex<DirectiveAggregate>(DirectiveAggregate::kFamily, "", "",
                                         kCelex, page, keep);
}

absl::StatusOr<DossierView> Queries::Dossier(
    const std::string& celex, std::optional<absl::Time> as_of) const {
  auto state = Directive(celex, as_of);
  if (!state.ok()) return state.status();
  auto procedures = ProceduresOf(celex, as_of, std::nullopt);
  if (!procedures.ok()) return procedures.status();
  return ViewDossier(*std::move(state), Today(as_of), *procedures, settings_);
}

absl::StatusOr<Page<DossierView>> Queries::Views(
    Page<domain::DirectiveState> states,
    std::optional<absl::Time> as_of) const {
  const absl::CivilDay today = Today(as_of);
  Page<DossierView> views;
  views.more = states.more;
  views.cursors = std::move(states.cursors);
  for (domain::DirectiveState& state : states.items) {
    auto procedures = ProceduresOf(state.directive.celex, as_of, std::nullopt);
    if (!procedures.ok()) return procedures.status();
    views.items.push_back(
        ViewDossier(std::move(state), today, *procedures, settings_));
  }
  return views;
}

absl::StatusOr<Page<DossierView>> Queries::Dossiers(
    const domain::DossierFilter& filter, const PageRequest& page,
    std::optional<absl::Time> as_of) const {
  auto states = Directives(filter, page, as_of);
  if (!states.ok()) return states.status();
  return Views(*std::move(states), as_of);
}

absl::StatusOr<DossierView> Queries::DossierAt(
    const Committed<domain::DirectiveState>& committed) const {
  auto procedures = ProceduresOf(committed.state.directive.celex, std::nullopt,
                                 committed.position);
  if (!procedures.ok()) return procedures.status();
  return ViewDossier(committed.state, settings_.calendar.Today(committed.time),
                     *procedures, settings_);
}

absl::StatusOr<domain::ProcedureState> Queries::Procedure(
    const std::string& number, std::optional<absl::Time> as_of) const {
  return Get<ProcedureAggregate>(number, as_of);
}

absl::StatusOr<Page<domain::ProcedureState>> Queries::Procedures(
    const ProcedureFilter& filter, const PageRequest& page,
    std::optional<absl::Time> as_of) const {
  auto matches = [&](const domain::ProcedureState& state) {
    if ((filter.open_only || filter.stage.has_value()) && state.closed()) {
      return false;
    }
    if (filter.stage.has_value()) {
      const domain::Stage* stage = domain::CurrentStage(state);
      if (stage == nullptr || stage->kind != *filter.stage) return false;
    }
    return filter.celex.empty() ||
           std::find(state.celex.begin(), state.celex.end(), filter.celex) !=
               state.celex.end();
  };
  if (as_of.has_value()) {
    return ListAsOf<ProcedureAggregate>(page, *as_of, matches);
  }
  auto keep = [&](const domain::ProcedureState& state, absl::string_view) {
    return matches(state);
  };
  // Procedure numbers are 14 characters (INFR(YYYY)NNNN).
  constexpr size_t kNumber = 14;
  if (!filter.celex.empty()) {
    return ListByIndex<ProcedureAggregate>(
        kProceduresByCelexFamily, filter.celex, PrefixEnd(filter.celex),
        kNumber, page, keep);
  }
  if (filter.stage.has_value()) {
    const std::string prefix(1, StageKey(*filter.stage));
    return ListByIndex<ProcedureAggregate>(
        kProceduresOpenByStage, prefix, PrefixEnd(prefix), kNumber, page, keep);
  }
  if (filter.open_only) {
    return ListByIndex<ProcedureAggregate>(kProceduresOpen, "", "", kNumber,
                                           page, keep);
  }
  return ListByIndex<ProcedureAggregate>(ProcedureAggregate::kFamily, "", "",
                                         kNumber, page, keep);
}

absl::StatusOr<domain::CourtCaseState> Queries::CourtCase(
    const std::string& number, std::optional<absl::Time> as_of) const {
  return Get<CourtCaseAggregate>(number, as_of);
}

absl::StatusOr<Page<domain::CourtCaseState>> Queries::CourtCases(
    const PageRequest& page, std::optional<absl::Time> as_of) const {
  if (as_of.has_value()) {
    return ListAsOf<CourtCaseAggregate>(
        page, *as_of, [](const domain::CourtCaseState&) { return true; });
  }
  return ListByIndex<CourtCaseAggregate>(
      CourtCaseAggregate::kFamily, "", "", 0, page,
      [](const domain::CourtCaseState&, absl::string_view) { return true; });
}

absl::StatusOr<domain::AdministrationState> Queries::Administration(
    const std::string& id, std::optional<absl::Time> as_of) const {
  return Get<AdministrationAggregate>(id, as_of);
}

absl::StatusOr<Page<domain::AdministrationState>> Queries::Administrations(
    const PageRequest& page, std::optional<absl::Time> as_of) const {
  if (as_of.has_value()) {
    return ListAsOf<AdministrationAggregate>(
        page, *as_of, [](const domain::AdministrationState&) { return true; });
  }
  return ListByIndex<AdministrationAggregate>(
      AdministrationAggregate::kFamily, "", "", 0, page,
      [](const domain::AdministrationState&, absl::string_view) {
        return true;
      });
}

absl::StatusOr<domain::DeadlineAlertsState> Queries::DeadlineAlerts(
    const std::string& deadline_id, std::optional<absl::Time> as_of) const {
  return Get<AlertAggregate>(deadline_id, as_of);
}

absl::StatusOr<Page<domain::DeadlineAlertsState>> Queries::Alerts(
    const AlertFilter& filter, const PageRequest& page,
    std::optional<absl::Time> as_of) const {
  std::vector<domain::AlertStatus> statuses = filter.statuses;
  if (statuses.empty()) {
    statuses = {domain::AlertStatus::kFiring,
                domain::AlertStatus::kAcknowledged};
  }
  auto keep = [&](const domain::DeadlineAlertsState& s) {
    const domain::AlertAudience& to = s.current.audience;
    return std::find(statuses.begin(), statuses.end(), s.status) !=
               statuses.end() &&
           s.current.severity >= filter.min_severity &&
           (filter.administrations.empty() ||
            std::any_of(filter.administrations.begin(),
                        filter.administrations.end(),
                        [&](const std::string& a) {
                          return std::find(to.administrations.begin(),
                                           to.administrations.end(),
                                           a) != to.administrations.end();
                        })) &&
           (filter.correspondent.empty() ||
            std::find(to.correspondents.begin(), to.correspondents.end(),
                      filter.correspondent) != to.correspondents.end());
  };
  if (as_of.has_value()) return ListAsOf<AlertAggregate>(page, *as_of, keep);
  const bool open_only =
      std::find(statuses.begin(), statuses.end(),
                domain::AlertStatus::kResolved) == statuses.end();
  return ListByIndex<AlertAggregate>(
      open_only ? kAlertsOpen : AlertAggregate::kFamily, "", "",
      std::numeric_limits<size_t>::max(), page,
      [&](const domain::DeadlineAlertsState& s, absl::string_view) {
        return keep(s);
      });
}

}  // namespace transpo::app
