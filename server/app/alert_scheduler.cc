#include "server/app/alert_scheduler.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/app/aggregates.h"
#include "server/app/alert_subjects.h"
#include "server/app/indexes.h"

namespace transpo::app {
namespace {

constexpr char kActor[] = "transpod";
// How long a command that failed for want of storage waits to be tried again.
constexpr absl::Duration kRetry = absl::Minutes(1);
// The longest the thread sleeps without looking at the clock (a system clock
// may jump).
constexpr absl::Duration kMaxSleep = absl::Seconds(60);
constexpr size_t kPage = 1000;
// Most commands in flight at once: a catch-up after downtime does not flood
// the sequencer (other writes go on meanwhile).
constexpr size_t kMaxInFlight = 64;
constexpr char kGone[] = "the deadline is met, was moved or no longer applies";

void Warn(absl::string_view what, const absl::Status& status) {
  std::fprintf(stderr, "transpod: alert scheduler: %s: %s\n",
               std::string(what).c_str(), status.ToString().c_str());
}

// The keys of `family` (a whole projection family).
absl::StatusOr<std::vector<std::string>> Keys(EventLog& log, const char* family,
                                              absl::string_view prefix = "") {
  std::vector<std::string> keys;
  absl::Status scanned = log.ScanProjection(
      family, prefix, [&](absl::string_view key, absl::string_view) {
        keys.emplace_back(key);
        return true;
      });
  if (!scanned.ok()) return scanned;
  return keys;
}

}  // namespace

AlertScheduler::AlertScheduler(EventLog& log, const Clock& clock,
                               const DomainSettings& settings,
                               Commands& commands)
    : log_(log), clock_(clock), settings_(settings), commands_(commands) {}

AlertScheduler::~AlertScheduler() { Stop(); }

void AlertScheduler::Start() {
  watch_ = log_.Watch([this](uint64_t head) {
    absl::MutexLock lock(&wake_mu_);
    head_ = head;
  });
  thread_ = std::thread([this] { Run(); });
}

void AlertScheduler::Stop() {
  {
    absl::MutexLock lock(&wake_mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  {
    // The commands submitted answer once the sequencer has run them (it is
    // still there: the App stops the scheduler first).
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](std::set<std::string>* in_flight) { return in_flight->empty(); },
        &in_flight_));
  }
  watch_.reset();  // not under mu_: the log calls the watch holding its own
}

void AlertScheduler::Wake() {
  absl::MutexLock lock(&wake_mu_);
  wake_ = true;
}

bool AlertScheduler::stopping() {
  absl::MutexLock lock(&wake_mu_);
  return stopping_;
}

bool AlertScheduler::AwaitQuiet(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  for (;;) {
    // Read before taking mu_: the log and the clock have locks of their own.
    const uint64_t head = log_.head();
    const absl::Time now = clock_.Now();
    {
      absl::MutexLock lock(&mu_);
      absl::MutexLock wake_lock(&wake_mu_);
      if (loaded_ && position_ >= head && ticked_ >= now &&
          in_flight_.empty() && pending_.empty() && !wake_ && !busy_ &&
          retry_.empty()) {
        return true;
      }
    }
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(2));
  }
}

void AlertScheduler::Run() {
  LoadAll();
  std::set<std::string> pending;
  for (;;) {
    CatchUp();
    const absl::Time now = clock_.Now();
    for (const std::string& id : pending) {
      auto alerts = Aggregates<AlertAggregate>::Load(log_, id);
      absl::MutexLock lock(&mu_);
      if (!alerts.ok()) {
        Warn(id, alerts.status());
        Schedule(id, now + kRetry);  // looked at again, not forgotten
        continue;
      }
      Schedule(id, NextInstant(id, *alerts, now));
    }
    pending.clear();
    Tick(now);
    const absl::Time ticked = clock_.Now();
    absl::Duration sleep = kMaxSleep;
    bool retry = false;
    {
      absl::MutexLock lock(&mu_);
      if (!timeline_.empty()) {
        sleep = std::min(sleep, timeline_.begin()->first - ticked);
      }
      retry = !retry_.empty();
      if (in_flight_.size() >= kMaxInFlight) sleep = kMaxSleep;  // answers wake
    }
    // After a read error: look again in a while, not at once.
    if (retry) sleep = std::min(sleep, absl::Seconds(1));
    absl::MutexLock lock(&wake_mu_);
    busy_ = false;
    auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(wake_mu_) {
      return stopping_ || wake_ || head_ > read_to_ || !pending_.empty();
    };
    if (sleep > absl::ZeroDuration()) {
      wake_mu_.AwaitWithTimeout(absl::Condition(&ready), sleep);
    }
    if (stopping_) return;
    busy_ = true;
    wake_ = false;
    pending.swap(pending_);
  }
}

