// A projection row holds the whole state, audit included: decoding a row and
// encoding it again gives the same bytes, and a damaged row is DataLoss.

#include "server/app/row_codec.h"

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/app/aggregates.h"

namespace transpo::app {
namespace {

absl::CivilDay Day(int y, int m, int d) { return absl::CivilDay(y, m, d); }
const absl::Time kTime = absl::FromUnixMicros(1'700'000'000'123'456);

TEST(RowCodecTest, DirectiveRowsRoundTrip) {
  domain::DirectiveState s;
  s.version = 9;
  s.directive = {.celex = "32019L1937",
                 .short_title = "Whistleblowers",
                 .deadlines = {{Day(2021, 12, 17), ""}}};
  s.created = {kTime, "euro-coordinator"};
  s.directive_changed = {kTime + absl::Seconds(1), "x"};
  s.status = domain::DossierStatus::kPartiallyNotified;
  s.status_reason = "why";
  s.dossier = {.lead_administration = "Brussels Mobility",
               .correspondents = {"A", "B"}};
  s.milestones = {{domain::MilestoneKind::kDraft, Day(2021, 1, 1), {}}};
  s.measures = {{.id = "m1", .act_type = "order", .title = "t"}};
  s.dossier_changed = {kTime + absl::Seconds(2), "y"};
  const std::string row = EncodeRow(s);
  auto back = DecodeDirectiveRow(row);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(EncodeRow(*back), row);
  EXPECT_EQ(back->version, 9u);
  EXPECT_EQ(back->created, s.created);
  EXPECT_EQ(back->dossier_changed, s.dossier_changed);
  EXPECT_EQ(back->status, domain::DossierStatus::kPartiallyNotified);
  // A change never recorded stays "never".
  domain::DirectiveState fresh;
  fresh.version = 1;
  fresh.directive = s.directive;
  auto fresh_back = DecodeDirectiveRow(EncodeRow(fresh));
  ASSERT_TRUE(fresh_back.ok());
  EXPECT_EQ(fresh_back->dossier_changed.time, absl::InfinitePast());
}

TEST(RowCodecTest, ProcedureAndCourtCaseRowsRoundTrip) {
  domain::ProcedureState p;
  p.version = 3;
  p.number = "INFR(2022)0075";
  p.celex = {"32019L1937"};
  p.stages = {{.kind = domain::StageKind::kLetterOfFormalNotice,
               .date = Day(2022, 1, 27),
               .reply_due = Day(2022, 3, 28)}};
  p.closed_on = Day(2023, 7, 13);
  p.closure_reason = "notified";
  p.opened = {kTime, "a"};
  p.changed = {kTime, "b"};
  const std::string prow = EncodeRow(p);
  auto pback = DecodeProcedureRow(prow);
  ASSERT_TRUE(pback.ok()) << pback.status();
  EXPECT_EQ(EncodeRow(*pback), prow);
  EXPECT_EQ(pback->opened.actor, "a");

  domain::CourtCaseState c;
  c.version = 2;
  c.info = {"C-543/17", domain::CourtCaseKind::kAction, "t", {"32014L0061"}};
  c.deadlines = {{Day(2022, 5, 2), "observations"}};
  c.created = c.changed = {kTime, "a"};
  const std::string crow = EncodeRow(c);
  auto cback = DecodeCourtCaseRow(crow);
  ASSERT_TRUE(cback.ok()) << cback.status();
  EXPECT_EQ(EncodeRow(*cback), crow);
}

TEST(RowCodecTest, DamagedRowsAreDataLoss) {
  EXPECT_EQ(DecodeDirectiveRow("\xff\xff\xff").status().code(),
            absl::StatusCode::kDataLoss);
  domain::ProcedureState p;
  p.version = 1;
  p.number = "INFR(2022)0075";
  std::string row = EncodeRow(p);
  // A row of another aggregate does not parse as a valid state either.
  EXPECT_FALSE(DecodeDirectiveRow(row).ok() &&
               DecodeDirectiveRow(row)->exists() &&
               DecodeDirectiveRow(row)->directive.celex == p.number);
}

// A scan of row versions reads only the time off each: it must be the time
// the decoded state says (Aggregates' TimeOf), whichever Change is latest.
TEST(RowCodecTest, RowChangeTimeIsTheStatesTime) {
  domain::DirectiveState d;
  d.version = 3;
  d.directive = {.celex = "32019L1937",
                 .short_title = "Whistleblowers",
                 .deadlines = {{Day(2021, 12, 17), ""}}};
  d.created = {kTime, "a"};
  d.directive_changed = {kTime + absl::Microseconds(5), "b"};
  d.dossier_changed = {kTime + absl::Seconds(2), "c"};
  EXPECT_EQ(*RowChangeTime(EncodeRow(d), DirectiveAggregate::kTimeFields),
            DirectiveAggregate::TimeOf(d));
  d.directive_changed.time = kTime + absl::Seconds(7);
  EXPECT_EQ(*RowChangeTime(EncodeRow(d), DirectiveAggregate::kTimeFields),
            kTime + absl::Seconds(7));

  domain::ProcedureState p;
  p.version = 2;
  p.number = "INFR(2022)0075";
  p.celex = {"32019L1937"};
  p.opened = {kTime, "a"};
  p.changed = {kTime + absl::Milliseconds(1500), "b"};
  EXPECT_EQ(*RowChangeTime(EncodeRow(p), ProcedureAggregate::kTimeFields),
            ProcedureAggregate::TimeOf(p));

  domain::CourtCaseState c;
  c.version = 1;
  c.info.number = "C-812/25";
  c.created = {kTime, "a"};
  c.changed = {kTime + absl::Hours(3), "b"};
  EXPECT_EQ(*RowChangeTime(EncodeRow(c), CourtCaseAggregate::kTimeFields),
            CourtCaseAggregate::TimeOf(c));

  domain::AdministrationState a;
  a.version = 1;
  a.info = {"bee", "bee nl", "bee fr"};
  a.created = {kTime, "a"};
  a.changed = {kTime + absl::Minutes(1), "b"};
  EXPECT_EQ(*RowChangeTime(EncodeRow(a), AdministrationAggregate::kTimeFields),
            AdministrationAggregate::TimeOf(a));
  domain::DeadlineAlertsState l;
  l.version = 1;
  l.deadline = {"directive-32019L1937", domain::DeadlineKind::kTransposition,
                Day(2021, 12, 17)};
  l.created = {kTime, "a"};
  l.changed = {kTime + absl::Minutes(2), "b"};
  EXPECT_EQ(*RowChangeTime(EncodeRow(l), AlertAggregate::kTimeFields),
            AlertAggregate::TimeOf(l));
  // A Change never made (stored empty) has no time.
  EXPECT_EQ(*RowChangeTime(std::string("\x1a\x00", 2), {3}),
            absl::InfinitePast());
}

TEST(RowCodecTest, RowChangeTimeRefusesDamagedRows) {
  // The row ends with its Change "changed" (18 bytes here): any cut inside
  // it is damage, never a shorter row.
  const std::string row =
      EncodeRow(domain::CourtCaseState{.version = 1, .changed = {kTime, "b"}});
  ASSERT_TRUE(RowChangeTime(row, CourtCaseAggregate::kTimeFields).ok());
  ASSERT_GT(row.size(), 20u);
  for (size_t cut = row.size() - 16; cut < row.size(); ++cut) {
    EXPECT_EQ(RowChangeTime(row.substr(0, cut), CourtCaseAggregate::kTimeFields)
                  .status()
                  .code(),
              absl::StatusCode::kDataLoss)
        << "cut at " << cut << " of " << row.size();
  }
  for (const std::string& damaged : {
           std::string("\x0a\x05ab"),                // longer than the row
           std::string("\x4a\x06\x0a\x02\x08\x01"),  // 6 bytes claimed, 4 left
           std::string("\x4a\x02\x00\x00", 4),       // a 0 tag in the Change
       }) {
    EXPECT_EQ(RowChangeTime(damaged, {9}).status().code(),
              absl::StatusCode::kDataLoss)
        << absl::CEscape(damaged);
  }
}

}  // namespace
}  // namespace transpo::app
