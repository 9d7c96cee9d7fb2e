// Conversions between the API (transpo.v1 protos) and the domain, both ways.
// The From* functions validate shape only (dates are real dates, enums are
// known) and name the offending field with its API path; business rules stay
// in the domain.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_CONVERT_H_
#define TRANSPO_SERVER_CONVERT_H_

#include <optional>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/field_mask.pb.h"
#include "server/domain/calendar.h"
#include "server/domain/court_case.h"
#include "server/domain/deadlines.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"
#include "transpo/v1/court_cases.pb.h"
#include "transpo/v1/directives.pb.h"
#include "transpo/v1/infringements.pb.h"
#include "transpo/v1/snapshots.pb.h"

namespace transpo {

// Empty text: no date.
absl::StatusOr<std::optional<absl::CivilDay>> FromProtoDate(
    absl::string_view field, const std::string& text);
absl::StatusOr<absl::CivilDay> FromProtoRequiredDate(absl::string_view field,
                                                     const std::string& text);
std::string ToProtoDate(const std::optional<absl::CivilDay>& day);

// The update mask's paths; InvalidArgument if it is empty.
absl::StatusOr<std::set<std::string>> FromProtoMask(
    const google::protobuf::FieldMask& mask);

absl::StatusOr<DirectiveInfo> FromProto(const v1::Directive& in);
absl::StatusOr<DossierInfo> FromProto(const v1::Dossier& in);
absl::StatusOr<Milestone> FromProto(const v1::Milestone& in);
absl::StatusOr<Measure> FromProto(const v1::Measure& in);
absl::StatusOr<DossierStatus> FromProto(v1::DossierStatus in,
                                        absl::string_view field);
absl::StatusOr<NotificationScope> FromProto(v1::NotificationScope in,
                                            absl::string_view field);
absl::StatusOr<Stage> FromProto(const v1::Stage& in);
absl::StatusOr<StageKind> FromProto(v1::StageKind in, absl::string_view field);
absl::StatusOr<ProcedureType> FromProto(v1::ProcedureType in,
                                        absl::string_view field);
absl::StatusOr<CourtCaseInfo> FromProto(const v1::CourtCase& in);
absl::StatusOr<CourtDeadline> FromProto(const v1::CourtDeadline& in);

// What a read computes besides the stored state.
struct ReadContext {
  absl::CivilDay today;
  const Calendar* calendar = nullptr;
  DeadlinePolicy deadlines;
  // Every infringement procedure at the time of the read: their reply due
  // dates are deadlines of the dossiers they concern.
  std::vector<ProcedureState> procedures;
};

v1::Directive ToProto(const DirectiveInfo& in);
v1::Directive ToProtoDirective(const DirectiveState& state);
v1::Dossier ToProtoDossier(const DirectiveState& state,
                           const ReadContext& context);
// The people of a dossier (what DossierAssigned/DossierUpdated carry).
v1::Dossier ToProto(const DossierInfo& in);
v1::Milestone ToProto(const Milestone& in);
v1::Measure ToProto(const Measure& in);
v1::DossierStatus ToProto(DossierStatus in);
v1::NotificationScope ToProto(NotificationScope in);
v1::Stage ToProto(const Stage& in);
v1::StageKind ToProto(StageKind in);
v1::ProcedureType ToProto(ProcedureType in);
v1::InfringementProcedure ToProtoProcedure(const ProcedureState& state);
v1::CourtCase ToProto(const CourtCaseInfo& in);
v1::CourtDeadline ToProto(const CourtDeadline& in);
v1::CourtCase ToProtoCourtCase(const CourtCaseState& state);

// Projection rows (snapshots.proto) to and from domain state.
v1::DirectiveSnapshot ToSnapshot(const DirectiveState& state);
absl::StatusOr<DirectiveState> FromSnapshot(const v1::DirectiveSnapshot& in);
absl::StatusOr<ProcedureState> FromSnapshot(
    const v1::InfringementProcedure& in);
absl::StatusOr<CourtCaseState> FromSnapshot(const v1::CourtCase& in);

}  // namespace transpo

#endif  // TRANSPO_SERVER_CONVERT_H_
