// Every event of every aggregate survives Encode and Decode, and the payloads
// written before format 2 (transpo.v1 messages under "transpo.v1.<Name>")
// still decode to the same events.

#include "server/app/event_codec.h"

#include <variant>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "transpo/v1/events.pb.h"

namespace transpo::app {
namespace {

absl::CivilDay Day(int y, int m, int d) { return absl::CivilDay(y, m, d); }

EventRecord Record(const EventData& data) {
  EventRecord record;
  record.position = 7;
  record.type = data.type;
  record.payload = data.payload;
  return record;
}

domain::DirectiveInfo Directive() {
  return {.celex = "32019L1937",
          .short_title = "Whistleblowers",
          .title = "Directive (EU) 2019/1937",
          .oj_reference = "OJ L 305",
          .adoption_date = Day(2019, 10, 23),
          .deadlines = {{Day(2021, 12, 17), ""}, {Day(2023, 12, 17), "Art 8"}},
          .policy_area = "governance",
          .competence = domain::Competence::kShared};
}

std::vector<domain::DirectiveEvent> DirectiveEvents() {
  domain::DossierInfo people{.lead_administration = "Brussels Mobility",
                             .involved_administrations = {"BI"},
                             .correspondents = {"A"},
                             .experts = {"B"},
                             .responsible_minister = "M",
                             .expected_completion = Day(2022, 6, 30),
                             .delay_cause = "advice"};
  domain::Measure measure{
      .id = "m1",
      .act_type = "order",
      .title = "An order",
      .adoption_date = Day(2022, 3, 1),
      .covers = {"Art 1"},
      .notification_date = Day(2022, 3, 2),
      .notification_scope = domain::NotificationScope::kFull};
  return {domain::DirectiveRegistered{Directive()},
          domain::DirectiveUpdated{Directive()},
          domain::DossierAssigned{people},
          domain::DossierUpdated{people},
          domain::DossierStatusChanged{domain::DossierStatus::kDrafting,
                                       domain::DossierStatus::kAdopted, "r"},
          domain::MilestoneSet{{domain::MilestoneKind::kAdoption,
                                Day(2022, 1, 1), Day(2022, 2, 1)}},
          domain::MeasureRecorded{measure},
          domain::MeasureNotified{"m1", Day(2022, 3, 2),
                                  domain::NotificationScope::kPartial}};
}

std::vector<domain::ProcedureEvent> ProcedureEvents() {
  return {domain::ProcedureOpened{"INFR(2022)0075",
                                  domain::ProcedureType::kNonConformity,
                                  {"32019L1937"}},
          domain::StageRecorded{{.kind = domain::StageKind::kJudgment,
                                 .date = Day(2024, 6, 1),
                                 .lump_sum_eur = 2'100'000,
                                 .case_number = "C-215/23"}},
          domain::ReplyRecorded{2, Day(2022, 3, 20)},
          domain::ProcedureClosed{Day(2023, 7, 13), "notified"}};
}

std::vector<domain::CourtCaseEvent> CourtCaseEvents() {
  return {domain::CourtCaseRegistered{{"C-543/17",
                                       domain::CourtCaseKind::kAction,
                                       "Broadband",
                                       {"32014L0061"}}},
          domain::CourtDeadlineAdded{{Day(2022, 5, 2), "observations"}}};
}

TEST(EventCodecTest, EveryEventRoundTrips) {
  for (const auto& event : DirectiveEvents()) {
    const EventData data = Encode(event);
    EXPECT_THAT(data.type, ::testing::StartsWith("transpo.internal.v1."));
    auto back = DecodeDirectiveEvent(Record(data));
    ASSERT_TRUE(back.ok()) << data.type << ": " << back.status();
    EXPECT_EQ(back->index(), event.index());
    EXPECT_EQ(Encode(*back).payload, data.payload) << data.type;
  }
  for (const auto& event : ProcedureEvents()) {
    const EventData data = Encode(event);
    auto back = DecodeProcedureEvent(Record(data));
    ASSERT_TRUE(back.ok()) << data.type << ": " << back.status();
    EXPECT_EQ(Encode(*back).payload, data.payload) << data.type;
  }
  for (const auto& event : CourtCaseEvents()) {
    const EventData data = Encode(event);
    auto back = DecodeCourtCaseEvent(Record(data));
    ASSERT_TRUE(back.ok()) << data.type << ": " << back.status();
    EXPECT_EQ(Encode(*back).payload, data.payload) << data.type;
  }
}

TEST(EventCodecTest, PayloadsWrittenBeforeFormat2StillDecode) {
  // The old payloads were transpo.v1 messages (kept in transpo/v1/events.proto
  // as the public form): the same field numbers, so the same bytes.
  v1::DirectiveUpdated updated;
  updated.mutable_directive()->set_celex("32019L1937");
  updated.mutable_directive()->set_short_title("Whistleblowers");
  updated.mutable_directive()->add_deadlines()->set_date("2021-12-17");
  updated.mutable_directive()->set_competence(v1::COMPETENCE_FULL);
  auto directive =
      DecodeDirectiveEvent(Record({.type = "transpo.v1.DirectiveUpdated",
                                   .payload = updated.SerializeAsString()}));
  ASSERT_TRUE(directive.ok()) << directive.status();
  const auto& info = std::get<domain::DirectiveUpdated>(*directive).directive;
  EXPECT_EQ(info.short_title, "Whistleblowers");
  EXPECT_EQ(info.deadlines[0].date, Day(2021, 12, 17));
  EXPECT_EQ(info.competence, domain::Competence::kFull);

  v1::DossierUpdated dossier;
  dossier.mutable_dossier()->set_lead_administration("Brussels Mobility");
  dossier.mutable_dossier()->set_expected_completion_date("2022-06-30");
  dossier.mutable_dossier()->add_experts("B. Dupont");
  auto people =
      DecodeDirectiveEvent(Record({.type = "transpo.v1.DossierUpdated",
                                   .payload = dossier.SerializeAsString()}));
  ASSERT_TRUE(people.ok()) << people.status();
  const auto& p = std::get<domain::DossierUpdated>(*people).dossier;
  EXPECT_EQ(p.lead_administration, "Brussels Mobility");
  EXPECT_EQ(p.expected_completion, Day(2022, 6, 30));
  EXPECT_EQ(p.experts, std::vector<std::string>{"B. Dupont"});

  v1::ProcedureClosed closed;
  closed.set_date("2023-07-13");
  closed.set_reason("notified");
  auto procedure =
      DecodeProcedureEvent(Record({.type = "transpo.v1.ProcedureClosed",
                                   .payload = closed.SerializeAsString()}));
  ASSERT_TRUE(procedure.ok()) << procedure.status();
  EXPECT_EQ(std::get<domain::ProcedureClosed>(*procedure).reason, "notified");

  v1::StageRecorded stage;
  stage.mutable_stage()->set_kind(v1::STAGE_KIND_REASONED_OPINION);
  stage.mutable_stage()->set_date("2022-07-15");
  stage.mutable_stage()->set_reply_due_date("2022-09-15");
  auto staged =
      DecodeProcedureEvent(Record({.type = "transpo.v1.StageRecorded",
                                   .payload = stage.SerializeAsString()}));
  ASSERT_TRUE(staged.ok()) << staged.status();
  EXPECT_EQ(std::get<domain::StageRecorded>(*staged).stage.reply_due,
            Day(2022, 9, 15));

  v1::CourtDeadlineAdded deadline;
  deadline.mutable_deadline()->set_date("2022-05-02");
  deadline.mutable_deadline()->set_description("observations");
  auto court =
      DecodeCourtCaseEvent(Record({.type = "transpo.v1.CourtDeadlineAdded",
                                   .payload = deadline.SerializeAsString()}));
  ASSERT_TRUE(court.ok()) << court.status();
}

TEST(EventCodecTest, UnknownOrDamagedRecordsAreDataLossNamingThePosition) {
  auto unknown = DecodeDirectiveEvent(
      Record({.type = "transpo.internal.v1.Nonsense", .payload = ""}));
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(unknown.status().message()),
              ::testing::HasSubstr("position 7"));
  auto damaged = DecodeProcedureEvent(Record(
      {.type = "transpo.internal.v1.ProcedureOpened", .payload = "\xff\xff"}));
  EXPECT_EQ(damaged.status().code(), absl::StatusCode::kDataLoss);
  // A directive event on a procedure's decoder is not one of its events.
  auto wrong = DecodeProcedureEvent(Record(Encode(DirectiveEvents()[0])));
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace transpo::app
