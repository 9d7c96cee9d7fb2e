// Court cases and their deadlines between the API and the domain.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_API_COURT_CASE_CONVERT_H_
#define TRANSPO_SERVER_API_COURT_CASE_CONVERT_H_

#include "absl/status/statusor.h"
#include "server/domain/court_case.h"
#include "transpo/v1/court_cases.pb.h"

namespace transpo::api {

absl::StatusOr<domain::CourtCaseInfo> FromProto(const v1::CourtCase& in);
absl::StatusOr<domain::CourtDeadline> FromProto(const v1::CourtDeadline& in);

v1::CourtCase ToProtoCourtCase(const domain::CourtCaseState& state);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_COURT_CASE_CONVERT_H_
