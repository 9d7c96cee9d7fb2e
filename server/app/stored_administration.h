// The directory's values (administration.h) to and from their stored form
// (transpo.internal.v1 AdministrationFacts, Correspondent, Language), as
// stored_values.h does for the other aggregates.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_APP_STORED_ADMINISTRATION_H_
#define TRANSPO_SERVER_APP_STORED_ADMINISTRATION_H_

#include "absl/status/statusor.h"
#include "server/domain/administration.h"
#include "transpo/internal/v1/values.pb.h"

namespace transpo::app {

namespace stored = ::transpo::internal::v1;

stored::AdministrationFacts ToStored(const domain::AdministrationInfo& in);
domain::AdministrationInfo FromStored(const stored::AdministrationFacts& in);

stored::Correspondent ToStored(const domain::Correspondent& in);
// InvalidArgument if the language is not one transpod writes.
absl::StatusOr<domain::Correspondent> FromStored(
    const stored::Correspondent& in);

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_STORED_ADMINISTRATION_H_
