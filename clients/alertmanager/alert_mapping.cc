#include "clients/alertmanager/alert_mapping.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace transpo::bridge {
namespace {

// The enum value's name without its prefix, in lower case.
std::string Slug(const std::string& name, absl::string_view prefix) {
  return absl::AsciiStrToLower(absl::StripPrefix(name, prefix));
}

struct KindText {
  const char* name;
  const char* todo;
};

// What the deadline is and what to do about it, in Dutch and in French.
struct KindTexts {
  KindText nl;
  KindText fr;
};

KindTexts TextsOf(v1::DeadlineKind kind) {
  switch (kind) {
    case v1::DEADLINE_KIND_INFRINGEMENT_TRIGGER:
      return {{"Start van de inbreukprocedure",
               "Eén maand na de omzettingstermijn opent de Europese Commissie "
               "een inbreukprocedure als de omzetting niet volledig is "
               "meegedeeld. Deel de maatregelen mee, of meld in transpo de "
               "oorzaak van de vertraging en de verwachte datum."},
              {"Ouverture de la procédure d'infraction",
               "Un mois après le délai de transposition, la Commission "
               "européenne ouvre une procédure d'infraction si la "
               "transposition n'a pas été communiquée complètement. Notifiez "
               "les mesures, ou indiquez dans transpo la cause du retard et la "
               "date prévue."}};
    case v1::DEADLINE_KIND_REPLY_DUE:
      return {{"Antwoordtermijn",
               "Het antwoord aan de Europese Commissie moet vóór deze datum "
               "vertrekken. Bezorg de bijdrage van uw administratie tijdig "
               "aan de Eurocoördinator."},
              {"Délai de réponse",
               "La réponse à la Commission européenne doit partir avant cette "
               "date. Transmettez à temps la contribution de votre "
               "administration à l'Euro-coordinateur."}};
    case v1::DEADLINE_KIND_MILESTONE:
      return {{"Geplande mijlpaal",
               "Ga na of de mijlpaal gehaald wordt en werk de planning bij in "
               "transpo."},
              {"Étape planifiée",
               "Vérifiez que l'étape sera tenue et mettez le calendrier à jour "
               "dans transpo."}};
    case v1::DEADLINE_KIND_COURT:
      return {{"Termijn bij het Hof van Justitie",
               "Bezorg de stukken voor de zaak bij het Hof van Justitie tijdig "
               "aan de Eurocoördinator."},
              {"Délai devant la Cour de justice",
               "Transmettez à temps les éléments de l'affaire devant la Cour "
               "de justice à l'Euro-coordinateur."}};
    default:
      return {{"Omzettingstermijn",
               "Zorg dat de omzettingsmaatregelen vóór deze datum aangenomen "
               "en aan de Europese Commissie meegedeeld zijn, en werk het "
               "dossier bij in transpo (maatregelen, stand, verwachte datum)."},
              {"Délai de transposition",
               "Veillez à ce que les mesures de transposition soient adoptées "
               "et notifiées à la Commission européenne avant cette date, et "
               "mettez le dossier à jour dans transpo (mesures, état, date "
               "prévue)."}};
  }
}

std::string DaysNl(int days) {
  if (days == 0) return "vandaag";
  if (days > 0) {
    return absl::StrCat("nog ", days, days == 1 ? " dag" : " dagen");
  }
  return absl::StrCat(-days, days == -1 ? " dag" : " dagen", " te laat");
}

std::string DaysFr(int days) {
  if (days == 0) return "aujourd'hui";
  if (days > 0) {
    return absl::StrCat("dans ", days, days == 1 ? " jour" : " jours");
  }
  return absl::StrCat("dépassé de ", -days, days == -1 ? " jour" : " jours");
}

// "2021-12-17" as "17-12-2021" (Dutch) or "17/12/2021" (French); as given if
// it is not a date.
std::string LocalDate(const std::string& iso, char separator) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(iso, &day)) return iso;
  return absl::StrFormat("%02d%c%02d%c%04d", day.day(), separator, day.month(),
                         separator, day.year());
}

}  // namespace

