#include "server/domain/procedure.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/domain/checks.h"
#include "server/domain/field_error.h"
#include "server/domain/identifiers.h"
#include "server/domain/limits.h"

namespace transpo::domain {
namespace {

using Events = std::vector<ProcedureEvent>;

// What must come before a stage (besides Treaty order).
std::optional<StageKind> Requires(StageKind kind) {
  switch (kind) {
    case StageKind::kAdditionalLetterOfFormalNotice:
      return StageKind::kLetterOfFormalNotice;
    case StageKind::kAdditionalReasonedOpinion:
      return StageKind::kReasonedOpinion;
    case StageKind::kJudgment:
      return StageKind::kReferral;
    case StageKind::kArticle260Letter:
      return StageKind::kJudgment;
    case StageKind::kSecondReferral:
      return StageKind::kArticle260Letter;
    default:
      return std::nullopt;
  }
}

bool Repeatable(StageKind kind) {
  return kind == StageKind::kAdditionalLetterOfFormalNotice ||
         kind == StageKind::kAdditionalReasonedOpinion;
}

bool HasStage(const ProcedureState& state, StageKind kind) {
  for (const Stage& s : state.stages) {
    if (s.kind == kind) return true;
  }
  return false;
}

absl::Status Closed(const ProcedureState& state) {
  return absl::FailedPreconditionError(
      absl::StrCat("procedure ", state.number, " was closed on ",
                   FormatDate(*state.closed_on)));
}

absl::StatusOr<Events> DecideStage(const ProcedureState& state,
                                   const RecordStage& c,
                                   const ProcedureContext& context) {
  Stage stage = c.stage;
  stage.reply_sent.reset();
  if (state.stages.size() >= kMaxStages) {
    return FieldError("stage.kind", StageName(stage.kind),
                      absl::StrCat("the procedure already has ", kMaxStages,
                                   " stages, the most it may hold"));
  }
  if (stage.date > context.today) {
    return FieldError("stage.date", FormatDate(stage.date), "is in the future");
  }
  const Stage* last = CurrentStage(state);
  if (last != nullptr) {
    const bool repeat = Repeatable(stage.kind) && stage.kind == last->kind;
    if (stage.kind < last->kind || (stage.kind == last->kind && !repeat)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "procedure ", state.number, " is at stage ", StageName(last->kind),
          ": a ", StageName(stage.kind), " cannot follow it"));
    }
    if (stage.date < last->date) {
      return FieldError(
          "stage.date", FormatDate(stage.date),
          absl::StrCat("before the previous stage (", StageName(last->kind),
                       ", ", FormatDate(last->date), ")"));
    }
  }
  if (auto needed = Requires(stage.kind); needed && !HasStage(state, *needed)) {
    return absl::FailedPreconditionError(
        absl::StrCat("procedure ", state.number, ": a ", StageName(stage.kind),
                     " needs a ", StageName(*needed), " first"));
  }
  if (ExpectsReply(stage.kind)) {
    if (stage.reply_due.has_value()) {
      if (*stage.reply_due < stage.date) {
        return FieldError("stage.reply_due_date", FormatDate(*stage.reply_due),
                          "before the letter's date");
      }
    } else {
      const Period period = stage.kind == StageKind::kEuPilot
                                ? context.reply.eu_pilot
                                : context.reply.letter;
      stage.reply_due = context.calendar->PeriodEnd(stage.date, period);
      if (!InDateRange(*stage.reply_due)) {
        return FieldError("stage.date", FormatDate(stage.date),
                          absl::StrCat("its reply would be due on ",
                                       FormatDate(*stage.reply_due),
                                       ", beyond the dates transpo keeps (to ",
                                       kLastYear, "-12-31)"));
      }
    }
  } else if (stage.reply_due.has_value()) {
    return FieldError(
        "stage.reply_due_date", FormatDate(*stage.reply_due),
        absl::StrCat("a ", StageName(stage.kind), " has no reply period"));
  }
  const bool court = stage.kind == StageKind::kReferral ||
                     stage.kind == StageKind::kJudgment ||
                     stage.kind == StageKind::kSecondReferral;
  if (!stage.case_number.empty()) {
    absl::Status valid =
        ValidateCaseNumber("stage.case_number", stage.case_number);
    if (!valid.ok()) return valid;
    if (!court) {
      return FieldError("stage.case_number", stage.case_number,
                        "only a referral or a judgment has a case number");
    }
  } else if (stage.kind == StageKind::kJudgment) {
    return FieldError("stage.case_number", "required for a judgment");
  }
  for (auto [field, amount] :
       {std::pair{"stage.lump_sum_eur", stage.lump_sum_eur},
        std::pair{"stage.daily_penalty_eur", stage.daily_penalty_eur}}) {
    if (!amount.has_value()) continue;
    if (*amount < 0) {
      return FieldError(field, absl::StrCat(*amount), "must not be negative");
    }
    if (!court) {
      return FieldError(field, absl::StrCat(*amount),
                        "only a referral or a judgment carries amounts");
    }
  }
  return Events{StageRecorded{std::move(stage)}};
}

