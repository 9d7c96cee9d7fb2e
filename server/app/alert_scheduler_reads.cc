// AlertScheduler's reads of its plans: the forecast, and what tests and
// benchmarks look at. The scheduling itself is in alert_scheduler.cc.

#include <algorithm>
#include <tuple>

#include "server/app/alert_scheduler.h"

namespace transpo::app {

std::vector<ForecastedAlert> AlertScheduler::Forecast(
    absl::Time until, const std::string& administration, size_t max,
    bool& truncated) const {
  const absl::Time now = clock_.Now();
  std::vector<ForecastedAlert> out;
  absl::ReaderMutexLock lock(&mu_);
  // Only the deadlines with something due by `until`: the timeline holds
  // each deadline's next instant, which is no later than its next rule.
  for (auto next = timeline_.begin();
       next != timeline_.end() && next->first <= until; ++next) {
    auto ref = deadlines_.find(next->second);
    if (ref == deadlines_.end()) continue;
    auto subject = subjects_.find(ref->second.subject);
    const domain::DeadlinePlan* d = FindPlan(ref->second);
    if (subject == subjects_.end() || d == nullptr) continue;
    const SubjectPlan& plan = subject->second;
    if (!administration.empty() &&
        std::find(plan.administrations.begin(), plan.administrations.end(),
                  administration) == plan.administrations.end()) {
      continue;
    }
    for (const domain::PlannedAlert& a : d->alerts) {
      if (a.fire_at <= now || a.fire_at > until) continue;
      out.push_back({d->ref, d->description, a, plan.celex, plan.title,
                     plan.administrations});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const ForecastedAlert& a, const ForecastedAlert& b) {
              return std::tie(a.planned.fire_at, a.planned.key) <
                     std::tie(b.planned.fire_at, b.planned.key);
            });
  truncated = out.size() > max;
  if (truncated) out.resize(max);
  return out;
}

size_t AlertScheduler::tracked_deadlines() const {
  absl::ReaderMutexLock lock(&mu_);
  return deadlines_.size();
}

size_t AlertScheduler::timeline_size() const {
  absl::ReaderMutexLock lock(&mu_);
  return timeline_.size();
}

void AlertScheduler::TickForTest() { Tick(clock_.Now()); }

}  // namespace transpo::app