std::vector<Recipient> Recipients(
    const v1::Alert& alert, const std::vector<v1::Administration>& directory,
    const std::string& coordinator_language) {
  std::vector<Recipient> out;
  for (const std::string& id : alert.audience().correspondents()) {
    for (const v1::Administration& administration : directory) {
      const auto& people = administration.correspondents();
      auto it = std::find_if(people.begin(), people.end(),
                             [&](const auto& c) { return c.id() == id; });
      if (it == people.end() || !it->active()) continue;
      out.push_back(
          {.id = it->id(),
           .administration = administration.id(),
           .name = it->name(),
           .email = it->email(),
           .language = it->language() == v1::LANGUAGE_FR ? "fr" : "nl"});
      break;
    }
  }
  if (alert.audience().coordinator() || out.empty()) {
    const auto& administrations = alert.audience().administrations();
    out.push_back(
        {.id = kCoordinator,
         .administration = administrations.empty() ? "" : administrations[0],
         .name = "Euro-coordinator",
         .language = coordinator_language});
  }
  return out;
}

alertmanager::v1::PostableAlert ToPostable(const v1::Alert& alert,
                                           const Recipient& recipient,
                                           absl::CivilDay today) {
  alertmanager::v1::PostableAlert out;
  auto& labels = *out.mutable_labels();
  labels["alertname"] = "TranspoDeadline";
  labels[kAlertIdLabel] = alert.id();
  labels[kRecipientLabel] = recipient.id;
  if (!recipient.administration.empty()) {
    labels["administration"] = recipient.administration;
  }
  labels["language"] = recipient.language;
  labels["severity"] =
      Slug(v1::AlertSeverity_Name(alert.severity()), "ALERT_SEVERITY_");
  labels["rule"] = alert.rule_id();
  if (!alert.celex().empty()) labels["celex"] = alert.celex();
  labels["deadline_kind"] =
      Slug(v1::DeadlineKind_Name(alert.deadline_kind()), "DEADLINE_KIND_");
  labels["notification"] = absl::StrCat(std::max(alert.notifications(), 1));

  absl::CivilDay deadline;
  int days_left = alert.days_before();
  if (absl::ParseCivilTime(alert.deadline_date(), &deadline)) {
    days_left = static_cast<int>(deadline - today);
  }
  const KindTexts texts = TextsOf(alert.deadline_kind());
  const std::string what =
      alert.celex().empty()
          ? alert.title()
          : absl::StrCat(alert.title(), " (", alert.celex(), ")");

  auto& notes = *out.mutable_annotations();
  if (!recipient.email.empty()) notes["email"] = recipient.email;
  notes["name"] = recipient.name;
  notes["title"] = what;
  notes["deadline"] = alert.deadline_date();
  notes["deadline_description"] = alert.deadline_description();
  notes["days_left"] = absl::StrCat(days_left);
  const std::string date_nl = LocalDate(alert.deadline_date(), '-');
  const std::string date_fr = LocalDate(alert.deadline_date(), '/');
  notes["summary_nl"] = absl::StrCat(texts.nl.name, " ", what, ": ",
                                     DaysNl(days_left), " (", date_nl, ")");
  notes["summary_fr"] = absl::StrCat(texts.fr.name, " ", what, " : ",
                                     DaysFr(days_left), " (", date_fr, ")");
  notes["description_nl"] =
      absl::StrCat(texts.nl.name, ": ", date_nl, ", ", DaysNl(days_left), ".\n",
                   texts.nl.todo);
  notes["description_fr"] =
      absl::StrCat(texts.fr.name, " : ", date_fr, ", ", DaysFr(days_left),
                   ".\n", texts.fr.todo);
  return out;
}

}  // namespace transpo::bridge
