// Administrations and correspondents between the API and the domain.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_API_ADMINISTRATION_CONVERT_H_
#define TRANSPO_SERVER_API_ADMINISTRATION_CONVERT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/administration.h"
#include "transpo/v1/administrations.pb.h"

namespace transpo::api {

domain::AdministrationInfo FromProto(const v1::Administration& in);
// `field` names the correspondent in the request. The language is required
// unless `language_required` is false (an update that leaves it).
absl::StatusOr<domain::Correspondent> FromProto(const v1::Correspondent& in,
                                                absl::string_view field,
                                                bool language_required);

v1::Correspondent ToProto(const domain::Correspondent& in);
v1::Administration ToProtoAdministration(
    const domain::AdministrationState& state);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_ADMINISTRATION_CONVERT_H_
