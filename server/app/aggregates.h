// Where each aggregate lives in the log and how its state is read back.
//
// An aggregate has a stream ("<prefix><id>") of events and a projection row
// ("<family>"/<id>) holding its current state, written atomically with its
// events, plus index rows and a row per version (indexes.h) kept the same
// way (RowWrites). Load() reads the row (no
// replay); Replay() folds the stream up to an instant, a version or a log
// position (as-of reads, answers to retried requests); AllAsOf() folds the
// whole log (as-of lists).
//
// Thread-safety: stateless; safe wherever the EventLog is.
//
// Example:
//   absl::StatusOr<domain::DirectiveState> state =
//       Aggregates<DirectiveAggregate>::Load(log, "32019L1937");

#ifndef TRANSPO_SERVER_APP_AGGREGATES_H_
#define TRANSPO_SERVER_APP_AGGREGATES_H_

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/app/event_codec.h"
#include "server/app/indexes.h"
#include "server/app/row_codec.h"
#include "storage/event_log.h"

namespace transpo::app {

// The format of the projection rows and indexes (rows.proto, indexes.h).
// Bump it when they change: transpod then rebuilds every row from the log at
// start. 1: transpo.v1 messages as rows; 2: internal rows; 3: indexes and
// row versions.
inline constexpr uint64_t kProjectionFormat = 3;

struct DirectiveAggregate {
  using State = domain::DirectiveState;
  using Event = domain::DirectiveEvent;
  static constexpr char kName[] = "directive";
  static constexpr char kFamily[] = "directives";
  static constexpr char kStreamPrefix[] = "directive-";
  static absl::StatusOr<Event> Decode(const EventRecord& r) {
    return DecodeDirectiveEvent(r);
  }
  static absl::StatusOr<State> FromRow(absl::string_view bytes) {
    return DecodeDirectiveRow(bytes);
  }
  static constexpr char kVersionTag = 'd';
  static const std::string& Id(const State& s) { return s.directive.celex; }
  // When the state last changed; kTimeFields: the row's fields it is the
  // latest of (RowChangeTime).
  static absl::Time TimeOf(const State& s) {
    return std::max(
        {s.created.time, s.directive_changed.time, s.dossier_changed.time});
  }
  static constexpr std::initializer_list<int> kTimeFields = {3, 4, 10};
  // The administrations it concerns, whose correspondents may write it: the
  // dossier's lead and involved administrations.
  static std::vector<std::string> Administrations(const State& s) {
    std::vector<std::string> all = s.dossier.involved_administrations;
    if (!s.dossier.lead_administration.empty()) {
      all.insert(all.begin(), s.dossier.lead_administration);
    }
    return all;
  }
};

struct ProcedureAggregate {
  using State = domain::ProcedureState;
  using Event = domain::ProcedureEvent;
  static constexpr char kName[] = "procedure";
  static constexpr char kFamily[] = "procedures";
  static constexpr char kStreamPrefix[] = "procedure-";
  static absl::StatusOr<Event> Decode(const EventRecord& r) {
    return DecodeProcedureEvent(r);
  }
  static absl::StatusOr<State> FromRow(absl::string_view bytes) {
    return DecodeProcedureRow(bytes);
  }
  static constexpr char kVersionTag = 'p';
  static const std::string& Id(const State& s) { return s.number; }
  static absl::Time TimeOf(const State& s) { return s.changed.time; }
  static constexpr std::initializer_list<int> kTimeFields = {9};
  // None: only the coordinator writes it.
  static std::vector<std::string> Administrations(const State&) { return {}; }
};

struct CourtCaseAggregate {
  using State = domain::CourtCaseState;
  using Event = domain::CourtCaseEvent;
  static constexpr char kName[] = "court case";
  static constexpr char kFamily[] = "court_cases";
  static constexpr char kStreamPrefix[] = "court-case-";
  static absl::StatusOr<Event> Decode(const EventRecord& r) {
    return DecodeCourtCaseEvent(r);
  }
  static absl::StatusOr<State> FromRow(absl::string_view bytes) {
    return DecodeCourtCaseRow(bytes);
  }
  static constexpr char kVersionTag = 'c';
  static const std::string& Id(const State& s) { return s.info.number; }
  static absl::Time TimeOf(const State& s) { return s.changed.time; }
  static constexpr std::initializer_list<int> kTimeFields = {5};
  // None: only the coordinator writes it.
  static std::vector<std::string> Administrations(const State&) { return {}; }
};

struct AdministrationAggregate {
  using State = domain::AdministrationState;
  using Event = domain::AdministrationEvent;
  static constexpr char kName[] = "administration";
  static constexpr char kFamily[] = "administrations";
  static constexpr char kStreamPrefix[] = "administration-";
  static absl::StatusOr<Event> Decode(const EventRecord& r) {
    return DecodeAdministrationEvent(r);
  }
  static absl::StatusOr<State> FromRow(absl::string_view bytes) {
    return DecodeAdministrationRow(bytes);
  }
  static constexpr char kVersionTag = 'a';
  static const std::string& Id(const State& s) { return s.info.id; }
  static absl::Time TimeOf(const State& s) { return s.changed.time; }
  static constexpr std::initializer_list<int> kTimeFields = {5};
  // None: only the coordinator writes it.
  static std::vector<std::string> Administrations(const State&) { return {}; }
};

// The alerts of one deadline; id "<subject>/<kind>/<YYYY-MM-DD>".
struct AlertAggregate {
  using State = domain::DeadlineAlertsState;
  using Event = domain::AlertEvent;
  static constexpr char kName[] = "alerts of deadline";
  static constexpr char kFamily[] = "alerts";
  static constexpr char kStreamPrefix[] = "alerts-";
  static absl::StatusOr<Event> Decode(const EventRecord& r) {
    return DecodeAlertEvent(r);
  }
  static absl::StatusOr<State> FromRow(absl::string_view bytes) {
    return DecodeDeadlineAlertsRow(bytes);
  }
  static constexpr char kVersionTag = 'l';
  // Not a field of the state: the id is derived from the deadline.
  static std::string Id(const State& s) {
    return domain::DeadlineAlertsId(s.deadline);
  }
  static absl::Time TimeOf(const State& s) { return s.changed.time; }
  static constexpr std::initializer_list<int> kTimeFields = {13};
  // Those the current alert is addressed to.
  static std::vector<std::string> Administrations(const State& s) {
    return s.current.audience.administrations;
  }
};

// Every projection family transpod opens.
inline std::vector<std::string> ProjectionFamilies() {
  std::vector<std::string> families = {
      DirectiveAggregate::kFamily, ProcedureAggregate::kFamily,
      CourtCaseAggregate::kFamily, AdministrationAggregate::kFamily,
      AlertAggregate::kFamily};
  for (std::string& family : IndexFamilies()) families.push_back(family);
  return families;
}

inline domain::Change ChangeOf(const EventRecord& record) {
  return domain::Change{record.record_time, record.actor};
}

// Which events a replay folds: those recorded at or before `as_of`, up to
// stream version `max_version` and log position `max_position`.
struct ReplayLimit {
  absl::Time as_of = absl::InfiniteFuture();
  uint64_t max_version = std::numeric_limits<uint64_t>::max();
  uint64_t max_position = std::numeric_limits<uint64_t>::max();
};

// A replayed state, with the position and record time of the last event
// folded into it (0 and InfinitePast if none).
template <typename State>
struct Replayed {
  State state;
  uint64_t position = 0;
  absl::Time time = absl::InfinitePast();
};

template <typename A>
struct Aggregates {
  using State = typename A::State;

