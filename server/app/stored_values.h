// Domain values to and from their stored form (transpo.internal.v1, in
// proto/transpo/internal/v1/values.proto), for the event and row codecs.
// Enums cross by a switch over every value, never by arithmetic.
//
// Decoding fails (InvalidArgument naming the field) only on bytes no version
// of transpod wrote; the codecs turn that into DataLoss naming the record.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_APP_STORED_VALUES_H_
#define TRANSPO_SERVER_APP_STORED_VALUES_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "server/domain/court_case.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"
#include "transpo/internal/v1/values.pb.h"

namespace transpo::app {

namespace stored = ::transpo::internal::v1;

// InvalidArgument: stored enum `what` has a `value` no transpod wrote.
absl::Status UnknownStoredValue(absl::string_view what, int value);

// "YYYY-MM-DD", or "" for no date.
std::string ToStoredDate(const std::optional<absl::CivilDay>& day);
absl::StatusOr<std::optional<absl::CivilDay>> FromStoredDate(
    absl::string_view field, const std::string& text);
absl::StatusOr<absl::CivilDay> FromStoredRequiredDate(absl::string_view field,
                                                      const std::string& text);

stored::Competence ToStored(domain::Competence in);
stored::DossierStatus ToStored(domain::DossierStatus in);
stored::MilestoneKind ToStored(domain::MilestoneKind in);
stored::NotificationScope ToStored(domain::NotificationScope in);
stored::ProcedureType ToStored(domain::ProcedureType in);
stored::StageKind ToStored(domain::StageKind in);
stored::CourtCaseKind ToStored(domain::CourtCaseKind in);

// COMPETENCE_UNSPECIFIED reads as to be determined; the other enums have no
// unspecified stored value.
absl::StatusOr<domain::Competence> FromStored(stored::Competence in);
absl::StatusOr<domain::DossierStatus> FromStored(stored::DossierStatus in);
absl::StatusOr<domain::MilestoneKind> FromStored(stored::MilestoneKind in);
absl::StatusOr<domain::NotificationScope> FromStored(
    stored::NotificationScope in);
absl::StatusOr<domain::ProcedureType> FromStored(stored::ProcedureType in);
absl::StatusOr<domain::StageKind> FromStored(stored::StageKind in);
absl::StatusOr<domain::CourtCaseKind> FromStored(stored::CourtCaseKind in);

stored::DirectiveFacts ToStored(const domain::DirectiveInfo& in);
stored::DossierPeople ToStored(const domain::DossierInfo& in);
stored::Milestone ToStored(const domain::Milestone& in);
stored::Measure ToStored(const domain::Measure& in);
stored::Stage ToStored(const domain::Stage& in);
stored::CourtCaseFacts ToStored(const domain::CourtCaseInfo& in);
stored::CourtDeadline ToStored(const domain::CourtDeadline& in);

absl::StatusOr<domain::DirectiveInfo> FromStored(
    const stored::DirectiveFacts& in);
absl::StatusOr<domain::DossierInfo> FromStored(const stored::DossierPeople& in);
absl::StatusOr<domain::Milestone> FromStored(const stored::Milestone& in);
absl::StatusOr<domain::Measure> FromStored(const stored::Measure& in);
absl::StatusOr<domain::Stage> FromStored(const stored::Stage& in);
absl::StatusOr<domain::CourtCaseInfo> FromStored(
    const stored::CourtCaseFacts& in);
absl::StatusOr<domain::CourtDeadline> FromStored(
    const stored::CourtDeadline& in);

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_STORED_VALUES_H_
