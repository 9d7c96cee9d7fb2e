// Sequencer runs every write command of the server, one at a time, on one
// thread: it takes the batch of commands queued so far; for each, it answers
// a request id seen before with the stored result (nothing decided), or runs
// the command's decision against the current state (projection rows as
// staged by earlier commands of the same batch), and hands the resulting
// appends to the event log as one group: the log commits them in one atomic
// write with one fsync (a decision resting on an earlier one's staged rows is
// never durable without it); then every command's callback runs. Single
// writer: no lost updates.
//
// Callers never block: Submit queues and returns. Callbacks run on the
// sequencer thread and must not block: they hand the result to another
// thread (Commands uses a WorkQueue) for anything that takes time.
//
// Record times are whole microseconds (what the log stores), so a state
// staged here equals the same state replayed from the log, and never earlier
// than the record before, even if the clock goes back.
//
// Thread-safety: Submit may be called from any thread.
//
// Example:
//   sequencer.Submit(request_id,
//                    [&](CommandContext& ctx) { return Stage(ctx, ...); },
//                    [&](absl::StatusOr<AppendResult> r) { queue.Post(...); });

#ifndef TRANSPO_SERVER_APP_SEQUENCER_H_
#define TRANSPO_SERVER_APP_SEQUENCER_H_

#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/app/clock.h"
#include "server/domain/calendar.h"
#include "storage/event_log.h"

namespace transpo::app {

// What a decision sees besides the request: the time, and the projection rows
// with this batch's earlier writes applied.
class CommandContext {
 public:
  CommandContext(EventLog& log, absl::Time now, absl::CivilDay today)
      : log_(log), now_(now), today_(today) {}

  absl::Time now() const { return now_; }
  absl::CivilDay today() const { return today_; }

  // The row as earlier commands of this batch left it, else as stored.
  absl::StatusOr<std::optional<std::string>> Row(absl::string_view family,
                                                 absl::string_view key);
  // How many rows of `family` have keys starting with `prefix`, earlier
  // commands of this batch included. Reads every such row's key: for small
  // index ranges.
  absl::StatusOr<size_t> CountRows(absl::string_view family,
                                   absl::string_view prefix);
  // Makes `write` visible to later commands of the batch.
  void Stage(const ProjectionWrite& write);

 private:
  EventLog& log_;
  const absl::Time now_;
  const absl::CivilDay today_;
  std::map<std::pair<std::string, std::string>, std::optional<std::string>>
      staged_;
};

// Sees the rows of the families it wants, of every committed append, in
// commit order, on the sequencer thread (value empty: deleted), with the
// position of the append's last event. Must not block.
class RowObserver {
 public:
  virtual ~RowObserver() = default;
  virtual bool Wants(absl::string_view family) const = 0;
  virtual void OnCommittedRow(const ProjectionWrite& write,
                              uint64_t position) = 0;
};

class Sequencer {
 public:
  // Returns the append to make (at least one event), or an error that becomes
  // the command's answer with nothing written.
  using Decision =
      absl::AnyInvocable<absl::StatusOr<AppendRequest>(CommandContext&)>;
  // Receives the append's result; `replayed` when the request id was seen.
  using Done = absl::AnyInvocable<void(absl::StatusOr<AppendResult>) &&>;

  // `calendar` gives the business day of the clock's time. `rows`, if set,
  // must outlive the sequencer.
  Sequencer(EventLog& log, const Clock& clock, const domain::Calendar& calendar,
            RowObserver* rows = nullptr);
  // Finishes the queued commands; a command submitted from then on is
  // answered Unavailable at once.
  ~Sequencer();

  // `request_key` is what the request id stands for (WriteMeta::request_key):
  // the same id with another key is answered AlreadyExists.
  void Submit(std::string request_id, std::string request_key, Decision decide,
              Done done);

 private:
  struct Command {
    std::string request_id;
    std::string request_key;
    Decision decide;
    Done done;
  };

  void Run();
  void RunBatch(std::vector<Command>& batch);

  EventLog& log_;
  const Clock& clock_;
  const domain::Calendar& calendar_;
  RowObserver* const rows_;
  absl::Mutex mu_;
  std::vector<Command> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time last_time_ = absl::InfinitePast();  // sequencer thread only
  std::thread thread_;
};

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_SEQUENCER_H_