  static std::string Stream(absl::string_view id) {
    return absl::StrCat(A::kStreamPrefix, id);
  }

  // The current state; a State that does not exist() if there is none.
  // DataLoss if the row is damaged.
  static absl::StatusOr<State> Load(EventLog& log, absl::string_view id) {
    auto row = log.GetProjection(A::kFamily, id);
    if (!row.ok()) return row.status();
    if (!row->has_value()) return State{};
    return Parse(id, **row);
  }

  // Appends the writes of one event taking the aggregate from `before` (its
  // index rows) to `after`: the row, the row of this version, the index
  // changes. A command and a rebuild write the same rows.
  static void RowWrites(const std::vector<IndexRow>& before, const State& after,
                        std::vector<ProjectionWrite>& out) {
    std::string row = EncodeRow(after);
    const std::string id = A::Id(after);
    out.push_back(
        {kRowVersions, VersionKey(A::kVersionTag, id, after.version), row});
    out.push_back({A::kFamily, id, std::move(row)});
    AppendIndexWrites(before, IndexRows(after), out);
  }

  // The state of `id` as of `as_of`, from its row versions (no replay):
  // one that does not exist() if it did not then.
  static absl::StatusOr<State> LoadAsOf(EventLog& log, absl::string_view id,
                                        absl::Time as_of) {
    std::optional<std::string> last;
    absl::Status damaged;
    absl::Status scanned =
        log.ScanProjection(kRowVersions, VersionPrefix(A::kVersionTag, id),
                           [&](absl::string_view key, absl::string_view row) {
                             auto state = A::FromRow(row);
                             if (!state.ok()) {
                               damaged = state.status();
                               return false;
                             }
                             if (A::TimeOf(*state) > as_of) return false;
                             last = std::string(row);
                             return true;
                           });
    if (!scanned.ok()) return scanned;
    if (!damaged.ok()) return damaged;
    if (!last.has_value()) return State{};
    return Parse(id, *last);
  }

