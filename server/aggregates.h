// Where each aggregate lives in the log and how its state is read back.
//
// An aggregate has a stream ("<prefix><id>") of events and a projection row
// ("<family>"/<id>) holding its current state, written atomically with its
// events. Load() reads the row (no replay); Replay() folds the stream up to
// an instant or a version (as-of reads, answers to retried requests);
// AllAsOf() folds the whole log (as-of lists).
//
// Thread-safety: stateless; safe wherever the EventLog is.
//
// Example:
//   absl::StatusOr<DirectiveState> state =
//       Aggregates<DirectiveAggregate>::Load(log, "32019L1937");

#ifndef TRANSPO_SERVER_AGGREGATES_H_
#define TRANSPO_SERVER_AGGREGATES_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/convert.h"
#include "server/event_codec.h"
#include "storage/event_log.h"

namespace transpo {

struct DirectiveAggregate {
  using State = DirectiveState;
  static constexpr char kName[] = "directive";
  static constexpr char kIdField[] = "celex";
  static constexpr char kFamily[] = "directives";
  static constexpr char kStreamPrefix[] = "directive-";
  static absl::StatusOr<DirectiveEvent> Decode(const EventRecord& r) {
    return DecodeDirectiveEvent(r);
  }
  static std::string Row(const State& s) {
    return ToSnapshot(s).SerializeAsString();
  }
  static absl::StatusOr<State> FromRow(absl::string_view bytes) {
    v1::DirectiveSnapshot snapshot;
    if (!snapshot.ParseFromArray(bytes.data(),
                                 static_cast<int>(bytes.size()))) {
      return absl::DataLossError("directive row does not parse");
    }
    return FromSnapshot(snapshot);
  }
};

struct ProcedureAggregate {
  using State = ProcedureState;
  static constexpr char kName[] = "procedure";
  static constexpr char kIdField[] = "number";
  static constexpr char kFamily[] = "procedures";
  static constexpr char kStreamPrefix[] = "procedure-";
  static absl::StatusOr<ProcedureEvent> Decode(const EventRecord& r) {
    return DecodeProcedureEvent(r);
  }
  static std::string Row(const State& s) {
    return ToProtoProcedure(s).SerializeAsString();
  }
  static absl::StatusOr<State> FromRow(absl::string_view bytes) {
    v1::InfringementProcedure row;
    if (!row.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return absl::DataLossError("procedure row does not parse");
    }
    return FromSnapshot(row);
  }
};

struct CourtCaseAggregate {
  using State = CourtCaseState;
  static constexpr char kName[] = "court case";
  static constexpr char kIdField[] = "number";
  static constexpr char kFamily[] = "court_cases";
  static constexpr char kStreamPrefix[] = "court-case-";
  static absl::StatusOr<CourtCaseEvent> Decode(const EventRecord& r) {
    return DecodeCourtCaseEvent(r);
  }
  static std::string Row(const State& s) {
    return ToProtoCourtCase(s).SerializeAsString();
  }
  static absl::StatusOr<State> FromRow(absl::string_view bytes) {
    v1::CourtCase row;
    if (!row.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return absl::DataLossError("court case row does not parse");
    }
    return FromSnapshot(row);
  }
};

// Every projection family transpod opens.
inline std::vector<std::string> ProjectionFamilies() {
  return {DirectiveAggregate::kFamily, ProcedureAggregate::kFamily,
          CourtCaseAggregate::kFamily};
}

inline Change ChangeOf(const EventRecord& record) {
  return Change{record.record_time, record.actor};
}

template <typename A>
struct Aggregates {
  using State = typename A::State;

  static std::string Stream(absl::string_view id) {
    return absl::StrCat(A::kStreamPrefix, id);
  }

  static absl::StatusOr<State> Load(EventLog& log, absl::string_view id) {
    auto row = log.GetProjection(A::kFamily, id);
    if (!row.ok()) return row.status();
    if (!row->has_value()) return State{};
    auto state = A::FromRow(**row);
    if (!state.ok()) {
      return absl::DataLossError(
          absl::StrCat(A::kName, " ", id, ": ", state.status().message()));
    }
    return state;
  }

  // Events recorded at or before `as_of`, up to version `max_version`.
  static absl::StatusOr<State> Replay(EventLog& log, absl::string_view id,
                                      absl::Time as_of,
                                      uint64_t max_version = ~uint64_t{0}) {
    State state;
    const std::string stream = Stream(id);
    for (uint64_t from = 1;;) {
      auto page = log.ReadStream(stream, from, 256);
      if (!page.ok()) return page.status();
      for (const EventRecord& record : *page) {
        if (record.version > max_version) return state;
        if (record.record_time > as_of) continue;
        auto event = A::Decode(record);
        if (!event.ok()) return event.status();
        Apply(state, *event, ChangeOf(record));
      }
      if (page->size() < 256) return state;
      from = page->back().version + 1;
    }
  }

  // Every current state, in id order.
  static absl::StatusOr<std::vector<State>> All(EventLog& log) {
    std::vector<State> states;
    absl::Status failed;
    absl::Status scanned = log.ScanProjection(
        A::kFamily, "", [&](absl::string_view key, absl::string_view value) {
          auto state = A::FromRow(value);
          if (!state.ok()) {
            failed = absl::DataLossError(absl::StrCat(
                A::kName, " ", key, ": ", state.status().message()));
            return false;
          }
          states.push_back(*std::move(state));
          return true;
        });
    if (!scanned.ok()) return scanned;
    if (!failed.ok()) return failed;
    return states;
  }

  // Every state as of `as_of`, in id order, folding the whole log.
  static absl::StatusOr<std::vector<State>> AllAsOf(EventLog& log,
                                                    absl::Time as_of) {
    std::map<std::string, State> by_id;
    const uint64_t head = log.head();
    for (uint64_t from = 1; from <= head; from += 1000) {
      auto page = log.ReadAll(from, 1000);
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
    }
    std::vector<State> states;
    for (auto& [id, state] : by_id) states.push_back(std::move(state));
    return states;
  }
};

}  // namespace transpo

#endif  // TRANSPO_SERVER_AGGREGATES_H_
