// The states of every aggregate of a kind as they stood at some instants,
// read from the row versions in one scan (no replay): time travel over a
// whole kind, for the lists and the note as of a day.
//
// Only each version's time is read off the wire (RowChangeTime); a version
// is copied only if an instant keeps it (over the one it replaces when no
// other instant keeps that), and decoded once however many instants keep
// it. The cost grows with the versions of the kind. Over a
// whole kind (Mode::kWholeKind) the versions are decoded and visited on a
// second thread while the scan reads on, and the scan leaves the block
// cache alone.
//
// Thread-safety: one Run at a time per object; the log is safe to read
// concurrently. `visit` runs on one thread at a time (in kWholeKind not the
// caller's), every call done when Run returns.

#ifndef TRANSPO_SERVER_APP_AS_OF_SCAN_H_
#define TRANSPO_SERVER_APP_AS_OF_SCAN_H_

#include <cstddef>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "server/app/aggregates.h"
#include "server/app/indexes.h"
#include "server/app/row_codec.h"
#include "storage/event_log.h"

namespace transpo::app {

template <typename A>
class AsOfScan {
 public:
  using State = typename A::State;

  enum class Mode {
    kPage,       // likely stopped early: one thread, blocks cached
    kWholeKind,  // every aggregate: decoded on a second thread, not cached
  };

  AsOfScan(std::vector<absl::Time> instants, Mode mode)
      : instants_(std::move(instants)),
        mode_(mode),
        states_(instants_.size(), nullptr) {}

  // Scans the row versions of the aggregates whose ids come after
  // `after_id` (all if empty), in id order, and calls
  //   bool visit(absl::string_view id,
  //              absl::Span<const State* const> states, size_t bytes)
  // for each aggregate that existed at one of the instants at least, with
  // its state at each (nullptr: it did not exist then; instants that keep
  // the same version share its state) and the bytes of the versions
  // decoded. visit returns false to stop the scan. DataLoss if a version is
  // damaged.
  template <typename Visit>
  absl::Status Run(EventLog& log, absl::string_view after_id, Visit visit) {
    return mode_ == Mode::kPage ? RunInline(log, after_id, visit)
                                : RunPipelined(log, after_id, visit);
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);
  // Aggregates handed at a time from the scan to the decoding thread.
  static constexpr size_t kBatch = 256;

  // The versions of one aggregate that the instants keep. The buffers are
  // reused from one aggregate to the next.
  struct Kept {
    std::string id;
    std::vector<std::string> rows;  // slots 0 to used
    size_t used = 0;
    std::vector<size_t> slot_at;  // per instant; kNone: none
  };

  struct Batch {
    std::vector<Kept> aggregates;  // 0 to size
    size_t size = 0;
  };

  // Calls `on_aggregate(Kept&)` for each aggregate read, `kept` its buffer
  // (the next one read goes to the Kept on_aggregate returns); on_aggregate
  // returns nullptr to stop. A damaged version stops the scan with DataLoss.
  template <typename OnAggregate>
  absl::Status Scan(EventLog& log, absl::string_view after_id, Kept* kept,
                    ScanCache cache, OnAggregate on_aggregate) {
    const std::string tag(1, A::kVersionTag);
    const std::string from =
        after_id.empty()
            ? tag
            : VersionPrefix(A::kVersionTag, after_id) + std::string(8, '\xff');
    Reset(*kept, "");
    absl::Status failed;
    bool stopped = false;
    absl::Status scanned = log.ScanProjectionRange(
        kRowVersions, from, PrefixEnd(tag),
        [&](absl::string_view key, absl::string_view row) {
          const absl::string_view id = VersionKeyId(key);
          if (id != kept->id) {
            if (kept->used > 0) kept = on_aggregate(*kept);
            if (kept == nullptr) {
              stopped = true;
              return false;
            }
            Reset(*kept, id);
          }
          failed = Keep(*kept, row);
          return failed.ok();
        },
        cache);
    if (!scanned.ok()) return scanned;
    if (!failed.ok()) return failed;
    if (!stopped && kept->used > 0) on_aggregate(*kept);
    return absl::OkStatus();
  }

  void Reset(Kept& kept, absl::string_view id) const {
    kept.id.assign(id.data(), id.size());
    kept.used = 0;
    kept.slot_at.assign(instants_.size(), kNone);
  }

  // Keeps `row` for the instants at or after its time.
  absl::Status Keep(Kept& kept, absl::string_view row) const {
    auto time = RowChangeTime(row, A::kTimeFields);
    if (!time.ok()) {
      return absl::DataLossError(
          absl::StrCat(A::kName, " ", kept.id, ": ", time.status().message()));
    }
    // The last slot is overwritten when only instants that take this row
    // kept it: a kind read as of one instant holds one row an aggregate.
    bool any = false;
    bool last_still_kept = false;
    for (size_t i = 0; i < instants_.size(); ++i) {
      if (*time <= instants_[i]) {
        any = true;
      } else if (kept.used > 0 && kept.slot_at[i] == kept.used - 1) {
        last_still_kept = true;
      }
    }
    if (!any) return absl::OkStatus();
    const size_t slot =
        kept.used > 0 && !last_still_kept ? kept.used - 1 : kept.used;
    for (size_t i = 0; i < instants_.size(); ++i) {
      if (*time <= instants_[i]) kept.slot_at[i] = slot;
    }
    if (slot == kept.rows.size()) kept.rows.emplace_back();
    kept.rows[slot].assign(row.data(), row.size());
    kept.used = slot + 1;
    return absl::OkStatus();
  }

