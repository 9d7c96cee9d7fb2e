#include "server/app/figures.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "server/app/aggregates.h"
#include "server/domain/key_figures.h"

namespace transpo::app {
namespace {

void Add(std::map<absl::CivilDay, int64_t>& days,
         const std::optional<absl::CivilDay>& day, int sign) {
  if (!day.has_value()) return;
  int64_t& count = days[*day];
  count += sign;
  if (count == 0) days.erase(*day);
}

}  // namespace

absl::Status FigureTally::Load(EventLog& log) {
  absl::MutexLock lock(&mu_);
  directives_.clear();
  procedures_.clear();
  alerts_.clear();
  totals_ = Figures{};
  open_deadlines_.clear();
  reply_dues_.clear();
  ++generation_;
  for (const char* family :
       {DirectiveAggregate::kFamily, ProcedureAggregate::kFamily,
        AlertAggregate::kFamily}) {
    absl::Status applied;
    absl::Status scanned = log.ScanProjection(
        family, "", [&](absl::string_view key, absl::string_view row) {
          mu_.AssertHeld();  // by Load, around the scan
          applied = Apply(family, key, row, /*committed=*/false);
          return applied.ok();
        });
    if (!scanned.ok()) return scanned;
    if (!applied.ok()) return applied;
  }
  auto last = LastAlertPosition(log);
  if (!last.ok()) return last.status();
  totals_.last_alert_position = *last;
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> FigureTally::LastAlertPosition(EventLog& log) {
  // Record times never go back: the last alert event is the last event of
  // one of the alert streams changed last (several in one commit).
  absl::Time last_time = absl::InfinitePast();
  std::vector<std::pair<std::string, uint64_t>> last_changed;  // id, version
  absl::Status damaged;
  absl::Status scanned = log.ScanProjection(
      AlertAggregate::kFamily, "",
      [&](absl::string_view key, absl::string_view row) {
        auto state = Aggregates<AlertAggregate>::Parse(key, row);
        if (!state.ok()) {
          damaged = state.status();
          return false;
        }
        if (state->changed.time < last_time) return true;
        if (state->changed.time > last_time) last_changed.clear();
        last_time = state->changed.time;
        last_changed.emplace_back(key, state->version);
        return true;
      });
  if (!scanned.ok()) return scanned;
  if (!damaged.ok()) return damaged;
  uint64_t position = 0;
  for (const auto& [id, version] : last_changed) {
    auto records =
        log.ReadStream(Aggregates<AlertAggregate>::Stream(id), version, 1);
    if (!records.ok()) return records.status();
    if (!records->empty()) {
      position = std::max(position, records->front().position);
    }
  }
  return position;
}

bool FigureTally::Wants(absl::string_view family) const {
  return family == DirectiveAggregate::kFamily ||
         family == ProcedureAggregate::kFamily ||
         family == AlertAggregate::kFamily;
}

void FigureTally::OnCommittedRow(const ProjectionWrite& write,
                                 uint64_t position) {
  absl::MutexLock lock(&mu_);
  if (write.family == AlertAggregate::kFamily) {
    totals_.last_alert_position =
        std::max(totals_.last_alert_position, position);
  }
  std::optional<absl::string_view> row;
  if (write.value.has_value()) row = *write.value;
  // The row was encoded by this process a moment ago: it parses. Were it
  // damaged, it would be left out until the next Load.
  (void)Apply(write.family, write.key, row, /*committed=*/true);
}

absl::Status FigureTally::Apply(absl::string_view family, absl::string_view key,
                                const std::optional<absl::string_view>& row,
                                bool committed) {
  ++generation_;
  if (family == DirectiveAggregate::kFamily) {
    DirectivePart part;
    if (row.has_value()) {
      auto state = Aggregates<DirectiveAggregate>::Parse(key, *row);
      if (!state.ok()) return state.status();
      part = {domain::IsFollowed(*state), state->status,
              state->dossier.lead_administration, domain::OpenDeadline(*state)};
    }
    auto [it, created] = directives_.try_emplace(key);
    if (!created) Count(it->second, -1);
    if (!row.has_value()) {
      directives_.erase(it);
      return absl::OkStatus();
    }
    it->second = std::move(part);
    Count(it->second, +1);
  } else if (family == ProcedureAggregate::kFamily) {
    ProcedurePart part;
    if (row.has_value()) {
      auto state = Aggregates<ProcedureAggregate>::Parse(key, *row);
      if (!state.ok()) return state.status();
      const domain::Stage* stage = domain::CurrentStage(*state);
      part.open = state->exists() && !state->closed();
      if (stage != nullptr) part.stage = stage->kind;
      part.type = state->type;
      part.reply_due = domain::NextReplyDue(*state);
    }
    auto [it, created] = procedures_.try_emplace(key);
    if (!created) Count(it->second, -1);
    if (!row.has_value()) {
      procedures_.erase(it);
      return absl::OkStatus();
    }
    it->second = part;
    Count(it->second, +1);
  } else if (family == AlertAggregate::kFamily) {
    AlertPart part;
    if (row.has_value()) {
      auto state = Aggregates<AlertAggregate>::Parse(key, *row);
      if (!state.ok()) return state.status();
      part.open = state->open();
      part.status = state->status;
      part.severity = state->current.severity;
      part.raised = static_cast<int64_t>(state->raised_rules.size());
      part.notifications = state->notifications;
    }
    auto [it, created] = alerts_.try_emplace(key);
    if (committed) CountEvents(it->second, part);
    if (!created) Count(it->second, -1);
    if (!row.has_value()) {
      alerts_.erase(it);
      return absl::OkStatus();
    }
    it->second = part;
    Count(it->second, +1);
  }
  return absl::OkStatus();
}

void FigureTally::Count(const DirectivePart& part, int sign) {
  totals_.dossiers[{part.status, part.lead}] += sign;
  if (part.followed) totals_.followed += sign;
  Add(open_deadlines_, part.open_deadline, sign);
}

void FigureTally::Count(const ProcedurePart& part, int sign) {
  if (!part.open) return;
  totals_.open_procedures[{part.stage, part.type}] += sign;
  Add(reply_dues_, part.reply_due, sign);
}

void FigureTally::Count(const AlertPart& part, int sign) {
  if (part.open) totals_.open_alerts[{part.status, part.severity}] += sign;
}

void FigureTally::CountEvents(const AlertPart& before, const AlertPart& after) {
  // One event a row: a raise (a new rule), a renotice, or a resolution.
  if (after.raised > before.raised) {
    totals_.alerts_raised += after.raised - before.raised;
    totals_.alert_notices += after.notifications;
  } else if (after.notifications > before.notifications) {
    totals_.alert_notices += after.notifications - before.notifications;
  }
  if (before.open && !after.open && after.raised > 0) {
    ++totals_.alerts_resolved;
  }
}

Figures FigureTally::Read(absl::CivilDay today) const {
  absl::MutexLock lock(&mu_);
  if (cached_.has_value() && std::get<0>(*cached_) == generation_ &&
      std::get<1>(*cached_) == today) {
    return std::get<2>(*cached_);
  }
  Figures figures = totals_;
  for (const auto& [deadline, count] : open_deadlines_) {
    if (deadline < today) {
      figures.overdue += count;
      if (!figures.oldest_overdue_deadline.has_value()) {
        figures.oldest_overdue_deadline = deadline;
      }
      if (domain::OverdueTwoYearsOrMore(deadline, today)) {
        figures.overdue_two_years += count;
      }
      continue;
    }
    if (deadline > today + 120) break;
    figures.due_within_120_days += count;
    if (deadline <= today + 60) figures.due_within_60_days += count;
  }
  figures.deficit = domain::Deficit(static_cast<size_t>(figures.overdue),
                                    static_cast<size_t>(figures.followed));
  if (!reply_dues_.empty()) figures.next_reply_due = reply_dues_.begin()->first;
  cached_.emplace(generation_, today, figures);
  return figures;
}

}  // namespace transpo::app
