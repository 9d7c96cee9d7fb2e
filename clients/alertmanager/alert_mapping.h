// How a transpo alert becomes Alertmanager alerts: one per recipient, with
// the labels alertmanager.yml routes on and the text of the e-mail in Dutch
// and French (deploy/alertmanager/templates picks the recipient's language).
//
// Labels: alertname="TranspoDeadline", alert_id, recipient (a correspondent
// id, or "euro-coordinator"), administration (the recipient's; the lead's for
// the Euro-coordinator), language ("nl", "fr", or "nl-fr": both), severity
// (info, warning, critical), rule, celex (if any), deadline_kind
// (transposition, infringement_trigger, reply_due, milestone, court) and
// notification (1 when raised, then one more each time transpo notifies it
// again: a new Alertmanager alert, hence a new e-mail).
//
// Annotations: email and name of the recipient (no email for the
// Euro-coordinator: alertmanager.yml has it), title, deadline (YYYY-MM-DD),
// deadline_description (transpo's, in English), days_left,
// summary_nl/summary_fr (a subject line) and description_nl/description_fr
// (what the deadline is and what to do).

#ifndef TRANSPO_CLIENTS_ALERTMANAGER_ALERT_MAPPING_H_
#define TRANSPO_CLIENTS_ALERTMANAGER_ALERT_MAPPING_H_

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "transpo/alertmanager/v1/bridge.pb.h"
#include "transpo/v1/administrations.pb.h"
#include "transpo/v1/alerts.pb.h"

namespace transpo::bridge {

inline constexpr char kCoordinator[] = "euro-coordinator";

// Who receives an alert.
struct Recipient {
  // A correspondent id, or kCoordinator.
  std::string id;
  std::string administration;
  std::string name;
  // Empty for the Euro-coordinator.
  std::string email;
  // "nl", "fr" or "nl-fr".
  std::string language;
};

// The recipients of `alert`: each correspondent of its audience who is
// active in `directory` (the administrations of the audience), then the
// Euro-coordinator, in `coordinator_language`, if the audience includes them
// or if it reaches no correspondent (so that no deadline passes unseen).
std::vector<Recipient> Recipients(
    const v1::Alert& alert, const std::vector<v1::Administration>& directory,
    const std::string& coordinator_language);

// The firing Alertmanager alert of `alert` for `recipient`, as of `today`
// (the day in Brussels, for the days left). starts_at and ends_at are left
// to the caller.
alertmanager::v1::PostableAlert ToPostable(const v1::Alert& alert,
                                           const Recipient& recipient,
                                           absl::CivilDay today);

// The label that tells which transpo alert an Alertmanager alert is of.
inline constexpr char kAlertIdLabel[] = "alert_id";
inline constexpr char kRecipientLabel[] = "recipient";

}  // namespace transpo::bridge

#endif  // TRANSPO_CLIENTS_ALERTMANAGER_ALERT_MAPPING_H_
