// The domain's configurable rules, as transpod's configuration sets them.
//
// Thread-safety: read-only once built.

#ifndef TRANSPO_SERVER_APP_SETTINGS_H_
#define TRANSPO_SERVER_APP_SETTINGS_H_

#include "server/domain/alert_policy.h"
#include "server/domain/calendar.h"
#include "server/domain/deadlines.h"
#include "server/domain/procedure.h"

namespace transpo::app {

struct DomainSettings {
  domain::Calendar calendar;
  domain::ReplyPolicy reply;
  domain::DeadlinePolicy deadlines;
  domain::AlertPolicy alerts = domain::DefaultAlertPolicy();
};

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_SETTINGS_H_
