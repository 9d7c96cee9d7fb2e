// What the gRPC services share: the pieces they hold (ServiceContext), and
// the one way to run a write (Write) or read an aggregate (Read). Handlers
// only translate: these templates load, decide through the domain, append
// through the sequencer and answer.
//
// Thread-safety: ServiceContext is read-only once built; the templates are
// safe from any gRPC thread.

#ifndef TRANSPO_SERVER_SERVICE_SUPPORT_H_
#define TRANSPO_SERVER_SERVICE_SUPPORT_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/timestamp.pb.h"
#include "server/aggregates.h"
#include "server/clock.h"
#include "server/convert.h"
#include "server/grpc_status.h"
#include "server/paging.h"
#include "server/sequencer.h"
#include "storage/version_conflict.h"

namespace transpo {

// The domain's configurable rules.
struct DomainSettings {
  Calendar calendar;
  ReplyPolicy reply;
  DeadlinePolicy deadlines;
};

struct ServiceContext {
  EventLog& log;
  Sequencer& sequencer;
  const Clock& clock;
  const DomainSettings& settings;

  // The business day of `as_of`, or today.
  absl::CivilDay TodayAt(std::optional<absl::Time> as_of) const {
    return settings.calendar.Today(as_of.value_or(clock.Now()));
  }
};

// Finishes a unary call at once with `status`.
inline grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context,
                                        const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// The principal recorded with events: the "transpo-actor" metadata, until
// authentication lands; "anonymous" without it.
std::string ActorOf(const grpc::CallbackServerContext* context);

// nullopt when the request has no as_of.
std::optional<absl::Time> AsOf(bool has_as_of,
                               const google::protobuf::Timestamp& as_of);

// Validates the id of an aggregate of kind A (CELEX, INFR number, case).
template <typename A>
absl::Status ValidateId(absl::string_view field, const std::string& id);
template <>
absl::Status ValidateId<DirectiveAggregate>(absl::string_view field,
                                            const std::string& id);
template <>
absl::Status ValidateId<ProcedureAggregate>(absl::string_view field,
                                            const std::string& id);
template <>
absl::Status ValidateId<CourtCaseAggregate>(absl::string_view field,
                                            const std::string& id);

// Loads the state of `id` for a command, checks the client's etag, decides,
// applies and encodes the events with the new projection row. `out` receives
// the new state.
template <typename A, typename DecideFn>
absl::StatusOr<AppendRequest> StageCommand(
    CommandContext& context, const std::string& id, uint64_t expected_version,
    const std::string& actor, DecideFn& decide, typename A::State& out) {
  auto row = context.Row(A::kFamily, id);
  if (!row.ok()) return row.status();
  typename A::State state;
  if (row->has_value()) {
    auto loaded = A::FromRow(**row);
    if (!loaded.ok()) return loaded.status();
    state = *std::move(loaded);
  }
  const std::string stream = Aggregates<A>::Stream(id);
  if (expected_version != 0 && expected_version != state.version) {
    return VersionConflict{stream, ExpectedVersion::Exact(expected_version),
                           state.version}
        .ToStatus();
  }
  auto events = decide(state, context);
  if (!events.ok()) return events.status();
  AppendRequest append;
  append.stream = stream;
  append.expected = state.version == 0 ? ExpectedVersion::NoStream()
                                       : ExpectedVersion::Exact(state.version);
  append.actor = actor;
  const Change change{context.now(), actor};
  for (const auto& event : *events) {
    Apply(state, event, change);
    append.events.push_back(Encode(event));
  }
  append.projections.push_back({A::kFamily, id, A::Row(state)});
  out = std::move(state);
  return append;
}

// Runs a write command for aggregate `id` on the sequencer; answers with
// `respond(state)` once durable. A retried request id answers with the state
// its first execution left. `id_field` names the id in the request (for
// errors), e.g. "directive.celex".
//   decide: (const State&, CommandContext&) -> StatusOr<vector<Event>>
//   respond: (const State&) -> void or absl::Status, fills the response
template <typename A, typename DecideFn, typename Respond>
grpc::ServerUnaryReactor* Write(const ServiceContext& service,
                                grpc::CallbackServerContext* context,
                                const std::string& request_id, std::string id,
                                uint64_t expected_version, DecideFn decide,
                                Respond respond,
                                absl::string_view id_field = A::kIdField) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status valid = ValidateId<A>(id_field, id);
  if (!valid.ok()) {
    reactor->Finish(ToGrpcStatus(valid));
    return reactor;
  }
  auto state = std::make_shared<typename A::State>();
  service.sequencer.Submit(
      request_id,
      [state, id, expected_version, actor = ActorOf(context),
       decide = std::move(decide)](CommandContext& ctx) mutable {
        return StageCommand<A>(ctx, id, expected_version, actor, decide,
                               *state);
      },
      [&service, reactor, state, id, respond = std::move(respond)](
          absl::StatusOr<AppendResult> result) mutable {
        if (result.ok() && result->replayed) {
          // Answer as the first execution did, if it was for this resource.
          auto first = service.log.ReadAll(result->first_position, 1);
          if (!first.ok()) {
            result = first.status();
          } else if (first->empty() ||
                     first->front().stream != Aggregates<A>::Stream(id)) {
            result = absl::AlreadyExistsError(
                "request_id: already used for another request");
          } else {
            auto then =
                Aggregates<A>::Replay(service.log, id, absl::InfiniteFuture(),
                                      result->last_version());
            if (!then.ok()) {
              result = then.status();
            } else {
              *state = *std::move(then);
            }
          }
        }
        if (!result.ok()) {
          reactor->Finish(ToGrpcStatus(result.status()));
          return;
        }
        if constexpr (std::is_void_v<decltype(respond(*state))>) {
          respond(*state);
          reactor->Finish(grpc::Status::OK);
        } else {
          reactor->Finish(ToGrpcStatus(respond(*state)));
        }
      });
  return reactor;
}

