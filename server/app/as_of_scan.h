// The states of every aggregate of a kind as they stood at some instants,
// read from the row versions in one scan (no replay): time travel over a
// whole kind, for the lists and the note as of a day.
//
// Only each version's time is read off the wire (RowChangeTime); a version
// is copied only if an instant keeps it, and decoded once however many
// instants keep it. The cost grows with the versions of the kind.
//
// Thread-safety: one scan per object; the log is safe to read concurrently.

#ifndef TRANSPO_SERVER_APP_AS_OF_SCAN_H_
#define TRANSPO_SERVER_APP_AS_OF_SCAN_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
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

  explicit AsOfScan(std::vector<absl::Time> instants)
      : instants_(std::move(instants)),
        kept_(instants_.size(), kNone),
        states_(instants_.size(), nullptr) {}

  // Scans the row versions of the aggregates whose ids come after
  // `after_id` (all if empty), in id order (`cache`: kBypass for a whole
  // kind), and calls
  //   bool visit(absl::string_view id,
  //              absl::Span<const State* const> states, size_t bytes)
  // for each aggregate that existed at one of the instants at least, with
  // its state at each (nullptr: it did not exist then; instants that keep
  // the same version share its state) and the bytes of the versions
  // decoded. visit returns false to stop the scan. DataLoss if a version is
  // damaged.
  template <typename Visit>
  absl::Status Run(EventLog& log, absl::string_view after_id, ScanCache cache,
                   Visit visit) {
    const std::string tag(1, A::kVersionTag);
    const std::string from =
        after_id.empty()
            ? tag
            : VersionPrefix(A::kVersionTag, after_id) + std::string(8, '\xff');
    bool stopped = false;
    absl::Status scanned = log.ScanProjectionRange(
        kRowVersions, from, PrefixEnd(tag),
        [&](absl::string_view key, absl::string_view row) {
          const absl::string_view id = VersionKeyId(key);
          if (id != id_) {
            if (!Finish(visit)) {
              stopped = true;
              return false;
            }
            id_ = std::string(id);
          }
          return Keep(row);
        },
        cache);
    if (!scanned.ok()) return scanned;
    if (!failed_.ok()) return failed_;
    if (!stopped) Finish(visit);
    return failed_;
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  // Keeps `row` for the instants at or after its time.
  bool Keep(absl::string_view row) {
    auto time = RowChangeTime(row, A::kTimeFields);
    if (!time.ok()) {
      failed_ = absl::DataLossError(
          absl::StrCat(A::kName, " ", id_, ": ", time.status().message()));
      return false;
    }
    bool kept = false;
    for (size_t i = 0; i < instants_.size(); ++i) {
      if (*time <= instants_[i]) {
        kept_[i] = used_;
        kept = true;
      }
    }
    if (!kept) return true;
    if (used_ == rows_.size()) rows_.emplace_back();
    rows_[used_++].assign(row.data(), row.size());
    return true;
  }

  // Visits the aggregate read so far; false if visit stopped or failed.
  template <typename Visit>
  bool Finish(Visit& visit) {
    if (used_ == 0) return true;
    if (decoded_.size() < used_) decoded_.resize(used_);
    is_decoded_.assign(used_, false);
    size_t bytes = 0;
    for (size_t i = 0; i < instants_.size(); ++i) {
      const size_t slot = std::exchange(kept_[i], kNone);
      states_[i] = nullptr;
      if (slot == kNone) continue;
      if (!is_decoded_[slot]) {
        auto state = Aggregates<A>::Parse(id_, rows_[slot]);
        if (!state.ok()) {
          failed_ = state.status();
          return false;
        }
        decoded_[slot] = *std::move(state);
        is_decoded_[slot] = true;
        bytes += rows_[slot].size();
      }
      states_[i] = &decoded_[slot];
    }
    used_ = 0;
    return visit(absl::string_view(id_), absl::MakeConstSpan(states_), bytes);
  }

  const std::vector<absl::Time> instants_;
  std::vector<size_t> kept_;          // per instant, the slot of its version
  std::vector<const State*> states_;  // per instant, for visit
  // The versions kept of the aggregate being read, slots 0 to used_; the
  // buffers are reused from one aggregate to the next.
  std::vector<std::string> rows_;
  std::vector<State> decoded_;
  std::vector<bool> is_decoded_;
  size_t used_ = 0;
  std::string id_;
  absl::Status failed_;
};

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_AS_OF_SCAN_H_
