// Every value of every API enum crosses to the domain and back unchanged,
// distinct values stay distinct, and UNSPECIFIED or an unknown number is
// refused naming the field (where a value is required).

#include "server/api/enum_convert.h"

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/field_error.h"

namespace transpo::api {
namespace {

// Round-trips every value of the proto enum E through the domain.
template <typename E>
void ExpectRoundTrip(const google::protobuf::EnumDescriptor* descriptor,
                     bool unspecified_allowed) {
  SCOPED_TRACE(descriptor->full_name());
  std::set<int> domain_values;
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const auto value = static_cast<E>(descriptor->value(i)->number());
    auto converted = FromProto(value, "field");
    if (descriptor->value(i)->number() == 0) {
      EXPECT_EQ(converted.ok(), unspecified_allowed);
      continue;
    }
    ASSERT_TRUE(converted.ok()) << descriptor->value(i)->name();
    EXPECT_EQ(ToProto(*converted), value) << descriptor->value(i)->name();
    domain_values.insert(static_cast<int>(*converted));
  }
  EXPECT_EQ(domain_values.size(),
            static_cast<size_t>(descriptor->value_count() - 1));
  auto unknown = FromProto(static_cast<E>(99), "kind");
  EXPECT_FALSE(unknown.ok());
  EXPECT_EQ(domain::ErrorField(unknown.status()), "kind");
}

TEST(EnumConvertTest, EveryValueOfEveryEnumRoundTrips) {
  ExpectRoundTrip<v1::Competence>(v1::Competence_descriptor(), true);
  ExpectRoundTrip<v1::DossierStatus>(v1::DossierStatus_descriptor(), false);
  ExpectRoundTrip<v1::MilestoneKind>(v1::MilestoneKind_descriptor(), false);
  ExpectRoundTrip<v1::NotificationScope>(v1::NotificationScope_descriptor(),
                                         false);
  ExpectRoundTrip<v1::ProcedureType>(v1::ProcedureType_descriptor(), false);
  ExpectRoundTrip<v1::StageKind>(v1::StageKind_descriptor(), false);
  ExpectRoundTrip<v1::CourtCaseKind>(v1::CourtCaseKind_descriptor(), false);
}

TEST(EnumConvertTest, EveryDeadlineKindHasItsOwnValue) {
  std::set<v1::DeadlineKind> seen;
  for (domain::DeadlineKind kind :
       {domain::DeadlineKind::kTransposition,
        domain::DeadlineKind::kInfringementTrigger,
        domain::DeadlineKind::kReplyDue, domain::DeadlineKind::kMilestone,
        domain::DeadlineKind::kCourt}) {
    EXPECT_NE(ToProto(kind), v1::DEADLINE_KIND_UNSPECIFIED);
    seen.insert(ToProto(kind));
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(
                             v1::DeadlineKind_descriptor()->value_count() - 1));
}

TEST(EnumConvertTest, NamesMatchAcrossTheBoundary) {
  EXPECT_EQ(ToProto(domain::StageKind::kArticle260Letter),
            v1::STAGE_KIND_ARTICLE_260_LETTER);
  EXPECT_EQ(ToProto(domain::DossierStatus::kPartiallyNotified),
            v1::DOSSIER_STATUS_PARTIALLY_NOTIFIED);
  EXPECT_EQ(*FromProto(v1::MILESTONE_KIND_COUNCIL_OF_STATE_ADVICE, "kind"),
            domain::MilestoneKind::kCouncilOfStateAdvice);
}

}  // namespace
}  // namespace transpo::api
