// FigureMetrics publishes the key figures (app/figures.h) on /metrics. A
// scrape reads the tally the commits keep (and its cache): it computes
// nothing over the log or the rows. Days are business days of the server's
// clock in Europe/Brussels; a day as a timestamp is its start there.
//
//   transpo_dossiers{status,lead_administration}   gauge ("(none)": no lead,
//                                                  never an administration id)
//   transpo_directives_followed                    gauge
//   transpo_dossiers_overdue                       gauge
//   transpo_dossiers_overdue_oldest_deadline_timestamp_seconds  gauge (absent
//                                                  when none is overdue)
//   transpo_dossiers_overdue_two_years             gauge
//   transpo_dossiers_due{within_days="60"|"120"}   gauge
//   transpo_transposition_deficit_ratio            gauge (0.012: 1.2%)
//   transpo_transposition_deficit_target_ratio{target="european_council"|
//                                              "single_market_act"}  gauge
//   transpo_procedures_open{stage,type}            gauge
//   transpo_procedure_next_reply_due_timestamp_seconds  gauge (absent when
//                                                  no reply is owed)
//   transpo_alerts_open{status,severity}           gauge
//   transpo_alerts_raised_total                    counter
//   transpo_alert_notices_total                    counter (raised or
//                                                  renotified: sent out)
//   transpo_alerts_resolved_total                  counter
//   transpo_alerts_last_change_position            gauge (log position;
//                                                  0: none)
// The counters count from 0 at each start, as Prometheus counters do.
//
// Thread-safety: Collect may be called from any thread.

#ifndef TRANSPO_SERVER_FIGURE_METRICS_H_
#define TRANSPO_SERVER_FIGURE_METRICS_H_

#include <vector>

#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"
#include "server/app/clock.h"
#include "server/app/figures.h"
#include "server/domain/calendar.h"

namespace transpo {

class FigureMetrics final : public prometheus::Collectable {
 public:
  // All must outlive this.
  FigureMetrics(const app::FigureTally& tally, const app::Clock& clock,
                const domain::Calendar& calendar)
      : tally_(tally), clock_(clock), calendar_(calendar) {}

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const app::FigureTally& tally_;
  const app::Clock& clock_;
  const domain::Calendar& calendar_;
};

}  // namespace transpo

#endif  // TRANSPO_SERVER_FIGURE_METRICS_H_
