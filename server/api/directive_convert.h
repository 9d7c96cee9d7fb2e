// Directives and dossier filters between the API and the domain.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_API_DIRECTIVE_CONVERT_H_
#define TRANSPO_SERVER_API_DIRECTIVE_CONVERT_H_

#include "absl/status/statusor.h"
#include "server/domain/directive.h"
#include "server/domain/dossier_filter.h"
#include "transpo/v1/directives.pb.h"

namespace transpo::api {

// Shape only (dates, enums, list sizes); the domain checks the rest.
absl::StatusOr<domain::DirectiveInfo> FromProto(const v1::Directive& in);
absl::StatusOr<domain::DossierFilter> FromProto(const v1::DossierFilter& in);

v1::Directive ToProto(const domain::DirectiveInfo& in);
v1::Directive ToProtoDirective(const domain::DirectiveState& state);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_DIRECTIVE_CONVERT_H_
