// An infringement procedure (Arts 258 and 260 TFEU): its number, type, the
// directives it concerns and its dated stages, in the order the Treaty sets.
// Each letter has a reply due date: the date written in the letter when
// given, else a default period (ReplyPolicy) from the letter's date, computed
// with Reg. 1182/71 and stored in the event, so it never changes afterwards.
//
// Decide/Apply follow directive.h. Errors: InvalidArgument (FieldError),
// AlreadyExists (opened twice), NotFound (no such procedure, or a linked
// directive that is not registered), FailedPrecondition (a stage out of
// order, anything on a closed procedure).
//
// Thread-safety: plain values and pure functions.

#ifndef TRANSPO_SERVER_DOMAIN_PROCEDURE_H_
#define TRANSPO_SERVER_DOMAIN_PROCEDURE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "server/domain/calendar.h"
#include "server/domain/change.h"

namespace transpo::domain {

enum class ProcedureType { kNonCommunication, kNonConformity, kBadApplication };

// In Treaty order.
enum class StageKind {
  kEuPilot,
  kLetterOfFormalNotice,
  kAdditionalLetterOfFormalNotice,
  kReasonedOpinion,
  kAdditionalReasonedOpinion,
  kReferral,
  kJudgment,
  kArticle260Letter,
  kSecondReferral,
};
const char* StageName(StageKind kind);
// Whether the stage is a letter (or EU Pilot request) awaiting a reply.
bool ExpectsReply(StageKind kind);

struct Stage {
  StageKind kind = StageKind::kLetterOfFormalNotice;
  absl::CivilDay date;
  std::optional<absl::CivilDay> reply_due;   // letters only
  std::optional<absl::CivilDay> reply_sent;  // when the Region replied
  // Art 260(3)/(2) amounts asked (referral) or imposed (judgment), in euros.
  std::optional<int64_t> lump_sum_eur;
  std::optional<int64_t> daily_penalty_eur;
  std::string case_number;  // C-NNN/YY: referral and judgment
};

struct ProcedureState {
  uint64_t version = 0;  // 0: no such procedure
  std::string number;
  ProcedureType type = ProcedureType::kNonCommunication;
  std::vector<std::string> celex;
  std::vector<Stage> stages;
  std::optional<absl::CivilDay> closed_on;
  std::string closure_reason;
  Change opened;
  Change changed;

  bool exists() const { return version > 0; }
  bool closed() const { return closed_on.has_value(); }
};

// Default reply periods when a letter gives no date. Configurable.
struct ReplyPolicy {
  Period eu_pilot = Period::Weeks(10);
  Period letter = Period::Months(2);
};

struct OpenProcedure {
  std::string number;
  ProcedureType type = ProcedureType::kNonCommunication;
  std::vector<std::string> celex;
};
struct RecordStage {
  Stage stage;  // reply_sent ignored: see RecordReply
};
struct RecordReply {
  StageKind stage =
      StageKind::kLetterOfFormalNotice;  // the latest of this kind
  absl::CivilDay date;
};
struct CloseProcedure {
  absl::CivilDay date;
  std::string reason;
};
using ProcedureCommand =
    std::variant<OpenProcedure, RecordStage, RecordReply, CloseProcedure>;

struct ProcedureOpened {
  std::string number;
  ProcedureType type = ProcedureType::kNonCommunication;
  std::vector<std::string> celex;
};
struct StageRecorded {
  Stage stage;
};
struct ReplyRecorded {
  size_t stage_index = 0;
  absl::CivilDay date;
};
struct ProcedureClosed {
  absl::CivilDay date;
  std::string reason;
};
using ProcedureEvent = std::variant<ProcedureOpened, StageRecorded,
                                    ReplyRecorded, ProcedureClosed>;

struct ProcedureContext {
  absl::CivilDay today;
  const Calendar* calendar = nullptr;
  ReplyPolicy reply;
  // Whether a directive with this CELEX number is registered; an error if
  // that cannot be told (it becomes the decision's error).
  std::function<absl::StatusOr<bool>(const std::string& celex)>
      directive_exists;
  // How many procedures already concern the directive with this CELEX
  // number; an error if that cannot be told.
  std::function<absl::StatusOr<size_t>(const std::string& celex)>
      procedures_concerning;
};

absl::StatusOr<std::vector<ProcedureEvent>> Decide(
    const ProcedureState& state, const ProcedureCommand& command,
    const ProcedureContext& context);
void Apply(ProcedureState& state, const ProcedureEvent& event,
           const Change& change);

// The latest stage; nullptr if none.
const Stage* CurrentStage(const ProcedureState& state);

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_PROCEDURE_H_
