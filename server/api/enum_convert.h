// Every enum between the API (transpo.v1) and the domain, both ways, by a
// switch over every value (a new value then fails to compile with -Wswitch
// rather than map to a neighbour). FromProto is InvalidArgument naming
// `field` for UNSPECIFIED (where a value is required) and unknown numbers.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_API_ENUM_CONVERT_H_
#define TRANSPO_SERVER_API_ENUM_CONVERT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/administration.h"
#include "server/domain/alert.h"
#include "server/domain/court_case.h"
#include "server/domain/deadlines.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"
#include "transpo/v1/administrations.pb.h"
#include "transpo/v1/alerts.pb.h"
#include "transpo/v1/court_cases.pb.h"
#include "transpo/v1/directives.pb.h"
#include "transpo/v1/infringements.pb.h"

namespace transpo::api {

// COMPETENCE_UNSPECIFIED means to be determined.
absl::StatusOr<domain::Competence> FromProto(v1::Competence in,
                                             absl::string_view field);
absl::StatusOr<domain::DossierStatus> FromProto(v1::DossierStatus in,
                                                absl::string_view field);
absl::StatusOr<domain::MilestoneKind> FromProto(v1::MilestoneKind in,
                                                absl::string_view field);
absl::StatusOr<domain::NotificationScope> FromProto(v1::NotificationScope in,
                                                    absl::string_view field);
absl::StatusOr<domain::ProcedureType> FromProto(v1::ProcedureType in,
                                                absl::string_view field);
absl::StatusOr<domain::StageKind> FromProto(v1::StageKind in,
                                            absl::string_view field);
absl::StatusOr<domain::CourtCaseKind> FromProto(v1::CourtCaseKind in,
                                                absl::string_view field);
absl::StatusOr<domain::Language> FromProto(v1::Language in,
                                           absl::string_view field);
absl::StatusOr<domain::AlertSeverity> FromProto(v1::AlertSeverity in,
                                                absl::string_view field);
absl::StatusOr<domain::AlertStatus> FromProto(v1::AlertStatus in,
                                              absl::string_view field);

v1::Competence ToProto(domain::Competence in);
v1::DossierStatus ToProto(domain::DossierStatus in);
v1::MilestoneKind ToProto(domain::MilestoneKind in);
v1::NotificationScope ToProto(domain::NotificationScope in);
v1::DeadlineKind ToProto(domain::DeadlineKind in);
v1::ProcedureType ToProto(domain::ProcedureType in);
v1::StageKind ToProto(domain::StageKind in);
v1::CourtCaseKind ToProto(domain::CourtCaseKind in);
v1::Language ToProto(domain::Language in);
v1::AlertSeverity ToProto(domain::AlertSeverity in);
v1::AlertStatus ToProto(domain::AlertStatus in);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_ENUM_CONVERT_H_
