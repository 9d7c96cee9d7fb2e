// The alert policy section of transpod's configuration file
// (AlertPolicyConfig in transpo/config/v1/config.proto) to the domain's
// AlertPolicy.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_ALERT_POLICY_CONFIG_H_
#define TRANSPO_SERVER_ALERT_POLICY_CONFIG_H_

#include "absl/status/statusor.h"
#include "server/domain/alert_policy.h"
#include "transpo/config/v1/config.pb.h"

namespace transpo {

// InvalidArgument naming "alert_policy.rules[i].<field>" and the value for a
// bad kind, severity, repeat or time of day, and the errors of
// domain::ValidateAlertPolicy under "alert_policy.". No rules: the defaults
// (with coordinator_from if given).
absl::StatusOr<domain::AlertPolicy> AlertPolicyFromConfig(
    const config::v1::AlertPolicyConfig& config);

}  // namespace transpo

#endif  // TRANSPO_SERVER_ALERT_POLICY_CONFIG_H_
