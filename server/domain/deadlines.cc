#include "server/domain/deadlines.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace transpo::domain {
namespace {

void SortByDate(std::vector<DerivedDeadline>& deadlines) {
  std::stable_sort(deadlines.begin(), deadlines.end(),
                   [](const DerivedDeadline& a, const DerivedDeadline& b) {
                     return a.date < b.date;
                   });
}

}  // namespace

std::vector<DerivedDeadline> DossierDeadlines(
    const DirectiveState& state, const Calendar& calendar,
    const DeadlinePolicy& policy,
    const std::vector<ProcedureState>& procedures) {
  std::vector<DerivedDeadline> out;
  const bool transposed = IsTransposed(state.status);
  for (const TranspositionDeadline& d : state.directive.deadlines) {
    const std::string scope =
        d.scope.empty() ? "" : absl::StrCat(" (", d.scope, ")");
    out.push_back({DeadlineKind::kTransposition, d.date,
                   absl::StrCat("transposition deadline", scope), transposed});
    out.push_back({DeadlineKind::kInfringementTrigger,
                   calendar.PeriodEnd(d.date, policy.infringement_trigger),
                   absl::StrCat("infringement trigger, ",
                                policy.infringement_trigger.ToString(),
                                " after the deadline", scope),
                   transposed});
  }
  for (const Milestone& m : state.milestones) {
    if (!m.planned.has_value()) continue;
    out.push_back({DeadlineKind::kMilestone, *m.planned,
                   absl::StrCat("milestone: ", MilestoneName(m.kind)),
                   m.actual.has_value() || transposed});
  }
  for (const ProcedureState& procedure : procedures) {
    if (std::find(procedure.celex.begin(), procedure.celex.end(),
                  state.directive.celex) == procedure.celex.end()) {
      continue;
    }
    for (DerivedDeadline& reply : ProcedureDeadlines(procedure)) {
      reply.description =
          absl::StrCat(procedure.number, ": ", reply.description);
      out.push_back(std::move(reply));
    }
  }
  SortByDate(out);
  return out;
}

std::vector<DerivedDeadline> ProcedureDeadlines(const ProcedureState& state) {
  std::vector<DerivedDeadline> out;
  for (const Stage& s : state.stages) {
    if (!s.reply_due.has_value()) continue;
    out.push_back({DeadlineKind::kReplyDue, *s.reply_due,
                   absl::StrCat("reply to the ", StageName(s.kind), " of ",
                                FormatDate(s.date)),
                   s.reply_sent.has_value() || state.closed()});
  }
  SortByDate(out);
  return out;
}

std::vector<DerivedDeadline> CourtCaseDeadlines(const CourtCaseState& state) {
  std::vector<DerivedDeadline> out;
  for (const CourtDeadline& d : state.deadlines) {
    out.push_back({DeadlineKind::kCourt, d.date, d.description, false});
  }
  return out;
}

}  // namespace transpo::domain