void AlertScheduler::LoadAll() {
  const uint64_t head = log_.head();
  std::vector<std::string> subjects;
  for (const auto& [family, prefix] :
       {std::pair{DirectiveAggregate::kFamily,
                  DirectiveAggregate::kStreamPrefix},
        std::pair{ProcedureAggregate::kFamily,
                  ProcedureAggregate::kStreamPrefix},
        std::pair{CourtCaseAggregate::kFamily,
                  CourtCaseAggregate::kStreamPrefix}}) {
    auto keys = Keys(log_, family);
    if (!keys.ok()) {
      Warn("reading the subjects", keys.status());
      continue;
    }
    for (const std::string& key : *keys) subjects.push_back(prefix + key);
  }
  for (const std::string& subject : subjects) {
    if (stopping()) return;
    Replan(subject);
  }
  // Open alerts whose rule repeats.
  auto open = Keys(log_, kAlertsOpen);
  if (!open.ok()) Warn("reading the open alerts", open.status());
  const absl::Time now = clock_.Now();
  for (const std::string& id : open.ok() ? *open : std::vector<std::string>()) {
    auto alerts = Aggregates<AlertAggregate>::Load(log_, id);
    if (!alerts.ok()) {
      Warn(id, alerts.status());
      continue;
    }
    absl::MutexLock lock(&mu_);
    deadlines_.emplace(id, alerts->deadline);
    Schedule(id, NextInstant(id, *alerts, now));
  }
  absl::MutexLock lock(&mu_);
  position_ = head;
  loaded_ = true;
  absl::MutexLock wake_lock(&wake_mu_);
  read_to_ = head;
}

void AlertScheduler::CatchUp() {
  uint64_t from;
  {
    absl::MutexLock lock(&mu_);
    from = position_ + 1;
  }
  const uint64_t head = log_.head();
  std::set<std::string> subjects;
  std::set<std::string> alerts;
  for (uint64_t at = from; at <= head;) {
    auto page = log_.ReadAll(at, kPage);
    if (!page.ok()) {
      Warn("reading the log", page.status());
      return;  // tried again on the next wake
    }
    if (page->empty()) break;
    for (const EventRecord& record : *page) {
      const std::string& stream = record.stream;
      if (absl::StartsWith(stream, AlertAggregate::kStreamPrefix)) {
        alerts.insert(stream.substr(sizeof(AlertAggregate::kStreamPrefix) - 1));
      } else if (absl::StartsWith(stream, DirectiveAggregate::kStreamPrefix) ||
                 absl::StartsWith(stream, ProcedureAggregate::kStreamPrefix) ||
                 absl::StartsWith(stream, CourtCaseAggregate::kStreamPrefix)) {
        subjects.insert(stream);
      }
    }
    at = page->back().position + 1;
  }
  {
    absl::MutexLock lock(&mu_);
    subjects.insert(retry_.begin(), retry_.end());
    retry_.clear();
  }
  for (const std::string& subject : subjects) Replan(subject);
  const absl::Time now = clock_.Now();
  for (const std::string& id : alerts) {
    auto state = Aggregates<AlertAggregate>::Load(log_, id);
    if (!state.ok()) {
      Warn(id, state.status());
      continue;
    }
    absl::MutexLock lock(&mu_);
    if (state->open()) {
      deadlines_.emplace(id, state->deadline);
    } else if (FindPlan(state->deadline) == nullptr) {
      deadlines_.erase(id);  // resolved and no longer planned: forgotten
    }
    Schedule(id, NextInstant(id, *state, now));
  }
  absl::MutexLock lock(&mu_);
  position_ = std::max(position_, head);
  absl::MutexLock wake_lock(&wake_mu_);
  read_to_ = position_;
}

