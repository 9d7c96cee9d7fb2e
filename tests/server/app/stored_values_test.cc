// Every value of every stored enum crosses to the domain and back unchanged
// (stored numbers must never move: old events keep them), and stored values
// round-trip through their domain form.

#include "server/app/stored_values.h"

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace transpo::app {
namespace {

template <typename E>
void ExpectRoundTrip(const google::protobuf::EnumDescriptor* descriptor) {
  SCOPED_TRACE(descriptor->full_name());
  std::set<int> domain_values;
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const int number = descriptor->value(i)->number();
    if (number == 0) continue;
    auto converted = FromStored(static_cast<E>(number));
    ASSERT_TRUE(converted.ok()) << descriptor->value(i)->name();
    EXPECT_EQ(ToStored(*converted), static_cast<E>(number));
    domain_values.insert(static_cast<int>(*converted));
  }
  EXPECT_EQ(domain_values.size(),
            static_cast<size_t>(descriptor->value_count() - 1));
  EXPECT_FALSE(FromStored(static_cast<E>(99)).ok());
}

TEST(StoredValuesTest, EveryValueOfEveryEnumRoundTrips) {
  ExpectRoundTrip<stored::Competence>(stored::Competence_descriptor());
  ExpectRoundTrip<stored::DossierStatus>(stored::DossierStatus_descriptor());
  ExpectRoundTrip<stored::MilestoneKind>(stored::MilestoneKind_descriptor());
  ExpectRoundTrip<stored::NotificationScope>(
      stored::NotificationScope_descriptor());
  ExpectRoundTrip<stored::ProcedureType>(stored::ProcedureType_descriptor());
  ExpectRoundTrip<stored::StageKind>(stored::StageKind_descriptor());
  ExpectRoundTrip<stored::CourtCaseKind>(stored::CourtCaseKind_descriptor());
  // Events written before the field existed read as to be determined.
  EXPECT_EQ(*FromStored(stored::COMPETENCE_UNSPECIFIED),
            domain::Competence::kToBeDetermined);
}

TEST(StoredValuesTest, StoredNumbersNeverMove) {
  EXPECT_EQ(stored::DOSSIER_STATUS_NOT_APPLICABLE, 8);
  EXPECT_EQ(stored::STAGE_KIND_SECOND_REFERRAL, 9);
  EXPECT_EQ(stored::COURT_CASE_KIND_ACTION, 2);
  EXPECT_EQ(stored::MILESTONE_KIND_PUBLICATION, 5);
}

TEST(StoredValuesTest, StoredDatesMayLieBeyondTheRangeOfRequests) {
  // A computed date (a reply due) is stored as decided; reading it back must
  // not fail where a request's date would be refused.
  auto day = FromStoredDate("reply_due_date", "2201-02-20");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(**day, absl::CivilDay(2201, 2, 20));
  EXPECT_FALSE(FromStoredDate("reply_due_date", "2201-02-30").ok());
}

TEST(StoredValuesTest, ValuesRoundTrip) {
  domain::Measure measure;
  measure.id = "ord-1";
  measure.act_type = "ordinance";
  measure.title = "An ordinance";
  measure.covers = {"Art 1", "Art 2"};
  measure.adoption_date = absl::CivilDay(2022, 3, 1);
  measure.notification_date = absl::CivilDay(2022, 3, 18);
  measure.notification_scope = domain::NotificationScope::kPartial;
  auto back = FromStored(ToStored(measure));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(ToStored(*back).SerializeAsString(),
            ToStored(measure).SerializeAsString());
  EXPECT_EQ(back->notification_scope, domain::NotificationScope::kPartial);

  domain::Stage stage;
  stage.kind = domain::StageKind::kJudgment;
  stage.date = absl::CivilDay(2024, 6, 20);
  stage.lump_sum_eur = 2'100'000;
  stage.case_number = "C-215/23";
  auto stage_back = FromStored(ToStored(stage));
  ASSERT_TRUE(stage_back.ok());
  EXPECT_EQ(stage_back->lump_sum_eur, 2'100'000);
  EXPECT_FALSE(stage_back->daily_penalty_eur.has_value());
  EXPECT_EQ(stage_back->case_number, "C-215/23");
}

}  // namespace
}  // namespace transpo::app