absl::StatusOr<Events> DecideReply(const ProcedureState& state,
                                   const RecordReply& c,
                                   const ProcedureContext& context) {
  if (!ExpectsReply(c.stage)) {
    return FieldError("stage", StageName(c.stage), "expects no reply");
  }
  for (size_t i = state.stages.size(); i-- > 0;) {
    const Stage& s = state.stages[i];
    if (s.kind != c.stage) continue;
    if (s.reply_sent.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the reply to the ", StageName(s.kind), " of ", FormatDate(s.date),
          " was recorded on ", FormatDate(*s.reply_sent)));
    }
    if (c.date < s.date) {
      return FieldError(
          "reply_date", FormatDate(c.date),
          absl::StrCat("before the letter's date ", FormatDate(s.date)));
    }
    if (c.date > context.today) {
      return FieldError("reply_date", FormatDate(c.date), "is in the future");
    }
    return Events{ReplyRecorded{i, c.date}};
  }
  return absl::FailedPreconditionError(
      absl::StrCat("procedure ", state.number, " has no ", StageName(c.stage),
                   " to reply to"));
}

}  // namespace

const char* StageName(StageKind kind) {
  switch (kind) {
    case StageKind::kEuPilot:
      return "EU Pilot";
    case StageKind::kLetterOfFormalNotice:
      return "letter of formal notice";
    case StageKind::kAdditionalLetterOfFormalNotice:
      return "additional letter of formal notice";
    case StageKind::kReasonedOpinion:
      return "reasoned opinion";
    case StageKind::kAdditionalReasonedOpinion:
      return "additional reasoned opinion";
    case StageKind::kReferral:
      return "referral to the Court of Justice";
    case StageKind::kJudgment:
      return "judgment";
    case StageKind::kArticle260Letter:
      return "Art 260(2) letter of formal notice";
    case StageKind::kSecondReferral:
      return "second referral (Art 260(2))";
  }
  return "unknown stage";
}

bool ExpectsReply(StageKind kind) {
  switch (kind) {
    case StageKind::kEuPilot:
    case StageKind::kLetterOfFormalNotice:
    case StageKind::kAdditionalLetterOfFormalNotice:
    case StageKind::kReasonedOpinion:
    case StageKind::kAdditionalReasonedOpinion:
    case StageKind::kArticle260Letter:
      return true;
    default:
      return false;
  }
}

const Stage* CurrentStage(const ProcedureState& state) {
  return state.stages.empty() ? nullptr : &state.stages.back();
}

absl::StatusOr<std::vector<ProcedureEvent>> Decide(
    const ProcedureState& state, const ProcedureCommand& command,
    const ProcedureContext& context) {
  if (const auto* c = std::get_if<OpenProcedure>(&command)) {
    if (state.exists()) {
      return absl::AlreadyExistsError(
          absl::StrCat("procedure ", state.number, " already exists"));
    }
    absl::Status valid =
        ValidateInfringementNumber("procedure.number", c->number);
    if (!valid.ok()) return valid;
    if (c->celex.empty()) {
      return FieldError("procedure.celex",
                        "at least one directive is required");
    }
    valid =
        CheckCount("procedure.celex", c->celex.size(), kMaxDirectivesConcerned);
    if (!valid.ok()) return valid;
    for (size_t i = 0; i < c->celex.size(); ++i) {
      const std::string field = absl::StrCat("procedure.celex[", i, "]");
      valid = ValidateCelex(field, c->celex[i]);
      if (!valid.ok()) return valid;
      absl::StatusOr<bool> exists = context.directive_exists(c->celex[i]);
      if (!exists.ok()) return exists.status();
      if (!*exists) {
        return absl::NotFoundError(absl::StrCat(
            field, " \"", c->celex[i], "\": no such directive is registered"));
      }
      absl::StatusOr<size_t> concerning =
          context.procedures_concerning(c->celex[i]);
      if (!concerning.ok()) return concerning.status();
      if (*concerning >= kMaxProceduresPerDirective) {
        return FieldError(
            field, c->celex[i],
            absl::StrCat("already concerned by ", *concerning,
                         " procedures, the most a directive may be"));
      }
    }
    return Events{ProcedureOpened{c->number, c->type, c->celex}};
  }
  if (!state.exists()) return absl::NotFoundError("procedure not found");
  if (state.closed()) return Closed(state);
  if (const auto* c = std::get_if<RecordStage>(&command)) {
    return DecideStage(state, *c, context);
  }
  if (const auto* c = std::get_if<RecordReply>(&command)) {
    return DecideReply(state, *c, context);
  }
  const auto& close = std::get<CloseProcedure>(command);
  if (absl::StripAsciiWhitespace(close.reason).empty()) {
    return FieldError("reason",
                      "required (e.g. \"full transposition notified\")");
  }
  absl::Status reason = CheckText("reason", close.reason, true, kMaxTextBytes);
  if (!reason.ok()) return reason;
  if (close.date > context.today) {
    return FieldError("closure_date", FormatDate(close.date),
                      "is in the future");
  }
  if (const Stage* last = CurrentStage(state);
      last != nullptr && close.date < last->date) {
    return FieldError(
        "closure_date", FormatDate(close.date),
        absl::StrCat("before the last stage's date ", FormatDate(last->date)));
  }
  return Events{ProcedureClosed{close.date, close.reason}};
}

void Apply(ProcedureState& state, const ProcedureEvent& event,
           const Change& change) {
  ++state.version;
  state.changed = change;
  if (const auto* e = std::get_if<ProcedureOpened>(&event)) {
    state.number = e->number;
    state.type = e->type;
    state.celex = e->celex;
    state.opened = change;
  } else if (const auto* e = std::get_if<StageRecorded>(&event)) {
    state.stages.push_back(e->stage);
  } else if (const auto* e = std::get_if<ReplyRecorded>(&event)) {
    if (e->stage_index < state.stages.size()) {
      state.stages[e->stage_index].reply_sent = e->date;
    }
  } else if (const auto* e = std::get_if<ProcedureClosed>(&event)) {
    state.closed_on = e->date;
    state.closure_reason = e->reason;
  }
}

}  // namespace transpo::domain