  // The state of `id` as its event `version` left it, from its row
  // versions. NotFound if there is no such version.
  static absl::StatusOr<State> LoadVersion(EventLog& log, absl::string_view id,
                                           uint64_t version) {
    auto row = log.GetProjection(kRowVersions,
                                 VersionKey(A::kVersionTag, id, version));
    if (!row.ok()) return row.status();
    if (!row->has_value()) {
      return absl::NotFoundError(
          absl::StrCat(A::kName, " ", id, " has no version ", version));
    }
    return Parse(id, **row);
  }

  static absl::StatusOr<State> Parse(absl::string_view id,
                                     absl::string_view row) {
    auto state = A::FromRow(row);
    if (!state.ok()) {
      return absl::DataLossError(
          absl::StrCat(A::kName, " ", id, ": ", state.status().message()));
    }
    return state;
  }

  static absl::StatusOr<Replayed<State>> Replay(EventLog& log,
                                                absl::string_view id,
                                                const ReplayLimit& limit) {
    constexpr size_t kPage = 256;
    Replayed<State> replayed;
    const std::string stream = Stream(id);
    for (uint64_t from = 1;;) {
      auto page = log.ReadStream(stream, from, kPage);
      if (!page.ok()) return page.status();
      for (const EventRecord& record : *page) {
        if (record.version > limit.max_version ||
            record.position > limit.max_position) {
          return replayed;
        }
        if (record.record_time > limit.as_of) continue;
        auto event = A::Decode(record);
        if (!event.ok()) return event.status();
        Apply(replayed.state, *event, ChangeOf(record));
        replayed.position = record.position;
        replayed.time = record.record_time;
      }
      if (page->size() < kPage) return replayed;
      from = page->back().version + 1;
    }
  }

  // Every state as of `as_of`, in id order, folding the whole log.
  static absl::StatusOr<std::vector<State>> AllAsOf(EventLog& log,
                                                    absl::Time as_of) {
    constexpr size_t kPage = 1000;
    std::map<std::string, State> by_id;
    const uint64_t head = log.head();
    for (uint64_t from = 1; from <= head; from += kPage) {
      auto page = log.ReadAll(from, kPage);
      if (!page.ok()) return page.status();
      for (const EventRecord& record : *page) {
        if (record.record_time > as_of ||
            !absl::StartsWith(record.stream, A::kStreamPrefix)) {
          continue;
        }
        auto event = A::Decode(record);
        if (!event.ok()) return event.status();
        Apply(by_id[record.stream.substr(sizeof(A::kStreamPrefix) - 1)], *event,
              ChangeOf(record));
      }
      if (page->empty()) break;
    }
    std::vector<State> states;
    for (auto& [id, state] : by_id) {
      if (state.exists()) states.push_back(std::move(state));
    }
    return states;
  }
};

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_AGGREGATES_H_