void AlertScheduler::Replan(const std::string& subject) {
  auto plan = ReadSubjectPlan(log_, settings_, subject);
  auto open = plan.ok()
                  ? Keys(log_, kAlertsOpen, subject + "/")
                  : absl::StatusOr<std::vector<std::string>>(plan.status());
  if (!open.ok()) {
    Warn(subject, open.status());
    absl::MutexLock lock(&mu_);
    retry_.insert(subject);
    return;
  }
  std::vector<std::string> gone;
  {
    absl::MutexLock lock(&mu_);
    auto it = subjects_.find(subject);
    if (it != subjects_.end()) {
      for (const domain::DeadlinePlan& d : it->second.deadlines) {
        const std::string id = domain::DeadlineAlertsId(d.ref);
        Schedule(id, absl::InfiniteFuture());
        deadlines_.erase(id);
      }
      subjects_.erase(it);
    }
    std::set<std::string> planned;
    if (plan->has_value()) {
      for (const domain::DeadlinePlan& d : (*plan)->deadlines) {
        const std::string id = domain::DeadlineAlertsId(d.ref);
        planned.insert(id);
        deadlines_[id] = d.ref;
        // Due now if an alert's time has come (raised or not: the tick
        // reads which), else at the first alert ahead.
        absl::Time at = absl::InfiniteFuture();
        for (const domain::PlannedAlert& a : d.alerts) {
          at = std::min(at, a.fire_at <= ticked_ ? ticked_ : a.fire_at);
        }
        if (!in_flight_.contains(id)) Schedule(id, at);
      }
      subjects_[subject] = **std::move(plan);
    }
    for (const std::string& id : *open) {
      if (!planned.contains(id) && !in_flight_.contains(id)) gone.push_back(id);
    }
  }
  for (const std::string& id : gone) Submit(id, domain::ResolveAlert{kGone});
}

void AlertScheduler::Tick(absl::Time now) {
  for (;;) {
    std::string id;
    {
      absl::MutexLock lock(&mu_);
      // Past the cap, the rest waits in the timeline for answers.
      if (timeline_.empty() || timeline_.begin()->first > now ||
          in_flight_.size() >= kMaxInFlight) {
        break;
      }
      id = timeline_.begin()->second;
      scheduled_.erase(id);
      timeline_.erase(timeline_.begin());
    }
    if (stopping()) return;
    TickDeadline(id, now);
  }
  // Only now: AwaitQuiet must not see the tick done before its commands are
  // in flight.
  absl::MutexLock lock(&mu_);
  ticked_ = std::max(ticked_, now);
}

