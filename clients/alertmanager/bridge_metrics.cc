#include "clients/alertmanager/bridge_metrics.h"

#include "absl/strings/str_cat.h"

namespace transpo::bridge {

std::string MetricsText(const BridgeStats& stats) {
  return absl::StrCat(
      "# HELP transpo_alertmanager_bridge_delivered_position Log position of "
      "the last alert change delivered to Alertmanager.\n"
      "# TYPE transpo_alertmanager_bridge_delivered_position gauge\n"
      "transpo_alertmanager_bridge_delivered_position ",
      stats.delivered_cursor,
      "\n"
      "# HELP transpo_alertmanager_bridge_posts_total Calls to Alertmanager's "
      "API, by result (failed ones are retried).\n"
      "# TYPE transpo_alertmanager_bridge_posts_total counter\n"
      "transpo_alertmanager_bridge_posts_total{result=\"ok\"} ",
      stats.posts_ok,
      "\n"
      "transpo_alertmanager_bridge_posts_total{result=\"error\"} ",
      stats.posts_failed,
      "\n"
      "# HELP transpo_alertmanager_bridge_firing Alerts firing in "
      "Alertmanager, one per recipient.\n"
      "# TYPE transpo_alertmanager_bridge_firing gauge\n"
      "transpo_alertmanager_bridge_firing ",
      stats.firing, "\n");
}

}  // namespace transpo::bridge
