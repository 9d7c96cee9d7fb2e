// A rebuild folds the log into the same rows and index rows the commands
// wrote: checked against the whole server in api_test, here event by event.

#include "server/app/projector.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace transpo::app {
namespace {

EventRecord Record(const std::string& stream, const EventData& data,
                   uint64_t position) {
  EventRecord record;
  record.position = position;
  record.stream = stream;
  record.type = data.type;
  record.payload = data.payload;
  record.record_time = absl::FromUnixSeconds(1'700'000'000 + position);
  record.actor = "euro-coordinator";
  return record;
}

TEST(ProjectorTest, RowsAndIndexRowsFollowTheEvents) {
  DomainProjector projector;
  std::vector<ProjectionWrite> rows;
  domain::DirectiveInfo info{.celex = "32019L1937",
                             .short_title = "Whistleblowers",
                             .deadlines = {{absl::CivilDay(2021, 12, 17), ""}}};
  ASSERT_TRUE(projector
                  .Project(Record("directive-32019L1937",
                                  Encode(domain::DirectiveEvent{
                                      domain::DirectiveRegistered{info}}),
                                  1),
                           rows)
                  .ok());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].family, "directives");
  EXPECT_EQ(rows[0].key, "32019L1937");
  domain::DirectiveState expected;
  domain::Apply(expected, domain::DirectiveRegistered{info},
                {absl::FromUnixSeconds(1'700'000'001), "euro-coordinator"});
  EXPECT_EQ(rows[0].value, EncodeRow(expected));

  rows.clear();
  ASSERT_TRUE(
      projector
          .Project(Record("procedure-INFR(2022)0075",
                          Encode(domain::ProcedureEvent{domain::ProcedureOpened{
                              "INFR(2022)0075",
                              domain::ProcedureType::kNonCommunication,
                              {"32019L1937", "32019L1024"}}}),
                          2),
                   rows)
          .ok());
  ASSERT_EQ(rows.size(), 3u);  // the row and one index row per directive
  EXPECT_EQ(rows[1].family, kProceduresByCelexFamily);
  EXPECT_EQ(rows[1].key, "32019L1937INFR(2022)0075");
  EXPECT_EQ(rows[2].key, "32019L1024INFR(2022)0075");

  rows.clear();
  ASSERT_TRUE(
      projector
          .Project(Record("procedure-INFR(2022)0075",
                          Encode(domain::ProcedureEvent{domain::ProcedureClosed{
                              absl::CivilDay(2023, 7, 13), "ok"}}),
                          3),
                   rows)
          .ok());
  EXPECT_EQ(rows.size(), 1u);  // index rows only when it opens

  rows.clear();
  EXPECT_TRUE(projector.Project(Record("other-stream", {}, 4), rows).ok());
  EXPECT_TRUE(rows.empty());
}

}  // namespace
}  // namespace transpo::app
