#include "clients/alertmanager/alert_mapping.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace transpo::bridge {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

v1::Alert Transposition30d() {
  v1::Alert alert;
  alert.set_id(
      "directive-32019L1937/transposition/2021-12-17/transposition-30d");
  alert.set_subject("directive-32019L1937");
  alert.set_deadline_kind(v1::DEADLINE_KIND_TRANSPOSITION);
  alert.set_deadline_date("2021-12-17");
  alert.set_rule_id("transposition-30d");
  alert.set_severity(v1::ALERT_SEVERITY_WARNING);
  alert.set_days_before(30);
  alert.set_celex("32019L1937");
  alert.set_title("Whistleblower protection");
  alert.set_status(v1::ALERT_STATUS_FIRING);
  alert.set_notifications(1);
  alert.mutable_audience()->add_administrations("bee");
  alert.mutable_audience()->add_administrations("bm");
  alert.mutable_audience()->add_correspondents("anna");
  alert.mutable_audience()->add_correspondents("luc");
  return alert;
}

v1::Administration Administration(
    const std::string& id,
    const std::vector<std::tuple<std::string, v1::Language, bool>>& people) {
  v1::Administration a;
  a.set_id(id);
  for (const auto& [person, language, active] : people) {
    v1::Correspondent* c = a.add_correspondents();
    c->set_id(person);
    c->set_name("Name of " + person);
    c->set_email(absl::StrCat(person, "@", id, ".brussels"));
    c->set_language(language);
    c->set_active(active);
  }
  return a;
}

std::vector<v1::Administration> Directory() {
  return {
      Administration("bee", {{"anna", v1::LANGUAGE_NL, true},
                             {"zoe", v1::LANGUAGE_NL, true}}),
      Administration("bm", {{"luc", v1::LANGUAGE_FR, true}}),
  };
}

TEST(RecipientsTest, EachCorrespondentOfTheAudienceWithTheirAdministration) {
  EXPECT_THAT(Recipients(Transposition30d(), Directory(), "nl-fr"),
              ElementsAre(AllOf(Field(&Recipient::id, "anna"),
                                Field(&Recipient::administration, "bee"),
                                Field(&Recipient::email, "anna@bee.brussels"),
                                Field(&Recipient::language, "nl")),
                          AllOf(Field(&Recipient::id, "luc"),
                                Field(&Recipient::administration, "bm"),
                                Field(&Recipient::email, "luc@bm.brussels"),
                                Field(&Recipient::language, "fr"))));
}

TEST(RecipientsTest, TheCoordinatorWhenTheAudienceSaysSo) {
  v1::Alert alert = Transposition30d();
  alert.mutable_audience()->set_coordinator(true);
  auto recipients = Recipients(alert, Directory(), "fr");
  ASSERT_EQ(recipients.size(), 3u);
  EXPECT_EQ(recipients[2].id, kCoordinator);
  EXPECT_EQ(recipients[2].administration, "bee");  // the lead's
  EXPECT_EQ(recipients[2].language, "fr");
  EXPECT_EQ(recipients[2].email, "");
}

TEST(RecipientsTest, InactiveOrUnknownCorrespondentsAreLeftOut) {
  std::vector<v1::Administration> directory = Directory();
  directory[1].mutable_correspondents(0)->set_active(false);  // luc
  v1::Alert alert = Transposition30d();
  alert.mutable_audience()->add_correspondents("gone");
  EXPECT_THAT(Recipients(alert, directory, "nl-fr"),
              ElementsAre(Field(&Recipient::id, "anna")));
}

TEST(RecipientsTest, NoCorrespondentLeftMeansTheCoordinator) {
  v1::Alert alert = Transposition30d();
  alert.mutable_audience()->clear_correspondents();
  EXPECT_THAT(Recipients(alert, Directory(), "nl-fr"),
              ElementsAre(AllOf(Field(&Recipient::id, kCoordinator),
                                Field(&Recipient::language, "nl-fr"))));
}

TEST(ToPostableTest, LabelsToRouteOn) {
  auto posted = ToPostable(Transposition30d(),
                           Recipients(Transposition30d(), Directory(), "")[0],
                           absl::CivilDay(2021, 11, 17));
  EXPECT_THAT(
      posted.labels(),
      UnorderedElementsAre(
          Pair("alertname", "TranspoDeadline"),
          Pair("alert_id",
               "directive-32019L1937/transposition/2021-12-17/"
               "transposition-30d"),
          Pair("recipient", "anna"), Pair("administration", "bee"),
          Pair("language", "nl"), Pair("severity", "warning"),
          Pair("rule", "transposition-30d"), Pair("celex", "32019L1937"),
          Pair("deadline_kind", "transposition"), Pair("notification", "1")));
}

