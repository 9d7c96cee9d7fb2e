#include "server/app/queries.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace transpo::app {
namespace {

// Fills one page from items offered in id order.
template <typename T>
class PageCollector {
 public:
  explicit PageCollector(size_t size) : size_(size) {}

  // Adds `item` while the page has room; false (and `more`) once it is full.
  bool Offer(T item) {
    if (page_.items.size() >= size_ || closed_) {
      page_.more = true;
      return false;
    }
    page_.items.push_back(std::move(item));
    return true;
  }

  // Takes no more items: the next one offered only marks `more`.
  void Close() { closed_ = true; }

  Page<T> Take() && { return std::move(page_); }

 private:
  const size_t size_;
  bool closed_ = false;
  Page<T> page_;
};

}  // namespace

absl::CivilDay Queries::Today(std::optional<absl::Time> as_of) const {
  return settings_.calendar.Today(as_of.value_or(clock_.Now()));
}

template <typename A>
absl::StatusOr<typename A::State> Queries::Get(
    const std::string& id, std::optional<absl::Time> as_of) const {
  absl::StatusOr<typename A::State> state;
  if (as_of.has_value()) {
    auto replayed =
        Aggregates<A>::Replay(log_, id, ReplayLimit{.as_of = *as_of});
    if (!replayed.ok()) return replayed.status();
    state = std::move(replayed->state);
  } else {
    state = Aggregates<A>::Load(log_, id);
  }
  if (!state.ok()) return state.status();
  if (!state->exists()) {
    return absl::NotFoundError(absl::StrCat(A::kName, " ", id, " not found",
                                            as_of ? " at that time" : ""));
  }
  return state;
}

template <typename A, typename Keep>
absl::StatusOr<Page<typename A::State>> Queries::List(
    const PageRequest& page, std::optional<absl::Time> as_of, Keep keep) const {
  using State = typename A::State;
  PageCollector<State> collector(page.size);
  auto offer = [&](State state) {
    return !keep(state) || collector.Offer(std::move(state));
  };
  if (as_of.has_value()) {
    auto states = Aggregates<A>::AllAsOf(log_, *as_of);
    if (!states.ok()) return states.status();
    for (State& state : *states) {
      if (A::Id(state) <= page.after) continue;
      if (!offer(std::move(state))) break;
    }
    return std::move(collector).Take();
  }
  absl::Status damaged;
  size_t bytes = 0;
  absl::Status scanned = log_.ScanProjection(
      A::kFamily, "", [&](absl::string_view key, absl::string_view row) {
        if (!page.after.empty() && key <= page.after) return true;
        auto state = Aggregates<A>::Parse(key, row);
        if (!state.ok()) {
          damaged = state.status();
          return false;
        }
        if (!keep(*state)) return true;
        const bool taken = collector.Offer(*std::move(state));
        bytes += row.size();
        if (bytes >= page.max_bytes) collector.Close();
        return taken;
      });
  if (!scanned.ok()) return scanned;
  if (!damaged.ok()) return damaged;
  return std::move(collector).Take();
}

absl::StatusOr<std::vector<domain::ProcedureState>> Queries::ProceduresOf(
    const std::string& celex, const std::optional<ReplayLimit>& limit) const {
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
    if (limit.has_value()) {
      auto replayed =
          Aggregates<ProcedureAggregate>::Replay(log_, number, *limit);
      if (!replayed.ok()) return replayed.status();
      state = std::move(replayed->state);
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
  return List<DirectiveAggregate>(
      page, as_of, [&](const domain::DirectiveState& state) {
        return domain::Matches(state, filter, today);
      });
}

absl::StatusOr<DossierView> Queries::Dossier(
    const std::string& celex, std::optional<absl::Time> as_of) const {
  auto state = Directive(celex, as_of);
  if (!state.ok()) return state.status();
  std::optional<ReplayLimit> limit;
  if (as_of.has_value()) limit = ReplayLimit{.as_of = *as_of};
  auto procedures = ProceduresOf(celex, limit);
  if (!procedures.ok()) return procedures.status();
  return ViewDossier(*std::move(state), Today(as_of), *procedures, settings_);
}

absl::StatusOr<Page<DossierView>> Queries::Dossiers(
    const domain::DossierFilter& filter, const PageRequest& page,
    std::optional<absl::Time> as_of) const {
  auto states = Directives(filter, page, as_of);
  if (!states.ok()) return states.status();
  std::optional<ReplayLimit> limit;
  if (as_of.has_value()) limit = ReplayLimit{.as_of = *as_of};
  const absl::CivilDay today = Today(as_of);
  Page<DossierView> views;
  views.more = states->more;
  for (domain::DirectiveState& state : states->items) {
    auto procedures = ProceduresOf(state.directive.celex, limit);
    if (!procedures.ok()) return procedures.status();
    views.items.push_back(
        ViewDossier(std::move(state), today, *procedures, settings_));
  }
  return views;
}

absl::StatusOr<DossierView> Queries::DossierAt(
    const Committed<domain::DirectiveState>& committed) const {
  auto procedures =
      ProceduresOf(committed.state.directive.celex,
                   ReplayLimit{.max_position = committed.position});
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
  return List<ProcedureAggregate>(
      page, as_of, [&](const domain::ProcedureState& state) {
        if (filter.open_only && state.closed()) return false;
        return filter.celex.empty() ||
               std::find(state.celex.begin(), state.celex.end(),
                         filter.celex) != state.celex.end();
      });
}

absl::StatusOr<domain::CourtCaseState> Queries::CourtCase(
    const std::string& number, std::optional<absl::Time> as_of) const {
  return Get<CourtCaseAggregate>(number, as_of);
}

absl::StatusOr<Page<domain::CourtCaseState>> Queries::CourtCases(
    const PageRequest& page, std::optional<absl::Time> as_of) const {
  return List<CourtCaseAggregate>(
      page, as_of, [](const domain::CourtCaseState&) { return true; });
}

}  // namespace transpo::app
