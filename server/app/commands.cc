#include "server/app/commands.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/app/access.h"
#include "server/app/conflict.h"
#include "server/app/indexes.h"
#include "server/domain/field_error.h"

namespace transpo::app {
namespace {

// Whether `concerns` names one of `scope`.
bool InScope(const std::vector<std::string>& concerns,
             const std::vector<std::string>& scope) {
  return std::any_of(concerns.begin(), concerns.end(), [&](const auto& a) {
    return std::find(scope.begin(), scope.end(), a) != scope.end();
  });
}

// Loads the state of `id` as the batch staged it, checks that it exists
// (unless the command `creates` it), the etag and the actor's scope, decides,
// applies and encodes the events with the new row and index rows; `out`
// receives the new state.
template <typename A, typename DecideFn>
absl::StatusOr<AppendRequest> Stage(CommandContext& context,
                                    const std::string& id,
                                    const WriteMeta& meta, bool creates,
                                    DecideFn& decide, typename A::State& out) {
  using State = typename A::State;
  auto row = context.Row(A::kFamily, id);
  if (!row.ok()) return row.status();
  State state;
  if (row->has_value()) {
    auto loaded = Aggregates<A>::Parse(id, **row);
    if (!loaded.ok()) return loaded.status();
    state = *std::move(loaded);
  }
  if (!state.exists() && !creates) {
    return absl::NotFoundError(absl::StrCat(A::kName, " ", id, " not found"));
  }
  const std::vector<std::string> concerns = A::Administrations(state);
  if (meta.scope.has_value() && !InScope(concerns, *meta.scope)) {
    return OutOfScopeError(meta.actor, *meta.scope,
                           absl::StrCat(A::kName, " ", id), concerns);
  }
  if (meta.expected_version != 0 && meta.expected_version != state.version) {
    return VersionConflictError(absl::StrCat(A::kName, " ", id),
                                meta.expected_version, state.version);
  }
  auto events = decide(state, context);
  if (!events.ok()) return events.status();
  if (events->empty()) return absl::InternalError("the decision wrote nothing");
  AppendRequest append;
  append.stream = Aggregates<A>::Stream(id);
  append.expected = state.exists() ? ExpectedVersion::Exact(state.version)
                                   : ExpectedVersion::NoStream();
  append.actor = meta.actor;
  const domain::Change change{context.now(), meta.actor};
  for (const auto& event : *events) {
    std::vector<IndexRow> before = IndexRows(state);
    Apply(state, event, change);
    append.events.push_back(Encode(event));
    Aggregates<A>::RowWrites(before, state, append.projections);
  }
  if (meta.scope.has_value() && A::Administrations(state) != concerns) {
    return absl::PermissionDeniedError(
        absl::StrCat("principal \"", meta.actor,
                     "\" (correspondent) may not change the "
                     "administrations ",
                     A::kName, " ", id, " concerns; only the coordinator may"));
  }
  out = std::move(state);
  return append;
}

// What the first execution of a request answered: the aggregate replayed up
// to the version that execution left.
template <typename A>
absl::StatusOr<Committed<typename A::State>> FirstAnswer(
    EventLog& log, const std::string& id, const std::string& request_id,
    const AppendResult& first) {
  auto record = log.ReadAll(first.first_position, 1);
  if (!record.ok()) return record.status();
  if (record->empty() || record->front().stream != Aggregates<A>::Stream(id)) {
    return absl::AlreadyExistsError(absl::StrCat(
        "request_id \"", domain::QuoteValue(request_id),
        "\": already used for another request (on ",
        record->empty() ? "another stream" : record->front().stream, ")"));
  }
  auto replayed = Aggregates<A>::Replay(
      log, id, ReplayLimit{.max_version = first.last_version()});
  if (!replayed.ok()) return replayed.status();
  return Committed<typename A::State>{std::move(replayed->state),
                                      replayed->position, replayed->time,
                                      /*replayed=*/true};
}

// The answer of a command that was committed at `position` but whose reply
// could not be read back: the client learns the write happened and how to
// get its answer.
absl::Status AnswerUnavailable(uint64_t position, const absl::Status& why) {
  return absl::UnavailableError(
      absl::StrCat("recorded at log position ", position,
                   ", but the answer could not be read (", why.message(),
                   "): send the request again with the same request_id to "
                   "get it"));
}

// The administration `id` as the batch staged it.
absl::StatusOr<std::optional<domain::AdministrationState>> FindAdministration(
    CommandContext& context, const std::string& id) {
  auto row = context.Row(AdministrationAggregate::kFamily, id);
  if (!row.ok()) return row.status();
  if (!row->has_value()) return std::nullopt;
  return Aggregates<AdministrationAggregate>::Parse(id, **row);
}

}  // namespace

template <typename A, typename DecideFn>
void Commands::Run(std::string id, WriteMeta meta, bool creates,
                   DecideFn decide, Reply<Committed<typename A::State>> reply) {
  using Result = Committed<typename A::State>;
  // Filled on the sequencer thread, read on a reply thread after the commit.
  auto staged = std::make_shared<Result>();
  std::string request_id = meta.request_id;
  std::string request_key = meta.request_key;
  // Both callbacks are built before Submit runs, in an unspecified order:
  // neither may move from what the other copies.
  Sequencer::Decision decision =
      [staged, id, meta = std::move(meta), creates,
       decide = std::move(decide)](CommandContext& context) mutable {
        staged->time = context.now();
        return Stage<A>(context, id, meta, creates, decide, staged->state);
      };
  sequencer_.Submit(
      request_id, std::move(request_key), std::move(decision),
      [this, staged, id = std::move(id), request_id,
       reply = std::move(reply)](absl::StatusOr<AppendResult> result) mutable {
        replies_.Post([this, staged, id = std::move(id),
                       request_id = std::move(request_id),
                       result = std::move(result),
                       reply = std::move(reply)]() mutable {
          if (!result.ok()) {
            std::move(reply)(result.status());
          } else if (result->replayed) {
            auto first = FirstAnswer<A>(log_, id, request_id, *result);
            if (!first.ok() && !absl::IsAlreadyExists(first.status())) {
              first =
                  AnswerUnavailable(result->last_position(), first.status());
            }
            std::move(reply)(std::move(first));
          } else {
            staged->position = result->last_position();
            std::move(reply)(std::move(*staged));
          }
        });
      });
}

void Commands::Directive(std::string celex, domain::DirectiveCommand command,
                         WriteMeta meta,
                         Reply<Committed<domain::DirectiveState>> reply) {
  const bool creates =
      std::holds_alternative<domain::RegisterDirective>(command);
  if (meta.scope.has_value() &&
      (creates || std::holds_alternative<domain::UpdateDirective>(command))) {
    // A correspondent writes dossiers, never the directive itself.
    std::move(reply)(absl::PermissionDeniedError(
        absl::StrCat("principal \"", meta.actor,
                     "\" (correspondent) may not write directive ", celex,
                     "; only the coordinator may")));
    return;
  }
  Run<DirectiveAggregate>(
      std::move(celex), std::move(meta), creates,
      [command = std::move(command)](const domain::DirectiveState& state,
                                     CommandContext& context) {
        return domain::Decide(
            state, command,
            {.today = context.today(),
             .administration = [&context](const std::string& id) {
               return FindAdministration(context, id);
             }});
      },
      std::move(reply));
}

void Commands::Dossier(std::string celex, domain::DirectiveCommand command,
                       WriteMeta meta, Reply<DossierView> reply) {
  Directive(
      std::move(celex), std::move(command), std::move(meta),
      [this, reply = std::move(reply)](
          absl::StatusOr<Committed<domain::DirectiveState>> committed) mutable {
        if (!committed.ok()) {
          std::move(reply)(committed.status());
          return;
        }
        std::move(reply)(queries_.DossierAt(*committed));
      });
}

void Commands::Procedure(std::string number, domain::ProcedureCommand command,
                         WriteMeta meta,
                         Reply<Committed<domain::ProcedureState>> reply) {
  const bool creates = std::holds_alternative<domain::OpenProcedure>(command);
  Run<ProcedureAggregate>(
      std::move(number), std::move(meta), creates,
      [this, command = std::move(command)](const domain::ProcedureState& state,
                                           CommandContext& context) {
        domain::ProcedureContext procedure{
            .today = context.today(),
            .calendar = &settings_.calendar,
            .reply = settings_.reply,
            .directive_exists =
                [&context](const std::string& celex) -> absl::StatusOr<bool> {
              auto row = context.Row(DirectiveAggregate::kFamily, celex);
              if (!row.ok()) return row.status();
              return row->has_value();
            },
            .procedures_concerning =
                [&context](const std::string& celex) {
                  return context.CountRows(kProceduresByCelexFamily, celex);
                }};
        return domain::Decide(state, command, procedure);
      },
      std::move(reply));
}

void Commands::CourtCase(std::string number, domain::CourtCaseCommand command,
                         WriteMeta meta,
                         Reply<Committed<domain::CourtCaseState>> reply) {
  const bool creates =
      std::holds_alternative<domain::RegisterCourtCase>(command);
  Run<CourtCaseAggregate>(
      std::move(number), std::move(meta), creates,
      [command = std::move(command)](const domain::CourtCaseState& state,
                                     CommandContext&) {
        return domain::Decide(state, command);
      },
      std::move(reply));
}

void Commands::Administration(
    std::string id, domain::AdministrationCommand command, WriteMeta meta,
    Reply<Committed<domain::AdministrationState>> reply) {
  const bool creates =
      std::holds_alternative<domain::RegisterAdministration>(command);
  Run<AdministrationAggregate>(
      std::move(id), std::move(meta), creates,
      [command = std::move(command)](const domain::AdministrationState& state,
                                     CommandContext&) {
        return domain::Decide(state, command);
      },
      std::move(reply));
}

void Commands::Alert(std::string deadline_id, domain::AlertCommand command,
                     WriteMeta meta,
                     Reply<Committed<domain::DeadlineAlertsState>> reply) {
  const bool creates = std::holds_alternative<domain::RaiseAlert>(command);
  Run<AlertAggregate>(
      std::move(deadline_id), std::move(meta), creates,
      [command = std::move(command)](const domain::DeadlineAlertsState& state,
                                     CommandContext&) {
        return domain::Decide(state, command);
      },
      std::move(reply));
}

}  // namespace transpo::app
