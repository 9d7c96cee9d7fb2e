#include "server/app/sequencer.h"

#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace transpo::app {

absl::StatusOr<std::optional<std::string>> CommandContext::Row(
    absl::string_view family, absl::string_view key) {
  auto it = staged_.find({std::string(family), std::string(key)});
  if (it != staged_.end()) return it->second;
  return log_.GetProjection(family, key);
}

absl::StatusOr<size_t> CommandContext::CountRows(absl::string_view family,
                                                 absl::string_view prefix) {
  std::set<std::string> keys;
  absl::Status scanned = log_.ScanProjection(
      family, prefix, [&keys](absl::string_view key, absl::string_view) {
        keys.emplace(key);
        return true;
      });
  if (!scanned.ok()) return scanned;
  for (const auto& [row, value] : staged_) {
    if (row.first != family || !absl::StartsWith(row.second, prefix)) continue;
    if (value.has_value()) {
      keys.insert(row.second);
    } else {
      keys.erase(row.second);
    }
  }
  return keys.size();
}

void CommandContext::Stage(const ProjectionWrite& write) {
  staged_[{write.family, write.key}] = write.value;
}

Sequencer::Sequencer(EventLog& log, const Clock& clock,
                     const domain::Calendar& calendar, RowObserver* rows)
    : log_(log), clock_(clock), calendar_(calendar), rows_(rows) {
  // Record times never go back, whatever the clock does (a manual clock set
  // back, the system clock stepped back): as-of reads rely on it.
  if (log_.head() > 0) {
    auto last = log_.ReadAll(log_.head(), 1);
    if (last.ok() && !last->empty()) last_time_ = last->front().record_time;
  }
  thread_ = std::thread([this] { Run(); });
}

Sequencer::~Sequencer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void Sequencer::Submit(std::string request_id, std::string request_key,
                       Decision decide, Done done) {
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      queue_.push_back(Command{std::move(request_id), std::move(request_key),
                               std::move(decide), std::move(done)});
      return;
    }
  }
  std::move(done)(absl::UnavailableError("transpod is shutting down"));
}

void Sequencer::Run() {
  std::vector<Command> batch;
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return !queue_.empty() || stopping_;
      };
      mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;  // stopping, nothing left
      batch.swap(queue_);
    }
    RunBatch(batch);
    batch.clear();
  }
}

void Sequencer::RunBatch(std::vector<Command>& batch) {
  // Whole microseconds, as the log stores record times; never before the
  // last record.
  const absl::Time now =
      std::max(last_time_,
               absl::UnixEpoch() + absl::Floor(clock_.Now() - absl::UnixEpoch(),
                                               absl::Microseconds(1)));
  last_time_ = now;
  CommandContext context(log_, now, calendar_.Today(now));
  std::vector<absl::StatusOr<AppendResult>> results(
      batch.size(), absl::InternalError("not decided"));
  // Commands whose request id an earlier command of this batch carries: they
  // get that command's answer.
  std::vector<std::optional<size_t>> same_as(batch.size());
  absl::flat_hash_map<std::string, size_t> ids;
  std::vector<AppendRequest> appends;
  std::vector<size_t> append_of;  // batch index of each append

  for (size_t i = 0; i < batch.size(); ++i) {
    Command& command = batch[i];
    if (!command.request_id.empty()) {
      if (auto it = ids.find(command.request_id); it != ids.end()) {
        if (batch[it->second].request_key != command.request_key) {
          results[i] = absl::AlreadyExistsError(
              absl::StrCat("request_id: already used for a different request "
                           "(in flight)"));
        } else {
          same_as[i] = it->second;
        }
        continue;
      }
      ids.emplace(command.request_id, i);
      absl::StatusOr<std::optional<AppendResult>> seen =
          log_.LookupRequest(command.request_id, command.request_key);
      if (!seen.ok()) {
        results[i] = seen.status();
        continue;
      }
      if (seen->has_value()) {
        results[i] = **seen;
        continue;
      }
    }
    absl::StatusOr<AppendRequest> append = command.decide(context);
    if (!append.ok()) {
      results[i] = append.status();
      continue;
    }
    append->request_id = command.request_id;
    append->request_key = command.request_key;
    append->record_time = now;
    for (const ProjectionWrite& write : append->projections) {
      context.Stage(write);
    }
    appends.push_back(*std::move(append));
    append_of.push_back(i);
  }

  // One atomic write for the batch: a later decision may rest on what an
  // earlier one staged, so they are durable together or not at all.
  if (!appends.empty()) {
    // The observed rows of each append, handed over once it is committed.
    std::vector<std::vector<ProjectionWrite>> observed(appends.size());
    if (rows_ != nullptr) {
      for (size_t a = 0; a < appends.size(); ++a) {
        for (const ProjectionWrite& write : appends[a].projections) {
          if (rows_->Wants(write.family)) observed[a].push_back(write);
        }
      }
    }
    std::vector<absl::StatusOr<AppendResult>> committed =
        log_.AppendGroup(std::move(appends));
    for (size_t a = 0; a < committed.size(); ++a) {
      if (committed[a].ok() && !committed[a]->replayed) {
        for (const ProjectionWrite& write : observed[a]) {
          rows_->OnCommittedRow(write, committed[a]->last_position());
        }
      }
      results[append_of[a]] = std::move(committed[a]);
    }
  }

  for (size_t i = 0; i < batch.size(); ++i) {
    absl::StatusOr<AppendResult> result =
        same_as[i] ? results[*same_as[i]] : results[i];
    if (same_as[i] && result.ok()) result->replayed = true;
    std::move(batch[i].done)(std::move(result));
  }
}

}  // namespace transpo::app
