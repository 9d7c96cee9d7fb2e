#include "server/figure_metrics.h"

#include <string>
#include <utility>

#include "absl/strings/str_replace.h"
#include "server/domain/key_figures.h"

namespace transpo {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

std::string StatusLabel(domain::DossierStatus status) {
  return absl::StrReplaceAll(domain::DossierStatusName(status), {{" ", "_"}});
}

const char* StageLabel(const std::optional<domain::StageKind>& stage) {
  if (!stage.has_value()) return "none";
  switch (*stage) {
    case domain::StageKind::kEuPilot:
      return "eu_pilot";
    case domain::StageKind::kLetterOfFormalNotice:
      return "letter_of_formal_notice";
    case domain::StageKind::kAdditionalLetterOfFormalNotice:
      return "additional_letter_of_formal_notice";
    case domain::StageKind::kReasonedOpinion:
      return "reasoned_opinion";
    case domain::StageKind::kAdditionalReasonedOpinion:
      return "additional_reasoned_opinion";
    case domain::StageKind::kReferral:
      return "referral";
    case domain::StageKind::kJudgment:
      return "judgment";
    case domain::StageKind::kArticle260Letter:
      return "article_260_letter";
    case domain::StageKind::kSecondReferral:
      return "second_referral";
  }
  return "unknown";
}

const char* TypeLabel(domain::ProcedureType type) {
  switch (type) {
    case domain::ProcedureType::kNonCommunication:
      return "non_communication";
    case domain::ProcedureType::kNonConformity:
      return "non_conformity";
    case domain::ProcedureType::kBadApplication:
      return "bad_application";
  }
  return "unknown";
}

MetricFamily Family(const char* name, const char* help, MetricType type) {
  return MetricFamily{name, help, type, {}};
}

void AddGauge(MetricFamily& family, double value,
              std::vector<ClientMetric::Label> labels = {}) {
  ClientMetric metric;
  metric.label = std::move(labels);
  metric.gauge.value = value;
  family.metric.push_back(std::move(metric));
}

MetricFamily Gauge(const char* name, const char* help, double value) {
  MetricFamily family = Family(name, help, MetricType::Gauge);
  AddGauge(family, value);
  return family;
}

MetricFamily Counter(const char* name, const char* help, double value) {
  MetricFamily family = Family(name, help, MetricType::Counter);
  ClientMetric metric;
  metric.counter.value = value;
  family.metric.push_back(std::move(metric));
  return family;
}

}  // namespace

std::vector<MetricFamily> FigureMetrics::Collect() const {
  const app::Figures f = tally_.Read(calendar_.Today(clock_.Now()));
  auto seconds = [&](absl::CivilDay day) {
    return static_cast<double>(absl::ToUnixSeconds(calendar_.StartOf(day)));
  };
  std::vector<MetricFamily> out;

  MetricFamily dossiers =
      Family("transpo_dossiers",
             "Registered directives by dossier status and lead "
             "administration (\"(none)\": not assigned).",
             MetricType::Gauge);
  for (const auto& [key, count] : f.dossiers) {
    AddGauge(
        dossiers, static_cast<double>(count),
        {{"lead_administration", key.second.empty() ? "(none)" : key.second},
         {"status", StatusLabel(key.first)}});
  }
  out.push_back(std::move(dossiers));

  out.push_back(Gauge("transpo_directives_followed",
                      "Directives registered, but for those not applicable "
                      "to the Region: the deficit's denominator.",
                      static_cast<double>(f.followed)));
  out.push_back(Gauge("transpo_dossiers_overdue",
                      "Followed directives not transposed whose first "
                      "deadline has passed (partial notification counts as "
                      "not transposed).",
                      static_cast<double>(f.overdue)));
  if (f.oldest_overdue_deadline.has_value()) {
    out.push_back(
        Gauge("transpo_dossiers_overdue_oldest_deadline_timestamp_seconds",
              "Start of the day of the oldest deadline overdue, in "
              "Europe/Brussels.",
              seconds(*f.oldest_overdue_deadline)));
  }
  out.push_back(Gauge("transpo_dossiers_overdue_two_years",
                      "Directives overdue by two years or more (the target "
                      "is zero).",
                      static_cast<double>(f.overdue_two_years)));
  MetricFamily due = Family("transpo_dossiers_due",
                            "Dossiers not transposed whose first deadline "
                            "falls from today to today plus within_days.",
                            MetricType::Gauge);
  AddGauge(due, static_cast<double>(f.due_within_60_days),
           {{"within_days", "60"}});
  AddGauge(due, static_cast<double>(f.due_within_120_days),
           {{"within_days", "120"}});
  out.push_back(std::move(due));
  out.push_back(Gauge("transpo_transposition_deficit_ratio",
                      "Transposition deficit: overdue over followed "
                      "directives (Single Market Scoreboard).",
                      f.deficit));
  MetricFamily targets =
      Family("transpo_transposition_deficit_target_ratio",
             "Deficit targets: 1% (European Council, 2007) and 0.5% "
             "(Single Market Act proposal).",
             MetricType::Gauge);
  AddGauge(targets, domain::kDeficitTarget, {{"target", "european_council"}});
  AddGauge(targets, domain::kDeficitProposedTarget,
           {{"target", "single_market_act"}});
  out.push_back(std::move(targets));

  MetricFamily procedures = Family(
      "transpo_procedures_open",
      "Open infringement procedures by current stage (\"none\": no stage "
      "recorded yet) and type.",
      MetricType::Gauge);
  for (const auto& [key, count] : f.open_procedures) {
    AddGauge(
        procedures, static_cast<double>(count),
        {{"stage", StageLabel(key.first)}, {"type", TypeLabel(key.second)}});
  }
  out.push_back(std::move(procedures));
  if (f.next_reply_due.has_value()) {
    out.push_back(
        Gauge("transpo_procedure_next_reply_due_timestamp_seconds",
              "Start of the day of the earliest reply owed in an open "
              "infringement procedure, in Europe/Brussels.",
              seconds(*f.next_reply_due)));
  }

  MetricFamily alerts =
      Family("transpo_alerts_open",
             "Open deadline alerts by status (firing, acknowledged) and "
             "severity.",
             MetricType::Gauge);
  for (const auto& [key, count] : f.open_alerts) {
    AddGauge(alerts, static_cast<double>(count),
             {{"severity", domain::AlertSeverityName(key.second)},
              {"status", domain::AlertStatusName(key.first)}});
  }
  out.push_back(std::move(alerts));
  out.push_back(Counter("transpo_alerts_raised_total",
                        "Deadline alerts raised.",
                        static_cast<double>(f.alerts_raised)));
  out.push_back(Counter("transpo_alert_notices_total",
                        "Alert notices sent out to watchers and the "
                        "Alertmanager bridge (raised or renotified).",
                        static_cast<double>(f.alert_notices)));
  out.push_back(Gauge("transpo_alerts_last_change_position",
                      "Log position of the last alert change: the "
                      "Alertmanager bridge has delivered everything once its "
                      "cursor is there.",
                      static_cast<double>(f.last_alert_position)));
  out.push_back(Counter("transpo_alerts_resolved_total",
                        "Deadline alerts resolved.",
                        static_cast<double>(f.alerts_resolved)));
  return out;
}

}  // namespace transpo