void AlertScheduler::TickDeadline(const std::string& id, absl::Time now) {
  auto alerts = Aggregates<AlertAggregate>::Load(log_, id);
  if (!alerts.ok()) {
    Warn(id, alerts.status());
    absl::MutexLock lock(&mu_);
    Schedule(id, now + kRetry);
    return;
  }
  // Copied under the lock, used without it (the notice reads the directory).
  std::optional<domain::PlannedAlert> raise;
  domain::DeadlinePlan plan;
  SubjectPlan subject;
  bool found_none = false;  // no plan: the deadline is gone
  {
    absl::MutexLock lock(&mu_);
    if (in_flight_.contains(id)) return;  // rescheduled when it answers
    auto ref = deadlines_.find(id);
    const domain::DeadlinePlan* found =
        ref == deadlines_.end() ? nullptr : FindPlan(ref->second);
    found_none = found == nullptr && alerts->open();
    if (found != nullptr) {
      raise = domain::DueAlert(found->alerts, now,
                               [&](const domain::AlertKey& key) {
                                 return alerts->WasRaised(key.rule_id);
                               });
    }
    if (raise.has_value()) {
      plan = *found;
      subject = subjects_.at(plan.ref.subject);
      subject.deadlines.clear();
    } else if (found == nullptr && alerts->open()) {
      // Its deadline is gone while a command of it was in flight.
    } else if (alerts->NextRenotify() > now) {
      Schedule(id, NextInstant(id, *alerts, now));
      return;
    }
  }
  std::optional<domain::AlertCommand> command;
  if (!raise.has_value()) {
    if (found_none) {
      command = domain::ResolveAlert{kGone};
    } else {
      command = domain::RenotifyAlert{alerts->current.rule_id};
    }
  } else {
    // Whom it goes to as the dossiers stand now (a procedure's audience
    // follows the dossiers it concerns).
    auto fresh = ReadSubjectPlan(log_, settings_, plan.ref.subject);
    if (fresh.ok() && fresh->has_value()) {
      subject.administrations = (*fresh)->administrations;
      subject.correspondents = (*fresh)->correspondents;
      subject.celex = (*fresh)->celex;
      subject.title = (*fresh)->title;
    }
    auto notice = BuildNotice(log_, settings_, subject, plan, *raise);
    if (!notice.ok()) {
      Warn(id, notice.status());
      absl::MutexLock lock(&mu_);
      Schedule(id, now + kRetry);
      return;
    }
    command = domain::RaiseAlert{plan.ref, *std::move(notice)};
  }
  Submit(id, *std::move(command));
}

absl::Time AlertScheduler::NextInstant(
    const std::string& id, const domain::DeadlineAlertsState& alerts,
    absl::Time now) const {
  absl::Time next = alerts.NextRenotify();
  auto ref = deadlines_.find(id);
  const domain::DeadlinePlan* plan =
      ref == deadlines_.end() ? nullptr : FindPlan(ref->second);
  // Open without a plan: its deadline is gone, to resolve now.
  if (plan == nullptr) return alerts.open() ? now : absl::InfiniteFuture();
  const bool due =
      domain::DueAlert(plan->alerts, now, [&](const domain::AlertKey& key) {
        return alerts.WasRaised(key.rule_id);
      }).has_value();
  if (due) return now;
  if (auto fire = domain::NextFire(plan->alerts, now)) {
    next = std::min(next, *fire);
  }
  return next;
}

void AlertScheduler::Schedule(const std::string& id, absl::Time at) {
  auto old = scheduled_.find(id);
  if (old != scheduled_.end()) {
    timeline_.erase({old->second, id});
    scheduled_.erase(old);
  }
  if (at == absl::InfiniteFuture()) return;
  timeline_.insert({at, id});
  scheduled_[id] = at;
}

const domain::DeadlinePlan* AlertScheduler::FindPlan(
    const domain::DeadlineRef& ref) const {
  auto subject = subjects_.find(ref.subject);
  if (subject == subjects_.end()) return nullptr;
  for (const domain::DeadlinePlan& plan : subject->second.deadlines) {
    if (plan.ref == ref) return &plan;
  }
  return nullptr;
}

void AlertScheduler::Submit(const std::string& id,
                            domain::AlertCommand command) {
  {
    absl::MutexLock lock(&mu_);
    in_flight_.insert(id);
  }
  commands_.Alert(
      id, std::move(command), {.actor = kActor},
      [this,
       id](const absl::StatusOr<Committed<domain::DeadlineAlertsState>>& r) {
        // A refusal (already raised, acknowledged meanwhile) changes
        // nothing: the deadline is looked at again. A storage error is tried
        // again later.
        const bool refused = absl::IsAlreadyExists(r.status()) ||
                             absl::IsFailedPrecondition(r.status()) ||
                             absl::IsNotFound(r.status());
        if (!r.ok() && !refused) Warn(id, r.status());
        const absl::Time retry = clock_.Now() + kRetry;
        absl::MutexLock lock(&mu_);
        in_flight_.erase(id);
        if (r.ok() || refused) {
          absl::MutexLock wake_lock(&wake_mu_);
          pending_.insert(id);
        } else {
          Schedule(id, retry);
          absl::MutexLock wake_lock(&wake_mu_);
          wake_ = true;  // the loop sleeps again with the retry in view
        }
      });
}

}  // namespace transpo::app