// The state of `id` now or as of an instant; NotFound if it did not exist.
template <typename A>
absl::StatusOr<typename A::State> Read(const ServiceContext& service,
                                       const std::string& id,
                                       std::optional<absl::Time> as_of) {
  absl::Status valid = ValidateId<A>(A::kIdField, id);
  if (!valid.ok()) return valid;
  auto state = as_of.has_value()
                   ? Aggregates<A>::Replay(service.log, id, *as_of)
                   : Aggregates<A>::Load(service.log, id);
  if (!state.ok()) return state.status();
  if (!state->exists()) {
    return absl::NotFoundError(absl::StrCat(A::kName, " ", id, " not found",
                                            as_of ? " at that time" : ""));
  }
  return state;
}

// Every state now or as of an instant, in id order.
template <typename A>
absl::StatusOr<std::vector<typename A::State>> ReadAll(
    const ServiceContext& service, std::optional<absl::Time> as_of) {
  return as_of.has_value() ? Aggregates<A>::AllAsOf(service.log, *as_of)
                           : Aggregates<A>::All(service.log);
}

// What deriving fields (deadlines, overdue) needs, for the day of `as_of` or
// today: the settings and the procedures of that time.
inline absl::StatusOr<ReadContext> ReadAt(const ServiceContext& service,
                                          std::optional<absl::Time> as_of) {
  auto procedures = ReadAll<ProcedureAggregate>(service, as_of);
  if (!procedures.ok()) return procedures.status();
  return ReadContext{service.TodayAt(as_of), &service.settings.calendar,
                     service.settings.deadlines, *std::move(procedures)};
}

// One page of `states` (in id order) starting after the token's id.
template <typename State, typename IdOf>
absl::StatusOr<std::vector<const State*>> Page(const std::vector<State>& states,
                                               const std::string& token,
                                               int page_size, IdOf id_of,
                                               std::string& next_token) {
  auto start = PageStart(token);
  if (!start.ok()) return start.status();
  std::vector<const State*> page;
  for (const State& state : states) {
    if (!start->empty() && id_of(state) <= *start) continue;
    if (static_cast<int>(page.size()) == page_size) {
      next_token = NextPageToken(id_of(*page.back()));
      break;
    }
    page.push_back(&state);
  }
  return page;
}

}  // namespace transpo

#endif  // TRANSPO_SERVER_SERVICE_SUPPORT_H_
