// Alerts and the alert policy between the domain and the API.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_API_ALERT_CONVERT_H_
#define TRANSPO_SERVER_API_ALERT_CONVERT_H_

#include "absl/time/time.h"
#include "server/domain/alert.h"
#include "server/domain/alert_policy.h"
#include "transpo/v1/alerts.pb.h"

namespace transpo::api {

// The alert as raised: `deadline` and `notice`, status FIRING.
v1::Alert ToProtoRaised(const domain::DeadlineRef& deadline,
                        const domain::AlertNotice& notice);
// The current alert of a deadline, with its status and history.
v1::Alert ToProtoAlert(const domain::DeadlineAlertsState& state);

v1::AlertPolicy ToProto(const domain::AlertPolicy& policy,
                        const absl::TimeZone& zone);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_ALERT_CONVERT_H_
