// Infringement procedures and their stages between the API and the domain.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_API_PROCEDURE_CONVERT_H_
#define TRANSPO_SERVER_API_PROCEDURE_CONVERT_H_

#include "absl/status/statusor.h"
#include "server/domain/procedure.h"
#include "transpo/v1/infringements.pb.h"

namespace transpo::api {

absl::StatusOr<domain::Stage> FromProto(const v1::Stage& in);
absl::StatusOr<domain::OpenProcedure> FromProto(
    const v1::OpenProcedureRequest& in);

v1::Stage ToProto(const domain::Stage& in);
v1::InfringementProcedure ToProtoProcedure(const domain::ProcedureState& state);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_PROCEDURE_CONVERT_H_
