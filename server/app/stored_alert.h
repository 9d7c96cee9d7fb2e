// The values of alerts (alert.h, alert_policy.h) to and from their stored
// form (transpo.internal.v1 DeadlineRef, AlertNotice and their enums), as
// stored_values.h does for the other aggregates.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_APP_STORED_ALERT_H_
#define TRANSPO_SERVER_APP_STORED_ALERT_H_

#include "absl/status/statusor.h"
#include "server/domain/alert.h"
#include "transpo/internal/v1/rows.pb.h"
#include "transpo/internal/v1/values.pb.h"

namespace transpo::app {

namespace stored = ::transpo::internal::v1;

stored::DeadlineKind ToStored(domain::DeadlineKind in);
stored::AlertSeverity ToStored(domain::AlertSeverity in);
stored::AlertStatus ToStored(domain::AlertStatus in);
absl::StatusOr<domain::DeadlineKind> FromStored(stored::DeadlineKind in);
absl::StatusOr<domain::AlertSeverity> FromStored(stored::AlertSeverity in);
absl::StatusOr<domain::AlertStatus> FromStored(stored::AlertStatus in);

stored::DeadlineRef ToStored(const domain::DeadlineRef& in);
stored::AlertNotice ToStored(const domain::AlertNotice& in);
// InvalidArgument naming the field on bytes no transpod wrote.
absl::StatusOr<domain::DeadlineRef> FromStored(const stored::DeadlineRef& in);
absl::StatusOr<domain::AlertNotice> FromStored(const stored::AlertNotice& in);

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_STORED_ALERT_H_