  // Decodes the versions `kept` holds and visits them. False if visit
  // stopped or a version is damaged (then in failed_).
  template <typename Visit>
  bool DecodeAndVisit(const Kept& kept, Visit& visit) {
    if (decoded_.size() < kept.used) decoded_.resize(kept.used);
    is_decoded_.assign(kept.used, false);
    size_t bytes = 0;
    for (size_t i = 0; i < instants_.size(); ++i) {
      const size_t slot = kept.slot_at[i];
      states_[i] = nullptr;
      if (slot == kNone) continue;
      if (!is_decoded_[slot]) {
        auto state = Aggregates<A>::Parse(kept.id, kept.rows[slot]);
        if (!state.ok()) {
          failed_ = state.status();
          return false;
        }
        decoded_[slot] = *std::move(state);
        is_decoded_[slot] = true;
        bytes += kept.rows[slot].size();
      }
      states_[i] = &decoded_[slot];
    }
    return visit(absl::string_view(kept.id), absl::MakeConstSpan(states_),
                 bytes);
  }

  template <typename Visit>
  absl::Status RunInline(EventLog& log, absl::string_view after_id,
                         Visit& visit) {
    Kept kept;
    absl::Status scanned =
        Scan(log, after_id, &kept, ScanCache::kFill, [&](Kept& read) {
          return DecodeAndVisit(read, visit) ? &read : nullptr;
        });
    if (!failed_.ok()) return failed_;
    return scanned;
  }

  // The scan fills batches that a second thread decodes and visits; two
  // batches go back and forth.
  template <typename Visit>
  absl::Status RunPipelined(EventLog& log, absl::string_view after_id,
                            Visit& visit) {
    Pipe pipe;
    std::thread decoder([&] {
      while (Batch* batch = pipe.NextFull()) {
        bool go_on = true;
        for (size_t i = 0; i < batch->size && go_on; ++i) {
          go_on = DecodeAndVisit(batch->aggregates[i], visit);
        }
        batch->size = 0;
        pipe.Release(batch, go_on);
        if (!go_on) return;
      }
    });
    Batch* batch = pipe.NextFree();
    absl::Status scanned = Scan(log, after_id, Slot(*batch), ScanCache::kBypass,
                                [&](Kept&) -> Kept* {
                                  if (++batch->size == kBatch) {
                                    pipe.Fill(batch);
                                    batch = pipe.NextFree();
                                    if (batch == nullptr) return nullptr;
                                  }
                                  return Slot(*batch);
                                });
    if (batch != nullptr) pipe.Fill(batch);
    pipe.Close();
    decoder.join();
    if (!failed_.ok()) return failed_;
    return scanned;
  }

  // The next Kept of `batch` to read into.
  static Kept* Slot(Batch& batch) {
    if (batch.size == batch.aggregates.size()) batch.aggregates.emplace_back();
    return &batch.aggregates[batch.size];
  }

  // The batches between the scanning and the decoding thread.
  class Pipe {
   public:
    Pipe() {
      for (Batch& b : batches_) free_.push_back(&b);
    }
    // A batch to fill; nullptr once the decoder stopped.
    Batch* NextFree() {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &Pipe::CanFill));
      if (stopped_) return nullptr;
      Batch* batch = free_.back();
      free_.pop_back();
      return batch;
    }
    void Fill(Batch* batch) {
      absl::MutexLock lock(&mu_);
      full_.push_back(batch);
    }
    void Close() {
      absl::MutexLock lock(&mu_);
      closed_ = true;
    }
    // The next batch to decode, in order; nullptr once closed and drained.
    Batch* NextFull() {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &Pipe::CanDecode));
      if (full_.empty()) return nullptr;
      Batch* batch = full_.front();
      full_.erase(full_.begin());
      return batch;
    }
    // Gives a decoded batch back; `go_on` false stops the scan.
    void Release(Batch* batch, bool go_on) {
      absl::MutexLock lock(&mu_);
      free_.push_back(batch);
      if (!go_on) stopped_ = true;
    }

   private:
    bool CanFill() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return stopped_ || !free_.empty();
    }
    bool CanDecode() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return closed_ || !full_.empty();
    }

    Batch batches_[2];
    absl::Mutex mu_;
    std::vector<Batch*> free_ ABSL_GUARDED_BY(mu_);
    std::vector<Batch*> full_ ABSL_GUARDED_BY(mu_);  // in scan order
    bool closed_ ABSL_GUARDED_BY(mu_) = false;
    bool stopped_ ABSL_GUARDED_BY(mu_) = false;
  };

  const std::vector<absl::Time> instants_;
  const Mode mode_;
  // Used by the thread that decodes and visits.
  std::vector<const State*> states_;  // per instant, for visit
  std::vector<State> decoded_;        // per slot
  std::vector<bool> is_decoded_;
  absl::Status failed_;
};

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_AS_OF_SCAN_H_