TEST(ToPostableTest, TextInDutchAndFrenchWithTheDaysLeft) {
  auto posted = ToPostable(Transposition30d(),
                           Recipients(Transposition30d(), Directory(), "")[1],
                           absl::CivilDay(2021, 11, 17));
  const auto& notes = posted.annotations();
  EXPECT_EQ(notes.at("email"), "luc@bm.brussels");
  EXPECT_EQ(notes.at("name"), "Name of luc");
  EXPECT_EQ(notes.at("title"), "Whistleblower protection (32019L1937)");
  EXPECT_EQ(notes.at("deadline"), "2021-12-17");
  EXPECT_EQ(notes.at("days_left"), "30");
  EXPECT_EQ(notes.at("summary_nl"),
            "Omzettingstermijn Whistleblower protection (32019L1937): nog 30 "
            "dagen (17-12-2021)");
  EXPECT_EQ(notes.at("summary_fr"),
            "Délai de transposition Whistleblower protection (32019L1937) : "
            "dans 30 jours (17/12/2021)");
  EXPECT_THAT(notes.at("description_nl"), HasSubstr("meegedeeld"));
  EXPECT_THAT(notes.at("description_fr"), HasSubstr("notifiées"));
}

TEST(ToPostableTest, DaysLeftCountFromTheDayOfTheUpdate) {
  v1::Alert alert = Transposition30d();
  const Recipient anna = Recipients(alert, Directory(), "")[0];
  auto on_the_day = ToPostable(alert, anna, absl::CivilDay(2021, 12, 17));
  EXPECT_EQ(on_the_day.annotations().at("days_left"), "0");
  EXPECT_THAT(on_the_day.annotations().at("summary_nl"), HasSubstr("vandaag"));
  EXPECT_THAT(on_the_day.annotations().at("summary_fr"),
              HasSubstr("aujourd'hui"));
  auto late = ToPostable(alert, anna, absl::CivilDay(2021, 12, 18));
  EXPECT_EQ(late.annotations().at("days_left"), "-1");
  EXPECT_THAT(late.annotations().at("summary_nl"), HasSubstr("1 dag te laat"));
  EXPECT_THAT(late.annotations().at("summary_fr"),
              HasSubstr("dépassé de 1 jour"));
}

TEST(ToPostableTest, EachKindSaysWhatToDo) {
  v1::Alert alert = Transposition30d();
  alert.set_deadline_kind(v1::DEADLINE_KIND_INFRINGEMENT_TRIGGER);
  const Recipient anna = Recipients(alert, Directory(), "")[0];
  auto trigger = ToPostable(alert, anna, absl::CivilDay(2021, 11, 17));
  EXPECT_EQ(trigger.labels().at("deadline_kind"), "infringement_trigger");
  EXPECT_THAT(trigger.annotations().at("summary_nl"),
              HasSubstr("Start van de inbreukprocedure"));
  EXPECT_THAT(trigger.annotations().at("summary_fr"),
              HasSubstr("procédure d'infraction"));
  alert.set_deadline_kind(v1::DEADLINE_KIND_REPLY_DUE);
  auto reply = ToPostable(alert, anna, absl::CivilDay(2021, 11, 17));
  EXPECT_EQ(reply.labels().at("deadline_kind"), "reply_due");
  EXPECT_THAT(reply.annotations().at("summary_fr"),
              HasSubstr("Délai de réponse"));
}

TEST(ToPostableTest, EachNotificationIsItsOwnAlert) {
  v1::Alert alert = Transposition30d();
  alert.set_notifications(3);
  const Recipient anna = Recipients(alert, Directory(), "")[0];
  EXPECT_EQ(ToPostable(alert, anna, absl::CivilDay(2021, 11, 17))
                .labels()
                .at("notification"),
            "3");
}

TEST(ToPostableTest, TheCoordinatorHasNoEmailAnnotation) {
  v1::Alert alert = Transposition30d();
  alert.clear_celex();
  alert.mutable_audience()->clear_correspondents();
  auto posted = ToPostable(alert, Recipients(alert, Directory(), "nl-fr")[0],
                           absl::CivilDay(2021, 11, 17));
  EXPECT_EQ(posted.labels().at("recipient"), "euro-coordinator");
  EXPECT_EQ(posted.labels().at("language"), "nl-fr");
  EXPECT_THAT(posted.annotations(),
              Not(testing::Contains(testing::Key("email"))));
  EXPECT_THAT(posted.labels(), Not(testing::Contains(testing::Key("celex"))));
}

}  // namespace
}  // namespace transpo::bridge
