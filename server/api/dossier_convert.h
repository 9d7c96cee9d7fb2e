// Dossiers, their people, milestones, measures and derived deadlines between
// the API and the domain.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_API_DOSSIER_CONVERT_H_
#define TRANSPO_SERVER_API_DOSSIER_CONVERT_H_

#include "absl/status/statusor.h"
#include "server/app/dossier_view.h"
#include "server/domain/deadlines.h"
#include "server/domain/directive.h"
#include "transpo/v1/directives.pb.h"

namespace transpo::api {

// The people, ETA and delay cause of a dossier (UpdateDossier's fields).
absl::StatusOr<domain::DossierInfo> FromProto(const v1::Dossier& in);
// The people of an assignment.
absl::StatusOr<domain::DossierInfo> FromProto(
    const v1::AssignDossierRequest& in);
absl::StatusOr<domain::Milestone> FromProto(const v1::Milestone& in);
absl::StatusOr<domain::Measure> FromProto(const v1::Measure& in);

v1::Dossier ToProtoDossier(const app::DossierView& view);
// Sets the people of a dossier (administrations, correspondents, experts,
// minister, expected completion, delay cause) on `out`: what DossierAssigned
// and DossierUpdated carry.
void SetPeople(const domain::DossierInfo& in, v1::Dossier& out);
v1::Milestone ToProto(const domain::Milestone& in);
v1::Measure ToProto(const domain::Measure& in);
v1::Deadline ToProto(const domain::DerivedDeadline& in);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_DOSSIER_CONVERT_H_
