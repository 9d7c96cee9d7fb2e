// The bridge's figures in the Prometheus text format, for its /metrics
// (transpo-alertmanager --metrics-listen). With transpod's
// transpo_alerts_last_change_position they tell how far the bridge lags:
//
//   transpo_alertmanager_bridge_delivered_position  gauge (log position)
//   transpo_alertmanager_bridge_posts_total{result="ok"|"error"}  counter
//   transpo_alertmanager_bridge_firing              gauge
//
// Thread-safety: a pure function.

#ifndef TRANSPO_CLIENTS_ALERTMANAGER_BRIDGE_METRICS_H_
#define TRANSPO_CLIENTS_ALERTMANAGER_BRIDGE_METRICS_H_

#include <string>

#include "clients/alertmanager/bridge.h"

namespace transpo::bridge {

std::string MetricsText(const BridgeStats& stats);

}  // namespace transpo::bridge

#endif  // TRANSPO_CLIENTS_ALERTMANAGER_BRIDGE_METRICS_H_
