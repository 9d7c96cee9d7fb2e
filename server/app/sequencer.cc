#include "server/app/sequencer.h"

#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace transpo::app {

absl::StatusOr<std::optional<std::string>> CommandContext::Row(
    absl::string_view family, absl::string_view key) {
  const std::pair<std::string, std::string> row(family, key);
  if (auto it = staged_.find(row); it != staged_.end()) return it->second;
  if (below_ != nullptr) {
    if (auto it = below_->find(row); it != below_->end()) return it->second;
  }
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
  auto apply = [&](const Rows& rows) {
    for (const auto& [row, value] : rows) {
      if (row.first != family || !absl::StartsWith(row.second, prefix)) {
        continue;
      }
      if (value.has_value()) {
        keys.insert(row.second);
      } else {
        keys.erase(row.second);
      }
    }
  };
  if (below_ != nullptr) apply(*below_);
  apply(staged_);
  return keys.size();
}

void CommandContext::Stage(const ProjectionWrite& write) {
  staged_[{write.family, write.key}] = write.value;
}

Sequencer::Sequencer(EventLog& log, const Clock& clock,
                     const domain::Calendar& calendar)
    : log_(log), clock_(clock), calendar_(calendar) {
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
  std::shared_ptr<Flight> committing;  // handed to the log, maybe unanswered
  for (;;) {
    std::vector<Command> batch;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return !queue_.empty() || stopping_;
      };
      mu_.Await(absl::Condition(&ready));
      batch.swap(queue_);
    }
    if (batch.empty()) break;  // stopping, nothing left
    // Decided on top of the last batch only while that one is in the log.
    Flight* below =
        committing != nullptr && !committing->answered.HasBeenNotified()
            ? committing.get()
            : nullptr;
    std::shared_ptr<Flight> flight = Decide(std::move(batch), below);
    Send(flight, below);
    committing = std::move(flight);
  }
  if (committing != nullptr) committing->answered.WaitForNotification();
}

std::shared_ptr<Sequencer::Flight> Sequencer::Decide(std::vector<Command> batch,
                                                     const Flight* below) {
  // Whole microseconds, as the log stores record times; never before the
  // last record.
  const absl::Time now =
      std::max(last_time_,
               absl::UnixEpoch() + absl::Floor(clock_.Now() - absl::UnixEpoch(),
                                               absl::Microseconds(1)));
  last_time_ = now;
  auto flight = std::make_shared<Flight>();
  Flight& f = *flight;
  f.commands = std::move(batch);
  f.results.assign(f.commands.size(), absl::InternalError("not decided"));
  f.same_as.resize(f.commands.size());
  CommandContext context(log_, now, calendar_.Today(now),
                         below != nullptr ? &below->staged : nullptr);

  for (size_t i = 0; i < f.commands.size(); ++i) {
    Command& command = f.commands[i];
    if (!command.request_id.empty()) {
      if (auto it = f.ids.find(command.request_id); it != f.ids.end()) {
        if (f.commands[it->second].request_key != command.request_key) {
          f.results[i] = absl::AlreadyExistsError(
              "request_id: already used for a different request (in flight)");
        } else {
          f.same_as[i] = it->second;
        }
        continue;
      }
      f.ids.emplace(command.request_id, i);
      if (below != nullptr) {
        // Written by the batch being committed: answered as that one (Send).
        if (auto it = below->writing.find(command.request_id);
            it != below->writing.end()) {
          if (below->commands[it->second].request_key != command.request_key) {
            f.results[i] = absl::AlreadyExistsError(
                "request_id: already used for a different request (in "
                "flight)");
          }
          continue;
        }
      }
      absl::StatusOr<std::optional<AppendResult>> seen =
          log_.LookupRequest(command.request_id, command.request_key);
      if (!seen.ok()) {
        f.results[i] = seen.status();
        continue;
      }
      if (seen->has_value()) {
        f.results[i] = **seen;
        continue;
      }
    }
    absl::StatusOr<AppendRequest> append = command.decide(context);
    if (!append.ok()) {
      f.results[i] = append.status();
      continue;
    }
    append->request_id = command.request_id;
    append->request_key = command.request_key;
    append->record_time = now;
    for (const ProjectionWrite& write : append->projections) {
      context.Stage(write);
    }
    f.appends.push_back(*std::move(append));
    f.append_of.push_back(i);
    if (!command.request_id.empty()) f.writing.emplace(command.request_id, i);
  }
  f.staged = context.TakeStaged();
  return flight;
}

void Sequencer::Send(const std::shared_ptr<Flight>& flight, Flight* below) {
  Flight& f = *flight;
  if (below != nullptr) {
    below->answered.WaitForNotification();
    if (below->failed) {
      // Decided on rows that were never written: nothing of it may be.
      for (auto& result : f.results) {
        result = absl::UnavailableError(
            "not recorded: an earlier write it was decided with failed; send "
            "the request again");
      }
      // Answered now, before the next batch is decided: that one reads
      // neither its rows nor its request ids.
      f.same_as.assign(f.same_as.size(), std::nullopt);
      f.appends.clear();
      f.append_of.clear();
      f.staged.clear();
      f.writing.clear();
    } else {
      for (size_t i = 0; i < f.commands.size(); ++i) {
        const std::string& id = f.commands[i].request_id;
        if (id.empty() || f.ids.at(id) != i) continue;
        auto it = below->writing.find(id);
        if (it == below->writing.end() ||
            below->commands[it->second].request_key !=
                f.commands[i].request_key) {
          continue;
        }
        f.results[i] = below->results[it->second];
        if (f.results[i].ok()) f.results[i]->replayed = true;
      }
    }
  }
  if (f.appends.empty()) {
    Answer(f);
    return;
  }
  // One atomic write for the batch: a later decision may rest on what an
  // earlier one staged, so they are durable together or not at all.
  f.pending = f.appends.size();
  std::vector<EventLog::AppendCallback> callbacks;
  callbacks.reserve(f.appends.size());
  for (size_t a = 0; a < f.appends.size(); ++a) {
    callbacks.push_back(
        [flight, i = f.append_of[a]](absl::StatusOr<AppendResult> r) {
          flight->results[i] = std::move(r);
          if (--flight->pending == 0) Answer(*flight);
        });
  }
  log_.AppendGroupAsync(std::move(f.appends), std::move(callbacks));
}

void Sequencer::Answer(Flight& f) {
  for (size_t i = 0; i < f.commands.size(); ++i) {
    if (f.same_as[i]) {
      f.results[i] = f.results[*f.same_as[i]];
      if (f.results[i].ok()) f.results[i]->replayed = true;
    }
  }
  for (size_t i : f.append_of) {
    if (!f.results[i].ok()) f.failed = true;
  }
  for (size_t i = 0; i < f.commands.size(); ++i) {
    std::move(f.commands[i].done)(f.results[i]);
  }
  f.answered.Notify();
}

}  // namespace transpo::app
