// A rebuild folds the log into the same rows and index rows the commands
// wrote: checked against the whole server in api_test, here event by event.

#include "server/app/projector.h"

#include <map>

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

// The rows `writes` leave, by family and key ("" for a delete).
std::map<std::pair<std::string, std::string>, std::string> Rows(
    const std::vector<ProjectionWrite>& writes) {
  std::map<std::pair<std::string, std::string>, std::string> rows;
  for (const ProjectionWrite& w : writes) {
    rows[{w.family, w.key}] = w.value.value_or("(deleted)");
  }
  return rows;
}

TEST(ProjectorTest, RowsVersionsAndIndexRowsFollowTheEvents) {
  DomainProjector projector;
  std::vector<ProjectionWrite> writes;
  domain::DirectiveInfo info{.celex = "32019L1937",
                             .short_title = "Whistleblowers",
                             .deadlines = {{absl::CivilDay(2021, 12, 17), ""}},
                             .policy_area = "governance"};
  ASSERT_TRUE(projector
                  .Project(Record("directive-32019L1937",
                                  Encode(domain::DirectiveEvent{
                                      domain::DirectiveRegistered{info}}),
                                  1),
                           writes)
                  .ok());
  domain::DirectiveState expected;
  domain::Apply(expected, domain::DirectiveRegistered{info},
                {absl::FromUnixSeconds(1'700'000'001), "euro-coordinator"});
  auto rows = Rows(writes);
  EXPECT_EQ((rows[{"directives", "32019L1937"}]), EncodeRow(expected));
  EXPECT_EQ((rows[{kRowVersions, VersionKey('d', "32019L1937", 1)}]),
            EncodeRow(expected));
  EXPECT_TRUE(rows.count({kDossiersByStatus, "132019L1937"}));
  EXPECT_TRUE(rows.count(
      {kDossiersByArea, std::string("governance\0", 11) + "32019L1937"}));
  EXPECT_TRUE(rows.count({kDossiersByDeadline, "2021121732019L1937"}));
  EXPECT_TRUE(rows.count({kDossiersByOpenDeadline, "2021121732019L1937"}));
  // The same writes as a command's (Aggregates::RowWrites).
  std::vector<ProjectionWrite> command;
  Aggregates<DirectiveAggregate>::RowWrites({}, expected, command);
  EXPECT_EQ(Rows(command), rows);

  // A status change moves the status row and, once notified, drops the open
  // deadline.
  writes.clear();
  ASSERT_TRUE(
      projector
          .Project(
              Record("directive-32019L1937",
                     Encode(domain::DirectiveEvent{domain::DossierStatusChanged{
                         domain::DossierStatus::kRegistered,
                         domain::DossierStatus::kNotified, ""}}),
                     2),
              writes)
          .ok());
  rows = Rows(writes);
  EXPECT_EQ((rows[{kDossiersByStatus, "132019L1937"}]), "(deleted)");
  EXPECT_EQ((rows[{kDossiersByStatus, "632019L1937"}]), "");
  EXPECT_EQ((rows[{kDossiersByOpenDeadline, "2021121732019L1937"}]),
            "(deleted)");
  EXPECT_TRUE(rows.count({kRowVersions, VersionKey('d', "32019L1937", 2)}));

  writes.clear();
  ASSERT_TRUE(
      projector
          .Project(Record("procedure-INFR(2022)0075",
                          Encode(domain::ProcedureEvent{domain::ProcedureOpened{
                              "INFR(2022)0075",
                              domain::ProcedureType::kNonCommunication,
                              {"32019L1937", "32019L1024"}}}),
                          3),
                   writes)
          .ok());
  rows = Rows(writes);
  EXPECT_TRUE(
      rows.count({kProceduresByCelexFamily, "32019L1937INFR(2022)0075"}));
  EXPECT_TRUE(
      rows.count({kProceduresByCelexFamily, "32019L1024INFR(2022)0075"}));
  EXPECT_TRUE(rows.count({kProceduresOpen, "INFR(2022)0075"}));
  EXPECT_TRUE(rows.count({kProceduresOpenByStage, "0INFR(2022)0075"}));

  writes.clear();
  ASSERT_TRUE(
      projector
          .Project(Record("procedure-INFR(2022)0075",
                          Encode(domain::ProcedureEvent{domain::ProcedureClosed{
                              absl::CivilDay(2023, 7, 13), "ok"}}),
                          4),
                   writes)
          .ok());
  rows = Rows(writes);
  EXPECT_EQ((rows[{kProceduresOpen, "INFR(2022)0075"}]), "(deleted)");
  EXPECT_FALSE(
      rows.count({kProceduresByCelexFamily, "32019L1937INFR(2022)0075"}));

  writes.clear();
  EXPECT_TRUE(projector.Project(Record("other-stream", {}, 5), writes).ok());
  EXPECT_TRUE(writes.empty());
}

}  // namespace
}  // namespace transpo::app
