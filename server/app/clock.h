// Clock is where the server reads the time: nothing else reads the wall
// clock, so tests and demos can run on a manual clock.
//
// Thread-safety: Now() may be called from any thread; ManualClock's setters
// too.
//
// Example:
//   ManualClock clock(absl::FromCivil(absl::CivilMinute(2026, 1, 1, 8, 0),
//                                     absl::UTCTimeZone()));
//   clock.Advance(absl::Hours(24));

#ifndef TRANSPO_SERVER_APP_CLOCK_H_
#define TRANSPO_SERVER_APP_CLOCK_H_

#include <functional>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace transpo::app {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// Stands still until told to move; then calls its listener (set once, before
// the clock is shared), outside its lock.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(absl::Time start) : now_(start) {}
  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Set(absl::Time now) {
    {
      absl::MutexLock lock(&mu_);
      now_ = now;
    }
    if (on_change_) on_change_();
  }
  void Advance(absl::Duration by) {
    {
      absl::MutexLock lock(&mu_);
      now_ += by;
    }
    if (on_change_) on_change_();
  }
  void SetListener(std::function<void()> on_change) {
    on_change_ = std::move(on_change);
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
  std::function<void()> on_change_;
};

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_CLOCK_H_
